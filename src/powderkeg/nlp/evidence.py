"""The evidence of a record: the sentence it was read from, as a character span of the document text."""
from __future__ import annotations

from powderkeg.records import Evidence


def evidence(text: str, sent, si: int) -> Evidence:
    """Evidence for sentence `sent` (index `si`) of a document whose text is `text`; the span
    leaves out the whitespace around the sentence so that it points at words."""
    start, end = sent.start_char, sent.end_char
    chunk = text[start:end]
    stripped = chunk.rstrip()
    return Evidence(sentence_index=si, text=stripped.strip(), span=(start + (len(chunk) - len(chunk.lstrip())),
                                                                       start + len(stripped)))
