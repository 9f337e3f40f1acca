"""Pass 4b: who "I" and "we" are. A first-person pronoun stands for whoever is speaking: the speaker
of the quotation it stands in, or the interviewee whose answer it is in. Runs after the focus pass,
so that the speaker has its state; "I" takes only a person. A first-person pronoun with no speaker
found stays unresolved (a reporter's "we", a crowd's chant): a wrong speaker is worse than none,
since the argument model takes a placed pronoun as a side.

Four ways a speaker is found, tried in order:
1. the quotation's own sentence: the subject of the reporting verb the pronoun's clause hangs on,
   the first head above it outside the quotation ("'I cannot be allowed to meet the public,' he
   said"); a clause under another verb ("protesters chanted 'we want freedom'") has no speaker.
   Quotation marks are counted within the sentence here, which a stray mark elsewhere cannot upset;
2. the same quotation in another sentence: news quotations run over several sentences, attributed
   once ("'We are investigating. We have made an arrest,' police said"), so the quotations are also
   followed over the whole paragraph (`quotations`);
3. the quotation just before it: a quotation that is a sentence of its own, with nothing outside
   the marks, in the sentence after an attributed one, goes on with it ("'We want our land,' she
   said. 'We were never asked.'"); only the nearest quotation is looked at, so a chant or another
   speaker in between stops it;
4. an interview's answer: turns labelled with the speaker ("((Dorsa Derakhshani)) Early 2016 ...",
   "Richard Armitage, former U.S. deputy secretary of state: The obvious message we brought ..."),
   up to the next label, in a document with two kinds of label at least (the interviewer's and the
   interviewee's) outside its title; a pronoun under a reporting verb there is that verb's
   subject's ("Lai said, we are open for dialogue"), or no one's.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Mapping, Optional

from powderkeg.actors.mentions import ActorWords, Mention
from powderkeg.nlp.clauses import in_quote

OPENING, CLOSING, STRAIGHT = "\u201c", "\u201d", '"'
LABEL_MAX_TOKENS = 14  # "Richard Armitage, former U.S. deputy secretary of state:" is 10
NOT_A_TURN = {"image", "photo", "picture", "credit", "credits", "source", "sources", "caption", "video",
              "map", "file", "update", "note", "editor", "correction", "see", "related", "read"}


@dataclass
class Quotation:
    """A stretch of the document inside quotation marks (token indices, end exclusive)."""

    start: int
    end: int
    paragraph: int
    speaker: Optional[Mention] = None


def quoted_speakers(vocab: ActorWords, doc, ments: list[Mention], sent_of: Mapping[int, int]) -> None:
    """Resolve each unread first-person pronoun to its speaker (the module's four ways), in place.
    `sent_of`: token index -> sentence number, as the resolver has it."""
    pending = [m for m in ments if m.role == "pronoun" and m.via is None and doc[m.start].lower_ in vocab.pron_speaker]
    if not pending:
        return
    at = {i: m for m in ments for i in range(m.start, m.end)}
    quotes = quotations(doc, paragraphs(doc))
    quote_at = {i: k for k, q in enumerate(quotes) for i in range(q.start, q.end)}
    for q in quotes:
        q.speaker = _attributed(vocab, doc, q, at, sent_of) or _according_to(doc, q, at)
    answers = None  # the interview's labelled turns, worked out on the first pronoun outside quotations
    for m in pending:
        tok = doc[m.start]
        k = quote_at.get(tok.i)
        q = quotes[k] if k is not None else None
        sent = tok.sent
        quoted_here = in_quote(sent, tok)  # marks counted within the sentence (rule 1)
        ref = _quoted_by(vocab, tok, lambda v: in_quote(sent, v), at) if quoted_here else None
        if ref is None and q is not None:
            ref = _quoted_by(vocab, tok, lambda v: q.start <= v.i < q.end, at)
            if ref is None and _stands_alone(tok, q):
                ref = q.speaker or _carried_on(k, quotes, doc, sent_of, at)
        elif ref is None and not quoted_here:
            if answers is None:
                answers = interview_answers(doc, ments)
            ref = _answering(vocab, tok, answers, at)
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


def _attributed(vocab: ActorWords, doc, q: Quotation, at: dict, sent_of: Mapping[int, int]) -> Optional[Mention]:
    """The speaker a reporting verb outside the quotation gives it, in any sentence it runs over
    (one word of the quotation per sentence is enough: the walk up leaves the marks at the same
    head)."""
    seen = set()
    for i in range(q.start, q.end):
        if sent_of.get(i) in seen or doc[i].is_punct or doc[i].is_space:
            continue
        seen.add(sent_of.get(i))
        ref = _quoted_by(vocab, doc[i], lambda v: q.start <= v.i < q.end, at)
        if ref is not None:
            return ref
    return None


def _according_to(doc, q: Quotation, at: dict) -> Optional[Mention]:
    """'"...", according to X': the actor after "according to" in the quotation's last sentence."""
    sent = doc[q.end - 1].sent
    for t in doc[q.end:sent.end]:
        if t.lower_ == "according" and t.i + 2 < len(doc) and doc[t.i + 1].lower_ == "to":
            ref = at.get(t.i + 2)
            if ref is None and t.i + 3 < len(doc):
                ref = at.get(t.i + 3)  # "according to the ..."
            return ref if ref is not None and _can_speak(ref) else None
    return None


def _carried_on(k: int, quotes: list[Quotation], doc, sent_of: Mapping[int, int], at: dict) -> Optional[Mention]:
    """The speaker of the quotation just before quotation `k`, when that one is in the same
    paragraph and ends in the sentence before the one `k` starts in (or in the same), and nothing
    outside the marks of `k`'s sentences names an actor (who would then be the speaker)."""
    if k == 0:
        return None
    q, p = quotes[k], quotes[k - 1]
    if p.paragraph != q.paragraph or p.speaker is None:
        return None
    if sent_of.get(q.start, 0) - sent_of.get(p.end - 1, 0) > 1:
        return None
    for i in range(doc[q.start].sent.start, doc[q.end - 1].sent.end):
        if not q.start <= i < q.end and i in at and at[i].role != "place":
            return None
    return p.speaker


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


def _can_speak(ref: Mention) -> bool:
    return ref.role != "place" and bool(ref.actor.country or ref.actor.kind == "person") \
        and not (ref.role == "pronoun" and ref.via is None)


def _quoted_by(vocab: ActorWords, tok, inside, at: dict) -> Optional[Mention]:
    """The resolved subject of the reporting verb that introduces the quotation `tok` stands in:
    the first head above `tok` that is not `inside` the quotation, if it is a reporting verb.
    (`nlp.clauses.speech_verb` looks for a reporting verb through complement relations, for
    attribution; here the quotation marks, not the relation, say where the quoted words end.)"""
    v = tok
    for _ in range(12):
        if v.head.i == v.i:
            return None
        v = v.head
        if not inside(v):
            break
    else:
        return None
    return _subject_of_reporting(vocab, v, at)


def _is_reporting(vocab: ActorWords, v) -> bool:
    return v.pos_ in ("VERB", "AUX") and v.lemma_.lower() in vocab.reporting


def _subject_of_reporting(vocab: ActorWords, v, at: dict) -> Optional[Mention]:
    """The resolved subject of `v` when it is a reporting verb and its subject can speak."""
    if not _is_reporting(vocab, v):
        return None
    for s in v.children:
        if s.dep_ in ("nsubj", "nsubjpass"):
            ref = at.get(s.i)
            if ref is not None and _can_speak(ref):
                return ref
    return None


def _answering(vocab: ActorWords, tok, answers: list[tuple[int, int, Mention]], at: dict) -> Optional[Mention]:
    """The interviewee of the turn `tok` is in, unless a reporting verb above it says someone else
    speaks ("Lai said, we are open for dialogue": Lai's words, or no one's if Lai is unread)."""
    k = bisect_right(answers, tok.i, key=lambda a: a[0]) - 1
    if k < 0 or tok.i >= answers[k][1]:
        return None
    v = tok
    for _ in range(12):
        if v.head.i == v.i:
            break
        v = v.head
        if _is_reporting(vocab, v) and \
                any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in vocab.pron_speaker for c in v.children):
            return _subject_of_reporting(vocab, v, at)
    return answers[k][2]


