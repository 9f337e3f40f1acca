"""A multinomial linear model stored as data: a feature vocabulary, a weight matrix and classes.

Why not a pickle: a pickled scikit-learn estimator is tied to the library version that wrote it
and runs code on load. Weights in `.npz` with a JSON vocabulary load anywhere numpy does, are
checked on load (shapes, classes) and score a sparse feature dict by summing its features' weights.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Sequence, Union

import numpy as np


SMALL_ROWS = 4  # models with at most this many class rows are scored in plain Python (see _prepare)


def _logistic(z: float) -> float:
    """1 / (1 + e^-z) without overflowing math.exp at either end."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


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

    def __post_init__(self) -> None:
        self._prepare()

    def _prepare(self) -> None:
        """Lay the weights out for scoring one feature dict at a time. The detector scores every
        verb and noun of every sentence (~27k calls per 200 articles, ~20 features each) and the
        argument model every (trigger, mention) pair, so numpy's per-call overhead outweighed its
        arithmetic: a model of a few rows (detector, argument) keeps each feature's weights as a
        tuple of floats and sums them in Python; a wide one (typer, mode) gathers its columns with
        numpy. The dense block is laid out once, not sliced per call."""
        n = len(self.vocab)
        rows = self.coef.shape[0]
        self._small = rows <= SMALL_ROWS
        self._by_feature: dict[str, Union[float, tuple[float, ...]]] = {}  # a float for one row
        if self._small:
            # the vocabulary lists its features in column order when it was built by `load` or
            # `from_sklearn`; zip then pairs them without a look-up per feature (the detector has ~92k)
            in_order = all(i == c for i, c in enumerate(self.vocab.values()))
            names = self.vocab if in_order else sorted(self.vocab, key=self.vocab.get)
            if rows == 1:
                self._by_feature = dict(zip(names, self.coef[0, :n].tolist()))
            else:
                self._by_feature = dict(zip(names, map(tuple, self.coef[:, :n].T.tolist())))
        self._b = tuple(float(x) for x in self.intercept)
        self._dense = np.ascontiguousarray(self.coef[:, n:]) if self.n_dense else None

    def scores(self, feats: Mapping[str, float], dense: Optional[np.ndarray] = None) -> np.ndarray:
        """The raw score of each class row: intercept + the features' weights + the dense block's."""
        return np.array(self._scores(feats, dense), dtype=np.float64)

    def _scores(self, feats: Mapping[str, float], dense: Optional[np.ndarray]) -> list[float]:
        if self._small:
            w = self._by_feature
            if len(self._b) == 1:
                z0 = self._b[0]
                for f, v in feats.items():
                    x = w.get(f)
                    if x is not None:
                        z0 += x * v
                z = [z0]
            else:
                z = list(self._b)
                k = range(len(z))
                for f, v in feats.items():
                    x = w.get(f)
                    if x is not None:
                        for r in k:
                            z[r] += x[r] * v
        else:
            vocab = self.vocab
            cols: list[int] = []
            weights: list[float] = []
            for f, v in feats.items():
                c = vocab.get(f)
                if c is not None:
                    cols.append(c)
                    weights.append(v)
            zz = self.intercept.astype(np.float64)
            if cols:
                zz += self.coef[:, cols] @ np.array(weights, dtype=np.float32)
            z = zz.tolist()
        if self._dense is not None and dense is not None:
            d = self._dense.dot(np.asarray(dense, dtype=np.float32)).tolist()
            z = [a + b for a, b in zip(z, d)]
        return z

    def proba(self, feats: Mapping[str, float], dense: Optional[np.ndarray] = None) -> np.ndarray:
        """Class probabilities: the logistic of a one-row binary model, else the softmax."""
        z = self._scores(feats, dense)
        if len(z) == 1 and len(self.classes) == 2:
            p = _logistic(z[0])
            return np.array([1 - p, p])
        top = max(z)
        e = [math.exp(x - top) for x in z]
        s = sum(e)
        return np.array([x / s for x in e])

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
