"""How well the actor resolver places the sides annotators named: a measure of the actor half of
the event records on the training corpus's thousands of annotated sources and targets, rather than
on the few hundred hand-resolved mentions of `data/gold/actors`.

    python -m powderkeg.training.resolution [--data data/train] [--with-synthetic]

Every named source or target with a country is matched to the resolver's mention that overlaps it
most; the table counts, for each way the mention was resolved (`via`: directly, the article's
focus, a surname, a pronoun ...; its role and kind), how often its country is the annotated one,
another one, or none. A side with no mention under it cannot be chosen by the argument model at
all. This reads the training corpus, which the models are fitted on: it measures the resolver's
rules, not the learned models, and says nothing about the blind test set. A third of its sides
are in articles the resolver's rules were written on (the actor mention sets and the seed).

The mention overlapping a side most is taken as its reading, which can be a modifier inside it
("the Puerto Rico Senate" read as "Puerto Rico"); training's alignment (`train._mention_roles`)
prefers an overlapping mention with the annotated country, and the report counts those sides too
("reachable": the argument model has a right candidate for them).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from powderkeg.actors.mentions import Mention
from powderkeg.training.corpus import AlignedSentence, aligned, overlapping_mentions

How = tuple[str, str, str]  # how a mention was resolved: (via, role, kind)


@dataclass
class SideTally:
    right: Counter = field(default_factory=Counter)  # how -> sides whose country the resolver got
    wrong: Counter = field(default_factory=Counter)  # another country
    placeless: Counter = field(default_factory=Counter)  # the mention has no country
    unmatched: int = 0  # no mention overlaps the annotated side
    reachable: int = 0  # some overlapping mention has the annotated country: the argument model can choose it

    def totals(self) -> tuple[int, int, int, int]:
        return (sum(self.right.values()), sum(self.wrong.values()), sum(self.placeless.values()),
                self.unmatched)


def _how(m: Mention) -> How:
    unread = m.via is None and m.role in ("pronoun", "anaphor") and not m.actor.country
    return ("unread" if unread else m.via or "direct", m.role, m.actor.kind or "-")


def _overlapping(s: AlignedSentence, start: int, end: int) -> list[tuple[int, Mention]]:
    """The article's mentions overlapping the character span, most overlap first (the resolver's
    whole list, not only the ones the argument model may choose: a side the resolver left without
    a country is counted as such, not as unmatched)."""
    mentions = s.actors.mentions if s.actors is not None else s.mentions
    return sorted(overlapping_mentions(s.tokens.doc, mentions, start, end), key=lambda om: -om[0])


def tally(sents: Iterable[AlignedSentence], synthetic: bool = False) -> SideTally:
    """Count every named, placed gold side of the sentences by how its mention was resolved."""
    out = SideTally()
    for s in sents:
        if s.article_id.startswith("syn-") and not synthetic:
            continue
        for e in s.events:
            for start, end, country in (*e.source, *e.target):
                if start is None or not country:
                    continue  # an unnamed side, or one the annotator could not place
                over = _overlapping(s, start, end)
                if not over:
                    out.unmatched += 1
                    continue
                m = over[0][1]
                out.reachable += any(o.actor.country == country for _, o in over)
                if m.actor.country == country:
                    out.right[_how(m)] += 1
                elif m.actor.country:
                    out.wrong[_how(m)] += 1
                else:
                    out.placeless[_how(m)] += 1
    return out


def report(t: SideTally, top: int = 25) -> str:
    right, wrong, placeless, unmatched = t.totals()
    n = right + wrong + placeless + unmatched
    lines = [f"{n} named sides with a country: {right} right ({right / max(1, n):.1%}), {wrong} another "
             f"country, {placeless} no country, {unmatched} with no mention under them",
             f"{t.reachable} reachable: some mention over the side has the annotated country (what the "
             "argument model can choose)",
             "| resolved via, role, kind | right | another country | no country | right share |",
             "|---|---|---|---|---|"]
    paths = Counter({p: t.right[p] + t.wrong[p] + t.placeless[p] for p in {*t.right, *t.wrong, *t.placeless}})
    for p, k in paths.most_common(top):
        lines.append(f"| {', '.join(p)} | {t.right[p]} | {t.wrong[p]} | {t.placeless[p]} | {t.right[p] / k:.2f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m powderkeg.training.resolution", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="data/train")
    ap.add_argument("--with-synthetic", action="store_true", help="also count the synthetic stories (ids syn-)")
    args = ap.parse_args(argv)
    from powderkeg.pipeline import Analyzer, load_resources

    analyzer = Analyzer(load_resources(with_models=False), coder=None)  # the resolver only
    print(report(tally(aligned(Path(args.data), analyzer), args.with_synthetic)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
