"""The stage interface: one frozen context per document and the `Reader` protocol.

Every reader after the event coder (figures, stances, relations, the consistency checks) is an
object with `read(ctx) -> list[Record]`; it gets everything it may look at in `DocContext` and
nothing else (no analyzer, no other stage), so a stage can be tested, replaced or run alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Protocol, Sequence, runtime_checkable

from powderkeg.actors.mentions import DocActors
from powderkeg.ingest.document import Document
from powderkeg.nlp.evidence import evidence
from powderkeg.records import Event, Evidence, Record


@dataclass(frozen=True)
class DocContext:
    """One document as every reader sees it."""

    document: Document
    parsed: object  # the spaCy Doc of the text (same offsets as document.text)
    actors: DocActors  # resolved actor mentions, by token
    sentences: Sequence  # the parse's sentences, in order
    sentence_of: Mapping[int, int]  # token index -> sentence index
    events: tuple[Event, ...] = ()  # the document's events so far
    records: tuple[Record, ...] = ()  # every record read before the current stage
    tokens: Sequence = ()  # the parse's tokens, listed once (filled from `parsed` when not given)

    def __post_init__(self) -> None:
        """`parsed[i]` builds a new Token on every call, and each reader walks every token of the
        document: one list, shared through the context, is built once and indexed cheaply."""
        if not self.tokens and self.parsed is not None:
            object.__setattr__(self, "tokens", list(self.parsed))

    def evidence(self, si: int) -> Evidence:
        return evidence(self.document.text, self.sentences[si], si)


@runtime_checkable
class Reader(Protocol):
    """A stage that reads records of one kind from a document."""

    def read(self, ctx: DocContext) -> list[Record]: ...
