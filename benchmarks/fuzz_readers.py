"""Coverage-guided fuzzing of the readers (atheris) for a fixed budget.

Each input is written as a file of one of the input forms (chosen by its first byte) and read with
`iter_inputs`; anything but `Document`s and `Skip`s (an exception) is a crash. Crashing inputs are
copied to tests/data/fuzz_crashes/, which tests/test_properties.py reads back as regression tests.

    python benchmarks/fuzz_readers.py [--runs 20000] [--seconds 300]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRASHES = ROOT / "tests" / "data" / "fuzz_crashes"
EXTS = (".jsonl", ".csv", ".txt", ".html")


def check(data: bytes, folder: Path) -> None:
    from powderkeg.ingest import Document, Skip, iter_inputs

    ext = EXTS[data[0] % len(EXTS)] if data else ".txt"
    p = folder / f"in{ext}"
    p.write_bytes(data[1:])
    for item in iter_inputs([str(p)]):
        if not isinstance(item, (Document, Skip)):
            raise AssertionError(f"reader yielded {type(item).__name__}")
        if isinstance(item, Document):
            item.text.encode("utf-8")


def target(folder: Path):
    def one(data: bytes) -> None:
        try:
            check(data, folder)
        except Exception:  # keep the input as a regression test before atheris reports and exits
            import hashlib

            CRASHES.mkdir(parents=True, exist_ok=True)
            (CRASHES / f"crash-{hashlib.sha1(data).hexdigest()[:12]}").write_bytes(data[1:])
            raise
    return one


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20000)
    ap.add_argument("--seconds", type=int, default=300)
    args, rest = ap.parse_known_args()
    import atheris

    with atheris.instrument_imports():
        import powderkeg.ingest.encoding  # noqa: F401
        import powderkeg.ingest.readers  # noqa: F401
    folder = Path(tempfile.mkdtemp(prefix="pk-fuzz-"))
    out = folder / "crashes"
    out.mkdir()
    seeds = folder / "seeds"
    seeds.mkdir()
    for i, f in enumerate(sorted(CRASHES.glob("*"))):
        (seeds / f"s{i}").write_bytes(bytes([i]) + f.read_bytes())
    atheris.Setup([sys.argv[0], f"-runs={args.runs}", f"-max_total_time={args.seconds}",
                   f"-artifact_prefix={out}/", str(seeds), *rest], target(folder))
    try:
        atheris.Fuzz()
    finally:  # atheris exits the process on a crash: keep what it found
        for c in out.glob("*"):
            shutil.copy(c, CRASHES / c.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
