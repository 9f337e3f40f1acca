"""The event coders a run can choose (`--coder`), named in one place for the pipeline and the CLI.

They differ in where triggers come from and who chooses source and target:

| coder | triggers | source and target |
|---|---|---|
| combined (default) | the lexicon where the detector gives the word at least `lexicon_gate`, and the detector's own | the argument model |
| rules | the lexicon (`events.yaml`) | hand-written parse rules (`events/arguments.py`) |
| lexicon | the lexicon, ungated | the argument model |
| learned | the detector | the argument model |

docs/evaluation.md (fifth round) has what each scores and why the default is `combined`: on news
nothing was tuned on (cross-validation by article, the blind test set) it codes more events right
and invents fewer in stories with none than the hand-written rules, which stay selectable until the
constructions only they code (tests marked `known_miss`) are learned.
"""
# each coder's trigger readers: the lexicon and/or the learned detector
TRIGGER_SOURCES = {"combined": ("lexicon", "learned"), "rules": ("lexicon",), "lexicon": ("lexicon",),
                   "learned": ("learned",)}
# the coders whose source and target the trained argument model chooses
LEARNED_ARGUMENTS = frozenset({"combined", "lexicon", "learned"})
CODERS = tuple(TRIGGER_SOURCES)
DEFAULT_CODER = "combined"
CODER_HELP = ("the event coder: combined (default: lexicon and learned triggers, learned arguments), rules "
              "(lexicon triggers, hand-written arguments), lexicon or learned; docs/training.md")


def needs_models(coder: str) -> bool:
    """Does this coder read the trained weights in powderkeg/models?"""
    return coder in LEARNED_ARGUMENTS or "learned" in TRIGGER_SOURCES[coder]
