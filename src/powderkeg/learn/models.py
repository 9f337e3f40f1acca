"""The trained weights of the event coder, loaded once per process and checked on load.

Four linear models (`learn.linear`) live in `powderkeg/models/`: the trigger detector, the typer,
the mode model and the argument model; `make train` writes them.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from powderkeg.learn.linear import LinearModel, ModelFileError

MODELS = Path(__file__).resolve().parents[1] / "models"


@dataclass
class LearnedModels:
    detector: LinearModel
    typer: LinearModel
    mode: LinearModel
    argument: LinearModel
    threshold: float  # the detector probability a token needs to be a learned trigger
    lexicon_gate: float  # ... and a lexicon trigger (the lexicon's words need less evidence)
    digest: str = ""  # hash of the weight files: part of the coder hash a store keeps per document

    @classmethod
    def load(cls, folder: Path = MODELS) -> "LearnedModels":
        names = ("detector", "typer", "mode", "argument")
        det, typer, mode, argument = (LinearModel.load(folder, n) for n in names)  # each checks its files
        h = hashlib.sha256()
        for name in names:
            for ext in ("json", "npz"):
                h.update((folder / f"{name}.{ext}").read_bytes())
        meta = det.meta or {}
        threshold = float(meta.get("threshold", 0.5))
        # model files written before the gate existed: a lexicon trigger needs what any trigger needs
        gate = float(meta.get("lexicon_gate", threshold))
        if not 0.0 <= gate <= threshold:
            raise ModelFileError(f"{folder}/detector.json: lexicon_gate must lie in 0..threshold ({threshold})")
        ms = cls(det, typer, mode, argument, threshold, gate, h.hexdigest()[:16])
        if set(ms.detector.classes) != {"O", "EVENT"}:
            raise ModelFileError(f"{folder}/detector.json: classes must be O and EVENT")
        if set(ms.argument.classes) - {"none", "source", "target"}:
            raise ModelFileError(f"{folder}/argument.json: classes must be none/source/target")
        return ms


@lru_cache(maxsize=2)
def load_models(folder: str = str(MODELS)) -> LearnedModels:
    return LearnedModels.load(Path(folder))
