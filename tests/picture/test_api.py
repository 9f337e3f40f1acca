"""The dashboard's API: validation (4xx, never 5xx: schemathesis against /openapi.json), read-only
store access, the 503 while another process writes, and the token."""
import os
import re
import shutil
import subprocess
import sys
import time
from urllib.parse import quote

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from powderkeg.serve.app import create_app

from .conftest import serve


@pytest.fixture(scope="module")
def client(shared_db):
    """The API on a real server: document ids are urls, some with '%' in them (Interpol%27s_aid), which
    Starlette's TestClient would decode twice (conftest.serve)."""
    with serve(shared_db) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def test_fuzz_no_server_error(shared_db):
    """Every operation of /openapi.json, with schema-generated parameters (valid and not): no 5xx."""
    from hypothesis import given

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(shared_db))
    ops = [r.ok() for r in schema.get_all_operations()]
    assert len(ops) >= 14
    for op in ops:
        @given(case=op.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def run(case):
            case.call_and_validate(checks=[not_a_server_error])

        run()


def test_openapi_documents_every_api_route(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/stats", "/api/network", "/api/dyads", "/api/dyad", "/api/alerts", "/api/events", "/api/incidents",
            "/api/map", "/api/stances", "/api/documents/{doc_id}", "/api/records/{record_id}"} <= paths
    size = [p for p in spec["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "size"][0]
    assert size["schema"]["maximum"] == 200


@pytest.mark.parametrize("url", ["/api/events?size=500", "/api/events?page=0", "/api/dyad?a=usa&b=IRN",
                                 "/api/events?type=BOMB", "/api/events?since=yesterday", "/api/events?q=%00x",
                                 "/api/network?min_weight=-1", "/api/dyad?a=USA"])
def test_bad_parameters_are_4xx(client, url):
    r = client.get(url)
    assert r.status_code == 422 and r.json()["detail"]


def test_not_found(client):
    assert client.get("/api/records/nope").status_code == 404
    assert client.get("/api/events/article%23e9999").status_code == 404
    assert client.get("/api/documents/no-such-doc").status_code == 404
    assert client.get("/article/no-such-doc").status_code == 404


def test_search_page_and_evidence(client):
    r = client.get("/api/events", params={"q": "Soleimani", "size": 5}).json()
    assert r["total"] >= 4 and len(r["items"]) == 5
    p2 = client.get("/api/events", params={"q": "Soleimani", "size": 5, "page": 2}).json()
    assert not {x["id"] for x in r["items"]} & {x["id"] for x in p2["items"]}
    ev = client.get(f"/api/records/{quote(r['items'][0]['id'], safe='')}").json()
    assert "Soleimani" in ev["record"]["text"] and ev["title"]
    for it in r["items"] + p2["items"]:  # url ids, some with '%' in them (Interpol%27s_aid)
        one = client.get(f"/api/records/{quote(it['id'], safe='')}")
        assert one.status_code == 200 and one.json()["record"]["id"] == it["id"]
    injected = client.get("/api/events", params={"q": "' OR 1=1 --"}).json()
    assert injected["total"] == 0  # parameters are values, never SQL


def test_incident_with_reports(client):
    r = client.get("/api/incidents", params={"min_articles": 3, "type": "ASSAULT", "country": "IRN"}).json()
    inc = client.get("/api/incidents/" + quote(r["items"][0]["incident_id"], safe="")).json()
    assert inc["n_articles"] >= 3 and len({x["doc_id"] for x in inc["reports"]}) == inc["n_articles"]


URL_ID = "https://news.example.org//world/2024/strike on kharkiv, Ukraine%27s east?id=7&lang=en#top"


def test_a_url_id_reaches_its_page_and_every_api_route(analyzer, tmp_path):
    """A document whose id is its url (ingest/identity.py: '/', '//', ':', '?', '&', '#', '%', spaces in it):
    its page and each API route that takes an id answer for it, with the id percent-encoded as the
    dashboard's script does (encodeURIComponent) and, for the path-safe characters, unencoded."""
    from powderkeg.ingest import Document
    from powderkeg.store.duck import Store

    body = ("Russian forces attacked the city of Kharkiv on Monday, Ukrainian officials said. "
            "The strike killed 12 people, the regional governor said.")
    db = str(tmp_path / "urls.duckdb")
    store = Store(db)
    store.put(analyzer.analyse(Document.from_parts(URL_ID, body, "Strike on Kharkiv", date="2024-03-04",
                                                   url=URL_ID)))
    store.close()
    with serve(db) as base, httpx.Client(base_url=base, timeout=60) as c:
        enc = quote(URL_ID, safe="")
        page = c.get(f"/article/{enc}")
        assert page.status_code == 200 and "Strike on Kharkiv" in page.text
        assert c.get("/article/" + quote(URL_ID, safe="/:")).status_code == 200  # '/' and ':' left as they are
        doc = c.get(f"/api/documents/{enc}")
        assert doc.status_code == 200 and doc.json()["doc"]["doc_id"] == URL_ID
        listed = c.get("/api/documents", params={"q": URL_ID}).json()["items"]
        assert [d["doc_id"] for d in listed] == [URL_ID]
        events = c.get("/api/events", params={"size": 50}).json()["items"]
        ev = [e for e in events if e["doc_id"] == URL_ID and e["type"] == "ASSAULT"]
        assert ev and ev[0]["id"].startswith(URL_ID + "#e")
        one = c.get("/api/events/" + quote(ev[0]["id"], safe=""))
        assert one.status_code == 200 and one.json()["record"]["doc_id"] == URL_ID
        rec = c.get("/api/records/" + quote(ev[0]["id"], safe=""))
        assert rec.status_code == 200 and rec.json()["record"]["id"] == ev[0]["id"]
        inc_id = one.json()["incident_id"]
        assert inc_id and URL_ID in inc_id
        inc = c.get("/api/incidents/" + quote(inc_id, safe=""))
        assert inc.status_code == 200 and inc.json()["reports"][0]["doc_id"] == URL_ID
        figs = [r for r in doc.json()["figures"] if r.get("id")]
        assert figs  # the toll: a figure record, also reached by its id
        for f in figs:
            assert c.get("/api/records/" + quote(f["id"], safe="")).status_code == 200
        # not found stays 404 for an id of the same shape
        assert c.get("/article/" + quote(URL_ID + "x", safe="")).status_code == 404
        assert c.get("/api/documents/" + quote(URL_ID + "x", safe="")).status_code == 404


def test_pages_serve_local_assets_only(client):
    for page in ("/", "/dyads", "/map", "/stances", "/table", "/article/article"):
        html = client.get(page).text
        assert not re.search(r'<(script|link|img|iframe)[^>]*(src|href)="(https?:)?//', html)  # nothing from outside
        assert "@import" not in html
    assert client.get("/static/world.geojson").json()["type"] == "FeatureCollection"
    assert "fetch(" in client.get("/static/app.js").text


def test_store_stays_unchanged_and_busy_store_is_503(shared_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(shared_db, db)
    before = os.stat(db).st_mtime_ns
    app = create_app(str(db))
    app.state.reader.idle = 0.2
    with TestClient(app) as c:
        assert c.get("/api/stats").status_code == 200
        time.sleep(0.6)  # the dashboard lets the file go when idle
        holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                                   "print('held', flush=True); time.sleep(30)", str(db)], stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "held"
            r = c.get("/api/events")
            assert r.status_code == 503 and "powderkeg ingest" in r.json()["detail"]
        finally:
            holder.kill()
            holder.wait()
        assert c.get("/api/events").status_code == 200
    assert os.stat(db).st_mtime_ns == before


def test_token_guards_every_route(shared_db):
    with TestClient(create_app(shared_db, token="s3cret")) as c:
        for url in ("/api/stats", "/openapi.json", "/static/app.js"):
            assert c.get(url).status_code == 401
        assert c.get("/api/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/stats", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        r = c.get("/table", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        page = "/article/" + quote("https://x.org/a b%27s?q=1#top", safe="")
        r = c.get(page, follow_redirects=False)  # an article page: back to it, its id still encoded
        assert r.headers["location"] == "/login?next=" + quote(page, safe="")
        r = c.post("/login", data={"token": "s3cret", "next": page}, follow_redirects=False)
        assert r.headers["location"] == page
        c.cookies.clear()
        r = c.post("/login", data={"token": "nope", "next": "/table"}, follow_redirects=False)
        assert "error" in r.headers["location"] and "powderkeg_session" not in r.cookies
        r = c.post("/login", data={"token": "s3cret", "next": "/table"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/table"
        assert c.get("/table").status_code == 200 and c.get("/api/stats").status_code == 200  # the cookie
        r = c.post("/login", data={"token": "s3cret", "next": "//evil.example"}, follow_redirects=False)
        assert r.headers["location"] == "/"


def test_map_points(client, shared_db):
    import duckdb

    d = client.get("/api/map", params={"kind": "events"}).json()
    assert d["points"] and all(p["lat"] is not None and -90 <= p["lat"] <= 90 for p in d["points"])
    located = duckdb.connect(shared_db, read_only=True)
    try:
        exact = located.execute("SELECT count(*) FROM events WHERE lat IS NOT NULL AND NOT negated AND NOT hypothetical").fetchone()[0]
    finally:
        located.close()
    assert sum(not p["approximate"] for p in d["points"]) == exact
    assert d["countries"].get("USA", 0) > 10
    inc = client.get("/api/map", params={"type": "ASSAULT"}).json()
    assert inc["points"] and {p["type"] for p in inc["points"]} == {"ASSAULT"}
