"""Title Case headlines put in sentence case before parsing, so the parser sees verbs as verbs."""
from __future__ import annotations

FUNCTION_WORDS = frozenset({"with", "if", "is", "not", "in", "on", "of", "the", "a", "an", "and", "to", "for", "as",
                            "at", "by", "over", "after", "amid", "from", "into", "against", "says", "say", "are",
                            "was", "were", "be", "been", "has", "have", "its", "their", "new", "urges", "calls",
                            "threatens"})


def lowered_words(trigger_lemmas) -> frozenset:
    """The words a headline writes capitalised that are not names: event triggers and function words."""
    return frozenset(trigger_lemmas) | FUNCTION_WORDS


def strip_suffix(word: str, suffix: str) -> str:
    """`word` without `suffix` when it ends with it ("agreed" -> "agre"; not str.rstrip, which strips
    characters: "agreed".rstrip("ed") is "agr")."""
    return word[:-len(suffix)] if suffix and word.endswith(suffix) else word


def sentence_case(title: str, keep_lower: frozenset) -> str:
    """Lower-case the function and event words of a Title Case headline (those in `keep_lower`,
    inflected or not), keep names."""
    out = []
    first = True
    for w in title.split(" "):
        core = w.strip("'\"‘’“”:,.!?")
        low = core.lower()
        base = low[:-1] if low.endswith("s") else low
        if not first and core[:1].isupper() and not core.isupper() and (
                low in keep_lower or base in keep_lower or strip_suffix(low, "ed") in keep_lower
                or strip_suffix(low, "d") in keep_lower or low[:-2] in keep_lower):
            w = w.replace(core, low)
        out.append(w)
        first = False
    return " ".join(out)


def parse_text(text: str, title_end: int, keep_lower: frozenset) -> str:
    """The text given to the parser: the document text with a Title Case title put in sentence
    case (same length, so every offset still points into the document text)."""
    if not title_end:
        return text
    title = text[:title_end]
    words = title.split()
    caps = sum(1 for w in words if w[:1].isupper())
    if len(words) < 4 or caps / len(words) < 0.7:
        return text
    return sentence_case(title, keep_lower) + text[title_end:]
