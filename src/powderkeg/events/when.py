"""When an event happened: a date, how precisely it is known, and where that came from.

Every event gets `date`, `date_precision` (day | week | month | year) and `date_source`
(explicit | relative | publication), or all three null when the text gives no basis. ACLED-style
honesty: the date says where it came from, and an event the text does not date is not silently
given the publication date.

Which words date an event. The time expressions of the sentence are spaCy's DATE entities (the
statistical model already runs; no second parser and nothing downloaded) plus a regular-expression
pass for the forms the small model misses ("Thursday," at a sentence start, "in 2007"). Of these,
the one that dates the event is the one inside the trigger's own clause (in its syntactic subtree,
not inside a clause of its own verb), else one attached to a verb that governs the trigger, unless
that verb is a reporting verb ("said on Friday that X attacked": Friday dates the saying, not the
attack). Why our own anchoring and not dateparser: dateparser resolves "Thursday" and "in April"
without the tense of the sentence (always backward, or always forward with PREFER_DATES_FROM), it
knows nothing of precision, and it would add a dependency and a second pass per sentence; the
anchoring rules are short and tested here.

How an expression is resolved against the publication date `pub`:
- a full date ("January 4, 2019", "4 March 2019") -> day, explicit; without a year it takes the
  publication year (the previous one when that puts a past event after publication);
- "April 2019" -> month, explicit; "in 2007" -> year, explicit;
- "in April" -> month, relative: the most recent April not after publication for the past tense,
  the next one not before it for the future tense;
- a weekday ("on Thursday", "Thursday,") -> day, relative: the last such day on or before
  publication, or for the future tense the next one after it;
- "yesterday", "last night" -> the day before; "today", "this morning", "tonight" -> the day;
- "two days ago" -> day, "three weeks ago" -> week, "six months ago" -> month, "N years ago" -> year;
- "last/this/next week" -> week (`date` is its Monday); "last/this/earlier this/next month" -> month
  (`date` is its first day); "last/this/next year" -> year (`date` is 1 January);
- "the 30th day" (of a war) -> day, relative, when the article gives the start ("began on 24
  February", "started on 7 October 2023"): start + 29 days;
- a range ("between 5 and 7 March", "from January to March") -> the start at the range's precision,
  and `date_end` its end.

When the publication date is the source: the event's verb is in the present tense, the present
perfect or the present progressive ("Iran says", "has admitted", "are protesting"), in a dated news
story: the report is of the day it was published (precision day, source publication). A past-tense
verb with no time expression ("the army shelled the town") has no basis: null.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from powderkeg.nlp.clauses import in_quote

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"]
MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items()) if m != "may"})
MONTHS["sept"] = 9
_M = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_W = r"(?:" + "|".join(WEEKDAYS) + r")"
_NUMS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None}

_MDY = re.compile(rf"\b({_M})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_M})(?:,?\s+(\d{{4}}))?\b", re.I)
_MY = re.compile(rf"\b({_M})\s+(?:of\s+)?(\d{{4}})\b", re.I)
_YEAR = re.compile(r"\b(?:in|since|during|by|of|until|from)?\s*((?:19|20)\d\d)\b(?!\s*-\s*\d)", re.I)
_MONTH = re.compile(rf"\b({_M})\b", re.I)
_WEEKDAY = re.compile(rf"\b({_W})\b", re.I)
_AGO = re.compile(r"\b(\d+|" + "|".join(_NUMS) + r")\s+(day|week|month|year)s?\s+ago\b", re.I)
_REL = re.compile(r"\b(last|this|next|earlier this|later this|past|earlier in the|later in the|in the)\s+(week|month|year)\b", re.I)
_YESTERDAY = re.compile(r"\b(yesterday|last night)\b", re.I)
_TODAY = re.compile(r"\b(today|tonight|this (?:morning|afternoon|evening))\b", re.I)
_NTH_DAY = re.compile(r"\bthe\s+(\d+)(?:st|nd|rd|th)\s+day\b", re.I)
_RANGE = re.compile(r"\b(?:between|from)\s+(.{1,25}?)\s+(?:and|to|until|through)\s+(.{3,25}?)(?=[,.;]|$|\s(?:in|on|at|when|as|after)\b)", re.I)
_START = re.compile(r"\b(?:began|begun|started|launched|broke out|erupted|invaded|invasion)\b[^.]{0,40}?\bon\s+(.{3,30})", re.I)
# what makes the words around an expression not the event's date: "since 2011" is a start,
# "by 2030" a deadline, "the 2007 sanctions"-like modifiers are handled by the parse
_NOT_EVENT_DATE = re.compile(r"\b(since|until|till|by|before|ahead of|after)\s*$", re.I)
FUTURE_GOVERNORS = {"due", "set", "scheduled", "expected", "plan", "planned", "schedule", "expect", "going", "intend",
                    "prepare"}


@dataclass(frozen=True)
class When:
    date: Optional[str] = None
    precision: Optional[str] = None  # day | week | month | year
    source: Optional[str] = None  # explicit | relative | publication
    end: Optional[str] = None  # the end of a range

    @property
    def known(self) -> bool:
        return self.date is not None


NONE = When()


def parse_pub(pub: Optional[str]) -> Optional[dt.date]:
    if not pub:
        return None
    try:
        return dt.date.fromisoformat(str(pub)[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------------- expressions
def resolve_text(text: str, pubd: Optional[dt.date], future: bool = False,
                 war_start: Optional[dt.date] = None) -> When:
    """The date an expression (or a whole sentence) gives, resolved against `pubd`; unknown when
    the arithmetic leaves the calendar ("yesterday" in an article dated 0001-01-01)."""
    try:
        return _resolve_text(text, pubd, future, war_start)
    except (OverflowError, ValueError):
        return NONE


def _resolve_text(text: str, pubd: Optional[dt.date], future: bool = False,
                  war_start: Optional[dt.date] = None) -> When:
    m = _RANGE.search(text)
    if m:
        a = resolve_text(m.group(1), pubd, future)
        b = resolve_text(m.group(2), pubd, future)
        if not a.known and b.known and m.group(1).strip().isdigit():  # "between 5 and 7 March"
            a = resolve_text(m.group(1) + " " + m.group(2).split()[-1] if b.precision == "day" else "", pubd, future)
        if a.known and b.known:
            return When(a.date, a.precision, a.source, b.date)
    for rx, order in ((_MDY, "md"), (_DMY, "dm")):
        for m in rx.finditer(text):
            month_s, day_s = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
            month, y = MONTHS.get(month_s.lower().rstrip(".")), m.group(3)
            if not month:
                continue
            year = int(y) if y else (pubd.year if pubd else None)
            if year is None:
                continue
            try:
                d = dt.date(year, month, int(day_s))
            except ValueError:
                continue
            if not y and pubd:
                if not future and (d - pubd).days > 1:
                    d = _shift_year(d, -1)  # "December 30" in a January article
                elif future and (pubd - d).days > 1:
                    d = _shift_year(d, 1)
            return When(d.isoformat(), "day", "explicit")
    m = _MY.search(text)
    if m and MONTHS.get(m.group(1).lower().rstrip(".")):
        return When(dt.date(int(m.group(2)), MONTHS[m.group(1).lower().rstrip(".")], 1).isoformat(), "month", "explicit")
    if pubd is None:
        m = _YEAR.search(text)
        if m and not _NOT_EVENT_DATE.search(text[:m.start(1)]):
            return When(f"{m.group(1)}-01-01", "year", "explicit")
        return NONE
    if _YESTERDAY.search(text):
        return When((pubd - dt.timedelta(days=1)).isoformat(), "day", "relative")
    if _TODAY.search(text):
        return When(pubd.isoformat(), "day", "relative")
    m = _AGO.search(text)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMS.get(m.group(1).lower())
        unit = m.group(2).lower()
        if n is not None:
            if unit == "day":
                return When((pubd - dt.timedelta(days=n)).isoformat(), "day", "relative")
            if unit == "week":
                d = pubd - dt.timedelta(weeks=n)
                return When((d - dt.timedelta(days=d.weekday())).isoformat(), "week", "relative")
            if unit == "month":
                return When(_add_months(pubd.replace(day=1), -n).isoformat(), "month", "relative")
            return When(dt.date(pubd.year - n, 1, 1).isoformat(), "year", "relative")
    m = _REL.search(text)
    if m:
        which, unit = m.group(1).lower(), m.group(2).lower()
        step = {"last": -1, "past": -1, "next": 1}.get(which, 0)
        if unit == "week":
            monday = pubd - dt.timedelta(days=pubd.weekday())
            return When((monday + dt.timedelta(weeks=step)).isoformat(), "week", "relative")
        if unit == "month":
            return When(_add_months(pubd.replace(day=1), step).isoformat(), "month", "relative")
        return When(dt.date(pubd.year + step, 1, 1).isoformat(), "year", "relative")
    m = _NTH_DAY.search(text)
    if m and war_start is not None:
        return When((war_start + dt.timedelta(days=int(m.group(1)) - 1)).isoformat(), "day", "relative")
    m = _WEEKDAY.search(text)
    if m:
        wd = WEEKDAYS.index(m.group(1).lower())
        if future:
            delta = (wd - pubd.weekday()) % 7 or 7
            return When((pubd + dt.timedelta(days=delta)).isoformat(), "day", "relative")
        delta = (pubd.weekday() - wd) % 7
        return When((pubd - dt.timedelta(days=delta)).isoformat(), "day", "relative")
    for m in _MONTH.finditer(text):
        name = m.group(1).lower().rstrip(".")
        if name == "may" and not re.search(r"\b(in|of|since|during|early|late|mid|until|by)\s+may\b", text, re.I):
            continue  # the modal verb
        month = MONTHS.get(name)
        if not month:
            continue
        if future:
            year = pubd.year if month >= pubd.month else pubd.year + 1
        else:
            year = pubd.year if month <= pubd.month else pubd.year - 1
        return When(dt.date(year, month, 1).isoformat(), "month", "relative")
    m = _YEAR.search(text)
    if m and not _NOT_EVENT_DATE.search(text[:m.start(1)]):
        return When(f"{m.group(1)}-01-01", "year", "explicit")
    return NONE


def _shift_year(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February exists only in the year the text can mean: keep it
        return d


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def war_start(text: str, pubd: Optional[dt.date]) -> Optional[dt.date]:
    """The start of a war the article dates ("the invasion began on 24 February 2022")."""
    for m in _START.finditer(text):
        w = resolve_text(m.group(1), pubd)
        if w.known and w.precision == "day":
            return dt.date.fromisoformat(w.date)
    return None


# ---------------------------------------------------------------------- the event's own expression
_REGEX_EXTRA = re.compile(rf"\b(?:{_W}|(?:in|during)\s+(?:19|20)\d\d|(?:in|early|late|mid-?)\s+{_M}|"
                          r"yesterday|last night|today|tonight)\b", re.I)
_CLAUSE_VERBS = ("VERB", "AUX")
_BOUNDARY_PREPS = {"since", "until", "till", "by", "before", "after", "ahead", "for"}


def expressions(sent) -> list:
    """The time expressions of a sentence as spaCy spans: DATE/TIME entities, plus regex hits the
    model did not label."""
    doc = sent.doc
    # computed once per sentence (several events share one) and kept as plain token offsets
    cache = doc.user_data.setdefault("powderkeg_time_expressions", {})
    if "ents" not in cache:
        cache["ents"] = [(e.start, e.end) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    if sent.start in cache:
        return [doc[a:b] for a, b in cache[sent.start]]
    spans = [doc[a:b] for a, b in cache["ents"] if sent.start <= a < sent.end]
    taken = {i for e in spans for i in range(e.start, e.end)}
    for m in _REGEX_EXTRA.finditer(sent.text):
        sp = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if sp is not None and not any(i in taken for i in range(sp.start, sp.end)):
            spans.append(sp)
            taken.update(range(sp.start, sp.end))
    spans.sort(key=lambda s: s.start)
    cache[sent.start] = [(sp.start, sp.end) for sp in spans]
    return spans


def _first_verb_above(tok):
    """The first verb (or the event noun itself) reached going up from an expression's root."""
    t = tok
    for _ in range(12):
        if t.head.i == t.i:
            return None
        t = t.head
        yield t


