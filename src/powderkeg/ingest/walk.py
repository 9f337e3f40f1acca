"""Which files a list of paths stands for: folders walked in sorted order, every problem said.

An unreadable subfolder, a folder symlink that loops back, or a path that does not exist each
give one `Skip` naming it, instead of being passed over without a word. Hidden files (".name") and
files of unsupported types inside folders are left out silently, as a crawler's folder holds many.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator, Union

from powderkeg.ingest.document import Skip
from powderkeg.ingest.encoding import printable

SUPPORTED = {".txt", ".html", ".htm", ".jsonl", ".ndjson", ".csv"}


class Found:
    """A file to read: its path and its name relative to the folder it was found in (for ids)."""

    __slots__ = ("path", "relative")

    def __init__(self, path: Path, relative: str):
        self.path = path
        self.relative = relative

    @property
    def where(self) -> str:
        return printable(str(self.path))


def walk(paths: Iterable[str]) -> Iterator[Union[Found, Skip, str]]:
    """`Found` files, `Skip`s, and "-" (standard input) in the order given."""
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        try:
            is_dir = path.is_dir()
            is_file = path.is_file()
        except OSError as e:
            yield Skip(printable(p), f"cannot read: {e.strerror}")
            continue
        if is_dir:
            yield from _walk_dir(path)
        elif is_file:
            yield Found(path, path.name)
        elif path.is_symlink():
            yield Skip(printable(p), "broken symbolic link")
        else:
            yield Skip(printable(p), "no such file or directory")


def _walk_dir(root: Path) -> Iterator[Union[Found, Skip]]:
    errors: list[OSError] = []
    seen = {os.path.realpath(root)}
    for folder, dirs, files in os.walk(root, onerror=errors.append, followlinks=True):
        while errors:
            e = errors.pop(0)
            yield Skip(printable(str(e.filename or folder)), f"cannot read folder: {e.strerror}")
        keep = []
        for d in sorted(dirs):
            full = os.path.join(folder, d)
            real = os.path.realpath(full)
            if d.startswith("."):
                continue
            if real in seen:
                yield Skip(printable(full), f"symbolic link loop (leads back to {printable(real)}), not followed")
                continue
            seen.add(real)
            keep.append(d)
        dirs[:] = keep
        for name in sorted(files):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in SUPPORTED:
                continue
            full = Path(folder) / name
            if not full.exists():
                yield Skip(printable(str(full)), "broken symbolic link")
                continue
            yield Found(full, os.path.relpath(full, root))
    while errors:
        e = errors.pop(0)
        yield Skip(printable(str(e.filename or root)), f"cannot read folder: {e.strerror}")
