"""The learned coder: its model files are validated on load, it codes real sentences, training is
reproducible, and office titles resolve to their holders."""
import json
import shutil

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from helpers import ROOT, real


@pytest.fixture(scope="module")
def learned(analyzer):
    from powderkeg.pipeline import Analyzer

    return Analyzer(analyzer.resources, coder="learned")


def _events(an, text, date="2023-11-05"):
    from powderkeg.ingest.document import Document
    from powderkeg.records import Event

    doc = Document.from_parts("t", text, None, date=date)
    return [(r.type, {a.country for a in r.source}, {a.country for a in r.target}, r.negated, r.hypothetical)
            for r in an.analyse(doc).records if isinstance(r, Event)]


def test_model_files_are_checked_on_load(tmp_path):
    from powderkeg.learn.models import MODELS, LearnedModels
    from powderkeg.learn.linear import ModelFileError

    for f in MODELS.glob("*.*"):
        shutil.copy(f, tmp_path / f.name)
    LearnedModels.load(tmp_path)  # a faithful copy loads
    head = json.loads((tmp_path / "argument.json").read_text())
    head["features"] = head["features"][:-1]  # one column short: weights no longer fit
    (tmp_path / "argument.json").write_text(json.dumps(head))
    with pytest.raises(ModelFileError, match="argument.npz"):
        LearnedModels.load(tmp_path)
    (tmp_path / "typer.npz").unlink()
    with pytest.raises(ModelFileError, match="typer"):
        LearnedModels.load(tmp_path)


def test_learned_coder_on_the_seed_sentences(learned):
    ev = _events(learned, "US Secretary of State, Antony Blinken, however, rejected the idea of a ceasefire.")
    assert real(ev, "REJECT", "USA")
    ev = _events(learned, "Turkish President Recep Tayyip Erdogan has recalled Turkey's ambassador to Israel.")
    assert real(ev, "SANCTION", "TUR", "ISR")


def test_learned_coder_on_news_constructions(learned):
    ev = _events(learned, "Russian forces shelled Kharkiv on Monday, killing three civilians.")
    assert real(ev, "ASSAULT", "RUS")
    ev = _events(learned, "Egypt called for an immediate ceasefire in Gaza.")
    assert real(ev, "REQUEST", "EGY")
    ev = _events(learned, "Iran may launch missiles at Israel.")
    assert not real(ev, "ASSAULT", "IRN")  # only possible: hypothetical, not an attack


def test_learned_coder_two_sided_and_derived_readings(learned):
    """Constructions the learned coder shares with the rules: a two-sided clash is coded each way,
    and "there will be no ceasefire" is a REJECT by its speaker (the seed's sentences)."""
    ev = _events(learned, "The situation remains highly volatile, with clashes intensifying along the "
                          "Israeli-Lebanese border between Hezbollah and Israeli forces.")
    assert real(ev, "ASSAULT", "LBN", "ISR") and real(ev, "ASSAULT", "ISR", "LBN")
    ev = _events(learned, "Israeli Prime Minister Benjamin Netanyahu echoed Blinken's uncompromising stance, "
                          "stating that there will be no ceasefire until Israel's hostages are returned.")
    assert real(ev, "REJECT", "ISR")


def test_an_actor_is_not_its_own_target(learned):
    """The seed's interception: the missiles were launched at Israel and intercepted by Israel, the
    US and Saudi Arabia; Israel's interception cannot target Israel."""
    text = ("Yemen's proxy, the Houthis, have also joined the conflict by launching missiles towards Israel, "
            "which have been intercepted by Israel, the US, and Saudi Arabia.")
    ev = _events(learned, text)
    assert ev, "the sentence reports attacks"
    assert not any("ISR" in s and "ISR" in t for _ty, s, t, _n, _h in ev)


