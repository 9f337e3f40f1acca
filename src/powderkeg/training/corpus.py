"""The annotated training corpus (`data/train/`), aligned to the parser's tokens and the actor
resolver's mentions, as the learned models see it at run time.

`data/train/articles.jsonl` holds each article's text up to its last annotated sentence (the
document text as powderkeg reads it: title line, blank line, body); `sentences.jsonl` one
annotated sentence a line with character offsets into that text (spans inside a sentence are
offsets into the sentence). Sentences are parsed in their article, so the resolver's
coreference and article focus are the same as when `extract` runs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from powderkeg.actors.mentions import DocActors, Mention
from powderkeg.ingest.document import Document
from powderkeg.learn.features import sentence_mentions


@dataclass
class GoldEvent:
    type: str
    mode: Optional[str]
    trigger: Optional[tuple[int, int]]  # document character offsets
    source: list[tuple[int, int, Optional[str]]]  # (start, end, country); start None for an unnamed actor
    target: list[tuple[int, int, Optional[str]]]
    negated: bool = False
    hypothetical: bool = False
    optional: bool = False


@dataclass
class AlignedSentence:
    article_id: str
    index: int
    tokens: object  # spaCy Span of the sentence's tokens
    mentions: list[Mention]
    actors: Optional[DocActors] = None  # the resolved actors of the whole article
    events: list[GoldEvent] = field(default_factory=list)
    headline: bool = False


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def _abs(sent: dict, a: dict) -> tuple:
    if a.get("start") is None:
        return (None, None, a.get("country"))
    return (sent["start"] + a["start"], sent["start"] + a["end"], a.get("country"))


def gold_events(sent: dict) -> list[GoldEvent]:
    out = []
    for e in sent["events"]:
        tr = e["trigger"]
        span = (sent["start"] + tr["start"], sent["start"] + tr["end"]) if tr.get("start") is not None else None
        out.append(GoldEvent(e["type"], e.get("mode"), span, [_abs(sent, a) for a in e["source"]],
                             [_abs(sent, a) for a in e["target"]], e.get("negated", False),
                             e.get("hypothetical", False), e.get("optional", False)))
    return out


def aligned(folder: Path, analyzer, article_ids: Optional[set[str]] = None) -> Iterator[AlignedSentence]:
    """Every annotated sentence of `folder`, parsed in its article and aligned to mentions."""
    arts = {a["id"]: a for a in read_jsonl(folder / "articles.jsonl")}
    by_art: dict[str, list[dict]] = {}
    for s in read_jsonl(folder / "sentences.jsonl"):
        by_art.setdefault(s["article_id"], []).append(s)
    for aid in sorted(by_art):
        if article_ids is not None and aid not in article_ids:
            continue
        a = arts[aid]
        doc = Document(doc_id=aid, text=a["text"], title=a.get("title"), date=a.get("date"),
                       title_end=a.get("title_end", 0))
        sdoc, da = analyzer.actors(doc)
        for s in sorted(by_art[aid], key=lambda s: s["sent"]):
            span = sdoc.char_span(s["start"], s["end"], alignment_mode="expand")
            if span is None:
                continue
            yield AlignedSentence(aid, s["sent"], span, sentence_mentions(da, span.start, span.end), da,
                                  gold_events(s), headline=bool(doc.title_end) and s["start"] < doc.title_end)


def tokens_of(sdoc, start: int, end: int) -> list:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def span_head(toks: list):
    """The token of a span whose head lies outside it."""
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[0] if toks else None


def overlapping_mentions(sdoc, mentions: list[Mention], start: int, end: int) -> list[tuple[int, Mention]]:
    """The mentions overlapping a character span of the document, in their order, each with the
    number of characters they share with it: how an annotated side is matched to the resolver's
    mentions (training's alignment, `train._mention_roles`, and `training.resolution`)."""
    found = []
    for m in mentions:
        span = sdoc[m.start:m.end]
        overlap = min(end, span.end_char) - max(start, span.start_char)
        if overlap > 0:
            found.append((overlap, m))
    return found
