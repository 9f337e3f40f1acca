"""The event coders a run can choose (`--coder`), named in one place for the pipeline and the CLI.

They differ in where triggers come from; source and target always come from the trained argument
model (`learn/arguments.py`, under the two coding rules of `events/arguments.py`):

| coder | triggers |
|---|---|
| combined (default) | the lexicon where the detector gives the word at least `lexicon_gate`, and the detector's own |
| lexicon | the lexicon, ungated |
| learned | the detector |

docs/evaluation.md (fifth round) has what each scores and why the default is `combined`. The
hand-written argument picking of the earlier `rules` coder was deleted (its last figures are there
too); what only it coded is kept as expected failures (`known_miss` in tests/test_events.py).
"""
# each coder's trigger readers: the lexicon and/or the learned detector
TRIGGER_SOURCES = {"combined": ("lexicon", "learned"), "lexicon": ("lexicon",), "learned": ("learned",)}
CODERS = tuple(TRIGGER_SOURCES)
DEFAULT_CODER = "combined"
CODER_HELP = ("the event coder: combined (default: lexicon triggers the learned detector does not veto, and "
              "its own), lexicon or learned (one trigger reader each); the argument model always; docs/training.md")
