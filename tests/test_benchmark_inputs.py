"""The scale benchmark's inputs: repeated articles keep unique ids and, with --shift-days, move on
in time; the parse-only process parses the same characters as powderkeg (title and body)."""
import importlib.util
import json
from datetime import date

from helpers import ROOT


def _scale():
    spec = importlib.util.spec_from_file_location("scale", ROOT / "benchmarks" / "scale.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_repetitions_are_unique_and_dated_later(tmp_path):
    scale = _scale()
    rows = scale.articles(3)
    out = [json.loads(l) for l in scale.write_jsonl(rows, tmp_path / "r.jsonl", repeat_to=8, shift_days=10).open()]
    assert len(out) == 8 and len({r["id"] for r in out}) == 8
    for n, r in enumerate(out):
        src = rows[n % 3]
        assert (date.fromisoformat(r["date"]) - date.fromisoformat(src["date"][:10])).days == 10 * (n // 3)
        assert r["text"] == src["text"]
    same = [json.loads(l) for l in scale.write_jsonl(rows, tmp_path / "s.jsonl", repeat_to=8).open()]
    assert [r["date"] for r in same] == [rows[n % 3]["date"] for n in range(8)]


def test_parse_only_reads_the_title_and_the_body(tmp_path):
    scale = _scale()
    rows = scale.articles(2)
    src = scale.write_jsonl(rows, tmp_path / "a.jsonl")
    texts = [json.loads(l)["text"] for l in scale.write_parse_texts(src, tmp_path / "p.jsonl").open()]
    for row, text in zip(rows, texts):
        assert text.startswith(row["title"]) and text.endswith(row["text"])
        assert len(text) > len(row["text"])
