"""Pass 4b: who "I" and "we" are. A first-person pronoun stands for whoever is speaking: the speaker
of the quotation it stands in, or the interviewee whose answer it is in. Runs after the focus pass,
so that the speaker has its state; "I" takes only a person. A first-person pronoun with no speaker
found stays unresolved (a reporter's "we", a crowd's chant).

Four ways a speaker is found, tried in order:
1. the quotation's own sentence: the subject of the reporting verb the pronoun's clause hangs on,
   the first head above it outside the quotation ("'I cannot be allowed to meet the public,' he
   said"); a clause under another verb ("protesters chanted 'we want freedom'") has no speaker;
2. the same quotation in another sentence: news quotations run over several sentences, attributed
   once ("'We are investigating. We have made an arrest,' police said");
3. the quotation before it in the paragraph: a quotation that is a sentence of its own, with no
   attribution, goes on with the last attributed one ("'We want our land,' she said. 'We were
   never asked.'"), two sentences back at most;
4. an interview's answer: paragraphs labelled with the interviewee ("((Dorsa Derakhshani)) Early
   2016 ...", "Richard Armitage, former U.S. deputy secretary of state: The obvious message we
   brought ..."), up to the next label; the pronoun is outside any quotation.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from powderkeg.actors.mentions import ActorWords, Mention
from powderkeg.nlp.clauses import in_quote

OPENING, CLOSING, STRAIGHT = "\u201c", "\u201d", '"'
LABEL_MAX_TOKENS = 14  # "Richard Armitage, former U.S. deputy secretary of state:" is 10
QUOTE_REACH = 2  # sentences from the last attributed quotation to one that goes on with it


@dataclass
class Quotation:
    """A stretch of the document inside quotation marks (token indices, end exclusive)."""

    start: int
    end: int
    paragraph: int
    speaker: Optional[Mention] = None


def quoted_speakers(vocab: ActorWords, doc, ments: list[Mention]) -> None:
    pending = [m for m in ments if m.role == "pronoun" and m.via is None and doc[m.start].lower_ in vocab.pron_speaker]
    if not pending:
        return
    at = {i: m for m in ments for i in range(m.start, m.end)}
    quotes = quotations(doc, paragraphs(doc))
    quote_at = {i: q for q in quotes for i in range(q.start, q.end)}
    for q in quotes:
        q.speaker = _attributed(vocab, doc, q, at)
    answers = None  # the interview's labelled answers, worked out on the first pronoun outside quotations
    for m in pending:
        tok = doc[m.start]
        q = quote_at.get(tok.i)
        ref = _quoted_by(vocab, tok, lambda v: in_quote(tok.sent, v), at) if in_quote(tok.sent, tok) else None
        if ref is None and q is not None:
            ref = _quoted_by(vocab, tok, lambda v: q.start <= v.i < q.end, at)
        if ref is None and q is not None and _stands_alone(tok, q):
            ref = q.speaker or _carried_on(q, quotes, doc)
        elif q is None and not in_quote(tok.sent, tok):
            if answers is None:
                answers = interview_answers(doc, at)
            ref = next((who for start, end, who in answers if start <= tok.i < end), None)
        if ref is None or (tok.lower_ in vocab.pron_speaker_singular and ref.actor.kind != "person"):
            continue
        m.actor = replace(ref.actor, text=m.actor.text, start=tok.idx, end=tok.idx + len(tok))
        m.entity, m.copied_from = ref.entity, ref
        m.via = "speaker"


def paragraphs(doc) -> list[int]:
    """Each token's paragraph number: a paragraph ends at a line break."""
    out, n = [], 0
    for t in doc:
        out.append(n)
        if t.is_space and "\n" in t.text:
            n += 1
    return out


def quotations(doc, paragraph: list[int]) -> list[Quotation]:
    """The document's quotations: curly marks open and close, a straight mark opens or closes,
    and a quotation still open at a line break ends there (one that goes on into the next
    paragraph opens again with a mark of its own)."""
    out: list[Quotation] = []
    start: Optional[int] = None
    for t in doc:
        if start is not None:
            if paragraph[t.i] != paragraph[start - 1]:
                out.append(Quotation(start, t.i, paragraph[start - 1]))
                start = None
            elif t.text in (CLOSING, STRAIGHT):
                out.append(Quotation(start, t.i, paragraph[start - 1]))
                start = None
                continue
        if start is None and t.text in (OPENING, STRAIGHT):
            start = t.i + 1
    if start is not None:
        out.append(Quotation(start, len(doc), paragraph[start - 1]))
    return [q for q in out if q.end > q.start]


