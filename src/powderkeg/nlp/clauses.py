"""Clause-level helpers over a spaCy parse shared by the readers of stances, relations and figures:
the head of a multi-word span, and the reporting verb whose clause holds a token (so that what is
said in "Netanyahu stated that there will be no ceasefire" is Netanyahu's).
"""
from __future__ import annotations

from typing import Optional


def span_head(doc, start: int, end: int):
    """The token of doc[start:end] whose head lies outside the span (the phrase's syntactic head)."""
    for t in doc[start:end]:
        if not (start <= t.head.i < end) or t.head.i == t.i:
            return t
    return doc[end - 1]


def in_quote(sent, token) -> bool:
    """Is the token inside a quotation (counting the quotation marks before it in its sentence)?
    Its present tense is the speaker's, not the report's day; its "I" is the speaker."""
    before = sent.text[:token.idx - sent.start_char]
    return (before.count('"') + before.count("\u201c") - before.count("\u201d")) % 2 == 1 or \
        before.count("\u201c") > before.count("\u201d")


def speech_verb(tok, verbs: set[str], max_up: int = 8):
    """The reporting verb (lemma in `verbs`) whose complement clause contains `tok`, if any."""
    t = tok
    for _ in range(max_up):
        h = t.head
        if h.i == t.i:
            return None
        if h.pos_ == "VERB" and h.lemma_.lower() in verbs and t.dep_ in (
                "ccomp", "xcomp", "advcl", "parataxis", "conj"):
            return h
        t = h
    return None


def clause_condition(verb, markers: set[str]) -> Optional[tuple[str, str]]:
    """A condition clause hanging on `verb` ("until the hostages are returned"): (marker, text)."""
    for c in verb.children:
        if c.dep_ in ("advcl", "prep", "ccomp"):
            toks = list(c.subtree)
            first = toks[0]
            marks = [m for m in c.children if m.dep_ in ("mark",)] + [first]
            for m in marks:
                w = m.lower_
                if w in markers:
                    body = [t for t in toks if t.i != m.i]
                    if body:
                        doc = verb.doc
                        return w, doc[body[0].i:body[-1].i + 1].text
            if c.dep_ == "prep" and c.lower_ in markers:
                body = [t for t in toks if t.i != c.i]
                if body:
                    return c.lower_, verb.doc[body[0].i:body[-1].i + 1].text
    return None
