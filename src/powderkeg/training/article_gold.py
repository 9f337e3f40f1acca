"""Article-level gold derived from the mention-level training corpus, as `annotation.md` counts
events: one row per (type, source countries, target countries) in an article; negated and
hypothetical mentions are not events; a row is optional only when every telling of it is."""
from __future__ import annotations

from powderkeg.training.corpus import read_jsonl


def article_gold(sentences_path, article_ids=None) -> list[dict]:
    rows: dict[str, dict[tuple, dict]] = {}
    for s in read_jsonl(sentences_path):
        aid = s["article_id"]
        if article_ids is not None and aid not in article_ids:
            continue
        doc = rows.setdefault(aid, {})
        for e in s["events"]:
            if e.get("negated") or e.get("hypothetical"):
                continue
            src = sorted({a["country"] for a in e["source"] if a.get("country")})
            tgt = sorted({a["country"] for a in e["target"] if a.get("country")})
            key = (e["type"], tuple(src), tuple(tgt))
            row = doc.setdefault(key, {"type": e["type"], "source": src, "target": tgt, "optional": True,
                                       "evidence": s["text"][:200]})
            row["optional"] = row["optional"] and bool(e.get("optional"))
    return [{"doc_id": aid, "events": list(doc.values())} for aid, doc in sorted(rows.items())]
