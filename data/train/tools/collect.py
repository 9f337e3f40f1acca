"""Turn the annotators' per-article files into the training corpus `data/train/sentences.jsonl`.

Each annotator wrote `out/<ANN>/<article_id>.jsonl`, one line per sentence, spans as exact text
(plus `nth` for a repeated string). Here every span gets its character offsets in the sentence,
so the corpus is self-contained. An article annotated twice (for agreement) goes into the corpus
once: the copy of the annotator whose packet it belonged to (the first of the two to hold it in
`assign.json` order is the overlap copy); both copies go to `double/` for the agreement report.

It also writes `articles.jsonl`: each annotated article's document text (as powderkeg reads it)
up to the end of its last annotated sentence, so training parses sentences in their article.

usage: python data/train/tools/collect.py ANNOT_DIR SENTENCES_JSONL ASSIGN_JSON OUT_DIR SHARED_DATA
"""
from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path


WHOLE_WORD_NTH = {"T5"}  # annotators who counted `nth` over whole words (round 2 was told to)


def _occurrences(text: str, needle: str, whole: bool) -> list[int]:
    if whole:
        pat = (r"(?<!\w)" if needle[:1].isalnum() else "") + re.escape(needle) + (r"(?!\w)" if needle[-1:].isalnum() else "")
        return [m.start() for m in re.finditer(pat, text)]
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def locate(text: str, needle: str, nth: int = 1, ann: str = "") -> tuple[int, int] | None:
    """Offsets of the nth occurrence of `needle`. Annotators counted `nth` two ways (raw matches,
    or whole words only); a raw match inside another word ("he" in "the") is never meant."""
    nth = max(1, nth or 1)
    whole = _occurrences(text, needle, True)
    raw = _occurrences(text, needle, False)
    if ann in WHOLE_WORD_NTH or ann.startswith("R"):
        occ = whole or raw
    else:
        occ = raw if len(raw) >= nth and raw[nth - 1] in whole else (whole or raw)
    if not occ:
        return None
    at = occ[min(nth, len(occ)) - 1]
    return at, at + len(needle)


def span_of(sent: str, a: dict, ann: str) -> dict:
    out = {"text": a.get("text"), "country": a.get("country")}
    if a.get("text"):
        loc = locate(sent, a["text"], a.get("nth", 1), ann)
        out["start"], out["end"] = loc if loc else (None, None)
    return out


def convert(line: dict, sent: dict, ann: str) -> dict:
    events = []
    for e in line.get("events", []):
        tr = locate(sent["text"], e["trigger"], e.get("trigger_nth", 1), ann)
        events.append({"type": e["type"], "mode": e.get("mode"),
                       "trigger": {"text": e["trigger"], "start": tr[0] if tr else None, "end": tr[1] if tr else None},
                       "source": [span_of(sent["text"], a, ann) for a in e.get("source", []) or []],
                       "target": [span_of(sent["text"], a, ann) for a in e.get("target", []) or []],
                       "negated": bool(e.get("negated")), "hypothetical": bool(e.get("hypothetical")),
                       "optional": bool(e.get("optional"))})
    return {"article_id": sent["article_id"], "sent": sent["sent"], "start": sent["start"], "end": sent["end"],
            "text": sent["text"], "date": sent["date"], "source": sent["source"], "url": sent["url"],
            "annotator": ann, "events": events}


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] is not None and b["start"] is not None and a["start"] < b["end"] and b["start"] < a["end"]


def adjudicate(corpus: list[dict], double: dict) -> None:
    """Settle the doubly annotated sentences by the rule in docs/annotation.md: an event both
    annotators coded (overlapping triggers, same type) stays as the packet's owner coded it; an
    event only one of them coded is kept as `optional` (a defensible reading); when the triggers
    overlap but the types differ, the owner's reading stays and is marked optional."""
    second = {}
    for (art, _rnd), v in double.items():
        for who, conv in v.items():
            if not who.startswith("main:"):
                for sent in conv:
                    second[(art, sent["sent"])] = sent
    for sent in corpus:
        other = second.get((sent["article_id"], sent["sent"]))
        if other is None:
            continue
        sent["adjudicated"] = True
        used = set()
        for e in sent["events"]:
            match = next((j for j, o in enumerate(other["events"]) if j not in used
                          and _overlaps(e["trigger"], o["trigger"])), None)
            if match is None or other["events"][match]["type"] != e["type"]:
                e["optional"] = True
            if match is not None:
                used.add(match)
        for j, o in enumerate(other["events"]):
            if j not in used:
                sent["events"].append({**o, "optional": True})