def test_its_refers_back_to_a_state_whose_name_ends_in_s(analyzer):
    """ "the US ... its support" (the seed): a state is singular whatever its name looks like."""
    from powderkeg.ingest.document import Document

    text = ("Tensions between Iran and the US have been escalating, with Iran considering the US as "
            "militarily involved in the conflict due to its support for Israel.")
    sdoc, da = analyzer.actors(Document.from_parts("t", text, None, date="2023-11-05"))
    its = [m for m in da.mentions if sdoc[m.start:m.end].text == "its"]
    assert its and all(m.actor.country == "USA" for m in its)


def test_learned_decoding_comes_from_the_model_meta(learned):
    """The thresholds chosen by cross-validation travel with the model files (data/train/config.json
    -> meta), so a retrained model is read the way it was validated."""
    cfg = json.loads((ROOT / "data" / "train" / "config.json").read_text())["decoding"]
    coder = learned.coder
    assert (coder.m.threshold, coder.m.lexicon_gate, coder.picker.source_min, coder.picker.target_min, coder.derived) == \
        (cfg["threshold"], cfg["lexicon_gate"], cfg["source_min"], cfg["target_min"], cfg["derived"])


def test_linear_model_round_trip(tmp_path):
    from powderkeg.learn.linear import LinearModel

    m = LinearModel("toy", ["O", "A", "B"], {"x": 0, "y": 1}, np.array([[0, 0, 0], [1, -1, 0.5], [-1, 1, 0]], dtype=np.float32),
                    np.zeros(3, dtype=np.float32), n_dense=1)
    m.save(tmp_path)
    back = LinearModel.load(tmp_path, "toy")
    p = back.proba({"x": 1.0, "unknown": 1.0}, np.array([2.0]))
    assert back.classes[int(p.argmax())] == "A" and abs(p.sum() - 1) < 1e-6


@settings(max_examples=60, deadline=None)
@given(rows=st.sampled_from([1, 3, 16]), n_dense=st.sampled_from([0, 4]), seed=st.integers(0, 2**16),
       scale=st.sampled_from([1.0, 40.0, 400.0]), ordered=st.booleans())
def test_linear_scoring_equals_the_matrix_product(rows, n_dense, seed, scale, ordered):
    """The scorer sums weights in plain Python for models of a few rows (detector, argument) and
    gathers columns for wide ones: both must give what the matrix product gives, for any
    vocabulary order, with unknown and repeated-value features, and no overflow at large scores."""
    from powderkeg.learn.linear import LinearModel

    rng = np.random.default_rng(seed)
    names = [f"f{i}" for i in range(30)]
    column = list(range(30)) if ordered else [int(c) for c in rng.permutation(30)]
    vocab = {names[i]: column[i] for i in range(30)}  # listed in column order, or not
    classes = ["no", "yes"] if rows == 1 else [f"c{i}" for i in range(rows)]
    coef = (rng.normal(size=(rows, 30 + n_dense)) * scale).astype(np.float32)
    intercept = rng.normal(size=rows).astype(np.float32)
    m = LinearModel("toy", classes, vocab, coef, intercept, n_dense=n_dense)
    feats = {names[int(k)]: float(rng.choice([1.0, 0.5, 2.0])) for k in rng.choice(30, size=8, replace=False)}
    feats["not-in-vocabulary"] = 1.0
    dense = rng.normal(size=n_dense).astype(np.float32) if n_dense else None
    x = np.zeros(30 + n_dense)
    for f, v in feats.items():
        if f in vocab:
            x[vocab[f]] = v
    if n_dense:
        x[30:] = dense
    z = coef.astype(np.float64) @ x + intercept
    got = m.scores(feats, dense)
    assert np.allclose(got, z, rtol=1e-4, atol=1e-3 * scale)
    p = m.proba(feats, dense)  # the probabilities of those scores
    if rows == 1:
        want = 1 / (1 + np.exp(-np.clip(got[0], -700, 700)))
        assert np.allclose(p, [1 - want, want], atol=1e-6)
    else:
        e = np.exp(got - got.max())
        assert np.allclose(p, e / e.sum(), atol=1e-6)
    assert np.isfinite(p).all() and abs(p.sum() - 1) < 1e-9


