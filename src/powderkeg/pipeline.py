"""The per-document pipeline: a pure function of a `Document`, with resources loaded by one function.

`load_resources()` reads the spaCy model, the knowledge base and the vocabulary once and hands
them to `Analyzer`; nothing is read or cached at import time. `Analyzer.analyse(doc)` returns the
records of one article; `Analyzer.analyse_stream(items)` streams many through spaCy's batched
`nlp.pipe`, passing input skips through and turning an unexpected error in one document into a
skip naming it, so one bad article never aborts a run. Nothing here touches the store.
"""
from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Optional, Union

from powderkeg import __version__
from powderkeg.actors.kb import KnowledgeBase, load_kb
from powderkeg.actors.resolver import Resolver
from powderkeg.checks.consistency import Checker
from powderkeg.coders import CODERS, DEFAULT_CODER, TRIGGER_SOURCES
from powderkeg.context import DocContext
from powderkeg.events.coder import event_modality
from powderkeg.events.finalise import events_of
from powderkeg.events.lexicon import Lexicon, build_lexicon
from powderkeg.figures.extract import FigureReader
from powderkeg.figures.lexicon import FigureLexicon
from powderkeg.learn.coder import EventCoder
from powderkeg.learn.models import LearnedModels, load_models
from powderkeg.ingest.document import Document
from powderkeg.nlp.model import MODEL, load_nlp, sentence_index
from powderkeg.nlp.titles import lowered_words, parse_text
from powderkeg.records import Record
from powderkeg.relations.extract import RelationReader
from powderkeg.stances.extract import StanceLexicon, StanceReader
from powderkeg.vocabulary import Vocabulary, read_vocabulary


@dataclass(frozen=True)
class Resources:
    """Everything an analysis reads besides the document: loaded once, by `load_resources`."""

    nlp: object
    kb: KnowledgeBase
    vocab: Vocabulary
    lexicon: Lexicon
    models: Optional[LearnedModels] = None  # the trained weights, when the coder reads them

    @property
    def coder_hash(self) -> str:
        """What produced a document's records: powderkeg's version, the vocabulary, the knowledge
        base and the spaCy model. A store re-analyses a document whose hash differs."""
        meta = getattr(self.nlp, "meta", {}) or {}
        h = hashlib.sha256("|".join([__version__, self.vocab.digest, str(self.kb.hash), MODEL,
                                     str(meta.get("version")), self.models.digest if self.models else "no-models"]).encode())
        return h.hexdigest()[:16]


def load_resources(kb: Optional[KnowledgeBase] = None, vocab: Optional[Vocabulary] = None,
                   with_models: bool = True) -> Resources:
    """Load the model, the knowledge base and the vocabulary (validated) for one run, and the
    trained weights the event coders read (`with_models=False`: training, which makes them)."""
    vocab = vocab or read_vocabulary()
    return Resources(nlp=load_nlp(), kb=kb or load_kb(), vocab=vocab, lexicon=build_lexicon(vocab),
                     models=load_models() if with_models else None)


@dataclass
class Analysis:
    """Everything read from one document; `records` is what extract prints and ingest stores."""

    doc: Document
    records: list[Record] = field(default_factory=list)
    n_sentences: int = 0
    n_tokens: int = 0


@dataclass
class Failure:
    """A document whose analysis raised: reported as a one-line skip, the run goes on."""

    doc: Document
    error: BaseException
    trace: str = ""

    def message(self) -> str:
        where = self.doc.path or self.doc.doc_id
        return f"{where}: skipped, analysis failed: {type(self.error).__name__}: {self.error}"


def event_coder(name: str, r: Resources, modality) -> EventCoder:
    """The event coder called `name` (one of `CODERS`) on these resources: what an `Analyzer`
    runs, and what cross-validation and the ablation table build on each fold's weights."""
    if name not in CODERS:
        raise ValueError(f"unknown event coder {name!r}: one of {', '.join(CODERS)}")
    return EventCoder(r.lexicon, modality, r.models, TRIGGER_SOURCES[name])


