"""Actor mentions and the words the resolver reads them with.

`Mention` is one stretch of tokens read as an actor (or a place); `DocActors` all of a document's
mentions, indexed by token. `ActorWords` holds the knowledge base and the words.yaml lists the
resolver's passes need, built once per run from the `Vocabulary` and handed to every pass.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from powderkeg.actors.kb import Agent, Entity, KnowledgeBase
from powderkeg.records import Actor

POSSESSIVE = {"'s", "’s", "'", "’"}
NON_STATE = ("IGO", "NGO", "IMG", "MNC")
LEAD_SENTENCES = 4  # the title, the dateline and the lead
ROLE_PRIORITY = {"name": 0, "metonym": 1, "demonym": 2, "adj": 3, "place": 4}


@dataclass(frozen=True)
class ActorWords:
    """What the resolver's passes read besides the parse: the knowledge base and words.yaml lists."""

    kb: KnowledgeBase
    pron_person: frozenset
    pron_group: frozenset
    pron_thing: frozenset
    pron_speaker: frozenset  # I, we: the speaker of the quotation they stand in
    pron_speaker_singular: frozenset  # I, me: of those, the ones that stand only for a person
    anaphoric: dict  # "the group" -> armed_group, "the country" -> state
    descriptor_nouns: frozenset  # "the strip", "the enclave": nouns that name a known place
    reporting: frozenset
    led: frozenset  # "Hamas-led officials"
    backed: frozenset  # "Iranian-backed militias", "Russian-aligned forces": the modifier is a patron
    title_qualifiers: frozenset  # "X, former president of Zimbabwe"
    title_prefixes: frozenset  # "deputy" in "U.S. deputy secretary of state": one title with what follows
    former: frozenset  # "a retired nurse": the country, not the sector
    member_nouns: frozenset

    @classmethod
    def build(cls, kb: KnowledgeBase, words: dict) -> "ActorWords":
        speaker, singular = frozenset(words["pronouns"]["speaker"]), frozenset(words["pronouns"]["speaker_singular"])
        if not singular <= speaker:
            raise ValueError(f"words.yaml: pronouns.speaker_singular must be among pronouns.speaker, not "
                             f"{', '.join(sorted(singular - speaker))}")
        return cls(kb=kb, pron_person=frozenset(words["pronouns"]["person"]),
                   pron_group=frozenset(words["pronouns"]["group"]),
                   pron_thing=frozenset(words["pronouns"]["thing"]),
                   pron_speaker=speaker, pron_speaker_singular=singular,
                   anaphoric={n: k for k, ns in words["anaphoric_nouns"].items() for n in ns},
                   descriptor_nouns=frozenset(d for e in kb.entities if e.type == "place" for d in e.descriptors),
                   reporting=frozenset(words["reporting"]), led=frozenset(words["led_participles"]),
                   backed=frozenset(words["backed_participles"]) | frozenset(words["ally_participles"]),
                   title_qualifiers=frozenset(words["title_qualifiers"]),
                   title_prefixes=frozenset(words["title_prefixes"]),
                   former=frozenset(words["former_words"]), member_nouns=frozenset(words.get("member_nouns", ())))


@dataclass
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    actor: Actor
    role: str  # name | adj | demonym | metonym | agent | ner | place | pronoun | anaphor
    entity: Optional[Entity] = None
    place: Optional[Entity] = None  # the place this mention names, if any
    agent: Optional[Agent] = None
    sent: int = 0
    patron: Optional[Actor] = None  # "Iranian-backed militias": the backer
    descriptor: Optional[dict] = None  # "Yemen's proxy, the Houthis": {"noun": "proxy", "of": Actor}
    plural: bool = False
    via: Optional[str] = None  # how it was resolved when not directly (surname, pronoun, context)
    parts: list = field(default_factory=list)  # (start, end) of merged pieces
    foreign_modifier: bool = False  # an unresolved group name stands before it ("Arab ministers")
    tail_end: Optional[int] = None  # end of a following "of <state>" that gave it its country
    generic_of: Optional[Actor] = None  # "Senate": the base's reading, used when the article's state is its state
    copied_from: Optional["Mention"] = None  # the earlier mention a surname or pronoun took its actor from

    @property
    def is_actor(self) -> bool:
        return self.role not in ("place", "adj") or self.actor.country is not None and self.role == "adj"

    def contains(self, i: int) -> bool:
        return self.start <= i < self.end


@dataclass
class DocActors:
    mentions: list[Mention]
    by_token: dict[int, Mention]
    places: list[Mention]
    # role nouns that stand for the body they are part of ("members of the EU", "leaders of both countries")
    member_nouns: frozenset = frozenset()

    def at(self, i: int) -> Optional[Mention]:
        return self.by_token.get(i)


def span_actor(doc, start, end, **kw) -> Actor:
    span = doc[start:end]
    return Actor(text=span.text, start=span.start_char, end=span.end_char, **kw)


def is_person(m: Mention) -> bool:
    return (m.role == "ner" and m.actor.kind == "person") or (m.entity is not None and m.entity.type == "person")


def person_surnames(doc, claimed: frozenset[int] | set[int] = frozenset()) -> set[str]:
    """Last words of the full personal names spaCy found: a later lone use is the person. Names
    that run into a `claimed` token ("Trump Tower": Trump) give none."""
    return {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2 and e[-1].text[:1].isupper()
            and not any(i in claimed for i in range(e.start, e.end))}


def actor_mentions_for_output(da: DocActors) -> list[Mention]:
    """Mentions worth listing as actors: not bare places, not adjectives, not unresolved pronouns."""
    out = []
    for m in da.mentions:
        if m.role == "place" and m.place is not None:
            continue
        if m.role == "adj":
            continue
        if m.role in ("pronoun", "anaphor") and m.via is None:
            continue
        out.append(m)
    return out
