"""Stances, relations, flags and cross-article conflicts on real text (and on made-up articles for
the cross-article check, as the issue asks)."""
import json
import subprocess
import sys

import pytest

from helpers import ROOT


@pytest.fixture(scope="session")
def records(analyzer):
    from powderkeg.ingest.document import Document
    from powderkeg.records import to_dict

    def run(text: str, date: str = "2020-10-01"):
        doc = Document.from_parts("t", text, None, date=date)
        return [to_dict(r) for r in analyzer.analyse(doc).records]

    return run


@pytest.fixture(scope="session")
def seed(analyzer):
    from powderkeg.ingest import iter_inputs
    from powderkeg.records import to_dict

    doc = next(iter(iter_inputs([str(ROOT / "data" / "gold" / "dev" / "article.txt")])))
    return [to_dict(r) for r in analyzer.analyse(doc).records]


def _of(recs, kind):
    return [r for r in recs if r["kind"] == kind]


def test_seed_stances_with_condition(seed):
    st = {(s["actor"]["country"], s["issue"], s["stance"]): s for s in _of(seed, "stance")}
    for key in [("IRN", "ceasefire", "support"), ("USA", "ceasefire", "oppose"), ("ISR", "ceasefire", "oppose"),
                ("EGY", "ceasefire", "support")]:
        assert key in st, key
    assert "hostages" in (st[("ISR", "ceasefire", "oppose")]["condition"] or "")
    assert ("USA", "ceasefire", "support") not in st


def test_seed_flags_the_three_false_statements_and_nothing_true(seed):
    flags = _of(seed, "flag")
    claims = [f["claim"]["text"] for f in flags]
    assert any("Yemen's proxy" in c for c in claims)
    assert any("Israel's proxies in Syria" in c for c in claims)
    assert any("Iran's foremost ally" in c for c in claims)
    assert len(flags) == 3
    for f in flags:
        assert f["reference"]["base"], f  # every flag says what the reference base holds
        assert f["message"].startswith("read: ")
    rels = {(r["subject"]["country"], r["relation"], r["object"]["country"]) for r in _of(seed, "relation")}
    assert ("IRN", "backs", "PSE") in rels and ("USA", "backs", "ISR") in rels
    # the true statements were read as relations and not flagged
    assert not any("Iranian-backed" in c or "support for Israel" in c for c in claims)


def test_relations_and_stance_in_nagorno_karabakh_report(records):
    """Wikinews, 'On the campaign trail in the USA, September 2020' (not in the dev set)."""
    recs = records("The president of Turkey vowed support for Azerbaijan, while Russia called for a cessation "
                   "of fighting. It lies within the internationally-recognized borders of Azerbaijan but the "
                   "Armenian-backed separatist Republic of Artsakh currently occupies it.")
    rels = {(r["subject"]["country"], r["relation"]) for r in _of(recs, "relation")}
    assert ("TUR", "backs") in rels
    assert ("ARM", "backs") in rels
    st = {(s["actor"]["country"], s["issue"], s["stance"]) for s in _of(recs, "stance")}
    assert ("RUS", "ceasefire", "support") in st
    assert not _of(recs, "flag")


def test_mahan_air_allies_not_a_contradiction(records):
    """Wikinews 2019-01-23: a true alliance statement gives a relation and no flag."""
    recs = records("The US has been encouraging allies such as Germany to restrict Mahan's operations.",
                   date="2019-01-23")
    rels = {(r["subject"]["country"], r["relation"], r["object"]["country"]) for r in _of(recs, "relation")}
    assert ("DEU", "ally_of", "USA") in rels
    assert not _of(recs, "flag")


def test_a_states_own_militia_is_not_its_proxy(records):
    recs = records("Hezbollah, Lebanon's most powerful militia, fired rockets at northern Israel.", date="2023-11-06")
    assert not [r for r in _of(recs, "relation") if r["relation"] == "proxy_of"]
    assert not _of(recs, "flag")


def test_contradicting_alignment_is_an_error_flag(records):
    """A statement made up for the test: the base holds Israel and Hezbollah to be adversaries."""
    recs = records("Hezbollah, Israel's closest ally, fired rockets at Haifa on Monday.", date="2023-11-06")
    flags = _of(recs, "flag")
    assert len(flags) == 1 and flags[0]["severity"] == "error"
    assert flags[0]["claim"]["relation"] == "ally_of"
    assert any(e["relation"] == "adversary_of" for e in flags[0]["reference"]["base"])


def test_stance_negation_and_refusal(records):
    recs = records("Armenia refused to accept the truce. Azerbaijan did not support the resolution.")
    st = {(s["actor"]["country"], s["issue"], s["stance"]) for s in _of(recs, "stance")}
    assert ("ARM", "ceasefire", "oppose") in st
    assert ("AZE", "resolution", "oppose") in st


