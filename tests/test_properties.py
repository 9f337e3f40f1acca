"""Property-based tests (hypothesis, fixed small budgets): readers, number and date parsers and the
record serialiser never raise on any input and keep their contracts."""
import datetime as dt
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from powderkeg.ingest import Document, Skip, iter_inputs
from powderkeg.ingest.encoding import clean_text, decode, printable
from powderkeg.ingest.readers import iso_date

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ARTICLE = "Police fired tear gas at protesters in Belgrade on Tuesday, officials said."

lines = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda d: json.dumps(d).encode(), st.dictionaries(st.sampled_from(["id", "text", "title", "date", "url"]),
                                                              st.one_of(st.none(), st.integers(), st.text(max_size=60),
                                                                        st.just(ARTICLE), st.lists(st.integers())))),
    st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@FAST
@given(st.lists(lines, max_size=8), st.sampled_from([".jsonl", ".csv", ".txt"]),
       st.sampled_from([b"", b"\xef\xbb\xbf"]))
def test_readers_never_raise_and_name_file_and_line(tmp_path, rows, ext, bom):
    p = tmp_path / f"in{ext}"
    body = b"\n".join(rows)
    p.write_bytes(bom + (b"text,id\n" if ext == ".csv" else b"") + body)
    out = list(iter_inputs([str(p)]))
    for o in out:
        assert isinstance(o, (Document, Skip))
        if isinstance(o, Skip):
            assert o.where.startswith(str(p)) and o.reason and "\n" not in o.reason
        else:
            o.text.encode("utf-8")  # storable: no lone surrogate
            assert o.text.strip() and o.doc_id
    if ext == ".jsonl":
        # one line costs at most one item (a generated row may itself hold a newline: it is two lines)
        assert len(out) <= (body.count(b"\n") + 1 if rows else 0)


@FAST
@given(st.binary(max_size=300))
def test_decode_gives_text_or_a_reason(raw):
    text, why = decode(raw)
    assert (text is None) != (why is None)
    if text is not None:
        text.encode("utf-8")


@FAST
@given(st.text(max_size=200))
def test_clean_text_keeps_length_and_is_storable(t):
    c = clean_text(t)
    assert len(c) == len(t)
    c.encode("utf-8")
    printable(t).encode("utf-8")


@FAST
@given(st.text(max_size=40))
def test_iso_date_is_a_real_date_or_none(s):
    d = iso_date(s)
    assert d is None or dt.date.fromisoformat(d)


@FAST
@given(st.lists(st.sampled_from(["February", "29", "yesterday", "on Sunday", "December 31", "March", "2024",
                                  "last night", "1", "0", "31", ",", "Feb", "today"]) | st.text(max_size=4), max_size=12),
       st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), st.booleans())
def test_event_dates_never_raise(words, pub, future):
    """Any text against any publication date: a real date with its precision and source, or unknown
    (the text gives none, or the arithmetic leaves the calendar); never an exception."""
    from powderkeg.events.when import parse_pub, resolve_text

    pubd = parse_pub(pub.isoformat())
    assert pubd == pub
    w = resolve_text(" ".join(words), pubd, future=future)
    if w.known:
        assert dt.date.fromisoformat(w.date)
        assert w.precision in ("day", "week", "month", "year") and w.source in ("explicit", "relative")
        assert w.end is None or dt.date.fromisoformat(w.end)
    else:
        assert (w.precision, w.source, w.end) == (None, None, None)


@pytest.fixture(scope="module")
def figure_lexicon():
    from powderkeg.figures.lexicon import FigureLexicon
    from powderkeg.vocabulary import read_vocabulary

    return FigureLexicon(read_vocabulary()["figures"])


@FAST
@given(st.lists(st.one_of(st.integers(min_value=0, max_value=10**60).map(str), st.floats(allow_nan=True).map(str),
                          st.sampled_from(["million", "billion", "thousand", "hundreds", "dozen", "people", "killed",
                                           "between", "and", "to", "-", "at", "least", "1,000,000", "2bn", "1e400"])),
                max_size=12))
def test_numbers_are_finite_counts(figure_lexicon, words):
    import spacy

    from powderkeg.figures.numbers import MAX_VALUE, scan

    sent = spacy.blank("en")(" ".join(words))[:]
    for num in scan(sent, figure_lexicon):
        assert 0 <= num.value <= MAX_VALUE and math.isfinite(num.value)
        assert num.value_max is None or num.value_max <= MAX_VALUE


@FAST
@given(st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=10))
def test_record_lines_are_strict_json(d):
    from powderkeg.run.commands import _safe_json

    line = _safe_json({"kind": "figure", "value": d})
    json.loads(line, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
    assert "\n" not in line


@pytest.mark.parametrize("crash", sorted((__import__("helpers").ROOT / "tests" / "data" / "fuzz_crashes").glob("*")),
                         ids=lambda p: p.name)
def test_fuzz_crashes_stay_fixed(tmp_path, crash):
    """Inputs that crashed a reader (kept by benchmarks/fuzz_readers.py), read as every input form."""
    data = crash.read_bytes()
    for ext in (".jsonl", ".csv", ".txt", ".html"):
        p = tmp_path / f"in{ext}"
        p.write_bytes(data)
        for o in iter_inputs([str(p)]):
            assert isinstance(o, (Document, Skip))
