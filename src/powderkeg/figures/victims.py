"""Who the victims of a casualty figure are, and the numbers that are not casualties at all.

`victims` is read off the counted noun and its modifiers ("14 civilians", "five Armed Forces
personnel", "the deaths of 16 militants", "civilian deaths"): civilians, soldiers, militants,
police, protesters, passengers, journalists, or `unspecified` ("12 people", "killing 12").
Journalists are also civilians in ACLED's sense; they are kept apart because the news reports them
apart, and `conflicts` treats them as civilians when it compares.

Not casualties, whatever verb follows: a person's age ("Bishop de Jesus, 79, died"; "aged 79";
"a 79-year-old"), lives saved or spared, anniversaries ("the 30th anniversary"), vote counts
("170 votes", "voted 170 to 0") and sums of money (those are aid figures or nothing).
"""
from __future__ import annotations

from typing import Optional

CASUALTY_QUANTITIES = {"killed", "injured", "casualties", "kidnapped", "hostages", "missing", "arrested", "detained",
                       "wounded", "abducted", "executed"}
VICTIM_WORDS = {
    "civilians": {"civilian", "child", "children", "woman", "women", "resident", "villager", "worshipper",
                  "worshiper", "student", "schoolgirl", "schoolboy", "patient", "worker", "farmer", "refugee",
                  "pilgrim", "family", "girl", "boy", "teacher", "doctor", "nurse", "tourist", "shopper", "migrant",
                  "bystander", "elder", "man", "men", "infant", "baby", "teenager", "minor"},
    "soldiers": {"soldier", "troop", "serviceman", "servicemen", "marine", "personnel", "army", "sailor", "airman",
                 "paratrooper", "guardsman", "officer_mil", "commander", "general", "conscript", "military",
                 "armed", "forces", "force", "security"},
    "militants": {"militant", "fighter", "rebel", "insurgent", "terrorist", "jihadist", "gunman", "gunmen",
                  "attacker", "bomber", "extremist", "separatist", "guerrilla", "guerilla", "combatant",
                  "taliban"},
    "police": {"police", "policeman", "policemen", "policewoman", "officer", "cop", "constable", "gendarme",
               "guard", "coast"},
    "protesters": {"protester", "protestor", "demonstrator", "marcher", "activist", "rioter"},
    "passengers": {"passenger", "crew", "traveller", "traveler"},
    "journalists": {"journalist", "reporter", "photojournalist", "photographer", "cameraman"},
}
# the head noun decides before its modifiers ("police officers" police, "army officers" soldiers)
_HEAD_ORDER = ("protesters", "passengers", "journalists", "civilians", "militants", "police", "soldiers")
_LOOKUP = {w: k for k in _HEAD_ORDER[::-1] for w in VICTIM_WORDS[k]}
SAVED = {"save", "spare", "rescue", "protect", "preserve"}


def victims_of(quantity: str, counted, predicate) -> Optional[str]:
    """The kind of victims a casualty figure counts; None for a figure that is not a casualty."""
    if quantity not in CASUALTY_QUANTITIES:
        return None
    for n in _candidates(counted, predicate):
        k = _kind(n)
        if k:
            return k
    return "unspecified"


def _candidates(counted, predicate):
    """The counted noun, its modifiers, then the object of the toll ("deaths of 16 militants")."""
    if counted is not None:
        yield counted
        for c in counted.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.i < counted.i:
                yield c
        for c in counted.children:  # "members of the security forces", "five of the soldiers"
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        yield p
                        yield from (x for x in p.children if x.dep_ in ("compound", "amod"))
    if predicate is not None and predicate.pos_ == "NOUN":  # "civilian deaths"
        for c in predicate.children:
            if c.dep_ in ("amod", "compound"):
                yield c


def _kind(tok) -> Optional[str]:
    for w in (tok.lower_, tok.lemma_.lower()):
        if w in _LOOKUP:
            k = _LOOKUP[w]
            if k == "police" and w == "officer":  # "army officers", "police officers"
                mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")}
                if mods & {"army", "military"}:
                    return "soldiers"
            return k
    return None


def not_a_casualty(num, head, counted, predicate) -> bool:
    """An age, lives saved, an anniversary, a vote count or a sum of money."""
    doc = head.doc
    if getattr(num, "money", False):
        return True
    if is_age(num, head):
        return True
    if counted is not None:
        cl = counted.lemma_.lower()
        near = doc[max(counted.sent.start, counted.i - 3):min(counted.sent.end, counted.i + 3)]
        if cl == "life" and (predicate is not None and predicate.lemma_.lower() in SAVED or
                             any(t.lemma_.lower() in SAVED for t in near)):
            return True  # "around 14,000 lives saved", "saved 300 lives"
        if cl in ("anniversary", "vote", "ballot"):
            return True
    nxt = doc[num.end] if num.end < len(doc) else None
    if nxt is not None and nxt.lower_ in ("anniversary", "votes", "vote"):
        return True
    if head.head.lemma_.lower() == "vote" or any(c.lemma_.lower() == "vote" for c in head.children):
        return True
    return False


def is_age(num, head) -> bool:
    """'Bishop de Jesus, 79, died', 'aged 79', 'a 79-year-old'."""
    doc = head.doc
    prev = doc[num.start - 1] if num.start > 0 else None
    nxt = doc[num.end] if num.end < len(doc) else None
    if prev is not None and prev.lower_ in ("aged", "age"):
        return True
    if nxt is not None and nxt.lower_ in ("-year", "year") and num.end + 1 < len(doc) and \
            doc[num.end + 1].lower_ in ("-", "old", "-old"):
        return True
    if nxt is not None and nxt.lower_.startswith("-year-old"):
        return True
    if prev is not None and nxt is not None and prev.text == "," and nxt.text == "," and num.start >= 2:
        before = doc[num.start - 2]
        if before.pos_ == "PROPN" or before.ent_type_ == "PERSON":
            return True
    return head.dep_ == "appos" and head.head.pos_ == "PROPN" and head.head.ent_type_ in ("PERSON", "")