def interview_answers(doc, ments: list[Mention]) -> list[tuple[int, int, Mention]]:
    """(start, end, interviewee) of each turn of an interview, in order: from a label naming a
    person with a country to the next label of any kind ("((WN))", "VOA:"). A document is an
    interview when it has labels of two texts at least (the interviewer's and the interviewee's):
    one "Name:" alone is a headline, a caption or a list item."""
    title_end = getattr(doc, "user_data", {}).get("title_end_token", -1)
    labels = [lab for lab in _labels(doc) if lab[0] > title_end]
    if len({doc[s:e].text for s, e, _ in labels}) < 2:
        return []
    persons = sorted((m for m in ments if m.actor.kind == "person" and m.role != "pronoun"), key=lambda m: m.start)
    named: dict[str, Mention] = {}  # a person's surname -> the best mention of them read so far
    p = 0
    out = []
    for k, (start, end, after) in enumerate(labels):
        while p < len(persons) and persons[p].start < start:
            _remember(doc, named, persons[p])
            p += 1
        own = next((m for m in persons[p:p + 3] if m.start == start and m.end <= end), None)
        found = [m for m in (own, named.get(doc[end - 1].text)) if m is not None and m.actor.country]
        if not found:
            continue
        # a name the text placed beats one the article's focus placed ("Armitage:" after "Richard
        # Armitage, former U.S. deputy secretary of state:" in a story about Taiwan)
        who = next((m for m in found if m.via not in ("focus", "context")), found[0])
        stop = labels[k + 1][0] if k + 1 < len(labels) else len(doc)
        out.append((after, stop, who))
    return out


def _remember(doc, named: dict[str, Mention], m: Mention) -> None:
    """Keep a person's mention under their surname (the last word of their name), preferring one
    whose country the text gave over one the article's focus gave."""
    surname = (m.actor.name or doc[m.start:m.end].text).split()[-1]
    old = named.get(surname)
    if old is None or old.via in ("focus", "context") or m.via not in ("focus", "context"):
        named[surname] = m


def _labels(doc) -> list[tuple[int, int, int]]:
    """Speaker labels: (first token of the name, end of the name, first token after the label).
    "((Name))" opening a paragraph, or a short stretch with no verb from a sentence's start to a
    colon ("VOA:", "Armitage:"); not a credit or a note ("Elizabeth Warren Image:", "Update:")."""
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
            if (k == 0 or _boundary(doc[k - 1])) and i - k <= LABEL_MAX_TOKENS and span[0].text[:1].isupper() \
                    and not any(x.pos_ in ("VERB", "AUX") for x in span) and span[-1].lower_ not in NOT_A_TURN:
                out.append((k, i, i + 1))
    return out


def _boundary(tok) -> bool:
    return tok.text in (".", "?", "!") or (tok.is_space and "\n" in tok.text)
