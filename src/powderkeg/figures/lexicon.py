"""The figure vocabulary (data/lexicon/figures.yaml), as handed over by the run's `Vocabulary`.

Kept apart from the event lexicon: the words that make a number a casualty count are not event
triggers ("dead", "fatalities", "hostage"), and the same verb ("strike") counts different things
here (targets) than it codes there (ASSAULT).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class FigureLexicon:
    raw: dict

    def __getattr__(self, key):  # the YAML sections, as dicts or frozensets
        # Built once per section and kept in the instance's __dict__ (so later reads never reach
        # __getattr__): the number scanner reads these ~40 times per sentence, and rebuilding the
        # frozenset on every read was the figure reader's largest cost (issue 14 item 3).
        d = object.__getattribute__(self, "__dict__")
        raw = d.get("raw")
        if raw is None or key not in raw:
            raise AttributeError(key)
        v = raw[key]
        value = frozenset(str(x).lower() for x in v) if isinstance(v, list) else v
        d[key] = value
        return value

    @cached_property
    def qualifiers_before_sorted(self) -> list[tuple[list[str], str]]:
        """Qualifier phrases, longest first, as word lists."""
        return sorted(((k.split(), v) for k, v in self.raw["qualifiers_before"].items()), key=lambda kv: -len(kv[0]))
