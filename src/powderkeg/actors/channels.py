"""Pass 2b: a platform written as a channel is not an actor. "Responded via Twitter", "said on
Facebook", "in a YouTube video": the service carries what someone says, it does not say or do it,
and a mention of it would stand in the sentence as a candidate source (the nearest actor before a
quotation whose speaker is unread). The same names stay actors where they act ("Facebook was
ordered to remove the post", "Twitter suspended the account"). Which names are platforms is data
(`platform: true` in kb/companies.yaml); which words make a channel of them is words.yaml
(`channel_prepositions`, `channel_nouns`).
"""
from __future__ import annotations

from powderkeg.actors.mentions import ActorWords, Mention


def drop_channels(vocab: ActorWords, doc, ments: list[Mention]) -> list[Mention]:
    """The mentions without the platforms written as a channel."""
    return [m for m in ments if not _is_channel(vocab, doc, m)]


def _is_channel(vocab: ActorWords, doc, m: Mention) -> bool:
    if m.entity is None or not m.entity.platform or m.end - m.start > 3:
        return False
    head = doc[m.end - 1]
    for i in range(m.start, m.end):  # the mention's syntactic head: the token whose head is outside it
        if not m.start <= doc[i].head.i < m.end:
            head = doc[i]
            break
    up = head.head
    if head.dep_ == "pobj" and up.lower_ in vocab.channel_prepositions:
        return True
    return head.dep_ in ("compound", "poss", "amod", "nmod") and up.lower_ in vocab.channel_nouns
