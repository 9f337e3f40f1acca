"""Relations and stances carry modality; one document's failure is a skip; stored documents
record what produced them and are re-analysed when that changes."""
import json
import subprocess
import sys

import duckdb


def _relations(analyzer, text):
    from powderkeg.ingest.document import Document
    from powderkeg.records import Relation

    doc = Document.from_parts("t", text, None, date="2024-03-05")
    return [r for r in analyzer.analyse(doc).records if isinstance(r, Relation)]


def test_conditional_backing_is_hypothetical(analyzer):
    rels = _relations(analyzer, "Iran would back Hamas if Israel invaded Lebanon.")
    backs = [r for r in rels if r.relation == "backs"]
    assert backs and all(r.hypothetical for r in backs)


def test_plain_backing_is_not_hypothetical(analyzer):
    rels = _relations(analyzer, "Iran backs Hamas, officials said.")
    backs = [r for r in rels if r.relation == "backs"]
    assert backs and not any(r.hypothetical or r.negated for r in backs)


def test_one_failing_document_is_a_skip(analyzer, monkeypatch):
    from powderkeg.ingest.document import Document
    from powderkeg.pipeline import Analysis, Failure

    docs = [Document.from_parts(f"d{i}", "Israel struck Gaza on Monday.", None, date="2024-03-05") for i in range(3)]
    real = analyzer._from_spacy

    def flaky(doc, sdoc):
        if doc.doc_id == "d1":
            raise RuntimeError("boom")
        return real(doc, sdoc)

    monkeypatch.setattr(analyzer, "_from_spacy", flaky)
    out = list(analyzer.analyse_stream(docs))
    assert [type(x) for x in out] == [Analysis, Failure, Analysis]
    assert "d1" in out[1].message() and "boom" in out[1].message()


def _run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "powderkeg", *args], capture_output=True, text=True, env=env)


def test_ingest_records_coder_hash_and_reanalyses_stale(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "d1", "text": "Israel struck Gaza on Monday.", "date": "2024-03-05"}) + "\n")
    db = tmp_path / "pk.duckdb"
    assert _run("ingest", str(src), "--db", str(db), "-q").returncode == 0
    con = duckdb.connect(str(db))
    version, coder = con.execute("SELECT powderkeg_version, coder_hash FROM documents").fetchone()
    assert version and coder
    con.execute("UPDATE documents SET coder_hash = 'old'")
    con.close()
    r = _run("ingest", str(src), "--db", str(db), "-q", "--keep-stale")
    assert "1 already stored" in r.stderr
    r = _run("ingest", str(src), "--db", str(db), "-q")
    assert "1 re-analysed" in r.stderr, r.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT coder_hash FROM documents").fetchone()[0] == coder
    con.close()
