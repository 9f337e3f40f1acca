"""`powderkeg eval --actors GOLD.jsonl`: how well the resolver gives actor mentions a country and
a sector, measured on hand-resolved mentions (`data/gold/actors/mentions.jsonl`).

Matching rule (the same for every run, so numbers are comparable):
- Each gold line names an article by `url`; the article comes from the Wikinews CSV files (by
  default `data/wikinews/*.csv` beside the gold file's repository; `articles` can point elsewhere).
  The document is built the way `powderkeg extract` reads a CSV row: `Document.from_parts(id, text,
  title, date=...)`, so the title is part of the text and the gold offsets (into the CSV `text`)
  are shifted by where the body starts.
- The predicted mentions are the resolver's output mentions (`actor_mentions_for_output`, i.e.
  what `powderkeg actors` prints). The prediction for a gold mention is the predicted mention
  whose character span overlaps the gold span most (ties: the earlier one). A merged mention
  ("Polish President Andrzej Duda") thus answers for the gold name inside it ("Andrzej Duda").
- Country is right when the predicted country equals the gold country; sector likewise (a gold
  null is right only when the prediction is null too). No overlapping mention counts as wrong.
- Failure kinds: `no_mention` (nothing overlaps), `no_country` (a mention with no country),
  `wrong_country` (another country).
- The articles are split into two halves for honest tuning: sorted by url, even positions are the
  `tune` half and odd positions the `heldout` half. Scores are given for each half and for all.
"""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Optional

from powderkeg.ingest.document import Document

SPLITS = ("tune", "heldout", "all")


