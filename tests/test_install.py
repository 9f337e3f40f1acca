"""`pip install` of the built wheel into a fresh virtual environment, from pyproject.toml alone
(no lock file), reads every input form: the declared dependencies are complete (trafilatura's
HTML cleaning needs lxml_html_clean, which its own chain does not pull in), and they agree with
the lock. Uses pip's cache; skipped when no package index can be reached."""
import json
import re
import subprocess
import sys
import tomllib

import pytest

from helpers import ROOT

ARTICLE = ("Protesters marched in Belgrade on Tuesday against the government. "
           "Police fired tear gas at the crowd and arrested several people, officials said.")


def _name(req: str) -> str:
    return re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_declared_dependencies_are_in_the_lock_at_an_allowed_version():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            n, v = line.split("==")
            lock[n.strip().lower().replace("_", "-")] = v.strip()
    from packaging.requirements import Requirement

    for d in deps:
        req = Requirement(d)
        name = _name(d)
        assert name in lock, f"{name} declared but not locked"
        assert req.specifier.contains(lock[name], prereleases=True), (d, lock[name])


def test_wheel_in_a_fresh_venv_reads_every_input_form(tmp_path):
    wheels = tmp_path / "wheels"
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0 and ("connection" in r.stderr.lower() or "no matching distribution" in r.stderr.lower()):
        pytest.skip("no package index reachable: " + r.stderr.strip().splitlines()[-1])
    assert r.returncode == 0, r.stderr[-2000:]
    [wheel] = wheels.glob("powderkeg-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = venv / "bin" / "pip"
    r = subprocess.run([str(pip), "install", "-q", str(wheel)], capture_output=True, text=True, timeout=900)
    if r.returncode != 0 and "connection" in r.stderr.lower():
        pytest.skip("no package index reachable")
    assert r.returncode == 0, r.stderr[-3000:]
    body = "".join(f"<p>{s}.</p>" for s in ARTICLE.split(". ")) * 3
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Belgrade protests\n\n" + ARTICLE)
    (tmp_path / "in" / "b.html").write_text(f"<html><head><title>Belgrade protests</title></head><body><nav>Home</nav>"
                                            f"<article><h1>Belgrade protests</h1>{body}</article></body></html>")
    (tmp_path / "in" / "c.jsonl").write_text(json.dumps({"id": "j", "text": ARTICLE}) + "\n")
    (tmp_path / "in" / "d.csv").write_text(f'id,text\nk,"{ARTICLE}"\n')
    exe = venv / "bin" / "powderkeg"
    r = subprocess.run([str(exe), "extract", str(tmp_path / "in"), "--format", "jsonl", "-q", "--workers", "1"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert {json.loads(x)["doc_id"] for x in r.stdout.splitlines()} == {"a", "b", "j", "k"}
    for stdin in (json.dumps({"id": "s", "text": ARTICLE}) + "\n", ARTICLE + "\n"):
        r = subprocess.run([str(exe), "extract", "-", "--format", "jsonl", "-q", "--workers", "1"], input=stdin,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0 and r.stdout.strip(), r.stderr[-3000:]
