"""Builds tests/data/sentence_cases.yaml: gold events of the dev articles that powderkeg gets right,
each kept with its sentence (like PETRARCH's validation records). A case is kept only when the
sentence alone, analysed as a one-sentence document, still yields the gold event, so the case
does not depend on the rest of its article. A case of the earlier file that the default coder no
longer gets right stays, marked `miss` (the test expects it to fail, strictly: the mark comes off
when the coder gets it right again), so a change of coder does not quietly drop what was coded
before. Run from the repository root:

    .venv/bin/python tests/data/build_sentence_cases.py
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from powderkeg.coders import DEFAULT_CODER
from powderkeg.ingest.document import Document
from powderkeg.pipeline import Analyzer
from powderkeg.records import Event

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "data" / "gold" / "dev"
OUT = Path(__file__).with_name("sentence_cases.yaml")


def coded(analyzer: Analyzer, doc: Document, gold: dict) -> bool:
    for r in analyzer.analyse(doc).records:
        if isinstance(r, Event) and r.type == gold["type"] and not r.negated and not r.hypothetical \
                and set(gold["source"]) <= {a.country for a in r.source} \
                and set(gold["target"]) <= {a.country for a in r.target} \
                and (r.evidence.text in gold["evidence"] or gold["evidence"] in r.evidence.text):
            return True
    return False


def main() -> None:
    analyzer = Analyzer()
    articles = {json.loads(l)["id"]: json.loads(l) for l in (GOLD / "articles.jsonl").read_text().splitlines() if l}
    cases = []
    for f in sorted(GOLD.glob("*.json")):
        gold = json.loads(f.read_text())
        art = articles.get(gold["doc_id"])
        if art is None:
            continue
        whole = Document(doc_id=art["id"], text=art["text"], title=art.get("title"), date=art.get("date"))
        for g in gold.get("events") or []:
            if not g.get("source") or g.get("optional") or not coded(analyzer, whole, g):
                continue
            alone = Document(doc_id="case", text=g["evidence"], date=art.get("date"))
            if coded(analyzer, alone, g):
                cases.append({"doc_id": art["id"], "date": art.get("date"), "sentence": g["evidence"],
                              "type": g["type"], "source": list(g["source"]), "target": list(g["target"])})
    have = {(c["doc_id"], c["sentence"], c["type"]) for c in cases}
    if OUT.exists():
        for old in yaml.safe_load(OUT.read_text(encoding="utf-8")) or []:
            if (old["doc_id"], old["sentence"], old["type"]) not in have:
                old["miss"] = old.get("miss") or f"the {DEFAULT_CODER} coder does not code it alone"
                cases.append(old)
    header = ("# Sentence cases: gold events of data/gold/dev/articles.jsonl that powderkeg codes right, each\n"
              "# alone as a one-sentence document (built by build_sentence_cases.py; run per stage by\n"
              "# tests/test_sentence_cases.py: the resolver finds the countries, the coder the event).\n"
              "# `miss`: coded right once, not by today's default coder (expected to fail, strictly).\n")
    OUT.write_text(header + yaml.safe_dump(cases, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
    print(f"{len(cases)} cases -> {OUT}")


if __name__ == "__main__":
    main()