def write_articles(shared: Path, corpus: list[dict], out: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from prepare import load_articles  # noqa: E402
    from powderkeg.ingest.document import Document  # noqa: E402

    ends: dict[str, int] = {}
    for s in corpus:
        ends[s["article_id"]] = max(ends.get(s["article_id"], 0), s["end"])
    from prepare_synthetic import stories  # noqa: E402

    synthetic = [{"id": r["id"], "title": None, "date": None, "url": None, "source": "synthetic (NGEC, MIT)",
                  "body": r["text"].strip()} for r in stories()]
    seed_text = (shared / "seed" / "article.txt").read_text(encoding="utf-8")
    seed_title = seed_text.partition("\n")[0].strip()
    seed = [{"id": "seed-article", "title": seed_title, "date": "2023-11-05", "url": None,
             "source": "ICARO Media Group (seed)", "body": seed_text}]
    with open(out / "articles.jsonl", "w") as f:
        for a in load_articles(shared) + synthetic + seed:
            if a["id"] not in ends:
                continue
            doc = Document.from_parts(a["id"], a["body"], a["title"]) if a["id"] != "seed-article" else \
                Document(doc_id=a["id"], text=a["body"], title=a["title"], title_end=len(a["title"]))
            f.write(json.dumps({"id": a["id"], "title": a["title"], "date": a["date"], "url": a["url"],
                                "source": a["source"], "title_end": doc.title_end,
                                "text": doc.text[:ends[a["id"]]]}, ensure_ascii=False) + "\n")


def main(annot: Path, sentences: Path, assign_path: Path, out: Path, shared: Path) -> None:
    sents = {}
    for path in (sentences, sentences.parent / "cut_synthetic.jsonl", sentences.parent / "cut_synthetic_2.jsonl",
                 sentences.parent / "cut_seed.jsonl"):
        if not path.exists():
            continue
        for l in open(path):
            s = json.loads(l)
            sents[(s["article_id"], s["sent"])] = s
    assign = json.load(open(assign_path))
    # the second annotator of each doubly annotated (article, round): round 1 keys the overlap by
    # packet number (0 -> T1), round 2 by packet name
    overlap_of = {(a, "T"): f"T{int(k) + 1}" for k, arts in assign["overlap"].items() for a in arts}
    r2 = assign.get("round2", {"assign": {}, "overlap": {}})
    overlap_of.update({(a, "R"): ann for ann, arts in r2["overlap"].items() for a in arts})
    syn = assign.get("synthetic", {"assign": {}, "overlap": {}})
    overlap_of.update({(a, "S"): ann for ann, arts in syn["overlap"].items() for a in arts})
    ann_of = sorted(list(assign["assign"]) + list(r2["assign"]) + list(syn["assign"]) + ["K1"])
    corpus, double = [], {}
    for ann in sorted(ann_of):
        for p in sorted((annot / "out" / ann).glob("*.jsonl")):
            art = p.stem
            lines = [json.loads(l) for l in open(p) if l.strip()]
            conv = [convert(l, sents[(art, l["sent"])], ann) for l in lines if (art, l["sent"]) in sents]
            key = (art, ann[0])
            if overlap_of.get(key) == ann:
                double.setdefault(key, {})[ann] = conv
                continue
            double.setdefault(key, {})["main:" + ann] = conv
            corpus.extend(conv)
    # both copies as the annotators wrote them, before adjudication adds the other copy's events
    # to the main one (agreement measured on adjudicated copies would be inflated)
    as_written = copy.deepcopy(double)
    adjudicate(corpus, double)
    out.mkdir(parents=True, exist_ok=True)
    corpus.sort(key=lambda s: (s["article_id"], s["sent"]))
    # the second synthetic sample is kept apart: annotated and measured, but training on it did not
    # help (data/train/README.md), so `make train` does not read it
    second_cut = sentences.parent / "cut_synthetic_2.jsonl"
    second = {json.loads(l)["article_id"] for l in open(second_cut)} if second_cut.exists() else set()
    unused = [s for s in corpus if s["article_id"] in second]
    corpus = [s for s in corpus if s["article_id"] not in second]
    for name, part in (("sentences.jsonl", corpus), ("unused_synthetic_2.jsonl", unused)):
        with open(out / name, "w") as f:
            for s in part:
                f.write(json.dumps(s, ensure_ascii=False) + "\n")
    pairs = {a: v for a, v in as_written.items() if len(v) == 2}
    with open(out / "double.jsonl", "w") as f:
        for (a, _round), v in sorted(pairs.items()):
            for who, conv in sorted(v.items()):
                for s in conv:
                    f.write(json.dumps({"copy": who.replace("main:", ""), "main": who.startswith("main:"), **s},
                                       ensure_ascii=False) + "\n")
    write_articles(shared, corpus, out)
    n_ev = sum(len(s["events"]) for s in corpus)
    print(f"{len(corpus)} sentences from {len({s['article_id'] for s in corpus})} articles, {n_ev} events; "
          f"{len(pairs)} articles annotated twice")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]))