def _bounded(span) -> bool:
    """'since 2011', 'by 2030', 'until Friday': a boundary, not the event's date."""
    r = span.root
    if r.head.dep_ == "prep" and r.head.lower_ in _BOUNDARY_PREPS and r.dep_ == "pobj":
        return True
    if r.dep_ == "pobj" and r.head.lower_ in _BOUNDARY_PREPS:
        return True
    before = span.doc[span.start - 1] if span.start > span.sent.start else None
    return before is not None and before.lower_ in _BOUNDARY_PREPS


def own_expression(sent, trigger, reporting: frozenset = frozenset()):
    """The time expression that dates the event whose trigger is `trigger`: one in the trigger's own
    clause, else one on a (non-reporting) verb that governs it; None when neither."""
    ancestors = {t.i: t for t in trigger.ancestors}
    own, governing = [], []
    for sp in expressions(sent):
        if sp.start <= trigger.i < sp.end or _bounded(sp):
            continue
        prev = sp.root
        for steps, t in enumerate(_first_verb_above(sp.root)):
            if t.i == trigger.i:
                own.append(sp)
                break
            if prev.dep_ == "conj" and prev.pos_ in ("NOUN", "PROPN"):
                break  # "repression of X and support for Y on Monday": the conjunct's, not the trigger's
            if t.pos_ in _CLAUSE_VERBS:
                # a verb governing the trigger dates it only through its own adverbials ("on Monday",
                # "yesterday"), not through a date deep inside one of its arguments
                if t.i in ancestors and t.lemma_.lower() not in reporting and steps <= 1:
                    governing.append(sp)
                break
            prev = t
    pick = own or governing
    if not pick:
        return None
    return min(pick, key=lambda s: abs(s.root.i - trigger.i))


