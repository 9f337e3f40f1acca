"""A multinomial linear model stored as data: a feature vocabulary, a weight matrix and classes.

Why not a pickle: a pickled scikit-learn estimator is tied to the library version that wrote it
and runs code on load. Weights in `.npz` with a JSON vocabulary load anywhere numpy does, are
checked on load (shapes, classes) and score a sparse feature dict with one gather and a sum.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Sequence

import numpy as np


class ModelFileError(ValueError):
    """A model file is missing, malformed or does not match its vocabulary."""


@dataclass
class LinearModel:
    name: str
    classes: list[str]
    vocab: dict[str, int]  # sparse feature name -> column
    coef: np.ndarray  # (n_classes, n_sparse + n_dense)
    intercept: np.ndarray  # (n_classes,)
    n_dense: int = 0
    meta: Optional[dict] = None

    def scores(self, feats: Mapping[str, float], dense: Optional[np.ndarray] = None) -> np.ndarray:
        # one pass over the features (this runs ~13k times per 80 articles with the learned coder);
        # the columns and values, in the features' order, and the arithmetic are as before
        vocab = self.vocab
        cols: list[int] = []
        weights: list[float] = []
        for f, v in feats.items():
            c = vocab.get(f)
            if c is not None:
                cols.append(c)
                weights.append(v)
        z = self.intercept.copy()
        if cols:
            z += self.coef[:, cols] @ np.array(weights, dtype=np.float32)
        if self.n_dense and dense is not None:
            z += self.coef[:, len(self.vocab):] @ dense.astype(np.float32)
        return z

    def proba(self, feats: Mapping[str, float], dense: Optional[np.ndarray] = None) -> np.ndarray:
        z = self.scores(feats, dense)
        if len(self.classes) == 2 and self.coef.shape[0] == 1:
            p = 1.0 / (1.0 + np.exp(-z[0]))
            return np.array([1 - p, p])
        z = z - z.max()
        e = np.exp(z)
        return e / e.sum()

    def predict(self, feats: Mapping[str, float], dense: Optional[np.ndarray] = None) -> tuple[str, float]:
        p = self.proba(feats, dense)
        k = int(p.argmax())
        return self.classes[k], float(p[k])

    # ------------------------------------------------------------------ storage
    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        names = sorted(self.vocab, key=self.vocab.get)
        np.savez_compressed(folder / f"{self.name}.npz", coef=self.coef.astype(np.float32),
                            intercept=self.intercept.astype(np.float32))
        (folder / f"{self.name}.json").write_text(json.dumps(
            {"name": self.name, "classes": self.classes, "n_dense": self.n_dense, "features": names,
             "meta": self.meta or {}}, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, name: str) -> "LinearModel":
        jp, np_ = folder / f"{name}.json", folder / f"{name}.npz"
        if not jp.exists() or not np_.exists():
            raise ModelFileError(f"model '{name}' not found in {folder} (run `make train`)")
        try:
            head = json.loads(jp.read_text(encoding="utf-8"))
            arr = np.load(np_)
            coef, intercept = arr["coef"], arr["intercept"]
        except (ValueError, KeyError, OSError) as e:
            raise ModelFileError(f"{np_}: unreadable model file ({e})") from e
        classes, feats, n_dense = head.get("classes"), head.get("features"), int(head.get("n_dense", 0))
        if not isinstance(classes, list) or not isinstance(feats, list):
            raise ModelFileError(f"{jp}: 'classes' and 'features' must be lists")
        rows = 1 if len(classes) == 2 and coef.shape[0] == 1 else len(classes)
        if coef.shape != (rows, len(feats) + n_dense) or intercept.shape != (rows,):
            raise ModelFileError(f"{np_}: weights {coef.shape} do not fit {len(classes)} classes x "
                                 f"{len(feats)} features + {n_dense} dense")
        return cls(name=name, classes=classes, vocab={f: i for i, f in enumerate(feats)}, coef=coef,
                   intercept=intercept, n_dense=n_dense, meta=head.get("meta") or {})


def from_sklearn(name: str, clf, vectorizer_names: Sequence[str], n_dense: int, meta: Optional[dict] = None) -> LinearModel:
    """Weights of a fitted scikit-learn LogisticRegression (sparse columns first, then dense)."""
    return LinearModel(name=name, classes=[str(c) for c in clf.classes_],
                       vocab={f: i for i, f in enumerate(vectorizer_names)},
                       coef=np.asarray(clf.coef_, dtype=np.float32),
                       intercept=np.asarray(clf.intercept_, dtype=np.float32), n_dense=n_dense, meta=meta)
