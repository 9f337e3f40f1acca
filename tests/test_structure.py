"""Structure as well as behaviour: layering, module size, no hidden state, validated vocabulary."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

SRC = ROOT / "src" / "powderkeg"
EVENTS_YAML = SRC / "data" / "lexicon" / "events.yaml"


def test_import_layers_kept():
    """The import-linter contract of pyproject.toml (the data-flow layering) holds."""
    lint = Path(sys.executable).parent / "lint-imports"
    r = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]


def test_no_module_over_450_lines():
    big = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py") if (n := len(p.read_text().splitlines())) > 450}
    assert not big, big


def test_no_hidden_state():
    """No `global`, no YAML read at import time (module-level calls that load files)."""
    for p in SRC.rglob("*.py"):
        text = p.read_text()
        assert not re.search(r"^\s*global\s", text, re.M), p
        assert not re.search(r"^[A-Z_]+ = \w*(words_config|load_\w+|read_\w+)\(", text, re.M), p


def _check(*files):
    return subprocess.run([sys.executable, "-m", "powderkeg", "lexicon", "check", *map(str, files)],
                          capture_output=True, text=True)


def test_lexicon_check_passes_on_the_installed_lexicon():
    r = _check()
    assert r.returncode == 0, r.stderr


def test_misspelled_option_key_names_file_entry_and_key(tmp_path):
    bad = tmp_path / "events.yaml"
    text = EVENTS_YAML.read_text(encoding="utf-8")
    assert "visit: {mode: visit, future_as: AGREE, subj: state, needs_target: true}" in text
    bad.write_text(text.replace("visit: {mode: visit, future_as: AGREE, subj: state, needs_target: true}",
                                "visit: {mode: visit, future_as: AGREE, subj: state, needs_traget: true}"))
    r = _check(bad)
    assert r.returncode != 0
    assert str(bad) in r.stderr and "CONSULT verb 'visit'" in r.stderr and "'needs_traget'" in r.stderr
    assert "did you mean 'needs_target'" in r.stderr


def test_lexicon_check_names_a_word_yaml_reads_as_a_boolean(tmp_path):
    bad = tmp_path / "events.yaml"
    text = EVENTS_YAML.read_text(encoding="utf-8")
    assert '"off"' in text
    bad.write_text(text.replace('"off"', "off", 1))
    r = _check(bad)
    assert r.returncode != 0
    assert "SUPPORT.verb.back.not_prt: an item was read as False" in r.stderr and "not valid YAML" not in r.stderr


def test_option_on_wrong_part_of_speech_and_bad_value(tmp_path):
    from powderkeg.events.lexicon import validate
    from powderkeg.vocabulary import read_vocabulary

    types = read_vocabulary()["types"]
    problems = validate({"AGREE": {"noun": {"accord": {"subj": "state"}}, "verb": {"sign": {"subj": "army"}}}}, types)
    assert any("'accord'" in p and "'subj' applies to verbs only" in p for p in problems)
    assert any("'sign'" in p and "not one of population, state, armed" in p for p in problems)
    problems = validate({"AGREE": {"verb": {"reach": {"obj": "deal"}}}}, types)
    assert any("'reach'" in p and "'obj' wants a list, not 'deal'" in p for p in problems)


def test_every_option_has_a_shape_and_a_meaning():
    from powderkeg.events.options import OPTIONS, SHAPES

    assert set(OPTIONS) == set(SHAPES)
    assert all(o.meaning for o in OPTIONS.values())


def test_header_is_generated_from_the_registry(tmp_path):
    from powderkeg.events.lexicon import header_problems

    text = EVENTS_YAML.read_text(encoding="utf-8")
    assert header_problems(text) == []
    assert header_problems(text.replace("#   needs_target ", "#   needs_tarjet ")) != []


def test_lexicon_error_at_load(tmp_path):
    import pytest

    from powderkeg.events.lexicon import LexiconError, build_lexicon
    from powderkeg.vocabulary import read_vocabulary

    bad = tmp_path / "events.yaml"
    shutil.copy(EVENTS_YAML, bad)
    bad.write_text(bad.read_text().replace("obj_actor: true", "obj_actr: true", 1))
    with pytest.raises(LexiconError, match="obj_actr"):
        build_lexicon(read_vocabulary(overrides={"events": bad}))


def test_singular_speaker_pronouns_are_checked_at_load(tmp_path):
    """'I' and 'me' stand only for a person: the list lives in words.yaml, and one not among the
    speaker pronouns is named when the resolver is built."""
    import pytest

    from powderkeg.actors.kb import load_kb
    from powderkeg.actors.mentions import ActorWords
    from powderkeg.vocabulary import LEXICON_DIR, read_vocabulary

    words = read_vocabulary().words
    built = ActorWords.build(load_kb(), words)
    assert {"i", "me", "my"} <= built.pron_speaker_singular < built.pron_speaker
    bad = tmp_path / "words.yaml"
    bad.write_text((LEXICON_DIR / "words.yaml").read_text().replace("speaker_singular: [i,", "speaker_singular: [yo, i,"))
    with pytest.raises(ValueError, match="speaker_singular.*yo"):
        ActorWords.build(load_kb(), read_vocabulary(overrides={"words": bad}).words)


def test_a_word_yaml_reads_as_a_boolean_is_refused_at_load(tmp_path):
    """YAML reads a bare no, off or on as a boolean: in a word list the word was silently lost
    ("back off" read as backing, "insist on" as no stance). Every vocabulary word is a string,
    and an unquoted one is named with its file and place."""
    import pytest

    from powderkeg.vocabulary import LEXICON_DIR, read_vocabulary

    words = read_vocabulary().words
    assert "no" in words["negators"] and all(isinstance(w, str) for w in words["negators"])
    bad = tmp_path / "words.yaml"
    bad.write_text((LEXICON_DIR / "words.yaml").read_text().replace('"no"', "no", 1))
    with pytest.raises(ValueError, match=r"words.yaml: negators: an item was read as False"):
        read_vocabulary(overrides={"words": bad})


def test_no_private_imports_across_modules():
    """No module imports another module's private names (`from powderkeg.x import _y`)."""
    for p in SRC.rglob("*.py"):
        for m in re.finditer(r"^\s*from powderkeg[\w.]* import ([^\n]+)", p.read_text(), re.M):
            names = [n.strip(" ()") for n in m.group(1).split(",")]
            assert not any(n.startswith("_") and not n.endswith("__") for n in names), (p, m.group(0))


