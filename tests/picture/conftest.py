"""A store built once per session from the seed and the shared Wikinews and VOA articles (about 2-3
minutes), used by the tests of the conflict picture (exports, incidents, analytics, API, browser).

POWDERKEG_TEST_DB=path reuses a store already built the same way (for quick local runs)."""
import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
SEED = SHARED / "seed" / "article.txt"


@contextmanager
def serve(db: str, token=None):
    """The dashboard on a free loopback port, run by uvicorn as `powderkeg serve` runs it; yields its
    base url. A real server decodes a percent-encoded path once, as browsers expect; Starlette's
    TestClient decodes it twice (`%2527` arrives as `'`, starlette issue 2587), so the tests of ids
    that may hold '%' (url ids) go through this."""
    import uvicorn

    from powderkeg.serve.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db, token), host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        t.join(5)


def build_store(path: str, analyzer, inputs: list[str]) -> None:
    from powderkeg.ingest import Skip, iter_inputs
    from powderkeg.store.duck import Store

    store = Store(path)
    docs = [d for d in iter_inputs(inputs) if not isinstance(d, Skip)]
    for a in analyzer.analyse_many(docs):
        store.put(a)
    store.close()


@pytest.fixture(scope="session")
def shared_db(tmp_path_factory, analyzer) -> str:
    if not (SHARED / "wikinews").is_dir() or not (SHARED / "voa").is_dir():
        pytest.skip("../shared/data (Wikinews, VOA) is not beside the checkout")
    path = tmp_path_factory.mktemp("picture") / "shared.duckdb"
    pre = os.environ.get("POWDERKEG_TEST_DB")
    if pre and Path(pre).exists():
        shutil.copy(pre, path)
        return str(path)
    build_store(str(path), analyzer, [str(SEED), str(SHARED / "wikinews"), str(SHARED / "voa")])
    return str(path)


@pytest.fixture()
def con(shared_db):
    import duckdb

    c = duckdb.connect(shared_db, read_only=True)
    yield c
    c.close()
