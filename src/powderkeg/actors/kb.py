"""The compiled knowledge base, loaded once per process, and the token-sequence matcher over it.

Matching is a hash look-up of token tuples at each position (longest first): the same job as
spaCy's PhraseMatcher, on an index that loads in a fraction of a second.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional

from powderkeg.actors import build

log = logging.getLogger(__name__)


@dataclass
class Entity:
    idx: int
    name: str
    country: Optional[str] = None
    sector: Optional[str] = None
    kind: str = "organization"
    type: str = "organization"  # state | organization | armed_group | body | person | place
    qid: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    gender: Optional[str] = None
    offices: list = field(default_factory=list)
    descriptors: list = field(default_factory=list)
    ambiguous: list = field(default_factory=list)
    acts_in: list = field(default_factory=list)
    generic: list = field(default_factory=list)  # aliases that name the same body of other states
    generic_in: list = field(default_factory=list)  # the states that have a body of that name
    context: list = field(default_factory=list)  # cue words for choosing among entries sharing an alias
    capital: Optional[str] = None

    def office_at(self, date: Optional[str]) -> Optional[dict]:
        """The office held on `date` (ISO), else the latest office (news mostly covers the present)."""
        if not self.offices:
            return None
        if date:
            for o in self.offices:
                if (not o.get("from") or o["from"] <= date) and (not o.get("to") or date <= o["to"]):
                    return o
            past = [o for o in self.offices if o.get("from") and o["from"] <= date]
            if past:
                return max(past, key=lambda o: o["from"])
        # undated: the latest office; of several begun the same day (a monarch's realms) the first listed
        return max(self.offices, key=lambda o: o.get("from") or "")


@dataclass
class Agent:
    idx: int
    sector: Optional[str]
    kind: str
    title: bool
    weak: bool
    speaks_for: bool = False
    before_name: Optional[str] = None  # the sector when written capitalised right before a name


class KnowledgeBase:
    def __init__(self, data: dict):
        self.hash = data.get("hash")
        self.entities = [Entity(idx=i, **{k: v for k, v in e.items() if k in Entity.__dataclass_fields__})
                         for i, e in enumerate(data["entities"])]
        self.names: dict[tuple, list[tuple[int, str]]] = {}
        for toks, refs in data["names"]:
            self.names[tuple(toks)] = [tuple(r) for r in refs]
        self.max_name = max((len(k) for k in self.names), default=1)
        self.agents = [Agent(idx=i, sector=a["sector"], kind=a["kind"], title=a["title"], weak=a["weak"],
                             speaks_for=a.get("speaks_for", False), before_name=a.get("before_name"))
                       for i, a in enumerate(data["agents"])]
        self.agent_forms: dict[tuple, int] = {tuple(t): i for t, i in data["agent_forms"]}
        self.max_agent = max((len(k) for k in self.agent_forms), default=1)
        self.state_by_code: dict[str, Entity] = {c: self.entities[i] for c, i in data["states"].items()}
        self.alignments: list[dict] = data.get("alignments", [])
        # words in an unknown organisation's name that give its sector ("... Rights Fund" -> SOC)
        self.org_words: list[tuple[tuple, str]] = [(tuple(w.split()), r["sector"]) for r in data.get("org_words", [])
                                                   for w in r.get("words", [])]
        self.camp_words: list[tuple[str, str]] = [(w.lower(), r["sector"]) for r in data.get("camp_words", [])
                                                  for w in r.get("words", [])]
        self._by_name = {e.name.lower(): e for e in self.entities}
        # Look-up indexes (issue 14 item 3): most tokens begin no name, so the longest-first scans
        # below first ask how long a name can be that begins with this word (None: none does)
        # instead of slicing and hashing up to `max_name` tuples per token; `holders` reads only
        # the people who ever held the role. Answers are the same as the plain scans'.
        self._name_len: dict[str, int] = {}
        for k in self.names:
            if k:
                self._name_len[k[0]] = max(self._name_len.get(k[0], 0), len(k))
        self._agent_len: dict[str, int] = {}
        for k in self.agent_forms:
            if k:
                self._agent_len[k[0]] = max(self._agent_len.get(k[0], 0), len(k))
        self._role_holders: dict[str, list[Entity]] = {}
        for e in self.entities:
            if e.type == "person":
                for role in dict.fromkeys(o.get("role") for o in e.offices):
                    self._role_holders.setdefault(role, []).append(e)

    # -- look-ups -------------------------------------------------------------------------
    def first_words(self) -> tuple[Mapping[str, int], Mapping[str, int]]:
        """The words a name begins with (as written) and those a role form begins with (lower
        case): a token in neither begins no match of `match_name` or `match_agent`."""
        return self._name_len, self._agent_len

    def match_name(self, words: list[str], i: int) -> Optional[tuple[int, list[tuple[int, str]]]]:
        """Longest knowledge-base name starting at token i: (length, [(entity, role), ...])."""
        longest = self._name_len.get(words[i], 0) if 0 <= i < len(words) else self.max_name
        for n in range(min(longest, len(words) - i), 0, -1):
            refs = self.names.get(tuple(words[i:i + n]))
            if refs:
                return n, refs
        return None

    def match_agent(self, lower: list[str], i: int) -> Optional[tuple[int, Agent]]:
        longest = self._agent_len.get(lower[i], 0) if 0 <= i < len(lower) else self.max_agent
        for n in range(min(longest, len(lower) - i), 0, -1):
            a = self.agent_forms.get(tuple(lower[i:i + n]))
            if a is not None:
                return n, self.agents[a]
        return None

    def lookup(self, name: str) -> list[Entity]:
        """Entries whose name or alias is `name` (case-sensitive first, then case-insensitive)."""
        import spacy

        toks = tuple(t.text for t in spacy.blank("en").tokenizer(name.strip()))
        refs = self.names.get(toks)
        if refs:
            return [self.entities[i] for i, _ in refs]
        e = self._by_name.get(name.strip().lower())
        if e:
            return [e]
        low = tuple(w.lower() for w in toks)  # "putin", "PUTIN": an alias in any case
        idx = dict.fromkeys(i for k, rs in self.names.items() if tuple(w.lower() for w in k) == low for i, _ in rs)
        return [self.entities[i] for i in idx]

    def org_sector(self, words: list[str]) -> Optional[str]:
        """The sector the words of an organisation's name suggest (first matching rule), else None."""
        present = set(words)  # a rule whose first word is absent cannot match: skip its scan
        for ws, sector in self.org_words:
            n = len(ws)
            if n and ws[0] not in present:
                continue
            if any(tuple(words[j:j + n]) == ws for j in range(len(words) - n + 1)):
                return sector
        return None

    def holders(self, country: str, role: str, date: str) -> list[Entity]:
        """The people holding `role` (head_of_state, foreign_minister, ...) for `country` on `date` (ISO)."""
        out = []
        for e in self._role_holders.get(role, ()):
            for o in e.offices:
                if o.get("role") == role and (o.get("country") or e.country) == country \
                        and (not o.get("from") or o["from"] <= date) and (not o.get("to") or date <= o["to"]):
                    out.append(e)
                    break
        return out

    def state(self, code: Optional[str]) -> Optional[Entity]:
        return self.state_by_code.get(code) if code else None


@lru_cache(maxsize=1)
def load_kb(path: Optional[str] = None) -> KnowledgeBase:
    """Load the compiled index; compile it first if the sources changed since the last build."""
    p = Path(path) if path else build.cache_path()
    if not p.exists():
        log.info("building actor knowledge base index at %s", p)
        build.write(p)
    with open(p, encoding="utf-8") as f:
        return KnowledgeBase(json.load(f))
