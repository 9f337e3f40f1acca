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
    def number_starts(self) -> frozenset[str]:
        """Every lower-cased word a number expression can begin with (besides digits): number
        words, "a"/"an", "dozen", the vague amounts and what stands before " of " in them ("tens"
        of "tens of thousands"). The scanner passes any other word by without reading it further."""
        vague = set(self.vague)
        before_of = {k[:j] for k in vague for j in range(len(k)) if k.startswith(" of ", j)}
        return frozenset(set(self.units) | set(self.tens) | {"dozen", "a", "an"} | vague | before_of)

    @cached_property
    def qualifiers_before_sorted(self) -> list[tuple[list[str], str]]:
        """Qualifier phrases, longest first, as word lists."""
        return sorted(((k.split(), v) for k, v in self.raw["qualifiers_before"].items()), key=lambda kv: -len(kv[0]))
