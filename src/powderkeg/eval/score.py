"""Event scoring by the matching rules of design/annotation.md.

A predicted event matches a gold event when the types are equal, the source code sets intersect
(or the gold source is empty) and the target sets intersect (or the gold target is empty).
Predictions that are identical in (doc, type, source codes, target codes) count once; negated and
hypothetical predictions are not claims that something happened and are left out; optional gold
events are neither rewarded nor punished. Gold and predictions are paired by a maximum bipartite
matching (required gold first), so the counts agree with shared/tools/score_events.py.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "UNO": "IGO", "ROM": "ROU", "SER": "SRB", "PAL": "PSE",
                "SCG": "SRB", "YUG": "SRB", "ANG": "AGO", "TMP": "TLS", "ZAR": "COD"}
RENAMED_TYPES = {"DEMAND": "REQUEST", "FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
LEVELS = ("type", "source", "full")  # the shared scorer's levels (score_events.py)
EXTRA_LEVELS = ("target",)  # powderkeg's: type and target only (a wrong source does not hide a right target)


def code(c) -> Optional[str]:
    if not c:
        return None
    c = str(c).strip().upper()[:3]
    return CODE_ALIASES.get(c, c)


def codes(actors) -> frozenset:
    out = set()
    for a in actors or []:
        c = code(a) if isinstance(a, str) else code(a.get("country") or a.get("code")) if isinstance(a, dict) else None
        if c:
            out.add(c)
    return frozenset(out)


@dataclass(frozen=True)
class GoldEvent:
    doc: str
    type: str
    src: frozenset
    tgt: frozenset
    optional: bool
    evidence: str = ""


@dataclass(frozen=True)
class PredEvent:
    doc: str
    type: str
    src: frozenset
    tgt: frozenset


def load_gold_docs(path: str) -> list[dict]:
    """Gold documents from a .json file, a .jsonl of them, or a directory of .json files."""
    p = Path(path)
    if p.is_dir():
        return [json.loads(f.read_text(encoding="utf-8")) for f in sorted(p.glob("*.json"))]
    text = p.read_text(encoding="utf-8")
    if p.suffix == ".json":
        return [json.loads(text)]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def gold_events(docs: list[dict]) -> dict[str, list[GoldEvent]]:
    out: dict[str, list[GoldEvent]] = {}
    for d in docs:
        doc = str(d["doc_id"])
        out[doc] = [GoldEvent(doc, RENAMED_TYPES.get(e["type"], e["type"]), codes(e.get("source")),
                              codes(e.get("target")), bool(e.get("optional")), e.get("evidence", ""))
                    for e in d.get("events", [])]
    return out


def pred_events(records: Iterable[dict], docs: set[str]) -> dict[str, set[PredEvent]]:
    out: dict[str, set[PredEvent]] = defaultdict(set)
    for r in records:
        if r.get("kind", "event") != "event" or r.get("negated") or r.get("hypothetical"):
            continue
        doc = str(r.get("doc_id"))
        if doc in docs:
            out[doc].add(PredEvent(doc, str(r.get("type", "")).upper(), codes(r.get("source")), codes(r.get("target"))))
    return out


def fits(g: GoldEvent, p: PredEvent, level: str) -> bool:
    if g.type != p.type:
        return False
    if level in ("source", "full") and g.src and not (g.src & p.src):
        return False
    if level in ("full", "target") and g.tgt and not (g.tgt & p.tgt):
        return False
    return True


def match(golds: list[GoldEvent], preds: set[PredEvent], level: str) -> tuple[dict[int, int], list[PredEvent]]:
    """Pairs gold index -> pred index, and the sorted predictions the indices refer to."""
    plist = sorted(preds, key=lambda p: (p.type, sorted(p.src), sorted(p.tgt)))
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set[int]) -> bool:
        for pi, p in enumerate(plist):
            if pi in seen or not fits(golds[gi], p, level):
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    order = [i for i, g in enumerate(golds) if not g.optional] + [i for i, g in enumerate(golds) if g.optional]
    for gi in order:
        augment(gi, set())
    return {gi: pi for pi, gi in owner.items()}, plist


def counts(golds: list[GoldEvent], preds: set[PredEvent], level: str) -> tuple[int, int, int]:
    if level == "type":  # one predicted type satisfies every gold event of that type
        req = {g.type for g in golds if not g.optional}
        opt = {g.type for g in golds if g.optional} - req
        ptypes = {p.type for p in preds}
        return len(req & ptypes), len(ptypes - req - opt), len(req - ptypes)
    pairs, plist = match(golds, preds, level)
    tp = sum(1 for gi in pairs if not golds[gi].optional)
    fn = sum(1 for i, g in enumerate(golds) if not g.optional and i not in pairs)
    return tp, len(plist) - len(pairs), fn


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score(gold: dict[str, list[GoldEvent]], pred: dict[str, set[PredEvent]]) -> dict:
    """Scores at the three levels and per type (full level), keyed as score_events.py --json."""
    result: dict = {}
    for level in LEVELS + EXTRA_LEVELS:
        tot = Counter()
        for doc, golds in gold.items():
            tp, fp, fn = counts(golds, pred.get(doc, set()), level)
            tot.update(tp=tp, fp=fp, fn=fn)
        result[level] = prf(tot["tp"], tot["fp"], tot["fn"])
    types = sorted({g.type for gs in gold.values() for g in gs} | {p.type for ps in pred.values() for p in ps})
    per = {}
    for t in types:
        tot = Counter()
        for doc, golds in gold.items():
            tp, fp, fn = counts([g for g in golds if g.type == t], {p for p in pred.get(doc, set()) if p.type == t}, "full")
            tot.update(tp=tp, fp=fp, fn=fn)
        per[t] = prf(tot["tp"], tot["fp"], tot["fn"])
        per[t]["gold"] = sum(1 for gs in gold.values() for g in gs if g.type == t and not g.optional)
        for level in ("type", "source", "target"):  # the same type's F1 at the looser levels
            tot = Counter()
            for doc, golds in gold.items():
                tp, fp, fn = counts([g for g in golds if g.type == t], {p for p in pred.get(doc, set()) if p.type == t}, level)
                tot.update(tp=tp, fp=fp, fn=fn)
            per[t][f"{level}_f1"] = prf(tot["tp"], tot["fp"], tot["fn"])["f1"]
    result["per_type"] = per
    return result


def errors(gold: dict[str, list[GoldEvent]], pred: dict[str, set[PredEvent]]) -> tuple[list, list]:
    """Misses (gold not matched) and false alarms (predictions not matched) at the full level."""
    misses, alarms = [], []
    for doc, golds in gold.items():
        pairs, plist = match(golds, pred.get(doc, set()), "full")
        misses.extend(g for i, g in enumerate(golds) if not g.optional and i not in pairs)
        used = set(pairs.values())
        alarms.extend(p for i, p in enumerate(plist) if i not in used)
    return misses, alarms


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def detection(docs: list[dict], records: Iterable[dict]) -> dict:
    """Event detection, whatever the type and actors: a required gold event is found when a
    predicted event (not negated, not hypothetical) stands in a sentence that holds its evidence;
    a predicted event is right when its sentence holds the evidence of some gold event (required
    or optional). Counted over sentences with events, so a sentence counts once either way."""
    gold_ev: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for d in docs:
        for e in d.get("events", []):
            if e.get("evidence"):
                gold_ev[str(d["doc_id"])].append((_squash(e["evidence"]), bool(e.get("optional"))))
    pred_sents: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if r.get("kind", "event") == "event" and not r.get("negated") and not r.get("hypothetical"):
            pred_sents[str(r.get("doc_id"))].add(_squash(r.get("text", "")))

    def holds(sent: str, ev: str) -> bool:
        return bool(sent) and (ev in sent or sent in ev)

    tp = fp = fn = 0
    for d in docs:
        doc = str(d["doc_id"])
        sents, evs = pred_sents.get(doc, set()), gold_ev.get(doc, [])
        found = {k for k, (ev, _o) in enumerate(evs) if any(holds(s, ev) for s in sents)}
        fn += sum(1 for k, (_ev, opt) in enumerate(evs) if not opt and k not in found)
        tp += sum(1 for k, (_ev, opt) in enumerate(evs) if not opt and k in found)
        fp += sum(1 for s in sents if not any(holds(s, ev) for ev, _o in evs))
    return prf(tp, fp, fn)
