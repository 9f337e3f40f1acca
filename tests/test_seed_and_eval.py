"""The founding article against its gold, and powderkeg's scorer against the shared one."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, SHARED

from powderkeg.eval import score as S

SEED = ROOT / "data" / "gold" / "dev" / "article.txt"
SEED_GOLD = ROOT / "data" / "gold" / "dev" / "article.json"


def _extract(path, out):
    r = subprocess.run([sys.executable, "-m", "powderkeg", "extract", str(path), "--format", "jsonl", "--out", str(out), "-q"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return [json.loads(l) for l in Path(out).read_text().splitlines()]


def test_seed_full_f1(tmp_path):
    recs = _extract(SEED, tmp_path / "seed.jsonl")
    gold = S.gold_events(S.load_gold_docs(str(SEED_GOLD)))
    res = S.score(gold, S.pred_events(recs, set(gold)))
    assert res["full"]["f1"] >= 0.75, res["full"]


@pytest.mark.skipif(not (SHARED / "tools" / "score_events.py").exists(), reason="shared scorer not beside the project")
def test_scorer_agrees_with_shared_scorer(tmp_path):
    recs = _extract(ROOT / "data" / "gold" / "dev" / "articles.jsonl", tmp_path / "dev.jsonl")
    gold_dir = ROOT / "data" / "gold" / "dev"
    docs = S.load_gold_docs(str(gold_dir))
    docs = [d for d in docs if d["doc_id"] != "article"]
    gold_jsonl = tmp_path / "gold.jsonl"
    gold_jsonl.write_text("".join(json.dumps(d) + "\n" for d in docs))
    shared = subprocess.run([sys.executable, str(SHARED / "tools" / "score_events.py"), str(gold_jsonl),
                             str(tmp_path / "dev.jsonl"), "--json"], capture_output=True, text=True)
    theirs = json.loads(shared.stdout)
    ours = subprocess.run([sys.executable, "-m", "powderkeg", "eval", "--gold", str(gold_jsonl), str(tmp_path / "dev.jsonl"),
                           "--json"], capture_output=True, text=True)
    mine = json.loads(ours.stdout)
    for level in ("type", "source", "full"):
        for k in ("precision", "recall", "f1", "tp", "fp", "fn"):
            assert mine[level][k] == theirs[level][k], (level, k)
