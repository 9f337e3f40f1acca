"""Sentence-level scores: each annotated sentence coded alone, as sentence-level test sets do.

Article-level scoring (`eval.score`) lets an event found in any sentence of an article count, and
lets the article's other sentences tell who "the rebels" are. Sentence-level sets (one news
sentence, one event) ask two other questions, and powderkeg is judged on them too:

- **the event class of the sentence** (CAMEO "pentaclass": 0 statements and appeals, CAMEO 01-02;
  1 verbal cooperation, 03-05; 2 material cooperation, 06-08; 3 verbal conflict, 09-13; 4
  material conflict, 14-20), on sentences whose required events all fall in one class. The
  predicted class is the class of the most confident event coded in the sentence; no event is a
  miss. Macro F1 over the classes that are in the gold or the predictions.
- **the source and target spans as written**: a gold span is found when a predicted span of the
  same role overlaps it, a predicted span is right when it overlaps a gold span of its role, over
  the spans of all events of the sentence (as a span tagger is scored). Macro F1 over the two
  roles.

Also reported: on sentences the annotators found no event in, the share given an event anyway.
Sentences whose events are all optional, negated or hypothetical are left out of all three.
A gold event's class comes from its type and mode (the lexicon's CAMEO code), a predicted one's
from the record's `cameo`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from powderkeg.events.lexicon import cameo_root, quad_class

CLASSES = (0, 1, 2, 3, 4)
CLASS_NAMES = {0: "statement/appeal", 1: "verbal cooperation", 2: "material cooperation",
               3: "verbal conflict", 4: "material conflict"}
ROLES = ("source", "target")


def pentaclass(cameo: Optional[str]) -> Optional[int]:
    """The CAMEO pentaclass of a CAMEO code ("190" -> 4), None for no code: GDELT's quad class with
    statements and appeals (roots 01-02) split off as class 0."""
    root = cameo_root(cameo)
    return 0 if root is not None and root <= 2 else quad_class(cameo)


@dataclass
class SentenceTally:
    """Counts over sentences, filled by `add`, read by `scores`."""

    class_pairs: list[tuple[int, Optional[int]]] = field(default_factory=list)  # (gold, predicted or None)
    span_counts: dict[str, Counter] = field(default_factory=lambda: {r: Counter() for r in ROLES})
    no_event_sentences: int = 0
    no_event_with_event: int = 0

    def add(self, gold_events: list[dict], predicted: list[dict], gold_class: Callable[[dict], Optional[int]]) -> None:
        """One sentence: its gold events (the training format: offsets within the sentence) and the
        event records coded from the sentence alone (spans within the sentence)."""
        required = [e for e in gold_events if not e.get("optional") and not e.get("negated") and not e.get("hypothetical")]
        claims = [r for r in predicted if not r.get("negated") and not r.get("hypothetical")]
        if not gold_events:
            self.no_event_sentences += 1
            self.no_event_with_event += bool(claims)
            return
        if not required:
            return
        classes = {gold_class(e) for e in required}
        if len(classes) == 1 and None not in classes:
            top = max(claims, key=lambda r: r.get("confidence") or 0.0, default=None)
            self.class_pairs.append((classes.pop(), pentaclass(top.get("cameo")) if top else None))
        for role in ROLES:
            gold = {(a["start"], a["end"]) for e in required for a in e.get(role) or () if a.get("text")}
            pred = {tuple(a["span"]) for r in claims for a in r.get(role) or () if a.get("span")}
            c = self.span_counts[role]
            c["gold"] += len(gold)
            c["pred"] += len(pred)
            c["gold_found"] += sum(1 for g in gold if any(_overlap(g, p) for p in pred))
            c["pred_right"] += sum(1 for p in pred if any(_overlap(g, p) for g in gold))

    def scores(self) -> dict:
        per_class = {}
        for k in CLASSES:
            tp = sum(1 for g, p in self.class_pairs if g == k and p == k)
            n_pred = sum(1 for _, p in self.class_pairs if p == k)
            n_gold = sum(1 for g, _ in self.class_pairs if g == k)
            per_class[CLASS_NAMES[k]] = _prf(tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0) | {"gold": n_gold}
        seen = {k for pair in self.class_pairs for k in pair if k is not None}
        present = [per_class[CLASS_NAMES[k]] for k in CLASSES if k in seen]
        roles = {}
        for role, c in self.span_counts.items():
            roles[role] = _prf(c["pred_right"] / c["pred"] if c["pred"] else 0.0,
                               c["gold_found"] / c["gold"] if c["gold"] else 0.0) | {"gold": c["gold"]}
        n = len(self.class_pairs)
        return {
            "class_sentences": n,
            "class_macro_f1": round(sum(v["f1"] for v in present) / len(present), 3) if present else 0.0,
            "class_accuracy": round(sum(1 for g, p in self.class_pairs if g == p) / n, 3) if n else 0.0,
            "class_no_event_predicted": round(sum(1 for _, p in self.class_pairs if p is None) / n, 3) if n else 0.0,
            "per_class": per_class,
            "spans": roles,
            "span_macro_f1": round(sum(v["f1"] for v in roles.values()) / len(roles), 3),
            "no_event_sentences": self.no_event_sentences,
            "no_event_sentences_given_an_event": round(self.no_event_with_event / self.no_event_sentences, 3)
            if self.no_event_sentences else 0.0,
        }


def _overlap(a: tuple[int, int], b: Iterable[int]) -> bool:
    b0, b1 = tuple(b)
    return a[0] < b1 and b0 < a[1]


def _prf(p: float, r: float) -> dict:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def format_scores(name: str, s: dict) -> str:
    """Two lines for a report."""
    sp = s["spans"]
    return (f"{name:8s} sentence class (pentaclass) macro F1 {s['class_macro_f1']:.3f}, accuracy {s['class_accuracy']:.3f}"
            f" over {s['class_sentences']} sentences ({s['class_no_event_predicted']:.0%} given no event)\n"
            f"{'':8s} spans (overlap) macro F1 {s['span_macro_f1']:.3f}: source P={sp['source']['precision']:.3f} "
            f"R={sp['source']['recall']:.3f}, target P={sp['target']['precision']:.3f} R={sp['target']['recall']:.3f};"
            f" sentences with no event given one: {s['no_event_sentences_given_an_event']:.1%} of {s['no_event_sentences']}")