def is_future(trigger, flagged: bool = False) -> bool:
    """Is the event announced for later: a future auxiliary, or governed by "due to", "set to", "plans to"."""
    if flagged:
        return True
    v = trigger if trigger.pos_ in _CLAUSE_VERBS else trigger.head
    aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if aux & {"will", "shall", "'ll", "wo"}:
        return True
    t = v
    for _ in range(3):
        if t.head.i == t.i:
            break
        if t.dep_ in ("xcomp", "acomp", "ccomp") and t.head.lemma_.lower() in FUTURE_GOVERNORS | {"be"} \
                and (t.head.lemma_.lower() != "be" or t.lemma_.lower() in FUTURE_GOVERNORS):
            if t.head.lemma_.lower() in FUTURE_GOVERNORS or t.lemma_.lower() in FUTURE_GOVERNORS:
                return True
        t = t.head
    return False


def is_present(trigger) -> bool:
    """Present, present perfect or present progressive: told as of the day of the report."""
    v = trigger if trigger.pos_ in _CLAUSE_VERBS else (trigger.head if trigger.head.pos_ in _CLAUSE_VERBS else None)
    if v is None:
        return False
    aux = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ in ("VBD", "MD") for a in aux):
        return False
    if v.tag_ in ("VBZ", "VBP"):
        return True
    return any(a.tag_ in ("VBZ", "VBP") for a in aux) and v.tag_ in ("VBN", "VBG")


def date_event(sent, trigger, pub: Optional[str], *, future: bool = False, reporting: frozenset = frozenset(),
               war: Optional[dt.date] = None) -> When:
    """The date of the event whose trigger token is `trigger` in sentence `sent`."""
    pubd = parse_pub(pub)
    fut = is_future(trigger, future)
    sp = own_expression(sent, trigger, reporting)
    if sp is not None:
        # "earlier in the month": the words just before the entity belong to it
        text = sent.doc[max(sent.start, sp.start - 2):sp.end].text
        # "between 5 and 7 March": the range words around the entity belong to it
        left = sent.doc[max(sent.start, sp.start - 4):sp.end].text
        if re.search(r"\b(between|from)\b", left, re.I):
            text = sent.doc[max(sent.start, sp.start - 4):min(sent.end, sp.end + 4)].text
        w = resolve_text(text, pubd, fut, war)
        if not w.known and text != sp.text:
            w = resolve_text(sp.text, pubd, fut, war)
        if w.known:
            return w
    if pubd is not None and not fut and is_present(trigger) and not in_quote(sent, trigger):
        return When(pubd.isoformat(), "day", "publication")
    return NONE
