"""The coder on sentences written for the test (not the seed): each construction the issue names."""
from conftest import real


def test_reported_speech_future_force_is_a_threat(code):
    ev = code("Pakistan's army chief, General Asim Munir, said that India will be hit hard if it attacks again.")
    assert real(ev, "THREATEN", "PAK", "IND")
    assert not real(ev, "ASSAULT")  # the strike itself has not happened


def test_passive_with_agent(code):
    ev = code("Several villages near Kharkiv were shelled by Russian artillery on Monday.")
    assert real(ev, "ASSAULT", "RUS")


def test_nominal_events_and_possessives(code):
    ev = code("Russia's offensive against Ukraine entered its third year. Officials condemned the Houthis' recent attack on Saudi Arabia.")
    assert real(ev, "ASSAULT", "RUS", "UKR")
    assert real(ev, "ASSAULT", "YEM", "SAU")


def test_clashes_are_two_sided(code):
    ev = code("Clashes broke out between Armenian and Azerbaijani troops along the border.")
    assert real(ev, "ASSAULT", "ARM", "AZE") and real(ev, "ASSAULT", "AZE", "ARM")


def test_title_apposition_and_surname(code):
    ev = code("Egypt's Foreign Minister, Sameh Shoukry, met his Jordanian counterpart in Cairo. "
              "Shoukry later called for an immediate ceasefire.")
    assert real(ev, "REQUEST", "EGY")


def test_no_ceasefire_is_a_rejection(code):
    ev = code("Israel's defence minister said there will be no ceasefire until the hostages are freed.")
    assert real(ev, "REJECT", "ISR")


def test_negation_and_hypothetical(code):
    ev = code("Turkey did not recall its ambassador. Iran may launch missiles at Israel.")
    assert not real(ev, "SANCTION") and any(t == "SANCTION" and neg for t, s, g, neg, hyp in ev)
    assert not real(ev, "ASSAULT", "IRN")


def test_sanction_recall_and_mobilize(code):
    ev = code("Bolivia recalled its ambassador to Israel. The United States deployed 3,000 troops to Poland.")
    assert real(ev, "SANCTION", "BOL", "ISR")
    assert real(ev, "MOBILIZE", "USA")


def test_protest_population_has_no_country_required(code):
    ev = code("Thousands of demonstrators marched through the capital demanding new elections.")
    assert any(t == "PROTEST" for t, *_ in ev)


def test_events_told_twice_are_merged(analyzer):
    from powderkeg.ingest.document import Document
    from powderkeg.records import Event

    doc = Document.from_parts("m", "Israeli jets struck Hamas positions in Gaza overnight. The Israeli air force "
                                   "also struck Hamas tunnels near Khan Younis.", "Israel strikes Hamas", date="2024-01-10")
    evs = [r for r in analyzer.analyse(doc).records if isinstance(r, Event) and r.type == "ASSAULT"]
    keys = {(tuple(sorted(a.country for a in e.source)), tuple(sorted(a.country or "" for a in e.target))) for e in evs}
    assert len(evs) == len(keys)  # one record per (type, source, target)
    assert any(e.mentions >= 2 for e in evs)


def test_every_record_points_back_to_its_text(analyzer):
    from powderkeg.ingest.document import Document
    from powderkeg.records import to_dict

    text = "Turkish President Recep Tayyip Erdogan recalled Turkey's ambassador to Israel on Saturday."
    doc = Document.from_parts("p", text, None, date="2023-11-06")
    recs = [to_dict(r) for r in analyzer.analyse(doc).records]
    assert recs
    for r in recs:
        s, e = r["span"]
        assert doc.text[s:e] == r["text"]
        if r["kind"] == "event":
            ts, te = r["trigger"]["span"]
            assert doc.text[ts:te] == r["trigger"]["text"]
            assert r["cameo"] and r["quad"] in (1, 2, 3, 4) and isinstance(r["goldstein"], float)
            assert r["date"] == "2023-11-04"  # the Saturday before publication
