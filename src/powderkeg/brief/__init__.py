"""The brief of one article: who the actors are, who does what to whom, who stands where, the figures
and who claims them, the flags; every item keeps the sentence and trigger it came from.

`build_brief(path)` analyses a file; `brief_from_records(doc, records)` builds the same brief from
stored records (the dashboard's article page). The brief is a plain dict (JSON-ready);
`render_html` (brief/html.py) draws it as one self-contained page, `render_text` as text.
"""
from __future__ import annotations

from typing import Optional

from powderkeg.coders import DEFAULT_CODER

CONFLICT_QUADS = {3, 4}
EDGE_TYPES = None  # every event type with a source and a target is drawn


def _who(a: Optional[dict]) -> Optional[str]:
    if not a:
        return None
    return a.get("name") or a.get("text")


def _label(a: dict) -> str:
    name = _who(a) or "?"
    c = a.get("country")
    return f"{name} ({c})" if c and c != name else name


def brief_from_records(doc: dict, records: list[dict]) -> dict:
    """doc: {doc_id, title, date, url, text}; records: record dicts (to_dict) of that document."""
    actors: dict[str, dict] = {}

    def see(a: Optional[dict], role: str, rec_id: str) -> Optional[str]:
        if not a or not _who(a):
            return None
        key = _who(a)
        e = actors.setdefault(key, {"name": key, "country": a.get("country"), "sector": a.get("sector"),
                                    "kind": a.get("kind"), "wikidata": a.get("wikidata"), "texts": [],
                                    "roles": {}, "records": []})
        if a.get("text") and a["text"] not in e["texts"]:
            e["texts"].append(a["text"])
        e["roles"][role] = e["roles"].get(role, 0) + 1
        if rec_id not in e["records"]:
            e["records"].append(rec_id)
        return key

    edges: dict[tuple, dict] = {}
    events, stances, figures, relations, flags = [], [], [], [], []
    for r in records:
        k = r["kind"]
        ev = {"id": r["id"], "sentence_index": r["sentence_index"], "text": r["text"], "span": r["span"]}
        if k == "event":
            src = [see(a, "source", r["id"]) for a in r["source"]]
            tgt = [see(a, "target", r["id"]) for a in r["target"]]
            real = not r["negated"] and not r["hypothetical"]
            item = {**ev, "type": r["type"], "mode": r.get("mode"), "source": [_label(a) for a in r["source"]],
                    "target": [_label(a) for a in r["target"]], "negated": r["negated"],
                    "hypothetical": r["hypothetical"], "trigger": r.get("trigger"), "quad": r.get("quad"),
                    "date": r.get("date"), "location": (r.get("location") or {}).get("name"),
                    "issue": r.get("issue"), "mentions": r.get("mentions", 1)}
            events.append(item)
            for s in filter(None, src):
                for t in filter(None, tgt):
                    if s == t:
                        continue
                    e = edges.setdefault((s, t, r["type"]), {"source": s, "target": t, "type": r["type"],
                                                             "kind": "event", "quad": r.get("quad"),
                                                             "conflict": (r.get("quad") or 0) in CONFLICT_QUADS,
                                                             "real": 0, "unreal": 0, "evidence": []})
                    e["real" if real else "unreal"] += 1
                    e["evidence"].append({"id": r["id"], "sentence_index": r["sentence_index"],
                                          "trigger": (r.get("trigger") or {}).get("text"), "real": real})
        elif k == "relation":
            s, o = see(r.get("subject"), "subject", r["id"]), see(r.get("object"), "object", r["id"])
            relations.append({**ev, "subject": _label(r["subject"]) if r.get("subject") else None,
                              "relation": r["relation"], "object": _label(r["object"]) if r.get("object") else None,
                              "trigger": r.get("trigger")})
            if s and o and s != o:
                e = edges.setdefault((s, o, r["relation"]), {"source": s, "target": o, "type": r["relation"],
                                                             "kind": "relation", "quad": None,
                                                             "conflict": r["relation"] == "adversary_of",
                                                             "real": 0, "unreal": 0, "evidence": []})
                e["real"] += 1
                e["evidence"].append({"id": r["id"], "sentence_index": r["sentence_index"],
                                      "trigger": (r.get("trigger") or {}).get("text"), "real": True})
        elif k == "stance":
            who = see(r.get("actor"), "stance", r["id"])
            stances.append({**ev, "actor": who, "issue": r["issue"], "issue_text": r.get("issue_text"),
                            "stance": r["stance"], "condition": r.get("condition")})
        elif k == "figure":
            for a in r.get("claimed_by") or []:
                see(a, "claimant", r["id"])
            figures.append({**ev, "quantity": r["quantity"], "value": r["value"], "value_max": r.get("value_max"),
                            "qualifier": r["qualifier"], "value_text": r.get("value_text"),
                            "claimed_by": [_label(a) for a in r.get("claimed_by") or []],
                            "actor": [_label(a) for a in r.get("actor") or []],
                            "location": (r.get("location") or {}).get("name")})
        elif k == "flag":
            flags.append({**ev, "severity": r["severity"], "message": r["message"]})
    matrix: dict[str, dict[str, list[str]]] = {}
    for s in stances:
        if s["actor"]:
            matrix.setdefault(s["actor"], {}).setdefault(s["issue"], []).append(s["stance"])
    issues = sorted({s["issue"] for s in stances})
    sentences = _sentences(doc.get("text") or "", records)
    return {"doc": {k: doc.get(k) for k in ("doc_id", "title", "date", "url")},
            "actors": sorted(actors.values(), key=lambda a: -len(a["records"])),
            "edges": sorted(edges.values(), key=lambda e: (-(e["real"] + e["unreal"]), e["source"], e["type"])),
            "events": events, "stances": stances, "stance_matrix": {"issues": issues, "rows": matrix},
            "figures": figures, "relations": relations, "flags": flags, "sentences": sentences,
            "text": doc.get("text") or ""}