def test_training_is_reproducible_on_a_small_corpus(tmp_path):
    """Two trainings on the same 25 articles give the same weights (fixed seed, sorted data)."""
    from powderkeg.training.train import main

    data = tmp_path / "data"
    data.mkdir()
    src = ROOT / "data" / "train"
    keep = sorted({json.loads(l)["article_id"] for l in open(src / "sentences.jsonl")
                   if json.loads(l)["events"]})[:25]
    with open(data / "sentences.jsonl", "w") as f:
        f.writelines(l for l in open(src / "sentences.jsonl") if json.loads(l)["article_id"] in keep)
    with open(data / "articles.jsonl", "w") as f:
        f.writelines(l for l in open(src / "articles.jsonl") if json.loads(l)["id"] in keep)
    (data / "config.json").write_text((src / "config.json").read_text())
    for out in ("a", "b"):
        assert main(["--data", str(data), "--out", str(tmp_path / out), "--threshold", "0.3"]) == 0
    for name in ("detector", "typer", "argument"):
        a, b = np.load(tmp_path / "a" / f"{name}.npz"), np.load(tmp_path / "b" / f"{name}.npz")
        assert np.array_equal(a["coef"], b["coef"])
    meta = json.loads((tmp_path / "a" / "argument.json").read_text())["meta"]
    wanted = json.loads((src / "config.json").read_text())["decoding"]
    assert (meta["source_min"], meta["target_min"]) == (wanted["source_min"], wanted["target_min"])


def test_training_config_is_checked(tmp_path):
    """The training config is data: a missing key or a probability outside 0..1 is named, not used."""
    from powderkeg.training.train import load_config

    good = json.loads((ROOT / "data" / "train" / "config.json").read_text())
    assert load_config(ROOT / "data" / "train")["decoding"]["threshold"] == good["decoding"]["threshold"]
    for bad, word in (({**good["decoding"], "target_min": 1.5}, "target_min"),
                      ({k: v for k, v in good["decoding"].items() if k != "derived"}, "derived")):
        (tmp_path / "config.json").write_text(json.dumps({**good, "decoding": bad}))
        with pytest.raises(ValueError, match=word):
            load_config(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({**good, "article_weights": {"a": -1}}))
    with pytest.raises(ValueError, match="article_weights"):
        load_config(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({**good, "synthetic_weight": "half"}))
    with pytest.raises(ValueError, match="synthetic_weight"):
        load_config(tmp_path)
    from powderkeg.training.train import example_weights

    weigh = example_weights({"article_weights": {"seed-article": 3.0}, "synthetic_weight": 0.5})
    assert (weigh("syn-0001"), weigh("wn-x"), weigh("seed-article")) == (0.5, 1.0, 3.0)
    assert example_weights({"article_weights": {}, "synthetic_weight": 1.0}) is None


def test_office_titles_resolve_to_holders(analyzer):
    from powderkeg.ingest.document import Document

    text = ("Iran's President warned Israel on Sunday. The Turkish foreign minister met the Pentagon chief "
            "in Ankara. The former Iranian president and the US vice president spoke.")
    _sdoc, da = analyzer.actors(Document.from_parts("t", text, None, date="2023-11-05"))
    names = {m.actor.text: m.actor.name for m in da.mentions}
    assert names["Iran's President"] == "Ebrahim Raisi"  # head of government, not the Supreme Leader
    assert names["Turkish foreign minister"] == "Hakan Fidan"
    assert names["Pentagon chief"] == "Lloyd Austin"
    assert names["Iranian president"] != "Ebrahim Raisi"  # "former"
    assert "vice" in names["US vice president"].lower()
    _sdoc, da = analyzer.actors(Document.from_parts("t", text, None, date=None))
    assert {m.actor.name for m in da.mentions}.isdisjoint({"Ebrahim Raisi", "Hakan Fidan"})  # no date, no holder


