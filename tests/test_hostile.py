"""The bad-input corpus: every case read as far as it can be, refused in one line naming file and
line, the rest processed, no traceback. Reader-level cases run in-process (fast); a few go through
the command line to check messages, exit codes and that good neighbours are kept."""
import codecs
import json
import os
import subprocess
import sys

import pytest

from powderkeg.ingest import Document, Skip, iter_inputs
from powderkeg.ingest.readers import Options, iso_date

ARTICLE = ("Protesters marched in Belgrade on Tuesday against the government. "
           "Police fired tear gas at the crowd and arrested several people, officials said.")
ROW = {"id": "ok", "text": ARTICLE, "date": "2020-07-14"}


def read(path, **kw):
    return list(iter_inputs([str(path)], options=Options(**kw) if kw else None))


def kinds(out):
    return ["D" if isinstance(o, Document) else "S" for o in out]


def run(*args, stdin=None, binary=False):
    return subprocess.run([sys.executable, "-m", "powderkeg", *map(str, args)], input=stdin,
                          capture_output=True, text=not binary)


# ---------------------------------------------------------------- encodings
@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_encodings_with_and_without_bom_are_read(tmp_path, enc):
    p = tmp_path / "a.txt"
    p.write_bytes(("Belgrade protests\n" + ARTICLE + " Bogot\u00e1.").encode(enc))
    [d] = read(p)
    assert isinstance(d, Document), d
    assert d.title == "Belgrade protests" and d.text.endswith("Bogot\u00e1.") and "\ufeff" not in d.text


def test_utf16_jsonl_and_bom_csv(tmp_path):
    j = tmp_path / "a.jsonl"
    j.write_bytes((json.dumps(ROW) + "\n" + json.dumps({**ROW, "id": "ok2"}) + "\n").encode("utf-16"))
    assert [d.doc_id for d in read(j)] == ["ok", "ok2"]
    c = tmp_path / "b.csv"
    c.write_bytes(codecs.BOM_UTF8 + f'text,id\n"{ARTICLE}",c1\n'.encode())
    assert [d.doc_id for d in read(c)] == ["c1"]
    bj = tmp_path / "c.jsonl"  # a BOM no longer costs the first line
    bj.write_bytes(codecs.BOM_UTF8 + (json.dumps(ROW) + "\n").encode())
    assert [d.doc_id for d in read(bj)] == ["ok"]


def test_one_bad_line_costs_one_line_not_the_file(tmp_path):
    rows = [json.dumps({**ROW, "id": f"r{i}"}).encode() for i in range(200)]
    rows[50] = json.dumps({**ROW, "id": "latin"}, ensure_ascii=False).encode().replace(b"Belgrade", "Bogot\u00e1".encode("latin-1"))
    rows[120] = rows[120].replace(b"Police", b"Pol\x00ice")
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b"\n".join(rows) + b"\n")
    out = read(p)
    skips = [o for o in out if isinstance(o, Skip)]
    assert len(out) == 200 and len(skips) == 2
    assert skips[0].where.endswith("mixed.jsonl:51") and "not UTF-8" in skips[0].reason and "column" in skips[0].reason
    assert skips[1].where.endswith("mixed.jsonl:121") and "NUL" in skips[1].reason


def test_csv_bad_line_costs_that_row(tmp_path):
    p = tmp_path / "feed.csv"
    p.write_bytes(b"id,text\n" + f'a,"{ARTICLE}"\n'.encode() + b'b,"Caf\xe9 ' + ARTICLE.encode() + b'"\n'
                  + f'c,"{ARTICLE}"\n'.encode())
    out = read(p)
    assert kinds(out) == ["D", "S", "D"] and out[1].where.endswith("feed.csv:3")


def test_latin1_and_binary_refused_in_one_line(tmp_path):
    (tmp_path / "latin1.txt").write_bytes(("Police in Bogot\u00e1 said. " + ARTICLE).encode("latin-1"))
    (tmp_path / "bin.html").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    out = read(tmp_path)
    assert len(out) == 2 and all(isinstance(o, Skip) for o in out)  # an empty JSONL has no line to skip
    assert "offset" in out[1].reason and "binary" in out[0].reason


def test_html_declared_charset(tmp_path):
    body = "".join(f"<p>{ARTICLE} Caf\u00e9 number {i}.</p>" for i in range(3))
    html = f'<html><head><meta charset="iso-8859-1"><title>Belgrade</title></head><body><article>{body}</article></body></html>'
    (tmp_path / "p.html").write_bytes(html.encode("latin-1"))
    [d] = read(tmp_path / "p.html")
    assert isinstance(d, Document) and "Caf\u00e9" in d.text


