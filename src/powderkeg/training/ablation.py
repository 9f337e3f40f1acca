"""The ablation table: each learned part alone and together, on a gold set.

    python -m powderkeg.training.ablation --gold data/gold/dev [--json]

- learned triggers alone: the learned detector, typer and mode, arguments read by the generic
  syntactic rules of `actors/syntax.py` (no argument model);
- learned arguments alone: the lexicon's triggers, source and target chosen by the argument model
  (`--coder lexicon`);
- learned: the detector's triggers and the argument model (`--coder learned`);
- combined: the lexicon's triggers the detector does not veto and the detector's own beside them,
  the argument model for both (`--coder combined`, the default).
A measuring tool: "learned triggers alone" is not offered by `extract`. The row of the hand-written
rules (lexicon triggers, hand-written argument picking) ended with their deletion; its last figures,
measured by this tool, are in docs/evaluation.md (fifth round).
"""
from __future__ import annotations

import argparse
import json
import sys

from powderkeg.actors import syntax
from powderkeg.eval import score as S
from powderkeg.eval.cli import default_run_input
from powderkeg.learn.coder import EventCoder


class LearnedTriggers:
    """The learned coder's triggers with arguments read by the generic syntactic rules."""

    def __init__(self, learned: EventCoder):
        self.learned = learned

    def code(self, doc, da):
        out = []
        for c in self.learned.code(doc, da):
            tok = c.token
            if tok.pos_ == "VERB":
                src, _fallback = syntax.source_of_verb(tok, da)
                tgt = syntax.target_of_verb(tok, da, src)
            else:
                src = syntax.source_of_noun(tok, da)
                tgt = syntax.target_of_noun(tok, da, src)
            c.source, c.target = src, tgt
            if src or tgt or c.type == "PROTEST":
                out.append(c)
        return out


def run(gold: str) -> dict:
    from powderkeg.ingest import iter_inputs
    from powderkeg.pipeline import Analysis, Analyzer, event_coder, load_resources
    from powderkeg.records import to_dict

    resources = load_resources()
    analyzer = Analyzer(resources, coder="combined")
    modality = analyzer.modality
    built = {n: event_coder(n, resources, modality) for n in ("lexicon", "learned", "combined")}
    coders = {"learned triggers alone": LearnedTriggers(built["learned"]),
              "learned arguments alone": built["lexicon"], "learned": built["learned"], "combined (default)": built["combined"]}
    docs = S.load_gold_docs(gold)
    inputs = (default_run_input(gold) or "").split(",")
    g = S.gold_events(docs)
    out = {}
    for name, coder in coders.items():
        analyzer.coder = coder
        recs = []
        for part in inputs:
            for a in analyzer.analyse_stream(iter_inputs([part])):
                if isinstance(a, Analysis):
                    recs.extend(to_dict(r) for r in a.records if r.kind == "event")
        res = S.score(g, S.pred_events(recs, set(g)))
        out[name] = {lvl: res[lvl]["f1"] for lvl in ("type", "source", "target", "full")}
        out[name]["detection"] = S.detection(docs, recs)["f1"]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m powderkeg.training.ablation")
    ap.add_argument("--gold", required=True)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    out = run(args.gold)
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"| coder ({args.gold}) | detection | type | source | target | full |")
    print("|---|---|---|---|---|---|")
    for name, r in out.items():
        print(f"| {name} | {r['detection']:.3f} | {r['type']:.3f} | {r['source']:.3f} | {r['target']:.3f} | {r['full']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