def test_eval_reports_detection_and_target_levels():
    from powderkeg.eval import score as S

    docs = [{"doc_id": "d", "events": [
        {"type": "ASSAULT", "source": ["RUS"], "target": ["UKR"], "evidence": "Russia shelled Kharkiv"},
        {"type": "REQUEST", "source": ["EGY"], "target": [], "evidence": "Egypt called for a ceasefire"}]}]
    recs = [{"kind": "event", "doc_id": "d", "type": "ASSAULT", "source": [{"country": "BLR"}],
             "target": [{"country": "UKR"}], "text": "Russia shelled Kharkiv on Monday."},
            {"kind": "event", "doc_id": "d", "type": "PROTEST", "source": [], "target": [],
             "text": "Thousands marched in Cairo."}]
    res = S.score(S.gold_events(docs), S.pred_events(recs, {"d"}))
    assert res["target"]["tp"] == 1 and res["full"]["tp"] == 0  # right target, wrong source
    det = S.detection(docs, recs)
    assert (det["tp"], det["fp"], det["fn"]) == (1, 1, 1)


def test_the_combined_coder_lets_the_detector_veto_lexicon_triggers(analyzer):
    """In `combined` a lexicon trigger counts where the detector gives the word at least
    `lexicon_gate`, with that probability as its confidence; the lexicon alone codes both."""
    from powderkeg.ingest.document import Document
    from powderkeg.pipeline import Analyzer
    from powderkeg.records import Event

    combined = Analyzer(analyzer.resources, coder="combined")
    lexicon = Analyzer(analyzer.resources, coder="lexicon")
    text = "Israeli jets struck Hamas positions in Gaza. Canada imposed new tariffs on $20.7 billion of U.S. goods."
    assert real(_events(lexicon, text), "ASSAULT", "ISR") and real(_events(lexicon, text), "SANCTION", "CAN")
    events = [r for r in combined.analyse(Document.from_parts("t", text, None, date="2024-03-05")).records
              if isinstance(r, Event)]
    gate = combined.coder.m.lexicon_gate
    assert [e.type for e in events] == ["ASSAULT"]  # the detector gives "imposed"/"tariffs" 0.13/0.05
    sdoc, da = combined.actors(Document.from_parts("t", text, None, date="2024-03-05"))
    struck = next(t for t in sdoc if t.text == "struck")
    assert events[0].confidence == round(combined.coder.detector.probability(struck, da, False), 3) >= gate


def test_the_event_coder_needs_the_trained_weights_and_known_trigger_readers(analyzer):
    from powderkeg.learn.coder import EventCoder
    from powderkeg.pipeline import Analyzer

    r = analyzer.resources
    with pytest.raises(ValueError, match="trained weights"):
        EventCoder(r.lexicon, analyzer.coder.modality, None, ("lexicon",))
    with pytest.raises(ValueError, match="trigger sources"):
        EventCoder(r.lexicon, analyzer.coder.modality, r.models, ("rules",))
    with pytest.raises(ValueError, match="unknown event coder"):
        Analyzer(r, coder="rules")


def test_a_passive_act_in_an_event_takes_its_doer_but_not_from_a_two_sided_one(analyzer):
    """'killed in Israeli strikes': the strikes' source; 'killed in clashes between A and B'
    (coded once each way): no single doer, the act keeps its own source."""
    from powderkeg.events.candidate import Candidate
    from powderkeg.events.derived import sources_from_events
    from powderkeg.ingest.document import Document

    def run(text):
        sdoc, da = analyzer.actors(Document.from_parts("t", text, None, date="2024-03-05"))
        killed = next(t for t in sdoc if t.lemma_ == "kill")
        noun = next(t for t in sdoc if t.lemma_ in ("strike", "clash"))
        ments = [m for m in da.mentions if noun.left_edge.i <= m.start and m.end <= noun.right_edge.i + 1]
        act = Candidate("ASSAULT", None, killed, (killed.i, killed.i + 1), [], [])
        found = [act] + [Candidate("ASSAULT", None, noun, (noun.i, noun.i + 1), [m], [], nominal=True) for m in ments]
        sources_from_events(found)
        return {m.actor.country for m in act.source}

    assert run("Ten civilians were killed in Israeli strikes on Monday.") == {"ISR"}
    assert run("Ten civilians were killed in clashes between Hezbollah and Israeli forces.") == set()