# ---------------------------------------------------------------- JSONL fields and types
def test_wrong_types_and_missing_fields_each_one_line(tmp_path):
    lines = [json.dumps(x) for x in ({"text": 5}, {"text": None}, [1, 2], "just a string", {"title": "x"},
                                     {"text": ["a"]}, {"id": {"x": 1}, "text": ARTICLE}, {"text": ""})]
    lines.append("[" * 100000)  # deeply nested JSON
    p = tmp_path / "types.jsonl"
    p.write_text("\n".join(lines) + "\n")
    out = read(p)
    assert kinds(out) == ["S", "S", "S", "S", "S", "S", "D", "S", "S"]
    assert "'text' is int" in out[0].reason and "no 'text' field" in out[1].reason and "list" in out[2].reason
    assert all(o.where.endswith(f"types.jsonl:{i}") for i, o in enumerate(out, 1) if isinstance(o, Skip))


def test_lone_surrogates_and_control_characters_keep_offsets(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text('{"id": "s", "text": "Protesters \\ud800marched in Belgrade\\u0007 on Tuesday against the government. '
                 'Police fired tear gas, officials said."}\n')
    [d] = read(p)
    assert "\ufffd" in d.text and "\x07" not in d.text and len(d.text) == len(json.loads(p.read_text())["text"])
    d.text.encode("utf-8")  # storable


def test_zero_width_characters_and_name_heavy_english_are_kept(tmp_path):
    texts = ["Arab League Secretary General Chadli Klibi undertook mediation mission between Syria and "
             "Palestinian leader Yasser Arafat.",
             "Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Sochi.",
             "\u200b".join(ARTICLE.split(" "))]
    p = tmp_path / "names.jsonl"
    p.write_text("".join(json.dumps({"id": f"n{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    assert kinds(read(p)) == ["D", "D", "D"]


def test_other_languages_numbers_and_punctuation_are_refused(tmp_path):
    texts = {"de": "Die Regierung hat heute beschlossen, die Truppen aus dem Norden des Landes abzuziehen, sagte ein Sprecher.",
             "ru": "Президент России Владимир Путин встретился с президентом Турции в Сочи во вторник.",
             "num": "12345 678 9 ,,, !!! 3.14 -- 2020",
             "punct": "... !!! ??? ;;; ---"}
    p = tmp_path / "other.jsonl"
    p.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in texts.items()))
    out = read(p)
    assert kinds(out) == ["S"] * 4
    assert "not English" in out[0].reason and "not English" in out[1].reason and "no words" in out[2].reason


def test_date_without_year_or_day_is_not_invented():
    assert iso_date("March") is None and iso_date("March 2020") is None
    assert iso_date("March 5, 2020") == "2020-03-05" and iso_date("2020-03-05T10:00:00Z") == "2020-03-05"
    assert iso_date("x" * 10_000) is None


# ---------------------------------------------------------------- sizes
def test_article_over_the_cap_is_skipped_with_its_length(tmp_path):
    big = (ARTICLE + " ") * 1700  # 255k characters
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"id": "big", "text": big}) + "\n" + json.dumps(ROW) + "\n")
    out = read(p)
    assert kinds(out) == ["S", "D"] and "cap" in out[0].reason and "characters" in out[0].reason
    assert kinds(read(p, max_chars=300_000)) == ["D", "D"]


def test_huge_line_and_huge_file_are_not_read_into_memory(tmp_path):
    p = tmp_path / "huge.jsonl"
    with open(p, "wb") as f:
        f.write(b'{"id": "h", "text": "' + b"a" * 3_000_000 + b'"}\n')
        f.write((json.dumps(ROW) + "\n").encode())
    out = read(p)
    assert kinds(out) == ["S", "D"] and "size cap" in out[0].reason
    t = tmp_path / "huge.txt"
    t.write_bytes(b"word " * 5_000_000)  # 25 MB
    [s] = read(t)
    assert isinstance(s, Skip) and "size cap" in s.reason


def test_csv_without_text_column_lists_columns_and_text_column_option(tmp_path):
    p = tmp_path / "feed.csv"
    p.write_text(f'id,body\nx,"{ARTICLE}"\n')
    [s] = read(p)
    assert "no 'text' column" in s.reason and "'body'" in s.reason and "--text-column" in s.reason
    assert [d.doc_id for d in read(p, text_column="body")] == ["x"]


# ---------------------------------------------------------------- files and folders
def test_ids_unique_across_folders_and_stable_under_row_shifts(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "feed.csv").write_text(f'text\n"{ARTICLE} In {sub}."\n')
        (tmp_path / sub / "note.txt").write_text(f"{ARTICLE} In {sub}.")
    ids = [d.doc_id for d in read(tmp_path)]
    assert len(ids) == len(set(ids)) == 4 and "a/note" in ids
    one = tmp_path / "one.csv"
    one.write_text(f'text\n"{ARTICLE} First."\n"{ARTICLE} Second."\n')
    before = {d.text: d.doc_id for d in read(one)}
    one.write_text(f'text\n"{ARTICLE} New."\n"{ARTICLE} First."\n"{ARTICLE} Second."\n')
    after = {d.text: d.doc_id for d in read(one)}
    assert all(after[t] == i for t, i in before.items())