def _attributed(vocab: ActorWords, doc, q: Quotation, at: dict) -> Optional[Mention]:
    """The speaker a reporting verb outside the quotation gives it, in any sentence it runs over."""
    seen = set()
    for i in range(q.start, q.end):
        sent = doc[i].sent
        if sent.start in seen or doc[i].is_punct or doc[i].is_space:
            continue
        seen.add(sent.start)
        ref = _quoted_by(vocab, doc[i], lambda v: q.start <= v.i < q.end, at)
        if ref is not None:
            return ref
    return None


def _carried_on(q: Quotation, quotes: list[Quotation], doc) -> Optional[Mention]:
    """The speaker of the last attributed quotation before `q` in its paragraph, if it ended at
    most QUOTE_REACH sentences before `q` starts."""
    sents = {s.start: k for k, s in enumerate(doc.sents)}
    here = sents[doc[q.start].sent.start]
    for p in reversed([p for p in quotes if p.end <= q.start and p.paragraph == q.paragraph]):
        if here - sents[doc[p.end - 1].sent.start] > QUOTE_REACH:
            return None
        if p.speaker is not None:
            return p.speaker
    return None


def _stands_alone(tok, q: Quotation) -> bool:
    """Does the pronoun's clause hang on nothing outside the quotation (its sentence's root is in
    it)? A quotation under another verb ("chanted 'we want freedom'") does not."""
    v = tok
    for _ in range(40):
        if v.head.i == v.i:
            return True
        v = v.head
        if not q.start <= v.i < q.end:
            return False
    return False


def _quoted_by(vocab: ActorWords, tok, inside, at: dict) -> Optional[Mention]:
    """The resolved subject of the reporting verb that introduces the quotation `tok` stands in:
    the first head above `tok` that is not `inside` the quotation, if it is a reporting verb."""
    v = tok
    for _ in range(12):
        if v.head.i == v.i:
            return None
        v = v.head
        if not inside(v):
            break
    else:
        return None
    if v.lemma_.lower() not in vocab.reporting or v.pos_ not in ("VERB", "AUX"):
        return None
    for s in v.children:
        if s.dep_ not in ("nsubj", "nsubjpass"):
            continue
        ref = at.get(s.i)
        if ref is not None and ref.role != "place" and (ref.actor.country or ref.actor.kind == "person") \
                and not (ref.role == "pronoun" and ref.via is None):
            return ref
    return None


def interview_answers(doc, at: dict) -> list[tuple[int, int, Mention]]:
    """(start, end, interviewee) of each answer in an interview: from a label naming a person with
    a country to the next label of any kind ("((WN))", "VOA:")."""
    labels = _labels(doc)
    out = []
    for k, (start, end, after) in enumerate(labels):
        who = at.get(start) or _named_before(doc, start, end, at)
        if who is None or who.actor.kind != "person" or not who.actor.country or who.end > end:
            continue
        stop = labels[k + 1][0] if k + 1 < len(labels) else len(doc)
        out.append((after, stop, who))
    return out


def _named_before(doc, start: int, end: int, at: dict) -> Optional[Mention]:
    """A label the resolver read no name in ("Armitage:") that is the surname of a person named
    earlier ("Richard Armitage, former deputy secretary of state: ...")."""
    last = doc[end - 1].text
    for i in range(start - 1, -1, -1):
        m = at.get(i)
        if m is not None and m.actor.kind == "person" and m.role != "pronoun" and doc[m.end - 1].text == last:
            return m
    return None


def _labels(doc) -> list[tuple[int, int, int]]:
    """Speaker labels: (first token of the name, end of the name, first token after the label).
    "((Name))" opening a paragraph, or a short stretch with no verb from a sentence's start to a
    colon ("VOA:", "Armitage:")."""
    out = []
    n = len(doc)
    for t in doc:
        i = t.i
        fresh = i == 0 or (doc[i - 1].is_space and "\n" in doc[i - 1].text)
        if fresh and t.text == "(" and i + 1 < n and doc[i + 1].text == "(":
            j = i + 2
            while j + 1 < n and j - i <= LABEL_MAX_TOKENS and doc[j].text != ")":
                j += 1
            if j + 1 < n and doc[j].text == ")" and doc[j + 1].text == ")" and j > i + 2:
                out.append((i + 2, j, j + 2))
        elif t.text == ":" and i > 0:
            k = i - 1
            while k > 0 and i - k <= LABEL_MAX_TOKENS and not _boundary(doc[k - 1]):
                k -= 1
            span = doc[k:i]
            if (k == 0 or _boundary(doc[k - 1])) and i - k <= LABEL_MAX_TOKENS and \
                    not any(x.pos_ in ("VERB", "AUX") for x in span) and span[0].text[:1].isupper():
                out.append((k, i, i + 1))
    return out


def _boundary(tok) -> bool:
    return tok.text in (".", "?", "!") or (tok.is_space and "\n" in tok.text)
