"""Every input form of records.md, read into `Document`s; bad input becomes a `Skip`, never a crash.

Readers are generators over binary streams, read a line at a time (`encoding.lines`), so that a
file of a million JSON lines streams through in constant memory and one bad line costs only that
line. Standard input takes JSON Lines, or plain text (one article) when its first line is not a
JSON object. Every article passes the checks of `checks.text_problem` (size cap, language).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional, Union

from powderkeg.ingest import identity
from powderkeg.ingest.checks import decode, text_problem
from powderkeg.ingest.document import Document, Skip
from powderkeg.ingest.encoding import clean_text, lines, printable
from powderkeg.ingest.limits import MAX_CHARS, file_bytes, line_bytes
from powderkeg.ingest.walk import SUPPORTED, Found, walk

TEXT_EXT = {".txt"}
HTML_EXT = {".html", ".htm"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv"}

Item = Union[Document, Skip]


@dataclass(frozen=True)
class Options:
    """How inputs are read: the column/field holding the article text, and the size cap."""

    text_column: str = "text"
    max_chars: int = MAX_CHARS


def iter_inputs(paths: Iterable[str], stdin: Optional[IO] = None, options: Optional[Options] = None) -> Iterator[Item]:
    """Documents (or skips) from files, directories (recursively) and '-' (standard input), each id
    used once (`identity.unique`)."""
    yield from identity.unique(_raw_inputs(paths, stdin, options or Options()))


def _raw_inputs(paths: Iterable[str], stdin: Optional[IO], opts: Options) -> Iterator[Item]:
    for f in walk(paths):
        if isinstance(f, Skip):
            yield f
        elif f == "-":
            stream = stdin if stdin is not None else sys.stdin
            raw = getattr(stream, "buffer", None)
            if raw is None:  # a text stream (tests): its text, as UTF-8 bytes
                raw = io.BytesIO(stream.read().encode("utf-8", "surrogatepass"))
            yield from _read_stdin(raw, opts)
        else:
            yield from read_file(f, opts)


def count_inputs(paths: Iterable[str], limit_bytes: int = 2_000_000_000) -> Optional[int]:
    """About how many items `iter_inputs` will yield, for a progress bar with a total: one per
    .txt/.html file, one per non-empty JSONL line, one per CSV row. None for standard input, or
    when the inputs are too large to count cheaply."""
    total, seen = 0, 0
    for f in walk(paths):
        if f == "-":
            return None
        if isinstance(f, Skip):
            continue
        ext = f.path.suffix.lower()
        try:
            if ext in JSONL_EXT or ext in CSV_EXT:
                seen += f.path.stat().st_size
                if seen > limit_bytes:
                    return None
                with open(f.path, encoding="utf-8", errors="replace", newline="") as fh:
                    if ext in JSONL_EXT:
                        total += sum(1 for line in fh if line.strip())
                    else:
                        csv.field_size_limit(sys.maxsize)
                        total += max(0, sum(1 for _ in csv.reader(fh)) - 1)
            else:
                total += 1
        except (OSError, csv.Error):
            total += 1
    return total


def read_file(found: Union[Found, Path], opts: Optional[Options] = None) -> Iterator[Item]:
    opts = opts or Options()
    if isinstance(found, Path):
        found = Found(found, found.name)
    path, where = found.path, found.where
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        yield Skip(where, f"unsupported file type '{printable(ext) or 'none'}' (use .txt, .html, .jsonl, .ndjson or .csv)")
        return
    stem = printable(identity.file_id(found.relative))
    try:
        if ext in JSONL_EXT or ext in CSV_EXT:
            with open(path, "rb") as fh:
                reader = _read_jsonl if ext in JSONL_EXT else _read_csv
                yield from reader(fh, where, stem, opts)
            return
        size = path.stat().st_size
        if size > file_bytes(opts.max_chars):
            yield Skip(where, f"file of {size:,} bytes is over the size cap ({file_bytes(opts.max_chars):,} bytes)")
            return
        raw = path.read_bytes()
    except OSError as e:
        yield Skip(where, f"cannot read: {e.strerror or e}")
        return
    text, problem = decode(raw)
    if text is None and ext in HTML_EXT:
        text, problem = _declared_charset(raw) or (text, problem)
    if text is None:
        yield Skip(where, problem or "unreadable")
        return
    if ext in TEXT_EXT:
        yield _checked(_from_txt(stem, where, text), where, opts)
    else:
        yield _from_html(stem, where, text, opts)


def _declared_charset(raw: bytes) -> Optional[tuple[str, None]]:
    """An HTML page that is not UTF-8 but says its charset (`<meta charset=...>`)."""
    import re

    m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", raw[:8192], re.I)
    if not m:
        return None
    try:
        return clean_text(raw.decode(m.group(1).decode("ascii"))), None
    except (LookupError, UnicodeDecodeError):
        return None


def _checked(doc: Document, where: str, opts: Options) -> Item:
    problem = text_problem(doc.text, opts.max_chars)
    return Skip(where, problem) if problem else doc


def _from_txt(stem: str, where: str, text: str) -> Document:
    """A .txt file: a short first line followed by more text is the title."""
    text = text.lstrip("\ufeff")
    first, _, rest = text.partition("\n")
    title = None
    if rest.strip() and 0 < len(first.strip()) <= 150 and not first.rstrip().endswith((".", "!", "?", ":")):
        title = first.strip()
    doc = Document(doc_id=stem, text=text, title=title, path=where)
    if title:
        doc.title_end = text.find(title) + len(title)
    return doc


def _from_html(stem: str, where: str, html: str, opts: Options) -> Item:
    from powderkeg.ingest.html import extract_html

    try:
        title, body, date = extract_html(html)
    except Exception as e:  # lxml/trafilatura on a pathological page (e.g. 10,000 nested tags)
        return Skip(where, f"the HTML page could not be parsed ({type(e).__name__})")
    if not body:
        return Skip(where, "no article text found in the HTML page")
    doc = Document.from_parts(stem, clean_text(body), clean_text(title) if title else None,
                              date=iso_date(date), path=where)
    return _checked(doc, where, opts)


def _read_jsonl(fh, where: str, stem: str, opts: Options, stdin: bool = False) -> Iterator[Item]:
    for ln in lines(fh, line_bytes(opts.max_chars)):
        yield from _jsonl_line(ln, where, stem, opts, stdin)


def _jsonl_line(ln, where: str, stem: str, opts: Options, stdin: bool) -> Iterator[Item]:
    loc = f"{where}:{ln.number}"
    if ln.text is None:
        yield Skip(loc, ln.problem or "unreadable line")
        return
    line = ln.text.lstrip("\ufeff")
    if not line.strip():
        return
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as e:
        msg = getattr(e, "msg", "nested too deeply")
        msg = msg[:-3] if msg.endswith(" at") else msg  # some messages end in "at"
        col = f" at column {e.colno}" if hasattr(e, "colno") else ""
        hint = " (standard input takes JSON Lines: one {\"id\", \"text\"} object a line)" if stdin else ""
        yield Skip(loc, f"malformed JSON ({msg}{col}){hint}")
        return
    if not isinstance(obj, dict):
        yield Skip(loc, f"a JSON line must be an object with a '{opts.text_column}' field, not {type(obj).__name__}")
        return
    yield _from_record(obj, loc, stem, opts)


def _read_stdin(fh, opts: Options) -> Iterator[Item]:
    """JSON Lines, or plain text (one article) if the first non-blank line is not a JSON object."""
    it = lines(fh, line_bytes(opts.max_chars))
    for ln in it:
        if ln.text is not None and not ln.text.strip("\ufeff \t\r\n"):
            continue
        if ln.text is not None and not ln.text.lstrip("\ufeff \t").startswith("{"):
            yield _stdin_text(ln, it, opts)
            return
        yield from _jsonl_line(ln, "<stdin>", "stdin", opts, True)
        for rest in it:
            yield from _jsonl_line(rest, "<stdin>", "stdin", opts, True)
        return


def _stdin_text(first, rest, opts: Options) -> Item:
    parts, size = [first.text.lstrip("\ufeff")], len(first.text)
    for ln in rest:
        if ln.text is None:
            return Skip(f"<stdin>:{ln.number}", f"{ln.problem} (plain text on standard input is one article)")
        size += len(ln.text)
        if size > opts.max_chars:
            for _ in rest:  # drain, then refuse
                pass
            return Skip("<stdin>", f"article over the {opts.max_chars:,}-character cap "
                                   f"(split it, or raise the cap with --max-chars)")
        parts.append(ln.text)
    text = "".join(parts)
    return _checked(_from_txt(identity.row_id("stdin", text), "<stdin>", text), "<stdin>", opts)


def _read_csv(fh, where: str, stem: str, opts: Options) -> Iterator[Item]:
    bad: dict[int, str] = {}

    def texts() -> Iterator[str]:
        for ln in lines(fh, line_bytes(opts.max_chars)):
            if ln.text is None:
                bad[ln.number] = ln.problem or "unreadable line"
                yield "\n"
            else:
                yield ln.text

    csv.field_size_limit(line_bytes(opts.max_chars))
    reader = csv.reader(texts())
    try:
        header = [h.strip().lstrip("\ufeff").strip() for h in next(reader)]
    except StopIteration:
        yield Skip(where, "empty file")
        return
    except csv.Error as e:
        yield Skip(where, f"malformed CSV header: {e}")
        return
    if bad.get(1):
        yield Skip(where, f"header line: {bad[1]}")
        return
    if opts.text_column not in header:
        found = ", ".join(repr(h) for h in header[:20]) or "none"
        yield Skip(where, f"CSV has no '{opts.text_column}' column (columns found: {found}; "
                          f"name the text column with --text-column)")
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield Skip(f"{where}:{start}", f"malformed CSV row: {e}")
            start = reader.line_num + 1
            continue
        first, start = start, reader.line_num + 1
        problems = [bad.pop(k) for k in sorted(bad) if k < start]
        if problems:
            yield Skip(f"{where}:{first}", problems[0])
            continue
        if not any(c.strip() for c in row):
            continue
        yield _from_record(dict(zip(header, row)), f"{where}:{first}", stem, opts)


def _text_field(value, name: str) -> tuple[Optional[str], Optional[str]]:
    if value is None:
        return None, f"no '{name}' field"
    if not isinstance(value, str):
        return None, f"'{name}' is {type(value).__name__}, not a string"
    if not value.strip():
        return None, f"empty '{name}'"
    return clean_text(value), None


def _str(value) -> Optional[str]:
    return clean_text(value.strip()) or None if isinstance(value, str) else None


def _from_record(obj: dict, loc: str, stem: str, opts: Options) -> Item:
    body, problem = _text_field(obj.get(opts.text_column), opts.text_column)
    if body is None:
        return Skip(loc, problem or "no text")
    raw_id = obj.get("id") if obj.get("id") not in (None, "") else obj.get("doc_id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or not str(raw_id).strip():
        raw_id = None
    url = _str(obj.get("url"))
    doc_id = clean_text(str(raw_id).strip()) if raw_id is not None else url or identity.row_id(stem, body)
    doc = Document.from_parts(doc_id, body, _str(obj.get("title")), date=iso_date(obj.get("date")), url=url,
                              source=_str(obj.get("source")), path=loc)
    return _checked(doc, loc, opts)


def iso_date(value) -> Optional[str]:
    """An ISO date (YYYY-MM-DD) from a date or datetime string; None if absent, unreadable, or
    missing its year, month or day ("March" gives None, not an invented date)."""
    if not value or not isinstance(value, str) or len(value) > 100:
        return None
    v = value.strip()
    try:
        return dt.date.fromisoformat(v[:10]).isoformat()
    except ValueError:
        pass
    try:
        from dateutil import parser  # installed with trafilatura

        a = parser.parse(v, fuzzy=True, default=dt.datetime(2000, 1, 1))
        b = parser.parse(v, fuzzy=True, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError, ImportError, TypeError):
        return None
    if a.date() != b.date():  # the string lacks a year, month or day: the parser made it up
        return None
    return a.date().isoformat()


def is_supported(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SUPPORTED