def test_same_id_twice_in_a_run_is_said(tmp_path):
    p = tmp_path / "dup.jsonl"
    p.write_text(json.dumps(ROW) + "\n" + json.dumps({**ROW, "text": ARTICLE + " Again."}) + "\n" + json.dumps(ROW) + "\n")
    out = read(p)
    assert kinds(out) == ["D", "S", "S"] and "used twice" in out[1].reason and "duplicate" in out[2].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_subfolder_is_reported(tmp_path):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(ARTICLE)
    os.chmod(tmp_path / "locked", 0)
    try:
        out = read(tmp_path)
    finally:
        os.chmod(tmp_path / "locked", 0o755)
    assert any(isinstance(o, Skip) and "cannot read folder" in o.reason for o in out)


def test_symlink_loop_broken_link_and_odd_names(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    (tmp_path / "d" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    odd = os.path.join(os.fsencode(tmp_path / "d"), b"caf\xe9 \n-name.txt")
    with open(odd, "wb") as f:
        f.write(ARTICLE.encode())
    out = read(tmp_path)
    reasons = [o.reason for o in out if isinstance(o, Skip)]
    assert any("loop" in r for r in reasons) and any("broken" in r for r in reasons)
    [doc] = [o for o in out if isinstance(o, Document)]
    assert "\\xe9" in doc.doc_id and "\\xe9" in doc.path
    doc.path.encode("utf-8")


def test_html_nested_deeply_and_scripts_only(tmp_path):
    (tmp_path / "deep.html").write_text("<html><body>" + "<div>" * 10_000 + f"<p>{ARTICLE}</p>" + "</div>" * 10_000 + "</body></html>")
    (tmp_path / "scripts.html").write_text("<html><head><script>var a=1;</script></head><body><form><input name=q>"
                                           "</form><script>alert(1)</script></body></html>")
    out = read(tmp_path)
    assert len(out) == 2 and isinstance(out[1], Skip) and "no article text" in out[1].reason
    assert isinstance(out[0], (Document, Skip))  # read or refused in one line, never a crash


# ---------------------------------------------------------------- the command line
def test_stdin_plain_text_and_non_utf8_bytes():
    r = run("extract", "-", "--format", "jsonl", "-q", "--workers", "1", stdin="Belgrade protests\n\n" + ARTICLE + "\n")
    assert r.returncode == 0, r.stderr
    assert {json.loads(x)["doc_id"] for x in r.stdout.splitlines()} == {"stdin-" + __import__("hashlib").sha256(
        ("Belgrade protests\n\n" + ARTICLE + "\n").encode()).hexdigest()[:12]}
    good = json.dumps(ROW).encode()
    r = run("extract", "-", "--format", "jsonl", "-q", "--workers", "1",
            stdin=good + b"\n" + b'{"id": "bad", "text": "caf\xe9 ' + ARTICLE.encode() + b'"}\n' + good.replace(b'"ok"', b'"ok2"') + b"\n",
            binary=True)
    err = r.stderr.decode()
    assert r.returncode == 1 and "<stdin>:2" in err and "Traceback" not in err
    assert {json.loads(x)["doc_id"] for x in r.stdout.decode().splitlines()} == {"ok", "ok2"}


def test_exit_codes_and_bad_paths(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    r = run("ingest", tmp_path / "a.txt", "--db", tmp_path / "no" / "such" / "x.duckdb", "-q", "--workers", "1")
    assert r.returncode == 2 and "does not exist" in r.stderr and "Traceback" not in r.stderr
    r = run("extract", tmp_path / "a.txt", "--out", tmp_path / "no" / "x.jsonl", "-q")
    assert r.returncode == 2 and "--out" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    (tmp_path / "junk.duckdb").write_bytes(b"not a database" * 100)
    r = run("conflicts", "--db", tmp_path / "junk.duckdb")
    assert r.returncode == 2 and "junk.duckdb" in r.stderr and "Traceback" not in r.stderr
    r = run("ingest", tmp_path / "a.txt", "--no-such-flag")
    assert r.returncode == 2 and "usage: powderkeg ingest" in r.stderr


def test_reader_during_ingest_gets_one_line(tmp_path):
    from powderkeg.store.duck import Store

    db = tmp_path / "s.duckdb"
    writer = subprocess.Popen([sys.executable, "-c", f"from powderkeg.store.duck import Store; import time; "
                               f"s = Store({str(db)!r}); print('open', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "open"
        r = run("conflicts", "--db", db)
        assert r.returncode == 2 and "in use by another powderkeg process" in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    finally:
        writer.kill()
        writer.wait()
    Store(str(db), read_only=True).close()


def test_actor_lookup_any_case():
    r = run("actors", "--lookup", "putin")
    assert r.returncode == 0 and "Vladimir Putin" in r.stdout
