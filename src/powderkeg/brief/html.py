"""The brief as one self-contained HTML page: inline CSS and SVG, no script, no external asset.

Every row and every graph edge links to `#t-<record>` (its trigger, highlighted in the article text
below) or `#s<n>` (its sentence); `:target` styles show where a link lands.
"""
from __future__ import annotations

import math
import re
from html import escape

COLORS = {"conflict": "#c0392b", "coop": "#1e8449", "neutral": "#7f8c8d", "relation": "#2471a3",
          "adversary": "#8e44ad"}
MAX_NODES = 18

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1c2833;background:#f7f9fa}
header{background:#1c2833;color:#fff;padding:14px 22px}header h1{font-size:20px;margin:0 0 4px}
header a{color:#aed6f1}main{display:grid;grid-template-columns:minmax(0,1.05fr) minmax(0,1fr);gap:16px;padding:16px}
section{background:#fff;border:1px solid #d5dbdb;border-radius:6px;padding:10px 14px;margin-bottom:14px}
h2{font-size:15px;margin:2px 0 8px;color:#17202a}table{border-collapse:collapse;width:100%;font-size:13px}
td,th{border-bottom:1px solid #eaeded;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f2f4f4}
a{color:#1a5276;text-decoration:none}a:hover{text-decoration:underline}
.conflict{color:#c0392b;font-weight:600}.coop{color:#1e8449;font-weight:600}.neutral{color:#566573;font-weight:600}
.unreal{opacity:.6;font-style:italic}.sent{display:inline;padding:1px 0}.sent:target{background:#fcf3cf}
mark{background:#fdebd0;border-bottom:2px solid #e67e22;padding:0 1px}mark.conflict{background:#fadbd8;border-color:#c0392b}
mark.coop{background:#d5f5e3;border-color:#1e8449}mark.rel{background:#d6eaf8;border-color:#2471a3}
mark:target{outline:3px solid #f1c40f}.text{white-space:pre-wrap;font-size:14px;line-height:1.6}
.cell-support{background:#d5f5e3}.cell-oppose{background:#fadbd8}.cell-conditional{background:#fcf3cf}
.cell-mixed{background:#e8daef}.legend span{margin-right:12px;font-size:12px}.flag-error{color:#922b21}
.flag-warning{color:#9a7d0a}svg text{font:12px system-ui,sans-serif}.small{font-size:12px;color:#566573}
#text{position:sticky;top:8px;max-height:calc(100vh - 24px);overflow:auto}
@media (max-width:900px){main{grid-template-columns:1fr}#text{position:static;max-height:none}}
"""


def anchor(rec_id: str) -> str:
    return "t-" + re.sub(r"[^A-Za-z0-9_-]", "-", rec_id)


def _cls(quad) -> str:
    return "conflict" if quad in (3, 4) else "coop" if quad in (1, 2) else "neutral"


def _edge_color(e: dict) -> str:
    if e["kind"] == "relation":
        return COLORS["adversary"] if e["conflict"] else COLORS["relation"]
    return COLORS[_cls(e["quad"])]


def graph_svg(edges: list[dict], width: int = 640, height: int = 520, where: dict | None = None) -> str:
    """Actors on a circle; one curved arrow per (source, target, type), coloured conflict/cooperation."""
    deg: dict[str, int] = {}
    for e in edges:
        for k in (e["source"], e["target"]):
            deg[k] = deg.get(k, 0) + e["real"] + e["unreal"]
    nodes = [n for n, _ in sorted(deg.items(), key=lambda x: (-x[1], x[0]))[:MAX_NODES]]
    if not nodes:
        return '<p class="small">No event in this article has both a source and a target.</p>'
    cx, cy, r = width / 2, height / 2, min(width, height) / 2 - 90
    pos = {n: (cx + r * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
               cy + r * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2)) for i, n in enumerate(nodes)}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="who does what to whom">', "<defs>"]
    for name, col in COLORS.items():
        out.append(f'<marker id="arr-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
                   f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{col}"/></marker>')
    out.append("</defs>")
    pair_seen: dict[frozenset, int] = {}
    for e in edges:
        if e["source"] not in pos or e["target"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        k = pair_seen.get(frozenset((e["source"], e["target"])), 0)
        pair_seen[frozenset((e["source"], e["target"]))] = k + 1
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1
        bend = 24 + 22 * k
        mx, my = (x1 + x2) / 2 - dy / d * bend, (y1 + y2) / 2 + dx / d * bend
        # stop short of the node circles
        sx, sy = x1 + (mx - x1) / math.hypot(mx - x1, my - y1) * 13, y1 + (my - y1) / math.hypot(mx - x1, my - y1) * 13
        ex, ey = x2 - (x2 - mx) / math.hypot(x2 - mx, y2 - my) * 14, y2 - (y2 - my) / math.hypot(x2 - mx, y2 - my) * 14
        col = _edge_color(e)
        mname = [n for n, c in COLORS.items() if c == col][0]
        n = e["real"] + e["unreal"]
        dash = ' stroke-dasharray="5,4"' if e["kind"] == "relation" or not e["real"] else ""
        first = e["evidence"][0]
        tip = "; ".join(f"s{x['sentence_index']}: {x['trigger'] or ''}{'' if x['real'] else ' (not real)'}"
                        for x in e["evidence"][:6])
        lx, ly = (x1 + x2) / 4 + mx / 2, (y1 + y2) / 4 + my / 2
        href = (where or {}).get(first["id"], anchor(first["id"]))
        out.append(f'<a href="#{href}" class="edge" data-type="{escape(e["type"])}">'
                   f'<title>{escape(e["source"])} {escape(e["type"])} {escape(e["target"])} x{n} -- {escape(tip)}</title>'
                   f'<path d="M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}" fill="none" stroke="{col}" '
                   f'stroke-width="{1.4 + math.log2(n):.1f}"{dash} marker-end="url(#arr-{mname})" opacity="0.9"/>'
                   f'<text x="{lx:.1f}" y="{ly:.1f}" fill="{col}" text-anchor="middle" font-size="10">'
                   f'{escape(e["type"].lower())}{" x" + str(n) if n > 1 else ""}</text></a>')
    for nme in nodes:
        x, y = pos[nme]
        ax = "start" if x > cx + 5 else "end" if x < cx - 5 else "middle"
        tx = x + (16 if ax == "start" else -16 if ax == "end" else 0)
        ty = y + (4 if ax != "middle" else (-16 if y < cy else 24))
        out.append(f'<g class="node"><circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="#34495e" stroke="#fff" '
                   f'stroke-width="2"/><text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{ax}" font-weight="600">'
                   f'{escape(nme)}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _targets(b: dict, placed: set[str]) -> dict[str, str]:
    """Where a record's link lands: its highlighted trigger if it was marked, else its sentence."""
    out = {}
    for kind in ("events", "relations", "stances", "figures", "flags"):
        for r in b[kind]:
            out[r["id"]] = anchor(r["id"]) if r["id"] in placed else f"s{r['sentence_index']}"
    return out


def _link(where: dict[str, str], rec_id: str, label: str) -> str:
    return f'<a href="#{where.get(rec_id, anchor(rec_id))}">{escape(label)}</a>'


def _text_html(b: dict) -> tuple[str, set[str]]:
    marks = []  # (start, end, record id, class)
    for e in b["events"]:
        t = e.get("trigger")
        if t and t.get("span"):
            marks.append((t["span"][0], t["span"][1], e["id"], _cls(e["quad"])))
    for r in b["relations"]:
        t = r.get("trigger")
        if t and t.get("span"):
            marks.append((t["span"][0], t["span"][1], r["id"], "rel"))
    marks.sort()
    out, placed = [], set()
    for s in b["sentences"]:
        a, z = s["span"]
        inner, pos = [], a
        for m0, m1, rid, cls in marks:
            if m0 < pos or m0 < a or m1 > z:
                continue
            inner.append(escape(b["text"][pos:m0]))
            placed.add(rid)
            inner.append(f'<mark id="{anchor(rid)}" class="{cls}" title="{escape(rid)}">{escape(b["text"][m0:m1])}</mark>')
            pos = m1
        inner.append(escape(b["text"][pos:z]))
        sid = f' id="s{s["index"]}"' if s["index"] is not None else ""
        out.append(f'<span class="sent"{sid}>{"".join(inner)}</span>')
    return "".join(out), placed


def render(b: dict, standalone: bool = True, extra_head: str = "", nav: str = "") -> str:
    d = b["doc"]
    text_html, placed = _text_html(b)
    where = _targets(b, placed)
    title = d.get("title") or d.get("doc_id") or "article"
    h = []
    h.append(f'<header>{nav}<h1>{escape(str(title))}</h1><div class="small" style="color:#d5dbdb">'
             f'{escape(str(d.get("doc_id") or ""))} {escape(str(d.get("date") or ""))} '
             + (f'<a href="{escape(d["url"])}" rel="noreferrer">{escape(d["url"])}</a>' if d.get("url") else "")
             + f' -- {len(b["events"])} events, {len(b["actors"])} actors, {len(b["stances"])} stances, '
             f'{len(b["figures"])} figures, {len(b["flags"])} flags</div></header><main><div>')
    h.append('<section id="graph"><h2>Who does what to whom</h2><div class="legend">'
             f'<span style="color:{COLORS["conflict"]}">&#9632; conflict</span>'
             f'<span style="color:{COLORS["coop"]}">&#9632; cooperation</span>'
             f'<span style="color:{COLORS["neutral"]}">&#9632; neutral</span>'
             f'<span style="color:{COLORS["relation"]}">- - alignment</span>'
             '<span class="small">dashed: only negated or hypothetical; click an arrow for its sentence</span></div>'
             + graph_svg(b["edges"], where=where) + "</section>")
    rows = "".join(
        f'<tr class="{"" if not (e["negated"] or e["hypothetical"]) else "unreal"}"><td class="{_cls(e["quad"])}">'
        f'{_link(where, e["id"], ("NOT " if e["negated"] else "") + ("MAYBE " if e["hypothetical"] else "") + e["type"])}</td>'
        f'<td>{escape(", ".join(e["source"]))}</td><td>{escape(", ".join(e["target"]))}</td>'
        f'<td>{escape((e.get("trigger") or {}).get("text") or "")}</td><td>{escape(e.get("location") or "")}</td>'
        f'<td><a href="#s{e["sentence_index"]}">s{e["sentence_index"]}</a></td></tr>' for e in b["events"])
    h.append('<section id="events"><h2>Events</h2><table><tr><th>type</th><th>source</th><th>target</th>'
             f'<th>trigger</th><th>where</th><th></th></tr>{rows}</table></section>')
    sm = b["stance_matrix"]
    if sm["issues"]:
        srows = []
        for who, cells in sm["rows"].items():
            tds = []
            for iss in sm["issues"]:
                vals = cells.get(iss, [])
                pos = "mixed" if len(set(vals)) > 1 else vals[0] if vals else ""
                ids = [s for s in b["stances"] if s["actor"] == who and s["issue"] == iss]
                tds.append(f'<td class="cell-{pos}">' + " ".join(_link(where, s["id"], s["stance"]) for s in ids) + "</td>")
            srows.append(f"<tr><th>{escape(who)}</th>{''.join(tds)}</tr>")
        h.append('<section id="stances"><h2>Stances (actor x issue)</h2><table><tr><th></th>'
                 + "".join(f"<th>{escape(i)}</th>" for i in sm["issues"]) + "</tr>" + "".join(srows) + "</table></section>")
    if b["figures"]:
        frows = "".join(
            f'<tr><td><a href="#s{f["sentence_index"]}">{escape(f["quantity"])}</a></td>'
            f'<td>{escape(str(f["value_text"] or f["value"]))}</td><td>{escape(f["qualifier"])}</td>'
            f'<td>{escape(", ".join(f["claimed_by"]) or "-")}</td><td>{escape(f.get("location") or "")}</td></tr>'
            for f in b["figures"])
        h.append('<section id="figures"><h2>Figures and who claims them</h2><table><tr><th>quantity</th><th>value'
                 f'</th><th>qualifier</th><th>claimed by</th><th>where</th></tr>{frows}</table></section>')
    if b["flags"] or b["relations"]:
        fl = "".join(f'<li class="flag-{f["severity"]}"><a href="#s{f["sentence_index"]}">{escape(f["severity"])}</a>: '
                     f'{escape(f["message"])}</li>' for f in b["flags"])
        rl = "".join(f'<li>{_link(where, r["id"], (r["subject"] or "?") + " " + r["relation"] + " " + (r["object"] or "?"))}</li>'
                     for r in b["relations"])
        h.append(f'<section id="flags"><h2>Alignments and flags</h2><ul>{rl}</ul><ul>{fl}</ul></section>')
    arows = "".join(f'<tr><td>{escape(a["name"])}</td><td>{escape(a["country"] or "")}</td><td>{escape(a["sector"] or "")}'
                    f'</td><td>{escape(a["kind"] or "")}</td><td>{escape(a["wikidata"] or "")}</td><td>'
                    + " ".join(_link(where, r, r.split("#")[-1]) for r in a["records"][:8]) + "</td></tr>" for a in b["actors"])
    h.append('<section id="actors"><h2>Actors</h2><table><tr><th>actor</th><th>country</th><th>sector</th><th>kind</th>'
             f'<th>wikidata</th><th>records</th></tr>{arows}</table></section></div>')
    h.append(f'<div><section id="text"><h2>Article (triggers highlighted)</h2><div class="text">{text_html}</div>'
             "</section></div></main>")
    body = "".join(h)
    if not standalone:
        return body
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(str(title))} -- powderkeg brief'
            f'</title><meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style>'
            f"{extra_head}</head><body>{body}</body></html>")
