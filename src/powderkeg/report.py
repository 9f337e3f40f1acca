"""Human-readable output: the event table of `extract` on a terminal and the demo summary."""
from __future__ import annotations

from collections import Counter
from typing import IO

from powderkeg.records import Event, to_dict


def _actors(lst) -> str:
    return ", ".join(f"{a.get('name') or a.get('text')} ({a.get('country') or '?'}"
                     f"{'/' + a['sector'] if a.get('sector') else ''})" for a in lst) or "-"


def print_table(rows: list[dict], out: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out)
    wide = console.width >= 140
    t = Table(show_lines=False, expand=True)
    # names and codes never break mid-word; on a narrow terminal the sentence is left out (it is in
    # the JSON output) rather than wrapped a syllable per line
    t.add_column("doc", no_wrap=True, overflow="ellipsis", max_width=14)
    t.add_column("type", no_wrap=True)
    t.add_column("source", overflow="fold", ratio=2)
    t.add_column("target", overflow="fold", ratio=2)
    t.add_column("trigger", no_wrap=True, overflow="ellipsis", min_width=11)
    if wide:
        t.add_column("evidence", overflow="fold", ratio=4)
    for d in rows:
        if d["kind"] != "event":
            continue
        flags = ("NOT " if d["negated"] else "") + ("MAYBE " if d["hypothetical"] else "")
        kind = flags + d["type"] + (f"/{d['mode']}" if d.get("mode") else "")
        cells = [d["doc_id"], kind, _actors(d["source"]), _actors(d["target"]), (d.get("trigger") or {}).get("text", "")]
        t.add_row(*(cells + [d["text"][:160]] if wide else cells))
    console.print(t)
    kinds = Counter(d["kind"] for d in rows)
    print("records: " + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())), file=out)


def print_summary(analysis, out: IO[str]) -> None:
    doc = analysis.doc
    events = [r for r in analysis.records if isinstance(r, Event)]
    real = [e for e in events if not e.negated and not e.hypothetical]
    print(f"powderkeg read '{doc.title or doc.doc_id}'", file=out)
    print(f"{analysis.n_sentences} sentences, {len(events)} events "
          f"({len(events) - len(real)} negated or hypothetical)\n", file=out)
    by_type: dict[str, list[Event]] = {}
    for e in events:
        by_type.setdefault(e.type, []).append(e)
    for t in sorted(by_type, key=lambda t: -len(by_type[t])):
        print(f"{t} ({len(by_type[t])})", file=out)
        for e in by_type[t]:
            d = to_dict(e)
            tag = " [negated]" if e.negated else " [hypothetical]" if e.hypothetical else ""
            print(f"  {_actors(d['source'])} -> {_actors(d['target'])}{tag}"
                  f"  mode={e.mode or '-'} cameo={e.cameo} goldstein={e.goldstein:+.1f}{when_where(d)}", file=out)
            print(f"      \"{e.evidence.text[:150]}\"  [trigger: {e.trigger.text if e.trigger else ''}]", file=out)
    _print_claims([to_dict(r) for r in analysis.records if not isinstance(r, Event)], out)


def when_where(d: dict) -> str:
    """' on 2020-01-02 (day, relative) in Baghdad (IRQ, point, clause)', or '' when neither is known."""
    out = ""
    if d.get("date"):
        out += f" on {d['date']} ({d.get('date_precision')}, {d.get('date_source')})"
    loc = d.get("location")
    if loc:
        prec = {1: "point", 2: "region", 3: "country"}.get(loc.get("precision"), "?")
        out += f" in {loc['name']} ({loc.get('country') or '-'}, {prec}, {loc.get('source')})"
    return out


def _print_claims(rows: list[dict], out: IO[str]) -> None:
    """Figures, stances, relations and flags: what the article claims and what to doubt."""
    def who(lst) -> str:
        return ", ".join(a.get("name") or a.get("text") or "?" for a in lst or [])

    def line(d: dict) -> str:
        k = d["kind"]
        if k == "figure":
            qual = {"exact": "", "more_than": "more than ", "at_least": "at least ", "about": "about ",
                    "less_than": "fewer than ", "up_to": "up to "}.get(d["qualifier"], "")
            place = when_where(d)
            victims = f" {d['victims']}" if d.get("victims") and d["victims"] != "unspecified" else ""
            claim = f", claimed by {who(d['claimed_by'])}" if d.get("claimed_by") else ""
            by = f", by {who(d['actor'])}" if d.get("actor") else ""
            return f"{qual}{d['value']:g}{victims} {d['quantity']}{place}{by}{claim}"
        if k == "stance":
            cond = f" (condition: {d['condition']})" if d.get("condition") else ""
            return f"{_actors([d['actor']])} {d['stance']}s {d['issue']}{cond}"
        if k == "relation":
            return f"{_actors([d['subject']])} {d['relation']} {_actors([d['object']])}  \"{(d.get('trigger') or {}).get('text', '')}\""
        return f"{d['severity'].upper()}: \"{d['claim']['text']}\"\n      {d['message']}"

    titles = {"figure": "Figures", "stance": "Stances", "relation": "Alignments the text asserts",
              "flag": "Flags: statements that contradict the reference base or the article"}
    for kind, title in titles.items():
        rows_k = [d for d in rows if d["kind"] == kind]
        if rows_k:
            print(f"\n{title} ({len(rows_k)})", file=out)
            for d in rows_k:
                print(f"  {line(d)}", file=out)
