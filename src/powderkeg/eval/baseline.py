"""The committed baseline of dev-set scores and the regression check against it.

The baseline (`data/gold/baseline.json`) holds the full-level F1 and each event type's F1 with its
number of required gold events, plus the figure/stance/relation/flag F1s. The check fails when
full-level F1, the F1 of any type with at least `MIN_GOLD` gold events, or the F1 of figures,
stances, relations or flags, or a date, place or victim accuracy (`eval/whenwhere.py`), falls more
than `TOLERANCE` below the baseline. Raising the baseline is a deliberate act
(`powderkeg eval --gold data/gold/dev --write-baseline data/gold/baseline.json`), committed with the
change that earned it, so a gain cannot silently erode later.
"""
from __future__ import annotations

import json
from pathlib import Path

TOLERANCE = 0.03
MIN_GOLD = 5


def summary(res: dict) -> dict:
    """What the baseline keeps of an eval result."""
    return {
        "documents": res.get("documents"),
        "type": {"f1": res["type"]["f1"]},
        "source": {"f1": res["source"]["f1"]},
        "full": {k: res["full"][k] for k in ("precision", "recall", "f1")},
        "per_type": {t: {"f1": r["f1"], "gold": r["gold"]} for t, r in res["per_type"].items()},
        "extras": {k: {"f1": v["f1"]} for k, v in (res.get("extras") or {}).items()},
        "when_where": {k: v["accuracy"] for k, v in (res.get("when_where") or {}).items() if isinstance(v, dict)},
    }


def write(res: dict, path: str) -> None:
    Path(path).write_text(json.dumps(summary(res), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def compare(res: dict, base: dict, tolerance: float = TOLERANCE, min_gold: int = MIN_GOLD) -> list[str]:
    """The regressions of `res` against `base`, one line each; empty when nothing fell too far."""
    out: list[str] = []
    f, b = res["full"]["f1"], base["full"]["f1"]
    if f < b - tolerance:
        out.append(f"full F1 {f:.3f} < baseline {b:.3f} - {tolerance}")
    for t, bt in base.get("per_type", {}).items():
        if bt.get("gold", 0) < min_gold:
            continue
        now = res["per_type"].get(t, {}).get("f1", 0.0)
        if now < bt["f1"] - tolerance:
            out.append(f"{t} F1 {now:.3f} < baseline {bt['f1']:.3f} - {tolerance} ({bt['gold']} gold events)")
    for kind, bk in base.get("extras", {}).items():  # figures, stances, relations, flags
        now = (res.get("extras") or {}).get(kind, {}).get("f1", 0.0)
        if now < bk["f1"] - tolerance:
            out.append(f"{kind} F1 {now:.3f} < baseline {bk['f1']:.3f} - {tolerance}")
    for kind, b in base.get("when_where", {}).items():  # date, place and victim accuracies
        now = (res.get("when_where") or {}).get(kind, {}).get("accuracy", 0.0)
        if now < b - tolerance:
            out.append(f"{kind} accuracy {now:.3f} < baseline {b:.3f} - {tolerance}")
    return out


def check(res: dict, path: str) -> list[str]:
    base = json.loads(Path(path).read_text(encoding="utf-8"))
    return compare(res, base)