def test_every_stage_reads_a_frozen_context(analyzer):
    import dataclasses

    import pytest

    from powderkeg.context import DocContext, Reader

    assert all(isinstance(r, Reader) for r in analyzer.readers + [analyzer.checker])
    ctx = DocContext(document=None, parsed=None, actors=None, sentences=(), sentence_of={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.events = ()


def test_types_yaml_is_checked_at_load(tmp_path):
    """types.yaml (CAMEO codes, Goldstein scores, quad classes) is validated on load: a code that is
    not CAMEO's shape, a score off the scale, or a demand block without its words is named."""
    import pytest

    from powderkeg.events.lexicon import LexiconError, build_lexicon, validate_types
    from powderkeg.vocabulary import LEXICON_DIR, read_vocabulary, read_yaml

    types_yaml = LEXICON_DIR / "types.yaml"
    assert validate_types(read_yaml(types_yaml)) == []
    for old, new, named in (('cameo: "190"', 'cameo: "19x"', "cameo"),
                            ("goldstein: -10.0", "goldstein: -12.0", "goldstein"),
                            ("demand: {words: [demand, insist],", "demand: {", "words"),
                            ("demand: {words: [demand, insist],", "demand: {words: [Demand, insist],", "lower-case"),
                            ('cameo: "190"', 'cameo: "290"', "root"),
                            ("ASSAULT:   {quad: 4,", "ASSAULT:   {quad: true,", "quad"),
                            ("ASSAULT:   {quad: 4,", "ASSAULT:   {quad: 5,", "quad")):
        bad = tmp_path / "types.yaml"
        text = types_yaml.read_text(encoding="utf-8")
        assert old in text
        bad.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(LexiconError, match=named):
            build_lexicon(read_vocabulary(overrides={"types": bad}))