class Analyzer:
    """One run's analysis of documents into records. `coder=None` parses and resolves actors only
    (`actors`): what training uses before any weights exist."""

    def __init__(self, resources: Optional[Resources] = None, coder: Optional[str] = DEFAULT_CODER):
        if coder is not None and coder not in CODERS:
            raise ValueError(f"unknown event coder {coder!r}: one of {', '.join(CODERS)}")
        r = resources or load_resources(with_models=coder is not None)
        if coder is not None and r.models is None:
            r = replace(r, models=load_models())
        self.resources = r
        self.coder_name = coder
        self.nlp, self.kb, self.lex = r.nlp, r.kb, r.lexicon
        self.resolver = Resolver(r.kb, r.vocab.words)
        modality = event_modality(r.lexicon)
        self.modality = modality
        self.coder = event_coder(coder, r, modality) if coder is not None else None
        self.keep_lower = lowered_words(set(r.lexicon.verbs) | set(r.lexicon.nouns))
        self.readers = [
            FigureReader(FigureLexicon(r.vocab["figures"]), modality, r.kb, r.lexicon),
            StanceReader(StanceLexicon(r.vocab["stances"]), modality),
            RelationReader(r.vocab["relations"], r.vocab.words, modality),
        ]
        self.checker = Checker(r.kb)

    @property
    def coder_hash(self) -> str:
        """The resources' hash and which coder ran: a store re-analyses what another coder wrote."""
        return hashlib.sha256(f"{self.resources.coder_hash}|{self.coder_name}".encode()).hexdigest()[:16]

    # ------------------------------------------------------------------ public
    def analyse(self, doc: Document) -> Analysis:
        return self._from_spacy(doc, self.nlp(self.parse_text(doc)))

    def analyse_many(self, docs: Iterable[Document], batch_size: int = 16) -> Iterator[Analysis]:
        pairs = ((self.parse_text(d), d) for d in docs)
        for sdoc, d in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self._from_spacy(d, sdoc)

    def analyse_stream(self, items: Iterable, batch: int = 32) -> Iterator[Union[Analysis, Failure, object]]:
        """Analyses of documents in input order; input skips (any non-Document) are passed through,
        and a document whose analysis raises comes out as a `Failure`, the others unaffected."""
        pending: list[Document] = []
        for item in items:
            if isinstance(item, Document):
                pending.append(item)
                if len(pending) >= batch:
                    yield from self._safe_batch(pending)
                    pending = []
            else:
                yield from self._safe_batch(pending)
                pending = []
                yield item
        yield from self._safe_batch(pending)

    def actors(self, doc: Document):
        sdoc = self.nlp(self.parse_text(doc))
        return sdoc, self.resolver.resolve(sdoc, doc.date)

    def parse_text(self, doc: Document) -> str:
        return parse_text(doc.text, doc.title_end, self.keep_lower)

    # ------------------------------------------------------------------ internals
    def _safe_batch(self, docs: list[Document]) -> Iterator[Union[Analysis, Failure]]:
        if not docs:
            return
        try:
            yield from list(self.analyse_many(docs))
        except Exception:  # one bad document: analyse the batch one by one to isolate it
            for d in docs:
                try:
                    yield self.analyse(d)
                except Exception as e:
                    yield Failure(d, e, traceback.format_exc())

    def _from_spacy(self, doc: Document, sdoc) -> Analysis:
        # the tokens and the sentence index, built once and shared by the resolver and the readers
        # (context.DocContext): each walks every token, and `sdoc[i]` builds a new Token each time
        tokens = list(sdoc)
        sents = list(sdoc.sents)
        sent_index = sentence_index(sents)
        da = self.resolver.resolve(sdoc, doc.date, tokens, sent_index)
        found = self.coder.code(sdoc, da) if self.coder is not None else []
        events = events_of(doc, sdoc, da, found, sents, sent_index, self.lex, self.kb)
        ctx = DocContext(document=doc, parsed=sdoc, actors=da, sentences=sents, sentence_of=sent_index,
                         events=tuple(events), records=tuple(events), tokens=tokens)
        records: list[Record] = list(events)
        for reader in self.readers:
            records.extend(reader.read(replace(ctx, records=tuple(records))))
        records.extend(self.checker.read(replace(ctx, records=tuple(records))))
        return Analysis(doc, records, n_sentences=len(sents), n_tokens=len(sdoc))


def analyse_document(doc: Document, analyzer: Analyzer) -> list[dict]:
    """Pure function for parallel back-ends: a document in, its serialised records out (a worker
    builds its `Analyzer` once, from `load_resources()`, and passes it)."""
    from powderkeg.records import to_dict

    return [to_dict(r) for r in analyzer.analyse(doc).records]
