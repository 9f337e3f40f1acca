"""The Wikidata refresh path: a hand-made SPARQL JSON result (fictional people and QIDs, except
Donald Trump's real one so that it meets the curated entry; a post-2025 change of US Secretary of State) imported into an overlay that build.py merges over
people.yaml, so that office-holders are right on either side of the change."""
from __future__ import annotations

from pathlib import Path

import yaml

from powderkeg.actors import build, wikidata
from powderkeg.actors.kb import KnowledgeBase
from powderkeg.cli import main

FIXTURE = Path(__file__).resolve().parent / "data" / "wikidata_fictional_2026.json"


def test_import_writes_only_changes(tmp_path):
    out = tmp_path / "overlay.yaml"
    stats = wikidata.import_file(FIXTURE, out)
    overlay = {p["name"]: p for p in yaml.safe_load(out.read_text(encoding="utf-8"))}
    assert set(overlay) == {"Marco Rubio", "Jane Q. Example", "Example al-Testi"}  # Trump: nothing new
    assert overlay["Marco Rubio"]["offices"] == [
        {"role": "foreign_minister", "sector": "GOV", "from": "2025-01-21", "to": "2026-02-15"}]
    assert overlay["Jane Q. Example"]["gender"] == "f" and overlay["Jane Q. Example"]["qid"] == "Q999999902"
    assert overlay["Example al-Testi"]["offices"][0]["approx"] is True  # month precision
    assert stats["skipped (no role, country or start)"] == 1  # the unmapped position


def test_head_of_state_position_is_not_also_head_of_government():
    import json

    rows, _ = wikidata.read_rows(json.loads(FIXTURE.read_text(encoding="utf-8")))
    assert {r["role"] for r in rows if r["name"] == "Donald Trump"} == {"head_of_state"}


def test_merge_and_resolve_either_side_of_the_change(tmp_path, monkeypatch, capsys):
    out = tmp_path / "people_overlay.yaml"
    monkeypatch.setenv(build.OVERLAY_ENV, str(out))
    assert main(["kb", "import-wikidata", str(FIXTURE)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert out in build.source_paths()  # the overlay is part of the index's hash
    people = {p["name"]: p for p in build.load_people()}
    assert people["Marco Rubio"]["qid"] == "Q999999901"  # matched by name, QID taken over
    assert str(people["Marco Rubio"]["offices"][-1]["to"]) == "2026-02-15"  # the overlay wins on end dates
    kb = KnowledgeBase(build.build())
    assert [e.name for e in kb.holders("USA", "foreign_minister", "2026-03-01")] == ["Jane Q. Example"]
    assert [e.name for e in kb.holders("USA", "foreign_minister", "2025-12-01")] == ["Marco Rubio"]
    # a new holder does not end the curated incumbent by itself (parallel posts exist): both are listed
    assert "Example al-Testi" in [e.name for e in kb.holders("IRQ", "defence_minister", "2026-02-01")]

    from powderkeg.actors.resolver import Resolver
    from powderkeg.vocabulary import read_vocabulary
    from powderkeg.nlp.model import load_nlp

    doc = load_nlp()("Jane Q. Example met Iraq's defence minister in Baghdad.")
    names = {(m.actor.name, m.actor.country, m.actor.sector) for m in Resolver(kb, read_vocabulary().words).resolve(doc, "2026-03-01").mentions}
    assert ("Jane Q. Example", "USA", "GOV") in names


def test_merge_people_rules():
    base = [{"name": "Abdel Fattah el-Sisi", "country": "EGY", "qid": None,
             "offices": [{"role": "head_of_state", "sector": "GOV", "from": "2014-06-08", "to": None}]}]
    overlay = [{"name": "Abdel Fattah El Sisi", "country": "EGY", "qid": "Q1",
                "offices": [{"role": "head_of_state", "sector": "GOV", "from": "2014-06-08", "to": "2018-06-02"},
                            {"role": "head_of_state", "sector": "GOV", "from": "2018-06-02", "to": "2030-01-01"}]}]
    [p] = build.merge_people(base, overlay)
    # the two statements touch the curated term: one term, whose end the overlay sets
    assert p["qid"] == "Q1" and len(p["offices"]) == 1 and p["offices"][0]["to"] == "2030-01-01"
    assert base[0]["offices"][0]["to"] is None  # the curated list itself is not modified


def _fm(name: str, qid, frm: str, to, **extra) -> dict:
    return {"name": name, "country": "SAU", "qid": qid,
            "offices": [dict({"role": "foreign_minister", "sector": "GOV", "from": frm, "to": to}, **extra)]}


def test_merge_keeps_namesakes_terms_and_exact_ends_apart():
    base = [_fm("Faisal bin Farhan", "Q1", "2019-10-23", None), _fm("Ahmed Hassan", "Q111", "2016-01-01", "2018-01-01")]
    # a namesake with another QID is another person
    merged = build.merge_people(base, [_fm("Ahmed Hassan", "Q999", "2020-01-01", None)])
    assert len(merged) == 3
    # an earlier term that ends before the curated one starts is its own office, not the incumbent's end
    merged = build.merge_people(base, [_fm("Faisal bin Farhan", "Q1", "2015-01-01", "2019-10-01")])
    faisal = next(p for p in merged if p["name"] == "Faisal bin Farhan")
    assert sorted((o["from"], o["to"]) for o in faisal["offices"]) == [("2015-01-01", "2019-10-01"),
                                                                         ("2019-10-23", None)]
    # a year-precision end does not replace an exact curated end of the same year
    exact = [_fm("X Y", "Q5", "2020-01-01", "2024-08-25")]
    merged = build.merge_people(exact, [_fm("X Y", "Q5", "2020-01-01", "2024-01-01", to_approx=True)])
    assert merged[0]["offices"][0]["to"] == "2024-08-25"


def test_dates_are_read_leniently():
    assert build.iso_day("2016") == "2016-01-01"
    assert build.iso_day("2016-05") == "2016-05-01"
    assert build.iso_day("+2016-05-04T00:00:00Z") == "2016-05-04"
    assert build.iso_day("not a date") is None