def test_conflicts_lists_opposite_stances_and_incompatible_tolls_across_articles(tmp_path):
    """Made-up articles about a made-up place: the same group for and against a ceasefire within
    days, and two death tolls for the same town that cannot both hold (at least 120 vs 45)."""
    src = tmp_path / "kessa.jsonl"
    arts = [
        {"id": "kessa-1", "date": "2031-03-02", "title": "Fighting continues in Port Elsin",
         "text": "The Varnian Liberation Front said on Monday that it rejects any ceasefire with the government. "
                 "Local health officials said at least 120 people have been killed in Port Elsin."},
        {"id": "kessa-2", "date": "2031-03-05", "title": "Rebels offer truce",
         "text": "The Varnian Liberation Front called for an immediate ceasefire on Thursday, a spokesman said. "
                 "The Red Crescent said 45 people had been killed in Port Elsin."},
        {"id": "kessa-3", "date": "2031-09-30", "title": "Months later",
         "text": "The Varnian Liberation Front rejected a ceasefire again."},
    ]
    src.write_text("\n".join(json.dumps(a) for a in arts) + "\n")
    db = tmp_path / "k.duckdb"
    pk = [sys.executable, "-m", "powderkeg"]
    r = subprocess.run(pk + ["ingest", str(src), "--db", str(db), "-q"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(pk + ["conflicts", "--db", str(db), "--json"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    found = [json.loads(l) for l in r.stdout.splitlines()]
    stance = [c for c in found if c["kind"] == "stance"]
    assert len(stance) == 1  # kessa-3 is months later: outside the 30-day window
    assert {stance[0]["a"]["doc_id"], stance[0]["b"]["doc_id"]} == {"kessa-1", "kessa-2"}
    figs = [c for c in found if c["kind"] == "figure"]
    assert len(figs) == 1 and "killed" in figs[0]["about"] and "Port Elsin" in figs[0]["about"]
    assert {figs[0]["a"]["value"], figs[0]["b"]["value"]} == {"at least 120", "45"}
    r = subprocess.run(pk + ["conflicts", "--db", str(tmp_path / "missing.duckdb")], capture_output=True, text=True)
    assert r.returncode != 0 and "no such database" in r.stderr


def test_figure_intervals():
    from powderkeg.analytics.conflicts import interval

    assert interval(9700, "more_than") == (9700, float("inf"))
    assert interval(20, "exact", 30) == (20, 30)
    lo, hi = interval(200, "about")
    assert lo < 200 < hi


def test_a_rejected_call_is_two_positions_and_in_principle_is_conditional(records):
    """Sentences written for the test: the caller is for a ceasefire and the rejecter against it;
    support "in principle" is conditional."""
    recs = records("Israel rejected a call by Egypt for a ceasefire. Russia supports the proposal for a truce in "
                   "principle.", date="2023-11-06")
    st = {(s["actor"]["country"], s["issue"], s["stance"]) for s in _of(recs, "stance")}
    assert ("ISR", "ceasefire", "oppose") in st
    assert ("RUS", "ceasefire", "conditional") in st
    assert ("ISR", "ceasefire", "support") not in st


def test_an_accusation_of_backing_is_the_accused_backing_as_the_accuser_claims(records):
    """Written for the test after a new user's article gave a false flag (Congo backing M23)."""
    recs = records("The Democratic Republic of Congo accused Rwanda of backing M23 rebels in North Kivu.",
                   date="2024-02-10")
    rels = {(r["subject"]["country"], r["relation"]) for r in _of(recs, "relation")}
    assert ("RWA", "backs") in rels and ("COD", "backs") not in rels
    support = [e for e in _of(recs, "event") if e["type"] == "SUPPORT"]
    assert all(e["source"][0]["country"] == "RWA" for e in support)
    assert all((e["attributed_to"] or {}).get("country") == "COD" for e in support)
    assert not _of(recs, "flag")


@pytest.mark.xfail(strict=True, reason="default coder misses it: the detector gives 'backing' under "
                                       "'accused ... of' 0.52, under the lexicon gate (tests/test_events.py)")
def test_the_backing_an_accusation_names_is_a_support_event(records):
    recs = records("The Democratic Republic of Congo accused Rwanda of backing M23 rebels in North Kivu.",
                   date="2024-02-10")
    assert [e for e in _of(recs, "event") if e["type"] == "SUPPORT"]


def test_an_alliance_is_contradicted_by_fighting_not_by_words(records):
    """Allies accuse and warn each other; only material conflict the article tells elsewhere
    contradicts an alliance (three false flags on dev came from accusations and from events
    read in the claim's own sentence)."""
    said = records("Egypt and Turkey are traditionally allies. Egypt accused Turkey of meddling in Libya.",
                   date="2024-03-05")
    assert _of(said, "relation") and any(e["type"] == "ACCUSE" for e in _of(said, "event"))
    assert not _of(said, "flag")
    fought = records("Egypt and Turkey are traditionally allies. Egyptian jets bombed Turkish positions in Libya "
                     "on Monday.", date="2024-03-05")
    assert any("ASSAULT" in f["message"] for f in _of(fought, "flag"))
