"""Learned event coding: a trigger detector/typer and an argument-role model trained on the
annotated sentences in `data/train/` (see docs/training.md).

The models are linear over explainable features (words, lemmas, dependency paths, the actor
resolver's mentions, the parser's 96-dimensional token vectors). Training uses scikit-learn;
running needs only numpy: the weights ship as `.npz` plus a JSON vocabulary in
`powderkeg/models/`, validated on load.
"""
