"""Office titles resolved to their holders: "Iran's President" on 2023-11-05 is Ebrahim Raisi.

A mention that names an office of a state but no person ("the Turkish foreign minister", "the
Pentagon chief") takes the one person the knowledge base lists in that office on the article's
date, with their name and Wikidata id; its country and sector stay. Nothing changes when the
date is unknown, the office is qualified ("former", "vice", "deputy"), or the knowledge base
lists no holder or more than one.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from powderkeg.actors.kb import Entity, KnowledgeBase
from powderkeg.actors.mentions import Mention


class OfficeTitles:
    """`office_titles` and `office_not` of words.yaml, compiled once."""

    def __init__(self, words: dict):
        titles: dict = words.get("office_titles") or {}
        self.roles = {t.lower(): tuple(r) for t, r in titles.items()}
        alts = "|".join(re.escape(t) for t in sorted(self.roles, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w-])(?:(\w[\w-]*)\s+)?({alts})(?![\w-])") if alts else None
        self.blocked = frozenset(w.lower() for w in words.get("office_not") or ())

    def roles_in(self, text: str) -> Optional[tuple[str, tuple[str, ...]]]:
        """The title named in a mention's text and its roles, or None (no title, or a qualified one)."""
        if self.pattern is None:
            return None
        low = text.lower().replace("’", "'")
        m = self.pattern.search(low)
        if m is None or (m.group(1) or "") in self.blocked or any(w in self.blocked for w in low.split()):
            return None
        return m.group(2), self.roles[m.group(2)]


def holder(kb: KnowledgeBase, country: str, title: str, roles: tuple[str, ...], date: str) -> Optional[Entity]:
    """The one person holding the office on the date. A holder whose office note carries the title
    wins ("President" of Iran is its head of government, not the Supreme Leader who heads the
    state); else the first role, in the title's order, that has exactly one holder."""
    by_role = [(role, kb.holders(country, role, date)) for role in roles]
    noted = {p.idx: p for role, people in by_role for p in people
             for o in p.offices if o.get("role") == role and title in (o.get("note") or "").lower()}
    if noted:
        return next(iter(noted.values())) if len(noted) == 1 else None
    for _role, people in by_role:
        if people:
            return people[0] if len(people) == 1 else None
    return None


def resolve_offices(kb: KnowledgeBase, titles: OfficeTitles, doc, ments: list[Mention], date: Optional[str]) -> None:
    """Give each office-title mention with no named person the office's holder on `date`."""
    if not date:
        return
    for m in ments:
        before = {doc[i].lower_ for i in range(max(m.start - 2, doc[m.start].sent.start), m.start)}
        if before & titles.blocked:
            continue  # "the former Iranian president"
        a = m.actor
        if a.kind != "person" or a.wikidata or not a.country or m.via is not None:
            continue  # a named person, no state, or a country only guessed from the article
        if m.entity is not None and m.entity.type == "person":
            continue
        found = titles.roles_in(a.text)
        if found is None:
            continue
        person = holder(kb, a.country, found[0], found[1], date[:10])
        if person is None:
            continue
        m.actor = replace(a, name=person.name, wikidata=person.qid)
        m.entity = person
        m.via = "office"
