"""Train the learned coder on `data/train/` and write its weights to `powderkeg/models/`.

    python -m powderkeg.training.train [--data data/train] [--out src/powderkeg/models] [--cv 5]

Four linear models (logistic regression, fixed seed):
- `detector`: every candidate token (verbs, common nouns) -> event or not;
- `typer`: a detected trigger -> one of the 16 PLOVER types;
- `mode`: a detected trigger -> TYPE:mode (or TYPE:- for no mode);
- `argument`: (trigger, actor mention in its sentence) -> source, target or none.
With `--cv K` it first reports K-fold cross-validated scores, folds split by article (never
sentences of one article on both sides), and picks the trigger threshold on those folds only.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from powderkeg.training.corpus import AlignedSentence, aligned, overlapping_mentions, span_head, tokens_of
from powderkeg.learn.features import (argument_features, carry_features, is_candidate, trigger_dense,
                                      trigger_features, trigger_view)
from powderkeg.learn.linear import from_sklearn

SEED = 13
DETECTOR_C = 1.0
DETECTOR_WEIGHT = {"O": 1.0, "EVENT": 3.0}  # events are rare among candidate tokens
TYPER_C = 1.0
ARGUMENT_C = 1.0
MODE_C = 1.0


@dataclass
class Examples:
    feats: list[dict]
    dense: list[np.ndarray]
    labels: list[str]
    groups: list[str]


def build_examples(sents: list[AlignedSentence], lex) -> tuple[Examples, Examples, Examples]:
    trig = Examples([], [], [], [])
    mode = Examples([], [], [], [])
    arg = Examples([], [], [], [])
    last_article, carried = None, None  # the latest gold source mention in the article and its sentence
    for s in sents:
        sdoc = s.tokens.doc
        gold_heads: dict[int, object] = {}
        for e in s.events:
            if e.trigger is None:
                continue
            toks = tokens_of(sdoc, *e.trigger)
            h = span_head(toks)
            if h is not None:
                gold_heads.setdefault(h.i, e)
        for tok in s.tokens:
            if not (is_candidate(tok) or tok.i in gold_heads):
                continue
            e = gold_heads.get(tok.i)
            f = trigger_features(tok, _da_of(s), lex, s.headline)
            trig.feats.append(f)
            trig.dense.append(trigger_dense(tok))
            trig.labels.append(e.type if e is not None else "O")
            trig.groups.append(s.article_id)
            if e is not None:
                mode.feats.append({**f, f"T={e.type}": 1.0})
                mode.dense.append(trigger_dense(tok))
                mode.labels.append(f"{e.type}:{e.mode or '-'}")
                mode.groups.append(s.article_id)
        if s.article_id != last_article:
            last_article, carried = s.article_id, None
        newest = None
        for hi, e in gold_heads.items():
            tok = sdoc[hi]
            roles = _mention_roles(s, e)
            view = trigger_view(tok, lex)
            for m in s.mentions:
                role = roles.get(id(m), "none")
                if role == "skip":
                    continue
                arg.feats.append(argument_features(tok, e.type, m, _da_of(s), lex, s.mentions, view))
                arg.dense.append(np.zeros(0, dtype=np.float32))
                arg.labels.append(role)
                arg.groups.append(s.article_id)
            if carried is not None:
                mention, at = carried
                unnamed = {c for (a, _b, c) in e.source if a is None and c}
                arg.feats.append(carry_features(tok, e.type, s.index - at, s.mentions))
                arg.dense.append(np.zeros(0, dtype=np.float32))
                arg.labels.append("source" if mention.actor.country in unnamed else "none")
                arg.groups.append(s.article_id)
            src = [m for m in s.mentions if roles.get(id(m)) == "source"]
            if src:
                newest = (src[0], s.index)
        if newest is not None:
            carried = newest
    return trig, mode, arg


def _da_of(s: AlignedSentence):
    return s.actors


def _mention_roles(s: AlignedSentence, e) -> dict[int, str]:
    """Which of the sentence's mentions fill the gold source and target spans: for each gold span,
    the mention overlapping it most (preferring the annotated country); other mentions inside the
    same span are left out of training rather than called 'none'."""
    out: dict[int, str] = {}
    for role, spans in (("source", e.source), ("target", e.target)):
        for (a, b, country) in spans:
            if a is None:
                continue
            over = [(m.actor.country == country, ov, m)
                    for ov, m in overlapping_mentions(s.tokens.doc, s.mentions, a, b)]
            if not over:
                continue
            over.sort(key=lambda x: (x[0], x[1]), reverse=True)
            best = over[0][2]
            if out.get(id(best)) not in (None, "skip"):
                continue
            out[id(best)] = role
            for _, _, m in over[1:]:
                out.setdefault(id(m), "skip")
    return out


def _matrix(ex: Examples, vec, fit: bool):
    from scipy import sparse

    X = vec.fit_transform(ex.feats) if fit else vec.transform(ex.feats)
    if ex.dense and ex.dense[0].size:
        D = sparse.csr_matrix(np.vstack(ex.dense))
        X = sparse.hstack([X, D], format="csr")
    return X


MIN_COUNT = 2  # a feature seen once cannot generalise; dropping it keeps the model small


def fit(ex: Examples, C: float, class_weight=None, weight_of: Optional[Callable[[str], float]] = None):
    """A vocabulary and a logistic regression on `ex`; `weight_of` (from config.json, `example_weights`)
    weighs each example by its article."""
    from collections import Counter

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    seen = Counter(f for feats in ex.feats for f in feats)
    vec = DictVectorizer()
    vec.fit([{f: 1.0 for f, n in seen.items() if n >= MIN_COUNT}])
    X = _matrix(ex, vec, False)
    clf = LogisticRegression(C=C, max_iter=3000, random_state=SEED, class_weight=class_weight)
    weights = np.array([weight_of(g) for g in ex.groups]) if weight_of else None
    clf.fit(X, ex.labels, sample_weight=weights)
    return vec, clf


def _predict(vec, clf, ex: Examples) -> np.ndarray:
    return clf.predict_proba(_matrix(ex, vec, False))


def cross_validate(trig: Examples, arg: Examples, k: int, weight_of: Optional[Callable[[str], float]] = None) -> dict:
    """K-fold by article: trigger detection/type F1 at several thresholds, argument accuracy."""
    arts = sorted(set(trig.groups))
    rng = random.Random(SEED)
    rng.shuffle(arts)
    fold_of = {a: i % k for i, a in enumerate(arts)}
    thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    counts = {t: [0, 0, 0, 0] for t in thresholds}  # tp_detect, tp_type, n_pred, n_gold
    arg_counts = {"source": [0, 0, 0], "target": [0, 0, 0]}  # tp, pred, gold
    for fold in range(k):
        tr = [i for i, g in enumerate(trig.groups) if fold_of[g] != fold]
        te = [i for i, g in enumerate(trig.groups) if fold_of[g] == fold]
        dvec, dclf = fit(_binary(_subset(trig, tr)), DETECTOR_C, DETECTOR_WEIGHT, weight_of)
        pos_tr = [i for i in tr if trig.labels[i] != "O"]
        tvec, tclf = fit(_subset(trig, pos_tr), TYPER_C, weight_of=weight_of)
        test = _subset(trig, te)
        PD = _predict(dvec, dclf, test)[:, list(dclf.classes_).index("EVENT")]
        PT = _predict(tvec, tclf, test)
        for pev, row, i in zip(PD, PT, te):
            gold = trig.labels[i]
            best = tclf.classes_[int(np.argmax(row))]
            for t in thresholds:
                pred = best if pev >= t else "O"
                c = counts[t]
                c[3] += gold != "O"
                c[2] += pred != "O"
                if pred != "O" and gold != "O":
                    c[0] += 1
                    c[1] += pred == gold
        atr = [i for i, g in enumerate(arg.groups) if fold_of.get(g, 0) != fold]
        ate = [i for i, g in enumerate(arg.groups) if fold_of.get(g, 0) == fold]
        if not ate or len(set(arg.labels[i] for i in atr)) < 2:
            continue
        avec, aclf = fit(_subset(arg, atr), ARGUMENT_C, weight_of=weight_of)
        AP = _predict(avec, aclf, _subset(arg, ate))
        for row, i in zip(AP, ate):
            pred = aclf.classes_[int(np.argmax(row))]
            gold = arg.labels[i]
            for role in ("source", "target"):
                arg_counts[role][0] += pred == role and gold == role
                arg_counts[role][1] += pred == role
                arg_counts[role][2] += gold == role
    out = {"trigger": {}, "argument": {}}
    for t, (tpd, tpt, npred, ngold) in counts.items():
        out["trigger"][str(t)] = {"detect_f1": _f1(tpd, npred, ngold), "type_f1": _f1(tpt, npred, ngold),
                                  "n_pred": npred, "n_gold": ngold}
    for role, (tp, npred, ngold) in arg_counts.items():
        out["argument"][role] = {"f1": _f1(tp, npred, ngold), "n_gold": ngold}
    return out


def _f1(tp: int, npred: int, ngold: int) -> float:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


def _binary(ex: Examples) -> Examples:
    return Examples(ex.feats, ex.dense, ["O" if l == "O" else "EVENT" for l in ex.labels], ex.groups)


def _subset(ex: Examples, idx: list[int]) -> Examples:
    return Examples([ex.feats[i] for i in idx], [ex.dense[i] for i in idx], [ex.labels[i] for i in idx],
                    [ex.groups[i] for i in idx])


DECODING_KEYS = {"threshold": float, "lexicon_gate": float, "source_min": float, "target_min": float, "derived": bool}
ARGUMENT_DECODING = ("source_min", "target_min", "derived")  # kept in the argument model's meta
DETECTOR_DECODING = ("lexicon_gate",)  # kept in the detector's meta, beside its threshold


def write_models(trig: Examples, mode: Examples, arg: Examples, out: Path, detector_meta: dict,
                 decoding: dict, weight_of: Optional[Callable[[str], float]] = None) -> None:
    """The four models fitted on these examples and written to `out`, the argument model's meta
    holding how it is decoded: what `make train` ships and what each cross-validation fold scores."""
    dvec, dclf = fit(_binary(trig), DETECTOR_C, DETECTOR_WEIGHT, weight_of)
    det_meta = {**detector_meta, **{k: decoding[k] for k in DETECTOR_DECODING}}
    from_sklearn("detector", dclf, dvec.get_feature_names_out(), 96, det_meta).save(out)
    positives = _subset(trig, [i for i, l in enumerate(trig.labels) if l != "O"])
    tvec, tclf = fit(positives, TYPER_C, weight_of=weight_of)
    from_sklearn("typer", tclf, tvec.get_feature_names_out(), 96, {"seed": SEED}).save(out)
    mvec, mclf = fit(mode, MODE_C, weight_of=weight_of)
    from_sklearn("mode", mclf, mvec.get_feature_names_out(), 96, {"seed": SEED}).save(out)
    avec, aclf = fit(arg, ARGUMENT_C, weight_of=weight_of)
    arg_meta = {"seed": SEED, **{k: decoding[k] for k in ARGUMENT_DECODING}}
    from_sklearn("argument", aclf, avec.get_feature_names_out(), 0, arg_meta).save(out)


def load_config(data: Path) -> dict:
    """`DATA/config.json`, checked: `decoding` (detector threshold, the detector probability a
    lexicon trigger needs, the least probability that fills a source or a target, whether derived
    readings apply: chosen by cross-validation and written into the model files' meta, so a model
    carries how to read it), `synthetic_weight` (the
    weight of the synthetic stories' examples, ids `syn-`, in training) and `article_weights`
    (article id -> weight of its examples, over the synthetic weight)."""
    path = data / "config.json"
    if not path.exists():
        raise ValueError(f"{path}: missing (training and decoding settings)")
    raw = json.loads(path.read_text(encoding="utf-8"))
    dec = raw.get("decoding")
    if not isinstance(dec, dict):
        raise ValueError(f"{path}: 'decoding' must be an object")
    for key, kind in DECODING_KEYS.items():
        if key not in dec:
            raise ValueError(f"{path}: decoding: missing '{key}'")
        if not isinstance(dec[key], kind) or (kind is float and not 0.0 <= dec[key] <= 1.0):
            raise ValueError(f"{path}: decoding: '{key}' must be a {kind.__name__}{' in 0..1' if kind is float else ''}")
    if dec["lexicon_gate"] > dec["threshold"]:
        raise ValueError(f"{path}: decoding: 'lexicon_gate' must not exceed 'threshold' (a listed word needs less evidence)")
    weights = raw.get("article_weights", {})
    if not isinstance(weights, dict) or not all(isinstance(w, (int, float)) and 0 < w <= 100 for w in weights.values()):
        raise ValueError(f"{path}: 'article_weights' must map article ids to numbers in (0, 100]")
    syn = raw.get("synthetic_weight", 1.0)
    if not isinstance(syn, (int, float)) or isinstance(syn, bool) or not 0 < syn <= 100:
        raise ValueError(f"{path}: 'synthetic_weight' must be a number in (0, 100]")
    return {"decoding": {k: dec[k] for k in DECODING_KEYS}, "synthetic_weight": float(syn),
            "article_weights": {str(k): float(w) for k, w in weights.items()}}


def example_weights(config: dict) -> Optional[Callable[[str], float]]:
    """The weight of an article's examples in training (config.json), or None when all weigh 1."""
    arts, syn = config["article_weights"], config["synthetic_weight"]
    if not arts and syn == 1.0:
        return None
    return lambda g: arts.get(g, syn if g.startswith("syn-") else 1.0)


def load_sentences(data: Path, analyzer) -> list[AlignedSentence]:
    return list(aligned(data, analyzer))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m powderkeg.training.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="data/train")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "models"))
    ap.add_argument("--cv", type=int, default=0, help="report K-fold scores (by article) and pick the threshold")
    ap.add_argument("--threshold", type=float, default=None,
                    help="trigger threshold (default: from --cv, else DATA/config.json)")
    args = ap.parse_args(argv)
    random.seed(SEED)
    np.random.seed(SEED)
    from powderkeg.pipeline import Analyzer, load_resources

    t0 = time.time()
    resources = load_resources(with_models=False)  # no weights: they are what is being made
    analyzer = Analyzer(resources, coder=None)  # only its parser and resolver are used
    lex = resources.lexicon
    sents = load_sentences(Path(args.data), analyzer)
    trig, mode, arg = build_examples(sents, lex)
    n_ev = sum(len(s.events) for s in sents)
    print(f"{len(sents)} sentences, {n_ev} events, {len(trig.labels)} candidate tokens, "
          f"{len(arg.labels)} argument pairs ({time.time() - t0:.0f}s)", file=sys.stderr)
    config = load_config(Path(args.data))
    decoding = config["decoding"]
    threshold = args.threshold if args.threshold is not None else decoding["threshold"]
    cv = None
    if args.cv:
        cv = cross_validate(trig, arg, args.cv, example_weights(config))
        print(json.dumps(cv, indent=1), file=sys.stderr)
        if args.threshold is None:
            threshold = float(max(cv["trigger"], key=lambda t: cv["trigger"][t]["type_f1"]))
    out = Path(args.out)
    meta = {"seed": SEED, "n_sentences": len(sents), "n_events": n_ev, "threshold": threshold, "cv": cv,
            "data": str(args.data), "n_articles": len({s.article_id for s in sents})}
    write_models(trig, mode, arg, out, meta, decoding, example_weights(config))
    print(f"models written to {out} (threshold {threshold}) in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
