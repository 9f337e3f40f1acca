"""Sentence cases kept as data (tests/data/sentence_cases.yaml), run per stage: the resolver must
find the countries of both sides, then the coder must code the event between them (a case marked
`miss`, coded right by an earlier coder and not by today's default, is expected to fail)."""
from pathlib import Path

import pytest
import yaml

from helpers import real

CASES = yaml.safe_load((Path(__file__).parent / "data" / "sentence_cases.yaml").read_text(encoding="utf-8"))


def _doc(case):
    from powderkeg.ingest.document import Document

    return Document(doc_id="case", text=case["sentence"], date=case["date"])


def _id(case):
    return f"{case['doc_id']}:{case['type']}:{case['sentence'][:40]}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_actors_stage(analyzer, case):
    _sdoc, da = analyzer.actors(_doc(case))
    countries = {m.actor.country for m in da.mentions}
    assert set(case["source"]) | set(case["target"]) <= countries


def _events_case(case):
    if case.get("miss"):
        return pytest.param(case, id=_id(case), marks=pytest.mark.xfail(strict=True, reason=case["miss"]))
    return pytest.param(case, id=_id(case))


@pytest.mark.parametrize("case", [_events_case(c) for c in CASES])
def test_events_stage(analyzer, case):
    from powderkeg.records import Event

    events = [(r.type, {a.country for a in r.source}, {a.country for a in r.target}, r.negated, r.hypothetical)
              for r in analyzer.analyse(_doc(case)).records if isinstance(r, Event)]
    assert all(real(events, case["type"], s, t) for s in case["source"] or [None] for t in case["target"] or [None])
