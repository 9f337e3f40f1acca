"""Every input form of records.md is read; bad input is reported, skipped, and never a crash."""
import json
import subprocess
import sys

from powderkeg.ingest import Document, Skip, iter_inputs

ARTICLE = ("Protesters marched in Belgrade on Tuesday against the government.\n"
           "Police fired tear gas at the crowd and arrested several people, officials said.")


def items(tmp_path, name, content, mode="w"):
    p = tmp_path / name
    if mode == "wb":
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return list(iter_inputs([str(p)]))


def test_txt_title_line_and_doc_id(tmp_path):
    [d] = items(tmp_path, "belgrade.txt", "Serbian protesters march\n" + ARTICLE)
    assert isinstance(d, Document)
    assert d.doc_id == "belgrade" and d.title == "Serbian protesters march"
    assert d.text.startswith("Serbian protesters march\n")


def test_jsonl_csv_and_directory(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "x1", "text": ARTICLE, "title": "Belgrade", "date": "2020-07-12"}) + "\n")
    (tmp_path / "b.csv").write_text('id,title,date,text\nc1,Belgrade,2020-07-13,"' + ARTICLE + '"\n')
    docs = list(iter_inputs([str(tmp_path)]))
    assert {d.doc_id for d in docs} == {"x1", "c1"}
    x1 = next(d for d in docs if d.doc_id == "x1")
    assert x1.date == "2020-07-12" and x1.text.startswith("Belgrade\n\n")


def test_html_boilerplate_removed(tmp_path):
    body = "".join(f"<p>{s}</p>" for s in ARTICLE.split("\n")) * 3
    html = (f"<html><head><title>Belgrade protests</title></head><body><nav>Home | Sports | Weather</nav>"
            f"<article><h1>Belgrade protests</h1>{body}</article><footer>Copyright 2020 Example News</footer></body></html>")
    [d] = items(tmp_path, "page.html", html)
    assert isinstance(d, Document), d
    assert "tear gas" in d.text and "Copyright" not in d.text and "Weather" not in d.text
    assert d.date is None  # a copyright year in the footer is no publication date


def test_html_publication_date_from_the_page_markup(tmp_path):
    body = "".join(f"<p>{s}</p>" for s in ARTICLE.split("\n")) * 3
    html = (f'<html><head><title>Belgrade protests</title><meta property="article:published_time" '
            f'content="2020-07-12T18:00:00Z"></head><body><article><h1>Belgrade protests</h1>{body}</article>'
            f"<footer>Copyright 2021 Example News</footer></body></html>")
    [d] = items(tmp_path, "page.html", html)
    assert d.date == "2020-07-12"


def test_bad_inputs_each_get_a_reason(tmp_path):
    cases = {
        "empty.txt": (b"", "empty"),
        "binary.txt": (b"\x00\x01\x02PK\x03\x04" * 50, "binary"),
        "latin1.txt": ("Protesters in Bogot\u00e1 marched against the government today.".encode("latin-1"), "not UTF-8"),
        "nohtml.html": (b"<html><body><nav>Home</nav></body></html>", "no article"),
        "french.txt": (("Les manifestants ont d\u00e9fil\u00e9 dans les rues de Paris contre la r\u00e9forme des retraites "
                        "du gouvernement, selon la police et les syndicats.").encode(), "not English"),
    }
    for name, (content, why) in cases.items():
        out = items(tmp_path, name, content, mode="wb")
        assert len(out) == 1 and isinstance(out[0], Skip), (name, out)
        assert name in out[0].message() and why in out[0].reason, (name, out[0].reason)


def test_malformed_jsonl_line_names_the_line_and_goes_on(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_text(json.dumps({"id": "ok1", "text": ARTICLE}) + "\n{not json\n" + json.dumps({"id": "ok2", "text": ARTICLE}) + "\n")
    out = list(iter_inputs([str(p)]))
    assert [type(o).__name__ for o in out] == ["Document", "Skip", "Document"]
    assert out[1].where.endswith("mixed.jsonl:2")


def test_cli_skips_bad_files_and_exit_code_says_so(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00\x00")
    r = subprocess.run([sys.executable, "-m", "powderkeg", "extract", str(tmp_path), "--format", "jsonl", "-q"],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert "bad.txt" in r.stderr and "Traceback" not in r.stderr
    kinds = [json.loads(l)["doc_id"] for l in r.stdout.splitlines()]
    assert kinds and set(kinds) == {"good"}


def test_stdin_jsonl():
    line = json.dumps({"id": "s1", "text": ARTICLE, "date": "2020-07-14"})
    r = subprocess.run([sys.executable, "-m", "powderkeg", "extract", "-", "--format", "jsonl", "-q"],
                       input=line + "\n", capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    recs = [json.loads(l) for l in r.stdout.splitlines()]
    assert recs and all(x["doc_id"] == "s1" for x in recs)
    # dates resolve from the publication date: "on Tuesday" before 2020-07-14 (a Tuesday) is that day
    assert any(x.get("date") == "2020-07-14" for x in recs if x["kind"] == "event")


def test_count_inputs_matches_what_is_read(tmp_path):
    """The progress bar's total: one per text file, JSONL line and CSV row; unknown for stdin."""
    from powderkeg.ingest import count_inputs

    (tmp_path / "a.txt").write_text("Title\n\n" + ARTICLE)
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "x1", "text": ARTICLE}) + "\n\n"
                                      + json.dumps({"id": "x2", "text": ARTICLE}) + "\n")
    (tmp_path / "c.csv").write_text('id,text\nc1,"' + ARTICLE + '"\nc2,"two\nlines"\n')
    assert count_inputs([str(tmp_path)]) == len(list(iter_inputs([str(tmp_path)]))) == 5
    assert count_inputs(["-"]) is None
