"""powderkeg: news about wars, crises and diplomacy in, a queryable model of the conflict out."""

__version__ = "0.1.0"
