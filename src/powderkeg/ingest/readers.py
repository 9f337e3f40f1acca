"""Every input form of records.md, read into `Document`s; bad input becomes a `Skip`, never a crash.

Readers are generators so that a file of a million JSON lines streams through in constant memory.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional, Union

from powderkeg.ingest.checks import decode, text_problem
from powderkeg.ingest.document import Document, Skip

TEXT_EXT = {".txt"}
HTML_EXT = {".html", ".htm"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv"}
SUPPORTED = TEXT_EXT | HTML_EXT | JSONL_EXT | CSV_EXT

Item = Union[Document, Skip]


def iter_inputs(paths: Iterable[str], stdin: Optional[IO[str]] = None) -> Iterator[Item]:
    """Documents (or skips) from files, directories (recursively) and '-' (JSON Lines on stdin)."""
    for p in paths:
        if p == "-":
            yield from _read_jsonl_stream(stdin or sys.stdin, "<stdin>", "stdin")
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED and not f.name.startswith("."):
                    yield from read_file(f)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield Skip(str(path), "no such file or directory")


def count_inputs(paths: Iterable[str], limit_bytes: int = 2_000_000_000) -> Optional[int]:
    """About how many items `iter_inputs` will yield, for a progress bar with a total: one per
    .txt/.html file, one per non-empty JSONL line, one per CSV row. None for standard input, or
    when the inputs are too large to count cheaply."""
    total, seen = 0, 0
    files: list[Path] = []
    for p in paths:
        if p == "-":
            return None
        path = Path(p)
        if path.is_dir():
            files += [f for f in sorted(path.rglob("*")) if f.is_file() and f.suffix.lower() in SUPPORTED
                      and not f.name.startswith(".")]
        else:
            files.append(path)
    for f in files:
        ext = f.suffix.lower()
        try:
            if ext in JSONL_EXT or ext in CSV_EXT:
                seen += f.stat().st_size
                if seen > limit_bytes:
                    return None
                with open(f, encoding="utf-8", errors="replace", newline="") as fh:
                    if ext in JSONL_EXT:
                        total += sum(1 for line in fh if line.strip())
                    else:
                        csv.field_size_limit(sys.maxsize)
                        total += max(0, sum(1 for _ in csv.reader(fh)) - 1)
            else:
                total += 1
        except OSError:
            total += 1
    return total


def read_file(path: Path) -> Iterator[Item]:
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        yield Skip(str(path), f"unsupported file type '{ext or 'none'}' (use .txt, .html, .jsonl, .ndjson or .csv)")
        return
    try:
        raw = path.read_bytes()
    except OSError as e:
        yield Skip(str(path), f"cannot read: {e.strerror}")
        return
    text, problem = decode(raw)
    if text is None:
        yield Skip(str(path), problem or "unreadable")
        return
    if ext in TEXT_EXT:
        yield _checked(_from_txt(path, text), str(path))
    elif ext in HTML_EXT:
        yield _from_html(path, text)
    elif ext in JSONL_EXT:
        yield from _read_jsonl_stream(io.StringIO(text), str(path), path.stem)
    else:
        yield from _read_csv(path, text)


def _checked(doc: Document, where: str) -> Item:
    problem = text_problem(doc.text)
    return Skip(where, problem) if problem else doc


def _from_txt(path: Path, text: str) -> Document:
    """A .txt file: a short first line followed by more text is the title."""
    text = text.lstrip("\ufeff")
    first, _, rest = text.partition("\n")
    title = None
    if rest.strip() and 0 < len(first.strip()) <= 150 and not first.rstrip().endswith((".", "!", "?", ":")):
        title = first.strip()
    doc = Document(doc_id=path.stem, text=text, title=title, path=str(path))
    if title:
        doc.title_end = text.find(title) + len(title)
    return doc


def _from_html(path: Path, html: str) -> Item:
    from powderkeg.ingest.html import extract_html

    title, body, date = extract_html(html)
    if not body:
        return Skip(str(path), "no article text found in the HTML page")
    doc = Document.from_parts(path.stem, body, title, date=iso_date(date), path=str(path))
    return _checked(doc, str(path))


def _read_jsonl_stream(stream: IO[str], where: str, stem: str) -> Iterator[Item]:
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        loc = f"{where}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            msg = e.msg[:-3] if e.msg.endswith(" at") else e.msg  # some messages end in "at"
            hint = " (standard input takes JSON Lines: one {\"id\", \"text\"} object a line)" \
                if where == "<stdin>" and n == 1 else ""
            yield Skip(loc, f"malformed JSON ({msg} at column {e.colno}){hint}")
            continue
        if not isinstance(obj, dict):
            yield Skip(loc, "a JSON line must be an object with a 'text' field")
            continue
        yield _from_record(obj, loc, f"{stem}-{n}")


def _read_csv(path: Path, text: str) -> Iterator[Item]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield Skip(str(path), "CSV has no 'text' column")
        return
    try:
        for n, row in enumerate(reader, 1):
            yield _from_record(row, f"{path}:{n + 1}", f"{path.stem}-{n}")
    except csv.Error as e:
        yield Skip(str(path), f"malformed CSV: {e}")


def _from_record(obj: dict, loc: str, default_id: str) -> Item:
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        return Skip(loc, "no 'text' field" if body is None else "empty 'text'")
    doc_id = str(obj.get("id") or obj.get("doc_id") or default_id).strip()
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    doc = Document.from_parts(doc_id, body, title, date=iso_date(obj.get("date")), url=obj.get("url") or None,
                              source=obj.get("source") or None, path=loc)
    return _checked(doc, loc)


def iso_date(value) -> Optional[str]:
    """An ISO date (YYYY-MM-DD) from a date or datetime string; None if absent or unreadable."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip()
    try:
        return dt.date.fromisoformat(v[:10]).isoformat()
    except ValueError:
        pass
    try:
        from dateutil import parser  # installed with trafilatura

        return parser.parse(v, fuzzy=True).date().isoformat()
    except (ValueError, OverflowError, ImportError):
        return None


def is_supported(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SUPPORTED
