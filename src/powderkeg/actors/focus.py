"""Pass 4: the article's focus. A role noun with no country takes it from a recent actor of the
same sector, and what is still without one takes the state the article is about (the state named
most, the title and lead counting three times), unless something foreign stands before it."""
from __future__ import annotations

from collections import Counter
from typing import Optional

from powderkeg.actors import sectors
from powderkeg.actors.mentions import LEAD_SENTENCES, NON_STATE, POSSESSIVE, ActorWords, Mention


def focus(ments: list[Mention]) -> Optional[str]:
    """The state the article is about: the state named most, counting states, their people and
    bodies, and the places where things happen; the title and lead count three times."""
    score: Counter = Counter()
    for m in ments:
        c = m.actor.country
        if not c or c in NON_STATE or m.role in ("pronoun", "anaphor") or m.via is not None:
            continue
        if m.role == "ner" or (m.role == "agent" and m.actor.kind not in ("state",) and len(m.parts) < 2):
            continue  # an unknown name or a bare role noun says little about the article
        w = 3 if m.sent < LEAD_SENTENCES else 1
        if m.role == "place" or (m.role in ("name", "metonym") and m.place is not None):
            w += 1  # where things happen
        score[c] += w
    if not score:
        return None
    return score.most_common(1)[0][0]


def focus_scores(vocab: ActorWords, ments: list[Mention]) -> tuple[Optional[str], bool]:
    """The focus state and whether it dominates (no other state has half its weight)."""
    top = focus(ments)
    if top is None:
        return None, False
    score: Counter = Counter()
    for m in ments:
        c = m.actor.country
        if c and c not in NON_STATE and m.role in ("name", "metonym", "adj", "demonym", "place") and m.via is None:
            score[c] += 3 if m.sent < LEAD_SENTENCES else 1
    others = [v for c, v in score.items() if c != top]
    return top, not others or max(others) * 2 <= score[top]


def fill_in(vocab: ActorWords, ments: list[Mention], doc=None) -> None:
    """A role noun with no country takes it from a recent actor of the same sector; what is
    still without a country (role nouns, unknown people and organisations) takes the state the
    article is about, unless something foreign stands before it ("Arab ministers") or it is
    someone's proxy."""
    top, dominant = focus_scores(vocab, ments)
    recent: list[Mention] = []
    ending: dict[int, Mention] = {}
    for m in ments:
        if m.generic_of is not None and m.actor.country is None:
            # "the Senate" in an article about the Philippines is the Philippine Senate
            if top and top != m.generic_of.country and m.entity is not None and top in m.entity.generic_in:
                m.actor.country, m.via = top, "focus"
                if any(o.get("country") == top for o in m.entity.offices):
                    m.actor.name, m.actor.wikidata = m.generic_of.name, m.generic_of.wikidata
            else:
                m.actor.country, m.actor.name, m.actor.wikidata = (m.generic_of.country, m.generic_of.name,
                                                                   m.generic_of.wikidata)
        owner = owner_person(doc, m, ending)
        if owner is not None:  # "Ian Smith's government": the owner's state
            m.actor.country, m.via = owner.actor.country, "possessor"
        src = m.copied_from
        if m.actor.country is None and src is not None and src.actor.country:
            # "Wine ... he": copied before the first mention found its state in this pass
            m.actor.country = src.actor.country
        state = owning_state(doc, m, ending)
        if state is not None:  # "Uganda's Bobi Wine": the state, not the article's
            m.actor.country, m.via = state.actor.country, "possessor"
        local = doc is not None and m.start > 0 and doc[m.start - 1].lower_ == "local"
        if m.role == "agent" and m.actor.country is None and m.patron is None and not m.foreign_modifier \
                and not local:  # "local media" are the story's place's, not the last outlet named
            sector = m.actor.sector
            for r in reversed(recent):
                if m.sent - r.sent > 2:
                    break
                if sector and r.actor.sector == sector and r.actor.country:
                    m.actor.country = r.actor.country
                    m.via = "context"
                    break
        if m.role == "agent" and m.actor.country is None and m.actor.kind == "state" and m.agent is not None \
                and m.agent.weak and doc is not None and m.start > 0 and doc[m.start - 1].lower_ in ("the", "this") \
                and not m.plural:
            # "the country's cabinet": the state last named, else the article's state when it dominates
            last = next((r for r in reversed(recent) if m.sent - r.sent <= 1 and r.actor.kind == "state"
                         and r.role in ("name", "metonym")), None)
            if last is not None or dominant:
                m.actor.country, m.via = (last.actor.country if last else top), "context"
        if m.actor.country is None and top and takes_focus(m) and (
                dominant or m.role != "agent" or m.actor.sector not in sectors.ARMED_EITHER_SIDE):
            # an army or a gunman in an article about two states could be either side's
            m.actor.country = top
            m.via = "focus"
        if m.actor.country and not (m.place is not None and m.role in ("name", "metonym", "place")):
            recent.append(m)  # a state named as a place ("hospitalised in Singapore") is not an actor
        ending[m.end] = m


def owner_person(doc, m: Mention, ending: dict[int, Mention]) -> Optional[Mention]:
    """The person whose role noun this is ("<person>'s government"), if that person has a country."""
    if m.role != "agent":
        return None
    return _possessor(doc, m, ending, "person")


def owning_state(doc, m: Mention, ending: dict[int, Mention]) -> Optional[Mention]:
    """The state whose person an unknown name is ("Uganda's Bobi Wine"), if one owns it."""
    if m.role != "ner" or m.actor.kind != "person":
        return None
    return _possessor(doc, m, ending, "state")


def _possessor(doc, m: Mention, ending: dict[int, Mention], kind: str) -> Optional[Mention]:
    """The mention of `kind`, with a country, that owns a country-less mention ("X's <m>")."""
    if doc is None or m.actor.country is not None or m.start < 2 or doc[m.start - 1].text not in POSSESSIVE:
        return None
    owner = ending.get(m.start - 1)
    if owner is None or owner.actor.kind != kind or not owner.actor.country:
        return None
    return owner


def takes_focus(m: Mention) -> bool:
    if m.patron is not None or m.foreign_modifier:
        return False
    if m.role == "agent":
        return m.actor.kind != "state"  # "the country" is not necessarily the focus
    if m.role == "ner":
        return m.actor.kind in ("person", "organization")
    if m.role == "name" and m.entity is not None:
        return m.entity.type == "person" or (m.entity.type == "armed_group" and bool(m.entity.acts_in))
    return False
