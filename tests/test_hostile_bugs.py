"""Regression tests for the inputs that ended whole runs in a traceback (issue 14), each on real text."""
import json
import subprocess
import sys

from powderkeg.events.when import parse_pub, resolve_text
from powderkeg.ingest import Document

ARTICLE = ("Protesters marched in Belgrade on Tuesday against the government. "
           "Police fired tear gas at the crowd and arrested several people, officials said.")


def resolve(text, pub, future=False):
    return resolve_text(text, parse_pub(pub), future=future).date


def test_february_29_in_an_article_of_january_of_a_leap_year():
    assert resolve("Talks will resume on February 29, officials said.", "2024-01-10", future=True) == "2024-02-29"
    assert resolve("Talks ended on February 29, officials said.", "2024-03-10") == "2024-02-29"
    assert resolve("Talks ended on February 29, officials said.", "2024-01-10") == "2024-02-29"  # no 2023-02-29


def test_yesterday_and_weekdays_at_the_ends_of_the_calendar():
    assert resolve("Troops withdrew yesterday.", "0001-01-01") is None  # before the calendar: unknown
    assert resolve("Troops withdrew on Sunday.", "0001-01-01") in (None, "0001-01-01")
    assert resolve("Troops withdrew on December 30.", "9999-12-31") == "9999-12-30"
    assert resolve("Troops withdrew yesterday.", "9999-12-31") == "9999-12-30"
    assert resolve("Troops will withdraw tomorrow.", "9999-12-31", future=True) in (None, "9999-12-31")


def _analyse(texts, dates=None):
    from powderkeg.pipeline import Analyzer

    a = Analyzer()
    docs = [Document(doc_id=f"d{i}", text=t, date=(dates or {}).get(i, "2024-01-10")) for i, t in enumerate(texts)]
    return list(a.analyse_stream(docs))


def test_huge_figures_are_no_figures_and_json_stays_strict(tmp_path):
    zeros = "0" * 40
    text = (f"Officials said 1{zeros} people were killed in the shelling of Donetsk. "
            f"Another 1{'0' * 400} soldiers were wounded, and 25 people were arrested in Kyiv.")
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"id": "big", "text": text, "date": "2024-01-10"}) + "\n")
    db = tmp_path / "s.duckdb"
    r = subprocess.run([sys.executable, "-m", "powderkeg", "extract", str(p), "--format", "jsonl", "-q", "--workers", "1"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    recs = [json.loads(x, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c))) for x in r.stdout.splitlines()]
    values = [x["value"] for x in recs if x["kind"] == "figure"]
    assert 25 in values and all(v < 1e12 for v in values)
    r = subprocess.run([sys.executable, "-m", "powderkeg", "ingest", str(p), "--db", str(db), "-q", "--workers", "1"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "stored 1 documents" in r.stderr, r.stderr


def test_article_over_a_million_characters_is_skipped_and_the_next_is_kept(tmp_path):
    p = tmp_path / "long.jsonl"
    p.write_text(json.dumps({"id": "long", "text": (ARTICLE + " ") * 7000}) + "\n"
                 + json.dumps({"id": "ok", "text": ARTICLE, "date": "2020-07-14"}) + "\n")
    r = subprocess.run([sys.executable, "-m", "powderkeg", "extract", str(p), "--format", "jsonl", "-q", "--workers", "1"],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "long.jsonl:1" in r.stderr and "cap" in r.stderr and "Traceback" not in r.stderr
    assert {json.loads(x)["doc_id"] for x in r.stdout.splitlines()} == {"ok"}


def test_title_case_trigger_text_is_the_text_at_its_span():
    from powderkeg.pipeline import Analyzer

    a = Analyzer()
    body = "Russian forces attacked the city of Kharkiv on Monday, Ukrainian officials said."
    doc = Document.from_parts("t", body, "Russia Attacks Kharkiv As Ukraine Condemns Strikes", date="2022-03-01")
    recs = a.analyse(doc).records
    triggers = [r.trigger for r in recs if getattr(r, "trigger", None)]
    assert triggers
    for t in triggers:
        assert doc.text[t.span[0]:t.span[1]] == t.text
    assert any(t.span[0] < doc.title_end for t in triggers)
