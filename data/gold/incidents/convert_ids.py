"""One-off: rewrite the document and event ids of pairs.jsonl from the old row-number scheme to the
stable ids of `powderkeg.ingest.identity` (kept to show how pairs.jsonl was converted, and to convert
another set of pairs judged on a store of the old scheme).

Old scheme: a row of a .csv (or a line of a .jsonl) without an `id` was `<file stem>-<n>`, n the 1-based
data row (`wikinews_2019-102` = the 102nd article of wikinews_2019.csv). New scheme: its url
(`https://en.wikinews.org//wiki/...`), else the stem and a hash of its text. Ids that had their own
`id` field (`voa-101`) or name a .txt file (`article`) do not change.

An event id is `<doc_id>#e<N>`. A url id may itself hold '#', so the suffix is split off at the LAST
'#e' followed by digits, and put back on the new document id unchanged.

    python data/gold/incidents/convert_ids.py ../shared/data/wikinews [--pairs data/gold/incidents/pairs.jsonl]
        [--write]      # without --write: print what would change, write nothing

Each row's new id is what the readers give (`powderkeg.ingest.iter_inputs` on the same file), and
the row is checked to be the same article (same text) under both numberings.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

EVENT = re.compile(r"^(?P<doc>.*)#e(?P<n>\d+)$")  # greedy: the last '#e<digits>'


def old_to_new(folder: Path) -> dict[str, str]:
    """{old id: new id} for every row of the .csv files in `folder`."""
    from powderkeg.ingest import Skip, iter_inputs

    mapping: dict[str, str] = {}
    for f in sorted(folder.glob("*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))  # the old numbering: csv.DictReader's data rows, from 1
        docs = list(iter_inputs([str(f)]))
        skips = [d for d in docs if isinstance(d, Skip)]
        if skips or len(docs) != len(rows):
            sys.exit(f"{f}: {len(rows)} rows but {len(docs)} documents read ({len(skips)} skipped): "
                     "cannot align the numberings")
        for n, (row, doc) in enumerate(zip(rows, docs), 1):
            if row.get("id"):
                continue  # had its own id: unchanged
            if row["text"].strip() not in doc.text:
                sys.exit(f"{f}: row {n} is not the article read as {doc.doc_id!r}")
            mapping[f"{f.stem}-{n}"] = doc.doc_id
    return mapping


def convert_event(ev: dict, mapping: dict[str, str]) -> dict:
    old_doc = ev["doc_id"]
    new_doc = mapping.get(old_doc, old_doc)
    m = EVENT.match(ev["id"])
    if not m or m.group("doc") != old_doc:
        sys.exit(f"event id {ev['id']!r} is not <doc_id>#e<N> for doc_id {old_doc!r}")
    return {**ev, "id": f"{new_doc}#e{m.group('n')}", "doc_id": new_doc}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", help="the folder of the .csv files the old ids number (../shared/data/wikinews)")
    ap.add_argument("--pairs", default=str(Path(__file__).with_name("pairs.jsonl")))
    ap.add_argument("--write", action="store_true", help="rewrite the pairs file in place")
    args = ap.parse_args(argv)
    mapping = old_to_new(Path(args.folder))
    lines = Path(args.pairs).read_text(encoding="utf-8").splitlines()
    out, changed = [], 0
    for line in lines:
        if not line.strip():
            continue
        p = json.loads(line)
        q = {**p, "a": convert_event(p["a"], mapping), "b": convert_event(p["b"], mapping)}
        changed += (q["a"]["doc_id"] != p["a"]["doc_id"]) + (q["b"]["doc_id"] != p["b"]["doc_id"])
        out.append(json.dumps(q, ensure_ascii=False))
    print(f"{len(out)} pairs, {changed} event references renamed", file=sys.stderr)
    if args.write:
        Path(args.pairs).write_text("\n".join(out) + "\n", encoding="utf-8")
    else:
        for a, b in zip(lines, out):
            if a != b:
                print(b)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