def _sentences(text: str, records: list[dict]) -> list[dict]:
    """The document cut into its sentences (those records point to, and the text between them)."""
    spans = {}
    for r in records:
        spans.setdefault(r["sentence_index"], tuple(r["span"]))
    out, pos = [], 0
    for si, (a, b) in sorted(spans.items(), key=lambda x: x[1][0]):
        if a > pos:  # the text between sentences (whitespace, paragraph breaks) is kept as it is
            out.append({"index": None, "span": [pos, a], "text": text[pos:a]})
        if a >= pos:
            out.append({"index": si, "span": [a, b], "text": text[a:b]})
            pos = b
    if pos < len(text):
        out.append({"index": None, "span": [pos, len(text)], "text": text[pos:]})
    return out


def build_brief(path: str, coder: str = DEFAULT_CODER) -> Optional[dict]:
    """The brief of the first article `path` holds, its events coded by `coder`."""
    from powderkeg.ingest import Skip, iter_inputs
    from powderkeg.pipeline import Analyzer
    from powderkeg.records import to_dict

    docs = [d for d in iter_inputs([path]) if not isinstance(d, Skip)]
    if not docs:
        return None
    doc = docs[0]
    analysis = Analyzer(coder=coder).analyse(doc)
    return brief_from_records({"doc_id": doc.doc_id, "title": doc.title, "date": doc.date, "url": doc.url,
                               "text": doc.text}, [to_dict(r) for r in analysis.records])


def render_html(brief: dict, **kw) -> str:
    from powderkeg.brief.html import render

    return render(brief, **kw)


def render_text(b: dict) -> str:
    lines = [f"{b['doc']['title'] or b['doc']['doc_id']}", ""]
    lines.append("Actors: " + "; ".join(f"{a['name']} ({a['country'] or '?'}{'/' + a['sector'] if a['sector'] else ''})"
                                        for a in b["actors"][:20]))
    lines.append("\nWho does what to whom:")
    for e in b["edges"]:
        mark = "conflict" if e["conflict"] else "cooperation" if e["kind"] == "event" and (e["quad"] or 0) in (1, 2) else ""
        lines.append(f"  {e['source']} -{e['type']}-> {e['target']}  x{e['real']}"
                     + (f" (+{e['unreal']} negated/hypothetical)" if e["unreal"] else "")
                     + (f"  [{mark}]" if mark else "") + f"  sentences {sorted({x['sentence_index'] for x in e['evidence']})}")
    if b["stances"]:
        lines.append("\nStances:")
        for s in b["stances"]:
            lines.append(f"  {s['actor']}: {s['stance']} {s['issue']}" + (f" ({s['condition']})" if s["condition"] else "")
                         + f"  [s{s['sentence_index']}]")
    if b["figures"]:
        lines.append("\nFigures:")
        for f in b["figures"]:
            who = f" -- claimed by {', '.join(f['claimed_by'])}" if f["claimed_by"] else ""
            lines.append(f"  {f['quantity']}: {f['value_text'] or f['value']}{who}  [s{f['sentence_index']}]")
    if b["flags"]:
        lines.append("\nFlags:")
        for f in b["flags"]:
            lines.append(f"  {f['severity']}: {f['message']}  [s{f['sentence_index']}]")
    return "\n".join(lines)