def test_sentence_level_scores_on_the_seed_sentences_coded_alone(analyzer):
    """Each annotated sentence of the seed, coded alone: the event class of a sentence is the class
    of its most confident event, spans overlap by role; a sentence coded with the wrong class, no
    event, or a swapped source and target scores lower."""
    from powderkeg.eval.sentences import SentenceTally, pentaclass
    from powderkeg.ingest.document import Document
    from powderkeg.records import to_dict
    from powderkeg.training.crossval import gold_class

    assert [pentaclass(c) for c in ("010", "024", "030", "051", "060", "0874", "090", "138", "140", "190", None)] == \
        [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, None]
    assert gold_class({"type": "REQUEST", "mode": "change", "trigger": {"text": "called for"}}, analyzer.lex) == 0
    assert gold_class({"type": "REQUEST", "mode": "change", "trigger": {"text": "demanded"}}, analyzer.lex) == 3
    seed = [json.loads(line) for line in (ROOT / "data/train/sentences.jsonl").open(encoding="utf-8")
            if line.startswith('{"article_id": "seed-article"')]
    assert len(seed) > 20
    coded = []
    for s in seed:
        doc = Document(doc_id=f"seed#{s['sent']}", text=s["text"], date=s["date"])
        coded.append([to_dict(r) for r in analyzer.analyse(doc).records if r.kind == "event"])
    tally = SentenceTally()
    for s, recs in zip(seed, coded):
        tally.add(s["events"], recs, lambda e: gold_class(e, analyzer.lex))
    scores = tally.scores()
    assert scores["class_sentences"] >= 10 and scores["class_macro_f1"] > 0.5
    assert scores["spans"]["source"]["recall"] > 0.5 and scores["spans"]["target"]["recall"] > 0.3

    swapped, silent = SentenceTally(), SentenceTally()
    for s, recs in zip(seed, coded):
        swapped.add(s["events"], [{**r, "source": r["target"], "target": r["source"]} for r in recs],
                    lambda e: gold_class(e, analyzer.lex))
        silent.add(s["events"], [], lambda e: gold_class(e, analyzer.lex))
    assert swapped.scores()["span_macro_f1"] < scores["span_macro_f1"]
    assert swapped.scores()["class_macro_f1"] == scores["class_macro_f1"]  # the class does not look at roles
    assert silent.scores()["class_macro_f1"] == 0.0 and silent.scores()["class_no_event_predicted"] == 1.0


def test_every_named_side_of_the_training_corpus_is_counted_once_by_how_it_was_resolved(analyzer):
    """`python -m powderkeg.training.resolution`: each annotated source or target that names an
    actor with a country lands in exactly one cell (right, another country, no country, or no
    mention under it), and states named outright are placed as the annotators placed them."""
    from pathlib import Path

    from powderkeg.training.corpus import aligned, read_jsonl
    from powderkeg.training.resolution import report, tally

    data = ROOT / "data" / "train"
    rows = [r for r in read_jsonl(data / "sentences.jsonl") if not r["article_id"].startswith("syn-")]
    arts = sorted({r["article_id"] for r in rows if r["events"]})[:3]
    named = sum(1 for r in rows if r["article_id"] in arts for e in r["events"]
                for side in (*e["source"], *e["target"]) if side.get("start") is not None and side.get("country"))
    t = tally(aligned(Path(data), analyzer, set(arts)))
    assert sum(t.totals()) == named > 10
    states = ("direct", "name", "state")
    assert t.right[states] > 0 and t.right[states] >= 5 * t.wrong[states]
    assert report(t).startswith(f"{named} named sides with a country: {t.totals()[0]} right")
    right, _wrong, _placeless, unmatched = t.totals()
    assert right <= t.reachable <= named - unmatched  # a right reading is a reachable one
