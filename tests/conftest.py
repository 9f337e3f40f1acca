import pytest


@pytest.fixture(scope="session")
def analyzer():
    from powderkeg.pipeline import Analyzer

    return Analyzer()


@pytest.fixture(scope="session")
def code(analyzer):
    """Events of a small article: list of (type, sources, targets, negated, hypothetical)."""
    from powderkeg.ingest.document import Document
    from powderkeg.records import Event

    def run(text: str, date: str = "2024-03-05"):
        doc = Document.from_parts("t", text, None, date=date)
        out = []
        for r in analyzer.analyse(doc).records:
            if isinstance(r, Event):
                out.append((r.type, {a.country for a in r.source}, {a.country for a in r.target}, r.negated, r.hypothetical))
        return out

    return run
