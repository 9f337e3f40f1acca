"""The CI guard of issue 5: the dev-set scores may not fall more than 0.03 below the committed
baseline (`data/gold/baseline.json`), for full-level F1 or for any event type with 5+ gold events."""
import json
import subprocess
import sys

from helpers import ROOT

BASELINE = ROOT / "data" / "gold" / "baseline.json"


def test_dev_scores_hold_the_committed_baseline():
    r = subprocess.run([sys.executable, "-m", "powderkeg", "eval", "--gold", str(ROOT / "data" / "gold" / "dev"),
                        "--baseline", str(BASELINE), "--json"], capture_output=True, text=True)
    res = json.loads(r.stdout)
    assert res["regressions"] == [], "\n".join(res["regressions"])
    assert r.returncode == 0
    assert res["documents"] >= 37


def test_compare_catches_a_drop_in_a_frequent_type_but_not_a_rare_one():
    from powderkeg.eval.baseline import compare

    base = json.loads(BASELINE.read_text())
    now = {"full": dict(base["full"]), "per_type": {t: dict(v) for t, v in base["per_type"].items()},
           "extras": {k: dict(v) for k, v in base["extras"].items()},
           "when_where": {k: {"accuracy": v} for k, v in base.get("when_where", {}).items()}}
    assert compare(now, base) == []
    if "date_exact" in base.get("when_where", {}):  # a fall in date accuracy is caught too
        now["when_where"]["date_exact"]["accuracy"] -= 0.05
        assert any(line.startswith("date_exact accuracy") for line in compare(now, base))
        now["when_where"]["date_exact"]["accuracy"] += 0.05
    frequent = max(base["per_type"], key=lambda t: base["per_type"][t]["gold"])
    now["per_type"][frequent]["f1"] = base["per_type"][frequent]["f1"] - 0.05
    assert any(frequent in line for line in compare(now, base))
    now["per_type"][frequent]["f1"] = base["per_type"][frequent]["f1"] - 0.02  # within tolerance
    assert compare(now, base) == []
    rare = [t for t, v in base["per_type"].items() if v["gold"] < 5]
    if rare:
        now["per_type"][rare[0]]["f1"] = 0.0
        assert compare(now, base) == []
    now["extras"]["flags"]["f1"] = base["extras"]["flags"]["f1"] - 0.1
    assert any(line.startswith("flags F1") for line in compare(now, base))
    now["extras"]["flags"]["f1"] = base["extras"]["flags"]["f1"]
    now["full"]["f1"] = base["full"]["f1"] - 0.031
    assert any(line.startswith("full F1") for line in compare(now, base))
