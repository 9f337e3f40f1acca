"""The `powderkeg` command line.

Exit codes: 0 all input read; 1 some input skipped (each skip is reported on stderr, one line
naming the file and line); 2 the run failed (usage error, bad --db/--out path, store in use, an
unexpected error: one line, the traceback with --debug); 130 interrupted.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import IO, Iterable, Optional

from powderkeg import __version__
from powderkeg.run.commands import add_cluster_options, add_run_options, cmd_extract, cmd_ingest
from powderkeg.coders import CODER_HELP, CODERS, DEFAULT_CODER

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


def _err(msg: str) -> None:
    print(f"powderkeg: {msg}", file=sys.stderr)


# ---------------------------------------------------------------------------- actors
def cmd_actors(args) -> int:
    from powderkeg.actors.mentions import actor_mentions_for_output
    from powderkeg.ingest import Document, Skip, iter_inputs
    from powderkeg.pipeline import Analyzer

    if args.lookup:
        from powderkeg.actors.kb import load_kb

        found = load_kb().lookup(args.lookup)
        if not found:
            _err(f"no entry for '{args.lookup}'")
            return EXIT_SKIPPED
        for e in found:
            d = {k: v for k, v in e.__dict__.items() if v not in (None, [], "")}
            print(json.dumps(d, ensure_ascii=False))
        return EXIT_OK
    if args.text is not None:
        items: Iterable = [Document(doc_id="text", text=args.text, date=args.date)]
    elif args.paths:
        items = iter_inputs(args.paths)
    else:
        _err("give PATH..., '-', --text TEXT or --lookup NAME")
        return EXIT_USAGE
    analyzer = Analyzer()
    skipped = 0
    for item in items:
        if isinstance(item, Skip):
            skipped += 1
            _err(item.message())
            continue
        sdoc, da = analyzer.actors(item)
        for m in actor_mentions_for_output(da):
            a = m.actor
            print(json.dumps({"doc_id": item.doc_id, "text": a.text, "start": a.start, "end": a.end,
                              "name": a.name, "country": a.country, "sector": a.sector, "kind": a.kind,
                              "wikidata": a.wikidata, "via": m.via}, ensure_ascii=False))
    return EXIT_SKIPPED if skipped else EXIT_OK


# ---------------------------------------------------------------------------- kb
def cmd_kb(args) -> int:
    from powderkeg.actors import build

    if args.action == "build":
        p = build.write()
        data = json.loads(p.read_text(encoding="utf-8"))
        print(f"built {p}: {len(data['entities'])} entries, {len(data['names'])} names, "
              f"{len(data['agent_forms'])} role forms, from {len(build.source_paths())} source files")
        return EXIT_OK
    if args.action == "coverage":
        from powderkeg.actors import coverage

        people = build.load_people()
        try:
            as_of = coverage.date.fromisoformat(args.as_of) if args.as_of else coverage.as_of_date(people)
        except ValueError:
            print(f"powderkeg kb coverage: --as-of wants a date like 2025-10-01, not {args.as_of!r}", file=sys.stderr)
            return EXIT_USAGE
        if as_of < coverage.START:
            print(f"powderkeg kb coverage: --as-of must be on or after {coverage.START}", file=sys.stderr)
            return EXIT_USAGE
        cells = coverage.report(people, as_of)
        if args.json:
            print(json.dumps({"as_of": as_of.isoformat(), "coverage": round(coverage.total_coverage(cells), 4),
                              "cells": [c.to_dict() for c in cells]}, ensure_ascii=False, indent=1))
        else:
            print(coverage.format_table(cells, as_of))
        return EXIT_OK
    if args.action == "import-wikidata":
        from powderkeg.actors import wikidata

        if not args.file:
            _err("give the SPARQL results file: powderkeg kb import-wikidata RESULTS.json [--out PATH]")
            return EXIT_USAGE
        if not Path(args.file).is_file():
            _err(f"{args.file}: no such file")
            return EXIT_USAGE
        out = Path(args.out) if args.out else build.overlay_path()
        stats = wikidata.import_file(Path(args.file), out)
        print(f"wrote {out}: " + ", ".join(f"{v} {k}" for k, v in stats.items()))
        if out != build.overlay_path():
            print(f"note: build.py reads the overlay from {build.overlay_path()} "
                  f"(set {build.OVERLAY_ENV}={out} to use this file)")
        print("now run: powderkeg kb build")
        return EXIT_OK
    print(build.cache_path())
    return EXIT_OK


# ---------------------------------------------------------------------------- demo
def cmd_demo(args) -> int:
    from powderkeg.ingest import iter_inputs
    from powderkeg.pipeline import Analyzer
    from powderkeg.report import print_summary
    from powderkeg.samples import seed_article
    from powderkeg.store.duck import Store

    path = seed_article()
    doc = next(iter(iter_inputs([str(path)])))
    analyzer = Analyzer(coder=args.coder)
    analysis = analyzer.analyse(doc)
    store = Store(args.db)
    store.put(analysis, analyzer.coder_hash)
    counts = store.counts()
    store.close()
    print_summary(analysis, sys.stdout)
    print(f"\nStored in {args.db}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    print(f"Try: .venv/bin/powderkeg extract {path} --format jsonl | head")
    return EXIT_OK


# ---------------------------------------------------------------------------- conflicts
def cmd_conflicts(args) -> int:
    from powderkeg.analytics.conflicts import find_conflicts
    from powderkeg.store.duck import Store

    if not Path(args.db).exists():
        _err(f"{args.db}: no such database (run `powderkeg ingest` first)")
        return EXIT_USAGE
    store = Store(args.db, read_only=True)
    try:
        found = find_conflicts(store.con, args.figure_days, args.stance_days, args.by)
    finally:
        store.close()
    if args.json:
        for c in found:
            print(json.dumps(c.to_dict(), ensure_ascii=False, default=str))
        return EXIT_OK
    if not found:
        print("no conflicting figures or stances")
        return EXIT_OK
    for n, c in enumerate(found, 1):
        print(f"{n}. {c.kind}: {c.about}: {c.why}")
        for s in (c.a, c.b):
            who = f" ({', '.join(w for w in s.who if w)})" if any(s.who) else ""
            print(f"   [{s.date}] {s.doc_id}: {s.value}{who}\n      \"{s.text[:160]}\"")
    return EXIT_OK


# ---------------------------------------------------------------------------- lexicon
def cmd_lexicon(args) -> int:
    """`powderkeg lexicon check [FILE...]`: validate trigger lexicons (default: the installed
    events.yaml) and the installed types.yaml; every problem on one line naming file, entry and
    key; exit 1 on any problem."""
    from powderkeg.events.lexicon import header_problems, validate, validate_types
    from powderkeg.vocabulary import LEXICON_DIR, read_yaml

    files = [Path(f) for f in args.files] or [LEXICON_DIR / "events.yaml"]
    types = read_yaml(LEXICON_DIR / "types.yaml")
    problems = validate_types(types, str(LEXICON_DIR / "types.yaml"))
    for f in files:
        if not f.is_file():
            problems.append(f"{f}: no such file")
            continue
        try:
            raw = read_yaml(f)
        except ValueError as e:  # a word YAML read as a boolean or null: the message names file and place
            problems.append(f"{f}: {e}")
            continue
        except Exception as e:  # a YAML syntax error is a problem to report, not a crash
            problems.append(f"{f}: not valid YAML: {e}")
            continue
        problems += validate(raw, types, str(f)) + header_problems(f.read_text(encoding="utf-8"), str(f))
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"ok: {', '.join(str(f) for f in files)}")
    return EXIT_SKIPPED if problems else EXIT_OK


# ---------------------------------------------------------------------------- eval
def cmd_eval(args) -> int:
    if args.actors:
        from powderkeg.eval.actors import run

        return run(args)
    if not args.gold:
        _err("give --gold GOLD (events) or --actors MENTIONS.jsonl (actor resolution)")
        return EXIT_USAGE
    from powderkeg.eval.cli import run_eval

    if args.misses is None:
        args.misses = 40
    return run_eval(args)


PATHS_HELP = ("files (.txt .html .jsonl .ndjson .csv), directories, or - for standard input "
              "(JSON Lines, or plain text: one article)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="powderkeg", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"powderkeg {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = p.add_subparsers(dest="command")

    e = sub.add_parser("extract", help="print the records of articles as JSON Lines or a table")
    e.add_argument("paths", nargs="+", help=PATHS_HELP)
    e.add_argument("--format", choices=["jsonl", "table"], help="default: table on a terminal, else jsonl")
    e.add_argument("--out", help="write to this file instead of standard output")
    add_run_options(e)
    e.set_defaults(func=cmd_extract)

    i = sub.add_parser("ingest", help="analyse articles and store documents and records in DuckDB")
    i.add_argument("paths", nargs="+", help=PATHS_HELP)
    i.add_argument("--db", help="DuckDB file (default: powderkeg.duckdb; with --cluster: none, or the store to load "
                                "the Parquet dataset into)")
    i.add_argument("--keep-stale", action="store_true",
                   help="keep documents stored by other lexicons/knowledge base/model/version as they are")
    add_run_options(i)
    add_cluster_options(i)
    i.set_defaults(func=cmd_ingest)

    lx = sub.add_parser("lexicon", help="validate trigger lexicon files (unknown or misplaced option keys)")
    lx.add_argument("action", choices=["check"])
    lx.add_argument("files", nargs="*", help="events.yaml files (default: the installed one)")
    lx.set_defaults(func=cmd_lexicon)

    a = sub.add_parser("actors", help="actor mentions resolved to country, sector and entity")
    a.add_argument("paths", nargs="*")
    a.add_argument("--text", help="resolve the actors of this one string")
    a.add_argument("--date", help="publication date for --text (ISO), for office-holders of that date")
    a.add_argument("--lookup", help="print the knowledge base's entries for a name")
    a.set_defaults(func=cmd_actors)

    k = sub.add_parser("kb", help="build the actor knowledge base index, show where it is, report office coverage, "
                                  "or import Wikidata office-holders")
    k.add_argument("action", choices=["build", "path", "coverage", "import-wikidata"])
    k.add_argument("file", nargs="?", help="import-wikidata: the SPARQL JSON results file (docs/kb_refresh.md)")
    k.add_argument("--out", help="import-wikidata: write the overlay here (default: the overlay build.py reads)")
    k.add_argument("--json", action="store_true", help="coverage: the cells as JSON")
    k.add_argument("--as-of", help="coverage: end of the period (default: the latest date in the data)")
    k.set_defaults(func=cmd_kb)

    d = sub.add_parser("demo", help="analyse the founding article, store it, print a summary")
    d.add_argument("--db", default="powderkeg.duckdb")
    d.add_argument("--coder", choices=CODERS, default=DEFAULT_CODER, help=CODER_HELP)
    d.set_defaults(func=cmd_demo)

    c = sub.add_parser("conflicts", help="figures and stances that disagree across stored articles")
    c.add_argument("--db", default="powderkeg.duckdb")
    c.add_argument("--figure-days", type=int, default=7, help="how far apart two figures may be dated (days)")
    c.add_argument("--stance-days", type=int, default=30, help="how far apart two stances may be dated (days)")
    c.add_argument("--by", choices=["actor", "country"], default="actor",
                   help="compare stances of the same named actor, or of the same country")
    c.add_argument("--json", action="store_true", help="one JSON object per conflict")
    c.set_defaults(func=cmd_conflicts)

    v = sub.add_parser("eval", help="score predictions against gold annotation files")
    v.add_argument("--gold", help="a gold .json file, a .jsonl of them, or a directory of .json files")
    v.add_argument("--actors", metavar="MENTIONS", nargs="+",
                   help="score actor resolution on hand-resolved mentions (one or more .jsonl sets, each with "
                        "its own tune/held-out split)")
    v.add_argument("--articles", nargs="*", help="with --actors: the Wikinews CSV files (default: data/wikinews/*.csv)")
    v.add_argument("--split", choices=["tune", "heldout", "all"], default="all",
                   help="with --actors: which half the confusions and misses are listed for")
    v.add_argument("pred", nargs="?", help="predicted records (JSON Lines)")
    v.add_argument("--run", help="run powderkeg on this input (file or directory) instead of reading PRED")
    v.add_argument("--json", action="store_true", help="print scores as JSON")
    v.add_argument("--misses", type=int, nargs="?", const=400, default=None,
                   help="how many misses (and false alarms) to list (events: default 40; actors: none unless given)")
    v.add_argument("--coder", choices=CODERS, default=DEFAULT_CODER, help=CODER_HELP)
    v.add_argument("--baseline", help="fail (exit 1) if scores fall more than 0.03 below this baseline file")
    v.add_argument("--write-baseline", help="write the scores as the new baseline to this file")
    v.set_defaults(func=cmd_eval)

    from powderkeg.cli_picture import register

    register(sub)  # export, incidents, stats, dyad, actor, alerts, brief, serve
    return p


def main(argv: Optional[list[str]] = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # a wrong flag: the usage of the subcommand it was given to, not the top level's
        sub = _subparser(parser, getattr(args, "command", None))
        (sub or parser).error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except BrokenPipeError:  # `powderkeg extract ... | head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except RuntimeError as e:  # RunFailed, StoreUnavailable, a resource that cannot be loaded
        _err(str(e))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as e:  # the run failed: one line (the traceback with --debug), exit 2
        if getattr(args, "debug", False):
            raise
        _err(f"run failed: {type(e).__name__}: {e}".splitlines()[0])
        return EXIT_USAGE


def _subparser(parser: argparse.ArgumentParser, command: Optional[str]):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return None
