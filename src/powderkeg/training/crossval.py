"""Honest development numbers without touching the blind test set: K-fold cross-validation by
article over the real-news training corpus, scored at the article level like the gold sets.

    python -m powderkeg.training.crossval [--data data/train] [--folds 5] [--sentences] [--json]

For each fold the models are trained on the other folds (and all synthetic stories), then the
whole pipeline runs on the held-out articles with each coder (`powderkeg.coders`) built on the
fold's models. Reported: type/source/full P/R/F1 of each coder on the same articles, and false
events per article on the articles the annotators found no event in (sports, science, accidents,
obituaries...). With `--sentences`, every annotated sentence of the held-out articles is also
coded alone, as a one-sentence document, and scored as sentence-level sets score
(`powderkeg.eval.sentences`): the sentence's event class and the source and target spans.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Optional

from powderkeg.coders import CODERS
from powderkeg.eval import score as S
from powderkeg.eval.sentences import SentenceTally, format_scores, pentaclass
from powderkeg.ingest.document import Document
from powderkeg.training import train as T
from powderkeg.training.article_gold import article_gold
from powderkeg.training.corpus import read_jsonl
from powderkeg.records import to_dict


def fold_models(trig, mode, arg, keep: set[str], folder: Path, threshold: float, config: dict) -> None:
    """The models trained on the articles in `keep` only, as `make train` trains them."""
    def sub(ex):
        return T._subset(ex, [i for i, g in enumerate(ex.groups) if g in keep])
    T.write_models(sub(trig), sub(mode), sub(arg), folder, {"threshold": threshold}, config["decoding"],
                   T.example_weights(config))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m powderkeg.training.crossval")
    ap.add_argument("--data", default="data/train")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--split-seed", type=int, default=None,
                    help="shuffle the articles into folds with this seed instead of the training seed: "
                         "a second split shows how much a difference owes to the split")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--coders", default=",".join(CODERS), help=f"which coders to score (default: {','.join(CODERS)})")
    ap.add_argument("--save", metavar="FILE", help="also write every held-out event record (JSON Lines, with a `coder` key)")
    ap.add_argument("--sentences", action="store_true",
                    help="also code every held-out annotated sentence alone (a one-sentence document) and score "
                         "it as sentence-level sets do: event class (CAMEO pentaclass) and source/target spans "
                         "(powderkeg.eval.sentences)")
    ap.add_argument("--sweep", action="store_true",
                    help="also score each coder at higher confidence thresholds (events filtered by confidence)")
    args = ap.parse_args(argv)
    from powderkeg.learn.models import LearnedModels
    from powderkeg.pipeline import Analyzer, event_coder, load_resources

    names = [n for n in args.coders.split(",") if n]
    if not names or set(names) - set(CODERS):
        ap.error(f"--coders: a comma-separated list of {', '.join(CODERS)}")
    data = Path(args.data)
    resources = load_resources(with_models=False)  # each fold brings its own weights
    analyzer = Analyzer(resources, coder=None)
    modality = analyzer.modality
    lex = resources.lexicon
    sents = T.load_sentences(data, analyzer)
    trig, mode, arg = T.build_examples(sents, lex)
    config = T.load_config(data)
    threshold = args.threshold if args.threshold is not None else config["decoding"]["threshold"]
    arts = {a["id"]: a for a in read_jsonl(data / "articles.jsonl")}
    real = sorted(a for a in {s.article_id for s in sents} if not a.startswith("syn-"))
    rng = random.Random(T.SEED if args.split_seed is None else args.split_seed)
    rng.shuffle(real)
    fold_of = {a: i % args.folds for i, a in enumerate(real)}
    gold_docs = article_gold(data / "sentences.jsonl", set(real))
    gold = S.gold_events(gold_docs)
    preds: dict[str, list[dict]] = {n: [] for n in names}
    by_article = _sentences_by_article(data / "sentences.jsonl", set(real)) if args.sentences else {}
    tallies = {n: SentenceTally() for n in names}
    for k in range(args.folds):
        held = {a for a in real if fold_of[a] == k}
        keep = {g for g in set(trig.groups) if g not in held}
        with tempfile.TemporaryDirectory() as tmp:
            fold_models(trig, mode, arg, keep, Path(tmp), threshold, config)
            models = LearnedModels.load(Path(tmp))
            coders = {n: event_coder(n, replace(resources, models=models), modality) for n in names}
            for aid in sorted(held):
                a = arts[aid]
                doc = Document(doc_id=aid, text=a["text"], title=a.get("title"), date=a.get("date"),
                               title_end=a.get("title_end", 0))
                for name, coder in coders.items():
                    analyzer.coder = coder
                    preds[name].extend(to_dict(r) for r in analyzer.analyse(doc).records if r.kind == "event")
                    for sent in by_article.get(aid, ()):
                        alone = Document(doc_id=f"{aid}#{sent['sent']}", text=sent["text"],
                                         date=sent.get("date") or a.get("date"))
                        coded = [to_dict(r) for r in analyzer.analyse(alone).records if r.kind == "event"]
                        tallies[name].add(sent["events"], coded, lambda e: gold_class(e, lex))
        print(f"fold {k + 1}/{args.folds} done", file=sys.stderr)
    if args.save:
        with open(args.save, "w", encoding="utf-8") as fh:
            for name, recs in preds.items():
                for r in recs:
                    fh.write(json.dumps({**r, "coder": name}) + "\n")
    empty = [d["doc_id"] for d in gold_docs if not any(not e["optional"] for e in d["events"])]
    out = {"articles": len(real), "no_event_articles": len(empty), "threshold": threshold}
    for name, recs in preds.items():
        pe = S.pred_events(recs, set(gold))
        res = S.score(gold, pe)
        out[name] = {lvl: res[lvl] for lvl in ("type", "source", "full")}
        false = sum(len(pe.get(d, ())) for d in empty)
        out[name]["false_events_per_no_event_article"] = round(false / max(1, len(empty)), 3)
    if args.sentences:
        out["sentences"] = {name: t.scores() for name, t in tallies.items()}
    if args.sweep:
        out["sweep"] = {}
        for name in names:
            for t in (0.5, 0.6, 0.7, 0.8, 0.9):
                recs = [r for r in preds[name] if r.get("confidence", 1.0) >= t]
                res = S.score(gold, S.pred_events(recs, set(gold)))
                out["sweep"][f"{name} {t}"] = {lvl: res[lvl]["f1"] for lvl in ("type", "source", "full")}
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        print(f"{out['articles']} held-out articles ({out['no_event_articles']} with no event), threshold {threshold}")
        for name in names:
            r = out[name]
            print(f"{name:8s} " + "  ".join(f"{lvl} P={r[lvl]['precision']:.3f} R={r[lvl]['recall']:.3f} F1={r[lvl]['f1']:.3f}"
                                           for lvl in ("type", "source", "full"))
                  + f"  false events/no-event article {r['false_events_per_no_event_article']}")
        for name, r in out.get("sentences", {}).items():
            print(format_scores(name, r))
        for t, r in out.get("sweep", {}).items():
            print(f"  {t.split()[0]}, events of confidence >= {t.split()[1]}: type F1 {r['type']:.3f} source {r['source']:.3f} full {r['full']:.3f}")
    return 0


def _sentences_by_article(path: Path, articles: set[str]) -> dict[str, list[dict]]:
    """The annotated sentences of the given articles, by article, in order (titles included: a
    headline is a sentence too)."""
    out: dict[str, list[dict]] = {}
    for s in read_jsonl(path):
        if s["article_id"] in articles:
            out.setdefault(s["article_id"], []).append(s)
    return out


def gold_class(event: dict, lex) -> Optional[int]:
    """The CAMEO pentaclass of a gold event, from its type, mode and trigger words (a demand is CAMEO
    10, an appeal 02; types.yaml), None for a type the lexicon lacks."""
    if event["type"] not in lex.types:
        return None
    # the gold trigger is text, not a lemma: its words and their stems ("demanded" -> "demand")
    words = ((event.get("trigger") or {}).get("text") or "").lower().split()
    stems = [w[:-len(end)] for w in words for end in ("ed", "ing", "s", "d") if w.endswith(end)]
    return pentaclass(lex.scores(event["type"], event.get("mode"), *words, *stems)[0])


if __name__ == "__main__":
    sys.exit(main())
