"""Numbers in a sentence: where they are, what value they have, and how they are qualified.

Works on the surface tokens rather than the parse, because the parser splits "three-and-a-half
million" and "Sixty-six" in ways that differ from one sentence to the next; the parse is only used
afterwards (quantity.py) to find what the number counts.

Values: digits ("9,700", "1.5 million", "5000"), words ("twenty", "sixty-six", "a dozen",
"three-and-a-half million"), ranges ("between 20 and 30", "20-30", "18,250 to 63,000": value and
value_max), and vague plurals ("hundreds", "thousands": the smallest value they can mean, with
qualifier at_least). Exclusions that need only the surface are made here: years, ages, labels
("day 45", "Resolution 2254"), percentages, money, clock times, ordinals, scores ("3-1").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from powderkeg.figures.lexicon import FigureLexicon

DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
DIGITS_SCALED = re.compile(r"^(\d+(?:\.\d+)?)(m|bn|k)$", re.I)
HYPHENS = {"-", "–", "—"}
MAX_VALUE = 1e12  # larger is no count (the world holds 8e9 people): a typo, an ID or hostile input


@dataclass
class Number:
    """One number expression in a sentence (token indices into the document)."""

    start: int  # first token of the number itself (qualifier words excluded)
    end: int  # exclusive
    value: float
    value_max: Optional[float] = None
    qualifier: str = "exact"
    vague: bool = False
    money: bool = False
    q_start: int = -1  # first token of the qualifier, if any

    @property
    def text_start(self) -> int:
        return self.q_start if self.q_start >= 0 else self.start


def _word_value(words: list[str], lex: FigureLexicon) -> Optional[float]:
    """Value of a run of number words: "sixty six", "three and a half million", "a dozen"."""
    units, tens, scales = lex.units, lex.tens, lex.scales
    total, current, seen = 0.0, 0.0, False
    i = 0
    while i < len(words):
        w = words[i]
        if w in units:
            current += units[w]
            seen = True
        elif w in tens:
            current += tens[w]
            seen = True
        elif w in ("a", "an") and i + 1 < len(words) and words[i + 1] in scales:
            current += 1
            seen = True
        elif w == "half" and seen:
            current += 0.5
        elif w == "and" or w in HYPHENS:
            pass
        elif w in scales:
            if not seen and current == 0:
                current = 1
            s = scales[w]
            if s == 100:
                current *= 100
            elif s in (12, 20):
                current *= s
            else:
                total += current * s
                current = 0
            seen = True
        else:
            return None
        i += 1
    return total + current if seen else None


def is_number_word(t, lex: FigureLexicon) -> bool:
    w = t.lower_
    return w in lex.units or w in lex.tens or w in ("dozen",) or DIGITS.match(t.text) is not None \
        or DIGITS_SCALED.match(t.text) is not None


def _read_one(toks, i: int, lex: FigureLexicon) -> Optional[tuple[int, float]]:
    """The number that starts at toks[i]: (index after it, value)."""
    n = len(toks)
    t = toks[i]
    m = DIGITS_SCALED.match(t.text)
    if m:
        mult = {"m": 1e6, "bn": 1e9, "k": 1e3}[m.group(2).lower()]
        return i + 1, float(m.group(1)) * mult
    if DIGITS.match(t.text):
        v = float(t.text.replace(",", ""))
        j = i + 1
        if j < n and toks[j].lower_ in lex.scales and toks[j].lower_ not in ("score", "m") and toks[j].lower_ != "dozen":
            v *= lex.scales[toks[j].lower_]
            j += 1
        return j, v
    # words: take the longest run of number words (with "-", "and", "a", "half" inside)
    j = i
    words: list[str] = []
    while j < n:
        w = toks[j].lower_
        ok = w in lex.units or w in lex.tens or w in lex.scales and w not in ("m", "mn", "bn", "score")
        if not ok and words and w in HYPHENS | {"and", "a", "half"} and j + 1 < n:
            nxt = toks[j + 1].lower_
            ok = nxt in lex.units or nxt in lex.tens or nxt in lex.scales or nxt in HYPHENS | {"a", "half"}
            if w == "and" and not (toks[j - 1].text in HYPHENS or toks[j + 1].text in HYPHENS or nxt in lex.units
                                   and toks[j - 1].lower_ == "hundred"):
                ok = False  # "killed twelve and injured" / "five and 110": two numbers, not one
        if not ok and not words and w in ("a", "an") and j + 1 < n and toks[j + 1].lower_ in ("dozen", "hundred", "thousand", "million"):
            ok = True
        if not ok:
            break
        words.append(w)
        j += 1
    while words and words[-1] in HYPHENS | {"and", "a", "half"} and not (len(words) > 2 and words[-1] == "half"):
        words.pop()
        j -= 1
    if not words or words in (["a"], ["an"]):
        return None
    v = _word_value(words, lex)
    return (j, v) if v is not None else None


def _vague(toks, i: int, lex: FigureLexicon) -> Optional[tuple[int, float]]:
    """'hundreds', 'tens of thousands', 'dozens' (followed by 'of' or a noun, not 'hundreds of dollars')."""
    w = toks[i].lower_
    n = len(toks)
    if i + 2 < n and toks[i + 1].lower_ == "of" and f"{w} of {toks[i + 2].lower_}" in lex.vague:
        return i + 3, float(lex.vague[f"{w} of {toks[i + 2].lower_}"])
    if w in lex.vague:
        if w == "scores" and not (i + 1 < n and toks[i + 1].lower_ == "of"):
            return None
        return i + 1, float(lex.vague[w])
    return None


def scan(sent, lex: FigureLexicon, toks: Optional[Sequence] = None) -> list[Number]:
    """Every number expression of a spaCy sentence span that may be a count. `toks` is the
    sentence's tokens when the caller has them listed already (`list(sent)` builds each Token)."""
    toks = list(sent) if toks is None else toks
    out: list[Number] = []
    i = 0
    n = len(toks)
    quals = lex.qualifiers_before_sorted
    starts = lex.number_starts
    while i < n:
        t = toks[i]
        if t.lower_ not in starts and not t.text[:1].isdigit():
            i += 1  # no number begins here (what `_vague` and `is_number_word` would say, cheaper)
            continue
        read = None
        vague = False
        if t.ent_type_ not in lex.skip_entities or t.lower_ in lex.vague:
            read = _vague(toks, i, lex)
            vague = read is not None
            if read is None and (is_number_word(t, lex) or t.lower_ in ("a", "an")):
                read = _read_one(toks, i, lex)
        if read is None:
            i += 1
            continue
        j, value = read
        if not 0 <= value <= MAX_VALUE:  # "10^40", "1e400": no count of people or things
            i = j
            continue
        num = Number(start=t.i, end=toks[j - 1].i + 1, value=value, vague=vague)
        if vague:
            num.qualifier = lex.vague_qualifier
        # range: "20-30", "18,250 to 63,000", "between 20 and 30", "two or three"
        between = i > 0 and toks[i - 1].lower_ == "between"
        if not vague and j + 1 < n and (toks[j].text in HYPHENS or toks[j].lower_ in ("to", "or")
                                        or (between and toks[j].lower_ == "and")) and is_number_word(toks[j + 1], lex):
            r2 = _read_one(toks, j + 1, lex)
            if r2 is not None:
                j2, v2 = r2
                v2 = v2 if v2 <= MAX_VALUE else value
                if v2 <= value and toks[j].text in HYPHENS:
                    i = j2  # "3-1", "2-2": a score, or a phone number: no figure
                    continue
                if v2 > value:
                    num.value_max, num.end, j = v2, toks[j2 - 1].i + 1, j2
        # qualifier before ("more than", "at least", "nearly", ...) and after ("or more")
        for words, q in quals:
            k = len(words)
            if i - k >= 0 and [x.lower_ for x in toks[i - k:i]] == words:
                num.qualifier, num.q_start = q, toks[i - k].i
                break
        if between:
            num.q_start = toks[i - 1].i
        for phrase, q in lex.qualifiers_after.items():
            words = phrase.split()
            k = len(words)
            if j + k <= n and [x.lower_ for x in toks[j:j + k]] == words:
                num.qualifier = q
                break
            # "Sixty-six people or more": the phrase after the counted noun
            if j + k + 1 <= n and [x.lower_ for x in toks[j + 1:j + 1 + k]] == words and toks[j].pos_ == "NOUN":
                num.qualifier = q
                break
        if _excluded(toks, i, j, value, lex):
            i = j
            continue
        if i > 0 and (toks[i - 1].text in lex.currency_symbols or toks[i - 1].text.endswith("$")):
            num.money = True
        if j < n and toks[j].lemma_.lower() in {"dollar", "euro", "pound", "yuan", "rouble", "ruble", "shekel", "rupee"}:
            num.money = True
        out.append(num)
        i = j
    return out


