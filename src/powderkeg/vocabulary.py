"""The vocabulary files (data/lexicon/*.yaml), read once per run by `read_vocabulary`.

Every stage gets its word lists from the `Vocabulary` it is handed, never by opening a file
itself: the words a run used are then exactly the words hashed into its provenance
(`Vocabulary.digest`), and a test can hand a stage a modified copy.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

DATA = Path(__file__).resolve().parent / "data"
LEXICON_DIR = DATA / "lexicon"
KB_DIR = DATA / "kb"
FILES = ("events", "types", "words", "agents", "figures", "stances", "relations")


# libyaml's C loader when PyYAML was built with it: the same objects as yaml.safe_load (checked
# for every lexicon file) in a tenth of the time; reading the lexicon was ~0.4 s of every run's
# start-up (issue 14 item 3).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def read_yaml(path: Path) -> Any:
    """One YAML file, parsed (the single place lexicon and knowledge-base YAML is read), with every
    list item and key checked to be a word or a value YAML did not reinterpret (`_check_words`)."""
    return _parse(Path(path).read_text(encoding="utf-8"), Path(path).name)


def _parse(text: str, file: str) -> Any:
    """YAML text parsed and checked (`_check_words`); `file` names it in an error."""
    data = _load(text)
    _check_words(data, file, [])
    return data


def _check_words(node: Any, file: str, where: list[str]) -> None:
    """YAML 1.1 reads a bare no, off, yes, on, false or null as a boolean or null: in a word list
    that silently drops the word ("back off" was read as backing, "insist on" as no stance). A list
    item or a key that is a boolean or null is refused with where it is."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k is None or isinstance(k, bool):
                raise ValueError(f"{file}: {'.'.join(where) or 'top level'}: a key was read as {k!r}; quote it")
            _check_words(v, file, [*where, str(k)])
    elif isinstance(node, list):
        for v in node:
            if v is None or isinstance(v, bool):
                raise ValueError(f"{file}: {'.'.join(where) or 'top level'}: an item was read as {v!r} "
                                 "(a bare no, off, yes, on, false or null); quote it")
            _check_words(v, file, where)


@dataclass(frozen=True)
class Vocabulary:
    """The parsed lexicon files of one run, by file stem ("events", "words", ...)."""

    files: Mapping[str, Any]
    paths: Mapping[str, Path]
    digest: str  # sha256 prefix over the files' bytes: what a stored document records

    def __getitem__(self, name: str) -> Any:
        return self.files[name]

    @property
    def words(self) -> dict:
        return self.files["words"]


def read_vocabulary(folder: Path = LEXICON_DIR, overrides: Mapping[str, Path] | None = None) -> Vocabulary:
    """Read every lexicon file once. `overrides` replaces single files (a test's edited copy)."""
    paths = {name: folder / f"{name}.yaml" for name in FILES}
    paths.update(overrides or {})
    h = hashlib.sha256()
    files = {}
    for name, p in paths.items():
        data = p.read_bytes()
        h.update(name.encode())
        h.update(data)
        files[name] = _parse(data.decode("utf-8"), p.name)
    return Vocabulary(files=files, paths=paths, digest=h.hexdigest()[:16])
