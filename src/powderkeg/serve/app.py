"""`powderkeg serve`: the dashboard (FastAPI), read-only on a store, offline (every asset served here).

Pages: / (actor network), /dyads (escalation timeline and alerts), /map, /stances, /table (events and
incidents), /article/{doc_id} (the brief; the id percent-encoded, any characters), /login. API: /api/... (api.py), documented at /openapi.json
and /docs (docs page only when its assets are present locally: no CDN).

With a token (`--token` or POWDERKEG_TOKEN) every route refuses a request without it: the API and
/openapi.json answer 401 unless `Authorization: Bearer <token>` (or the login cookie) comes with it;
pages redirect to /login, whose form sets an HttpOnly, SameSite=Strict cookie holding a hash of the token.
"""
from __future__ import annotations

import hashlib
from contextlib import asynccontextmanager
import hmac
from html import escape
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from powderkeg.serve import api
from powderkeg.serve.db import LOCKED, Reader, StoreBusy, StoreMissing

STATIC = Path(__file__).with_name("static")
COOKIE = "powderkeg_session"
PAGES = {"/": "network", "/dyads": "dyads", "/map": "map", "/stances": "stances", "/table": "table"}
NAV = [("/", "Network"), ("/dyads", "Dyads & alerts"), ("/map", "Map"), ("/stances", "Stances"),
       ("/table", "Events & incidents")]


def _digest(token: str) -> str:
    return hashlib.sha256(("powderkeg:" + token).encode()).hexdigest()


def _authorised(request: Request, token: Optional[str]) -> bool:
    if not token:
        return True
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer ") and hmac.compare_digest(auth[7:].strip().encode(), token.encode()):
        return True
    cookie = request.cookies.get(COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), _digest(token).encode())


def shell(page: str, title: str, body: str = "", nav: bool = True) -> str:
    links = "".join(f'<a href="{h}" class="{"on" if PAGES.get(h) == page else ""}">{escape(t)}</a>' for h, t in NAV)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)} -- powderkeg</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="stylesheet" href="/static/app.css"></head>'
            f'<body data-page="{escape(page)}"><nav class="top"><b>powderkeg</b>{links if nav else ""}</nav>'
            f'<main id="app">{body}</main><div id="evidence" class="panel" hidden></div>'
            '<script src="/static/app.js"></script></body></html>')


LOGIN = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log in -- powderkeg</title>
<style>body{{font:15px system-ui,sans-serif;background:#1c2833;color:#fff;display:flex;align-items:center;
justify-content:center;height:100vh;margin:0}}form{{background:#fff;color:#1c2833;padding:26px;border-radius:8px;
min-width:300px}}input{{width:100%;padding:8px;margin:8px 0 14px;box-sizing:border-box}}button{{padding:8px 16px}}
.err{{color:#c0392b}}</style></head><body><form method="post" action="/login"><h2>powderkeg</h2>
<label for="token">Access token</label><input id="token" name="token" type="password" autocomplete="current-password"
autofocus><input type="hidden" name="next" value="{next}">{error}<button type="submit">Log in</button></form></body></html>"""


def _safe_next(n: str) -> str:
    return n if n.startswith("/") and not n.startswith("//") and len(n) < 500 else "/"


def create_app(db: str, token: Optional[str] = None) -> FastAPI:
    reader = Reader(db)

    @asynccontextmanager
    async def lifespan(_app):
        yield
        reader.close()  # let the file go when the server stops

    app = FastAPI(title="powderkeg", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="The conflict picture of a powderkeg store: events, incidents across articles, dyads "
                              "and alerts, networks, stances, briefs. Read-only. Records follow docs/records.md.")
    app.state.reader = reader
    app.state.token = token or None

    @app.middleware("http")
    async def guard(request: Request, call_next):
        path = request.url.path
        if path == "/login" or _authorised(request, app.state.token):
            resp = await call_next(request)
            resp.headers.setdefault("X-Content-Type-Options", "nosniff")
            resp.headers.setdefault("Referrer-Policy", "no-referrer")
            return resp
        if path.startswith("/api") or path == "/openapi.json" or path.startswith("/static"):
            return JSONResponse({"detail": "token required: send Authorization: Bearer <token>"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        # back to the page as it was asked for: its raw path keeps an id's percent-encoding ('%2F', '%23')
        raw = request.scope.get("raw_path")
        asked = raw.decode("latin-1") if raw else quote(path)
        return RedirectResponse("/login?next=" + quote(asked, safe=""), status_code=303)

    @app.exception_handler(StoreBusy)
    async def busy(_request: Request, _exc: StoreBusy):
        return JSONResponse({"detail": LOCKED}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(StoreMissing)
    async def missing(_request: Request, exc: StoreMissing):
        return JSONResponse({"detail": f"no store at {exc}"}, status_code=503)

    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(next: str = "/", error: Optional[str] = None):
        if not app.state.token:
            return RedirectResponse("/", status_code=303)
        err = '<p class="err">Wrong token.</p>' if error else ""
        return HTMLResponse(LOGIN.format(next=escape(_safe_next(next)), error=err))

    @app.post("/login", include_in_schema=False)
    async def login(request: Request):
        body = (await request.body())[:4000].decode("utf-8", "replace")
        form = parse_qs(body)  # application/x-www-form-urlencoded, parsed here (no multipart dependency)
        token = (form.get("token") or [""])[0]
        next = (form.get("next") or ["/"])[0]
        if not app.state.token:
            return RedirectResponse("/", status_code=303)
        if not hmac.compare_digest(token.encode(), app.state.token.encode()):
            return RedirectResponse("/login?error=1&next=" + quote(_safe_next(next)), status_code=303)
        resp = RedirectResponse(_safe_next(next), status_code=303)
        resp.set_cookie(COOKIE, _digest(app.state.token), httponly=True, samesite="strict", max_age=7 * 86400)
        return resp

    @app.get("/logout", include_in_schema=False)
    def logout():
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(COOKIE)
        return resp

    for route, page in PAGES.items():
        def make(page=page):
            def view() -> HTMLResponse:
                return HTMLResponse(shell(page, dict((PAGES[h], t) for h, t in NAV)[page]))
            return view
        app.add_api_route(route, make(), methods=["GET"], include_in_schema=False, response_class=HTMLResponse)

    @app.get("/article/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article(doc_id: str):
        """The brief of one article; `doc_id` percent-encoded (a url id keeps its '/', '#' and '?')."""
        from powderkeg.brief.html import render

        if len(doc_id) > api.MAX_ID:
            raise HTTPException(422, "doc_id too long")
        with app.state.reader.connect() as con:
            b = api.load_brief(con, doc_id)
        if b is None:
            return HTMLResponse(shell("article", "not found", f"<p>No article {escape(doc_id)}.</p>"), status_code=404)
        nav = '<nav class="crumbs"><a href="/table">&larr; events</a> &middot; <a href="/">network</a></nav>'
        return HTMLResponse(render(b, nav=nav, extra_head="<style>.crumbs a{color:#aed6f1;margin-right:8px}</style>"))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    return app


def run(db: str, host: str = "127.0.0.1", port: int = 8765, token: Optional[str] = None) -> None:
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        print(f"powderkeg serve: listening on {host} without a token: anyone who can reach it can read the store")
    print(f"powderkeg dashboard on http://{host}:{port}/ (store {db}, read-only"
          + (", token required)" if token else ")"))
    uvicorn.run(create_app(db, token), host=host, port=port, log_level="warning")
