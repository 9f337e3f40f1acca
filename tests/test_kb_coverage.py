"""The office-coverage report: gaps, overlaps and the not-required cells, on a small made-up file,
and the command on the shipped knowledge base."""
from __future__ import annotations

import json
from datetime import date

from powderkeg.actors import coverage
from powderkeg.cli import main

AS_OF = date(2016, 12, 31)  # 731 days from 2015-01-01


def _p(name, country, *offices):
    return {"name": name, "country": country,
            "offices": [dict(zip(("role", "from", "to", "note"), o)) for o in offices]}


PEOPLE = [
    _p("A", "QAT", ("head_of_state", "2010-01-01", None)),
    _p("B", "QAT", ("foreign_minister", "2014-01-01", "2015-12-31")),
    _p("C", "QAT", ("foreign_minister", "2016-02-01", None)),  # a January 2016 gap of 31 days
    _p("D", "QAT", ("defence_minister", "2014-01-01", "2016-06-30")),
    _p("E", "QAT", ("defence_minister", "2016-06-01", None)),  # 30 days of overlap with D: a data error
    _p("F", "QAT", ("military_chief", "2014-01-01", None, "Chief of Staff")),
    _p("G", "QAT", ("military_chief", "2015-01-01", None, "acting")),  # explained by its note
    _p("H", "USA", ("head_of_state", "2009-01-20", "2017-01-20")),
]


def _cells():
    return {(c.state, c.role): c for c in coverage.report(PEOPLE, AS_OF)}


def test_gaps_and_coverage():
    cells = _cells()
    assert cells["QAT", "head_of_state"].gap_days == 0
    assert cells["QAT", "foreign_minister"].gaps == [(date(2016, 1, 1), date(2016, 1, 31))]
    assert cells["QAT", "head_of_government"].gap_days == 731  # nobody listed
    assert cells["ARG", "military_chief"].gap_days == 731
    assert ("USA", "head_of_government") not in cells  # the president heads the government
    assert ("EU", "head_of_state") not in cells  # no EU office in this file
    assert ("TUR", "head_of_government") in cells and cells["TUR", "head_of_government"].days == 731
    total = coverage.total_coverage(list(cells.values()))
    assert 0 < total < 1


def test_overlaps():
    cells = _cells()
    [(a, b, s, e)] = cells["QAT", "defence_minister"].overlaps
    assert (a, b, s, e) == ("D", "E", date(2016, 6, 1), date(2016, 6, 30))
    assert cells["QAT", "military_chief"].overlaps == []


def test_turkey_premiership_abolished():
    cells = {(c.state, c.role): c for c in coverage.report(PEOPLE, date(2020, 1, 1))}
    assert cells["TUR", "head_of_government"].gaps[-1][1] == date(2018, 7, 8)


def test_command_on_the_shipped_kb(capsys):
    assert main(["kb", "coverage", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["coverage"] > 0.85
    states = {c["state"] for c in out["cells"]}
    assert {"USA", "IRN", "YEM", "EU"} <= states
    assert main(["kb", "coverage"]) == 0
    assert "total coverage:" in capsys.readouterr().out