def load_gold(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def default_articles(gold_path: str | Path) -> list[Path]:
    """The Wikinews CSV files that go with a gold file: `data/wikinews/*.csv` of the same checkout."""
    p = Path(gold_path).resolve()
    for parent in p.parents:
        cand = parent / "wikinews"
        if cand.is_dir() and list(cand.glob("*.csv")):
            return sorted(cand.glob("*.csv"))
    return []


def load_articles(paths: Iterable[str | Path], urls: set[str]) -> dict[str, dict]:
    """Rows (url, date, title, text) of the CSV files whose url is wanted."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out: dict[str, dict] = {}
    for p in paths:
        with open(p, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("url") in urls:
                    out[row["url"]] = row
    return out


def split_of(urls: Iterable[str]) -> dict[str, str]:
    """Sorted by url, alternate: even positions tune, odd positions held out."""
    return {u: ("tune" if i % 2 == 0 else "heldout") for i, u in enumerate(sorted(set(urls)))}


def build_document(row: dict, doc_id: str) -> tuple[Document, int]:
    """The document as `extract` would read the row, and where the CSV text starts in it."""
    doc = Document.from_parts(doc_id, row["text"], row.get("title") or None, date=row.get("date") or None,
                              url=row.get("url"))
    body = row["text"].strip("\ufeff")
    offset = doc.text.find(body) if doc.text != body else 0
    if offset < 0:
        # the reader changed the body (whitespace, encoding): gold offsets would point nowhere
        raise ValueError(f"{doc_id}: article body not found in the document text as read")
    return doc, offset


def predicted_mentions(analyzer, docs: list[Document]) -> list[list[dict]]:
    """The output mentions of each document as dicts with character spans."""
    from powderkeg.actors.mentions import actor_mentions_for_output

    out = []
    texts = [analyzer.parse_text(d) for d in docs]
    for d, sdoc in zip(docs, analyzer.nlp.pipe(texts, batch_size=8)):
        da = analyzer.resolver.resolve(sdoc, d.date)
        out.append([{"start": m.actor.start, "end": m.actor.end, "text": m.actor.text, "name": m.actor.name,
                     "country": m.actor.country, "sector": m.actor.sector, "kind": m.actor.kind, "via": m.via}
                    for m in actor_mentions_for_output(da) if m.actor.start is not None])
    return out


def best_overlap(preds: list[dict], start: int, end: int) -> Optional[dict]:
    best, best_len = None, 0
    for p in preds:
        ov = min(end, p["end"]) - max(start, p["start"])
        if ov > best_len:
            best, best_len = p, ov
    return best


def evaluate(gold_path: str | Path, articles: Optional[list[str | Path]] = None, analyzer=None) -> dict:
    """Score the resolver on the gold mentions; returns scores per split, confusions and the misses."""
    gold = load_gold(gold_path)
    urls = sorted({g["url"] for g in gold})
    rows = load_articles(articles or default_articles(gold_path), set(urls))
    missing = [u for u in urls if u not in rows]
    if missing:
        raise RuntimeError(f"{len(missing)} gold articles not found in the article files, e.g. {missing[0]}")
    if analyzer is None:
        from powderkeg.pipeline import Analyzer

        analyzer = Analyzer()
    built = [build_document(rows[u], f"a{i:03d}") for i, u in enumerate(urls)]
    preds = dict(zip(urls, predicted_mentions(analyzer, [d for d, _ in built])))
    offsets = {u: off for u, (_, off) in zip(urls, built)}
    split = split_of(urls)
    results = []
    for g in gold:
        off = offsets[g["url"]]
        p = best_overlap(preds[g["url"]], g["start"] + off, g["end"] + off)
        pc = p["country"] if p else None
        ps = p["sector"] if p else None
        if p is None:
            failure = "no_mention"
        elif pc == g["country"]:
            failure = None
        elif pc is None:
            failure = "no_country"
        else:
            failure = "wrong_country"
        results.append({"id": g.get("id"), "url": g["url"], "split": split[g["url"]], "text": g["text"],
                        "sentence": g.get("sentence", ""), "kind": g.get("kind"),
                        "gold_country": g["country"], "gold_sector": g["sector"],
                        "pred_country": pc, "pred_sector": ps, "pred_text": p["text"] if p else None,
                        "via": p["via"] if p else None,
                        "country_ok": pc == g["country"], "sector_ok": ps == g["sector"], "failure": failure})
    return {"gold": str(gold_path), "articles": len(urls), "scores": _scores(results),
            "split": {"rule": "articles sorted by url; even positions tune, odd positions heldout",
                      "tune": [u for u in urls if split[u] == "tune"],
                      "heldout": [u for u in urls if split[u] == "heldout"]},
            "results": results}


def _scores(results: list[dict]) -> dict:
    out = {}
    for name in SPLITS:
        rs = [r for r in results if name == "all" or r["split"] == name]
        n = len(rs)
        out[name] = {
            "mentions": n,
            "articles": len({r["url"] for r in rs}),
            "country_accuracy": round(sum(r["country_ok"] for r in rs) / n, 4) if n else 0.0,
            "sector_accuracy": round(sum(r["sector_ok"] for r in rs) / n, 4) if n else 0.0,
            "country_correct": sum(r["country_ok"] for r in rs),
            "sector_correct": sum(r["sector_ok"] for r in rs),
            "failures": dict(Counter(r["failure"] for r in rs if r["failure"])),
            "confusions": [[f"{g}->{p}", c] for (g, p), c in Counter(
                (r["gold_country"], r["pred_country"]) for r in rs if not r["country_ok"]).most_common(15)],
            "sector_confusions": [[f"{g}->{p}", c] for (g, p), c in Counter(
                (r["gold_sector"], r["pred_sector"]) for r in rs if not r["sector_ok"]).most_common(15)],
            "failures_by_kind": dict(Counter(r["kind"] for r in rs if not r["country_ok"])),
        }
    return out


def format_report(res: dict, misses: int = 0, split: str = "all") -> str:
    lines = [f"{res['articles']} articles; split: {res['split']['rule']}"]
    for name in SPLITS:
        s = res["scores"][name]
        lines.append(f"{name:8s} mentions={s['mentions']:4d}  country={s['country_accuracy']:.3f} "
                     f"({s['country_correct']})  sector={s['sector_accuracy']:.3f} ({s['sector_correct']})  "
                     f"failures: " + ", ".join(f"{k}={v}" for k, v in sorted(s["failures"].items())))
    s = res["scores"][split]
    lines.append(f"\ntop country confusions gold->predicted ({split}): " +
                 ", ".join(f"{k} {v}" for k, v in s["confusions"]))
    lines.append(f"top sector confusions gold->predicted ({split}): " +
                 ", ".join(f"{k} {v}" for k, v in s["sector_confusions"]))
    lines.append(f"country errors by gold kind ({split}): " +
                 ", ".join(f"{k} {v}" for k, v in sorted(s["failures_by_kind"].items(), key=lambda x: -x[1])))
    if misses:
        bad = [r for r in res["results"] if not r["country_ok"] and (split == "all" or r["split"] == split)]
        lines.append(f"\ncountry misses ({len(bad)}; showing {min(misses, len(bad))}):")
        for r in bad[:misses]:
            lines.append(f"  {r['id']} [{r['failure']}] \"{r['text']}\" gold {r['gold_country']}/{r['gold_sector']} "
                         f"pred {r['pred_country']}/{r['pred_sector']} via={r['via']} as \"{r['pred_text']}\"  "
                         f"| {r['sentence'][:140]}")
        bad = [r for r in res["results"] if r["country_ok"] and not r["sector_ok"]
               and (split == "all" or r["split"] == split)]
        lines.append(f"\nsector misses with the country right ({len(bad)}; showing {min(misses, len(bad))}):")
        for r in bad[:misses]:
            lines.append(f"  {r['id']} \"{r['text']}\" gold {r['gold_country']}/{r['gold_sector']} "
                         f"pred {r['pred_country']}/{r['pred_sector']} via={r['via']} as \"{r['pred_text']}\"  "
                         f"| {r['sentence'][:140]}")
    return "\n".join(lines)


def run(args) -> int:
    paths = [args.actors] if isinstance(args.actors, str) else list(args.actors)
    from powderkeg.pipeline import Analyzer

    analyzer = Analyzer()  # one model for every set
    reports, results = [], []
    for path in paths:
        res = evaluate(path, articles=args.articles or None, analyzer=analyzer)
        reports.append(res)
        results += res["results"]
    combined = _scores(results) if len(paths) > 1 else None
    if args.json:
        out = [{k: v for k, v in res.items() if k != "results"} for res in reports]
        for o, res in zip(out, reports):
            if args.misses:
                o["misses"] = [r for r in res["results"] if not r["country_ok"]][: args.misses]
        print(json.dumps(out[0] if combined is None else {"sets": out, "combined": combined}, indent=1,
                         ensure_ascii=False))
        return 0
    for res in reports:
        if len(reports) > 1:
            print(f"== {res['gold']}")
        print(format_report(res, misses=args.misses or 0, split=args.split))
    if combined is not None:
        print(f"\n== all {len(paths)} sets")
        for name in SPLITS:
            s = combined[name]
            print(f"{name:8s} mentions={s['mentions']:4d}  country={s['country_accuracy']:.3f} "
                  f"({s['country_correct']})  sector={s['sector_accuracy']:.3f} ({s['sector_correct']})")
    return 0
