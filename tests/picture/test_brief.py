"""The brief of the seed article: the picture an analyst would draw, each item linked to its sentence."""
import re
import subprocess
import sys

import pytest

from powderkeg.brief import brief_from_records, render_html, render_text

from .conftest import SEED


@pytest.fixture(scope="module")
def seed_brief(analyzer):
    from powderkeg.ingest import iter_inputs
    from powderkeg.records import to_dict

    doc = next(iter(iter_inputs([str(SEED)])))
    recs = [to_dict(r) for r in analyzer.analyse(doc).records]
    return brief_from_records({"doc_id": doc.doc_id, "title": doc.title, "date": doc.date, "url": doc.url,
                               "text": doc.text}, recs)


def _edge(b, s, t, typ):
    return [e for e in b["edges"] if e["source"] == s and e["target"] == t and e["type"] == typ]


def test_graph_of_the_seed(seed_brief):
    b = seed_brief
    threat = _edge(b, "Iran", "United States", "THREATEN")[0]
    assert threat["conflict"] and threat["evidence"][0]["sentence_index"] == 0
    assert _edge(b, "Hamas", "Israel", "ASSAULT") and _edge(b, "Israel", "Hamas", "ASSAULT")
    assert not _edge(b, "United States", "Israel", "SUPPORT")[0]["conflict"]  # backing is cooperation
    assert _edge(b, "Iran", "Hamas", "backs")[0]["kind"] == "relation"
    names = {a["name"] for a in b["actors"]}
    assert {"Iran", "United States", "Israel", "Hamas", "Antony Blinken", "Hezbollah"} <= names


def test_stances_figures_flags_of_the_seed(seed_brief):
    b = seed_brief
    assert b["stance_matrix"]["rows"]["Antony Blinken"]["ceasefire"] == ["oppose"]
    assert b["stance_matrix"]["rows"]["Mohammad-Reza Ashtiani"]["ceasefire"] == ["support"]
    toll = [f for f in b["figures"] if f["quantity"] == "killed"][0]
    assert toll["value"] == 9700 and toll["claimed_by"] == ["Hamas officials (PSE)"]
    assert len(b["flags"]) == 3 and any("Israel ally of Iran" in f["message"] for f in b["flags"])
    text = render_text(b)
    assert "Iran -THREATEN-> United States" in text and "claimed by Hamas officials" in text


def test_html_is_self_contained_and_every_link_lands(seed_brief):
    html = render_html(seed_brief)
    assert "<svg" in html and "<script" not in html
    assert not re.search(r'<(link|img|script)[^>]*(href|src)=', html)  # no external asset
    targets = set(re.findall(r'href="#([^"]+)"', html))
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert targets and targets <= ids  # each item links to its sentence or highlighted trigger
    # the trigger of the headline threat is highlighted inside sentence 0
    s0 = re.search(r'<span class="sent" id="s0">(.*?)</span>', html).group(1)
    assert '<mark id="t-article-e1" class="conflict"' in s0 and ">Threatens</mark>" in s0


def test_brief_command_writes_html(tmp_path):
    out = tmp_path / "b.html"
    r = subprocess.run([sys.executable, "-m", "powderkeg", "brief", str(SEED), "--html", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and out.read_text().startswith("<!doctype html>")
