"""Bytes to text without guessing wrong: BOMs, UTF-16 with and without BOM, UTF-8 line by line.

A whole file (.txt, .html) is decoded at once: UTF-8 (a BOM is dropped), UTF-16/32 by its BOM, or
UTF-16 without BOM recognised by its pattern of NUL bytes; anything else is refused with the offset
of the first bad byte. Line-based files (.jsonl, .csv, standard input) are decoded a line at a time,
so one Latin-1 line or one NUL byte costs that line, never the file, and memory stays bounded by
the longest line allowed (`limits.MAX_LINE_BYTES`).

`clean_text` makes decoded text safe for the tokenizer and the store without moving any offset:
lone surrogates (from JSON escapes like "\\ud800") become U+FFFD, control characters become spaces.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import BinaryIO, Iterator, Optional

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def sniff(head: bytes) -> tuple[Optional[str], int]:
    """(encoding, BOM length) from the first bytes of a file; encoding None means binary."""
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc, len(bom)
    sample = head[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le", 0
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be", 0
    if sample.count(0) > 0.1 * max(1, len(sample)):
        return None, 0
    return "utf-8", 0


def decode(raw: bytes) -> tuple[Optional[str], Optional[str]]:
    """A whole file's bytes to text, or (None, reason)."""
    if not raw.strip():
        return None, "empty file"
    enc, skip = sniff(raw[:8192])
    if enc is None or (enc == "utf-8" and b"\x00" in raw[:8192]):
        return None, "binary file (contains NUL bytes), not text"
    try:
        text = raw[skip:].decode(enc)
    except UnicodeDecodeError as e:
        what = "UTF-8" if enc == "utf-8" else enc.upper()
        return None, (f"not {what} text (invalid byte 0x{raw[skip + e.start]:02x} at offset {skip + e.start}); "
                      f"convert it to UTF-8")
    if not text.strip():
        return None, "empty file"
    return clean_text(text), None


@dataclass
class Line:
    """One physical line of a line-based file: its text, or why it could not be read."""

    number: int
    text: Optional[str]
    problem: Optional[str] = None


def lines(fh: BinaryIO, max_bytes: int) -> Iterator[Line]:
    """The lines of a binary stream, decoded one by one; a line over `max_bytes` is reported and
    passed over without being held in memory."""
    head = _peek(fh, 4096)
    enc, skip = sniff(head)
    if enc is None:
        yield Line(1, None, "binary file (contains NUL bytes), not text")
        return
    if skip:
        fh.read(skip)
    if enc != "utf-8":
        yield from _wide_lines(fh, enc, max_bytes)
        return
    n = 0
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        n += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # pass over the rest of the line
                raw = fh.readline(1 << 20)
            yield Line(n, None, f"line longer than {max_bytes:,} bytes (the size cap)")
            continue
        if b"\x00" in raw:
            yield Line(n, None, "contains NUL bytes (binary data)")
            continue
        try:
            yield Line(n, clean_text(raw.decode("utf-8")))
        except UnicodeDecodeError as e:
            yield Line(n, None, f"not UTF-8 (invalid byte 0x{raw[e.start]:02x} at column {e.start + 1}); "
                                f"convert the file to UTF-8")


def _wide_lines(fh: BinaryIO, enc: str, max_bytes: int) -> Iterator[Line]:
    dec = codecs.getincrementaldecoder(enc)(errors="strict")
    buf, n = "", 0
    while True:
        chunk = fh.read(1 << 16)
        try:
            buf += dec.decode(chunk, final=not chunk)
        except UnicodeDecodeError as e:
            yield Line(n + 1, None, f"not {enc.upper()} text ({e.reason}); the rest of the file is skipped")
            return
        *done, buf = buf.split("\n")
        for ln in done:
            n += 1
            yield Line(n, clean_text(ln + "\n"))
        if len(buf) * 2 > max_bytes:
            n += 1
            yield Line(n, None, f"line longer than {max_bytes:,} bytes (the size cap); the rest of the file is skipped")
            return
        if not chunk:
            if buf:
                yield Line(n + 1, clean_text(buf))
            return


def _peek(fh: BinaryIO, n: int) -> bytes:
    peek = getattr(fh, "peek", None)
    if peek is not None:
        return peek(n)[:n]
    return b""


def clean_text(text: str) -> str:
    """Same length, same offsets: lone surrogates to U+FFFD, control characters to spaces."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    return text


def printable(name: str) -> str:
    """A file name fit for a message and the store: undecodable bytes (os.fsdecode's surrogate
    escapes) shown as \\xNN."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