def _excluded(toks, i: int, j: int, value: float, lex: FigureLexicon) -> bool:
    """Numbers that are never counts, decidable from the words around them."""
    first = toks[i]
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[j] if j < len(toks) else None
    if any(t.ent_type_ in ("PERCENT", "ORDINAL", "TIME") for t in toks[i:j]) and first.lower_ not in lex.vague:
        return True
    if nxt is not None and (nxt.text in ("%", ":") or nxt.lower_ in ("percent", "per", "p.m.", "a.m.", "pm", "am",
                                                                          "o'clock", "th", "st", "nd", "rd")):
        return True
    if prev is not None and prev.lower_ == "no":
        return True  # "no one is dead": a zero, read by the reader's own rule for "no"
    if prev is not None and (prev.lower_ in lex.label_before or prev.lemma_.lower() in lex.label_before):
        return True
    # "a 17-year-old", "17 years old", "3-day": the number modifies a unit through a hyphen
    if nxt is not None and nxt.text in HYPHENS and j + 1 < len(toks) and toks[j + 1].lemma_.lower() in lex.not_counts:
        return True
    # a year: four digits 1900-2099 written without a comma, unless it counts a noun right after it
    if j - i == 1 and re.fullmatch(r"(19|20)\d\d", first.text):
        after = nxt.lemma_.lower() if nxt is not None else ""
        counted = nxt is not None and nxt.pos_ in ("NOUN",) and first.dep_ == "nummod" and after not in lex.not_counts \
            and first.ent_type_ != "DATE" and not (prev is not None and prev.lower_ in ("in", "since", "of", "until", "by",
                                                                                        "from", "during", "before", "after"))
        if not counted:
            return True
    # part of a date: "January 4", "4 March 2019"
    from powderkeg.events.when import MONTHS

    if prev is not None and prev.lower_.rstrip(".") in MONTHS and value <= 31:
        return True
    if nxt is not None and nxt.lower_.rstrip(".") in MONTHS and value <= 31:
        return True
    if "." in first.text and not DIGITS.match(first.text):
        return True
    return False
