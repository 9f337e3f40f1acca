"""The coder on sentences written for the test (not the seed): each construction the issue names.

`known_miss`: constructions the hand-written argument rules coded (deleted since; their last
figures are in docs/evaluation.md, fifth round) that the default coder (`combined`) does not,
because its detector, trained on the annotated corpus, gives the word less than the lexicon gate
(the figure is in each reason) and no training sentence has the construction. They are strict:
each fails the day the coder codes it, so the mark is then taken off."""
import pytest

from helpers import real


def known_miss(why: str):
    return pytest.mark.xfail(strict=True, reason="default coder misses it: " + why)


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
    assert not real(ev, "SANCTION")
    assert not real(ev, "ASSAULT", "IRN")


def test_a_negated_recall_is_kept_as_a_negated_sanction(code):
    # a known miss of the default coder until the session-9 models, which pass the gate here
    ev = code("Turkey did not recall its ambassador.")
    assert any(t == "SANCTION" and neg for t, s, g, neg, hyp in ev)


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


# ---------------------------------------------------------------- issue 2: pattern classes on real
# sentences (VOA and Wikinews articles outside the dev set)

def test_request_addressee_is_the_object_or_the_clause_subject(code):
    # Wikinews, "Greek prime minister reaffirms EastMed pipeline ..."
    ev = code("Netanyahu called on Italy and Egypt to join the project.")
    assert real(ev, "REQUEST", "ISR", "ITA") and real(ev, "REQUEST", "ISR", "EGY")
    # Wikinews, "On the campaign trail in the USA, September 2020": the demand inside the call is content
    ev = code("Joe Biden called on the President to demand directly that Turkey stop interfering on Azerbaijan's behalf.")
    assert real(ev, "REQUEST", "USA", "USA")
    assert not real(ev, "REQUEST", "USA", "TUR")


def test_accusations_condemnations_and_their_targets(code):
    # VOA voa-127
    ev = code("The United States, United Nations and international rights groups strongly condemned Thailand "
              "for sending Uyghurs back to China.")
    assert real(ev, "ACCUSE", "USA", "THA")
    ev = code("The United States and others have accused Beijing of genocide over its treatment of the "
              "Turkic-speaking Muslim minority Uyghurs in China's western Xinjiang province.")
    assert real(ev, "ACCUSE", "USA", "CHN")
    # VOA voa-159
    ev = code("Japan accused a Chinese spy plane of violating its airspace for the first time in August.")
    assert real(ev, "ACCUSE", "JPN", "CHN")


def test_passive_condemnation_with_agent_inside_a_statement(code):
    # Wikinews, "Greek prime minister reaffirms EastMed pipeline ..."
    ev = code("Because of its drilling operations there, Turkey is already under EU sanctions, and was condemned "
              "in a joint statement by Egypt, Greece and Cyprus on October 8.")
    assert real(ev, "ACCUSE", "EGY", "TUR") and real(ev, "ACCUSE", "GRC", "TUR")


def test_negated_condemnation_leaves_the_condemned_event_real(code):
    # VOA voa-115
    ev = code("But unlike most United Nations member states, China has never condemned Russia's full-scale "
              "invasion of Ukraine.")
    assert not real(ev, "ACCUSE", "CHN") and any(t == "ACCUSE" and neg for t, s, g, neg, hyp in ev)
    assert real(ev, "ASSAULT", "RUS", "UKR")


def test_agreeing_to_act_is_agree_with_the_target_of_the_act(code):
    # Wikinews, "On the campaign trail in the USA, September 2020"
    ev = code("The formerly antagonistic nations of Serbia and Kosovo opened economic ties as well and Serbia "
              "agreed to move its embassy in Israel from Tel Aviv to Jerusalem.")
    assert real(ev, "AGREE", "SRB", "ISR")


def test_announced_cooperation_is_not_the_act(code):
    # VOA voa-112
    ev = code(MODI_COOPERATES)
    assert not real(ev, "COOPERATE")


MODI_COOPERATES = ("Modi announced that New Delhi would invest about $11 million in several community development "
                   "projects and that India will cooperate in building a new parliament for Mauritius.")


@known_miss("announced cooperation as AGREE: the detector gives 'cooperate' under 'will' 0.15")
def test_announced_cooperation_is_an_agree(code):
    assert real(code(MODI_COOPERATES), "AGREE", "IND")


def test_standing_support_is_not_an_event(code):
    # Wikinews, "Block of flats collapses in Aleppo ..."
    ev = code("The district was recaptured by the state in 2016 following heavy bombing, in an operation supported by Russia.")
    assert not any(t == "SUPPORT" for t, *_ in ev)


def test_protesters_protest_where_they_are(code):
    # Wikinews, "Greta Thunberg named 2019 Time Person of the Year"
    ev = code("Other countries had similar protests, with 35 thousand students protesting in Belgium in January of this year.")
    assert real(ev, "PROTEST", "BEL", "BEL")
    assert not any(t == "ACCUSE" for t, *_ in ev)  # students protesting are not a state's protest note


def test_verbal_attack_for_a_deed_is_an_accusation(code):
    # Wikinews, "On the campaign trail in the USA, October 2020"
    ev = code("Trump attacked Biden for accumulating wealth since leaving public office, accusing the Biden "
              "family of going around the world and sucking up money like a vacuum.")
    assert real(ev, "ACCUSE", "USA", "USA")
    assert not any(t == "ASSAULT" for t, *_ in ev)


def test_commitment_through_a_predicate_adjective_is_agree(code):
    # VOA voa-121: a visit announced for the future is an AGREE, not yet a CONSULT
    ev = code("Indian Prime Minister Narendra Modi is due to travel to Mauritius on Tuesday as chief guest on "
              "the country's national day, the anniversary of its independence from Britain.")
    assert real(ev, "AGREE", "IND", "MUS")
    assert not real(ev, "CONSULT")


@known_miss("'was ready to support' as AGREE: the detector gives 'support' 0.02 ('is ready to accept' 0.01)")
def test_readiness_to_act_is_an_agree(code):
    # VOA voa-142
    ev = code("The UNHCR said it was ready to support Kenya's government in strengthening ongoing efforts "
              "\"to find solutions that are orderly, sustainable and respect refugee rights.\"")
    assert real(ev, "AGREE", "IGO", "KEN")


@known_miss("'described ... as a strategic disaster' as ACCUSE: the detector gives 'described' 0.06")
def test_damning_description_of_a_plan_is_an_accusation(code):
    # VOA voa-121 (the speaker's party is not in the knowledge base, so only the type is asserted)
    ev = code("Robert Jenrick, the shadow justice secretary for Britain's Conservative opposition party, "
              "described the proposed plan as \"a strategic disaster for Britain\".")
    assert any(t == "ACCUSE" for t, *_ in ev)


def test_a_neutral_description_is_no_accusation(code):
    ev = code("Trump described his relationship with North Korean leader Kim Jong Un as \"a good one\".")
    assert not any(t == "ACCUSE" for t, *_ in ev)


def test_damning_statement_in_reported_speech_is_an_accusation(code):
    # dev article voa-116 (the corpora outside the dev set hold no such statement about a named actor)
    ev = code("Trump contended in a post on his Truth Social media platform that the EU is \"one of the most "
              "hostile and abusive taxing and tariffing authorities in the World.\"")
    assert real(ev, "ACCUSE", "USA", "IGO")


def test_a_question_is_not_a_request(code):
    # Wikinews, "On the campaign trail in the USA, October 2020"
    ev = code("Trump blasted Biden as a career politician and repeatedly asked why Biden did not already "
              "implement the policies he proposed.")
    assert real(ev, "ACCUSE", "USA", "USA")
    assert not any(t == "REQUEST" for t, *_ in ev)


def test_announced_withdrawal_of_a_bill_is_a_concession_and_what_it_would_have_allowed_is_not_real(code):
    # Wikinews, "Hong Kong leader announces withdrawal of extradition bill"
    ev = code("On Wednesday, Carrie Lam, the chief executive of Hong Kong, announced that her government will "
              "officially withdraw a proposed bill that would have allowed China to extradite accused criminals.")
    assert real(ev, "CONCEDE", "HKG")
    assert not real(ev, "COOPERATE")


def test_tightened_restrictions_on_a_foreign_country_are_a_sanction(code):
    # VOA (COVID travel rules): tightening restrictions is coded like imposing them
    ev = code("Italy has now tightened restrictions on all travel from India, Bangladesh and Sri Lanka.")
    assert real(ev, "SANCTION", "ITA", "IND") and real(ev, "SANCTION", "ITA", "LKA")
    assert not real(ev, "COERCE")


def test_opening_diplomatic_relations_is_support(code):
    # Wikinews 2020, shortened to the "opened diplomatic relations" clause (its "recognized" clause removed)
    ev = code("Bahrain opened diplomatic relations with Israel.")
    assert real(ev, "SUPPORT", "BHR", "ISR")


def test_disasters_are_not_attacks_but_fired_missiles_are(code):
    """VOA voa-149 (not in the dev set): deaths in a crash are no ASSAULT; a sentence written for the
    test: missiles fired at a tanker are, although "fire" is also a cause of disasters."""
    ev = code("Sayed Abdul Wajeed Sadat, the Ghazni provincial head for the Red Cross and Red Crescent Society "
              "told VOA five people had likely been killed in the crash.")
    assert not [e for e in ev if e[0] == "ASSAULT"]
    ev = code("Houthi rebels fired two anti-ship missiles at a Greek-owned tanker in the Red Sea.")
    assert real(ev, "ASSAULT", "YEM")


def test_taking_ground_by_force_is_an_assault_only_for_armed_actors(code):
    """Written for the test after a new user's article: no corpus sentence has the form."""
    assert real(code("M23 rebels captured the town of Sake after heavy fighting with Congolese troops."), "ASSAULT")
    assert real(code("Taliban fighters took control of the airport in Kunduz on Sunday."), "ASSAULT", "AFG")
    assert not [e for e in code("The company took control of the market.") if e[0] == "ASSAULT"]


def test_court_pleas_ships_and_car_crashes_are_not_conflict_events(code):
    # Wikinews, 2019: the three kinds of false event the coder used to invent on non-conflict news
    ev = code("Acting via his lawyers, Volodoymyr Zhukovskyy, 23, pleaded not guilty on Tuesday to seven counts "
              "of negligent homicide in New Hampshire. Reportedly, he struck a guard rail on June 3 and flipped "
              "the Mack truck he had been driving on its side. UH Mānoa dispatched the research ship "
              "Ka'imikai-O-Kanaloa from July 13 to 17 of last year.")
    assert not any(t in ("REQUEST", "ASSAULT", "MOBILIZE") for t, *_ in ev), ev
    # the same verbs in conflict still count
    ev = code("Israeli jets struck Hamas positions in Gaza. The Pentagon dispatched a warship to the Red Sea.")
    assert real(ev, "ASSAULT", "ISR") and real(ev, "MOBILIZE", "USA")


@known_miss("'pleaded with allies' as REQUEST: the detector gives 'pleaded' 0.46 (the corpus has one such sentence)")
def test_pleading_with_allies_is_a_request(code):
    assert real(code("Zelensky pleaded with Western allies for more air defence."), "REQUEST", "UKR")


def test_demonstrating_a_value_and_deploying_software_are_no_events(code):
    # Wikinews, 2020 (Red Hat and CentOS): "demonstrate the value" is no demonstration, "deploy" software
    # is no mobilisation; an event with neither source nor target (other than a protest) gives nothing
    ev = code("Our job going forward is to demonstrate the value of CentOS Stream. Red Hat is working on "
              "programs for users who cannot deploy CentOS Stream.")
    assert not any(t in ("PROTEST", "MOBILIZE") for t, *_ in ev), ev
    ev = code("Syrian government forces began deploying into territory held by the SDF. "
              "Thousands of protesters demonstrated in Baghdad against the government.")
    assert real(ev, "MOBILIZE", "SYR") and real(ev, "PROTEST", "IRQ")


def test_an_act_awaited_under_a_future_verb_is_hypothetical(analyzer):
    """'no ceasefire until the hostages are freed': the freeing has not happened; 'fighting
    continued until the troops withdrew': it has."""
    from powderkeg.ingest.document import Document

    def reading(text, word):
        sdoc, _ = analyzer.actors(Document.from_parts("t", text, None, date="2024-03-05"))
        return analyzer.coder.modality.of_verb(next(t for t in sdoc if t.text == word))[1]

    assert reading("Israel's defence minister said there will be no ceasefire until the hostages are freed.", "freed")
    assert not reading("Fighting continued until the troops withdrew from the city on Monday.", "withdrew")
    assert not reading("No traces of poison were found before he was airlifted to Berlin.", "airlifted")


@known_miss("in an article about Sweden the detector gives 'protesting' 0.25 and codes 'similar protests' by 'countries'")
def test_a_crowd_placed_only_by_the_articles_focus_protests_where_its_clause_says(code):
    """In an article about Sweden, students 'protesting in Belgium' protest in Belgium (they were
    coded Swedish by the article's focus); a group rallying in the focus country keeps its name."""
    ev = code("Swedish activist Greta Thunberg spoke in Stockholm on Friday. Sweden's government praised her. "
              "Other countries had similar protests, with 35 thousand students protesting in Belgium in January. "
              "Conservative groups held a rally in Stockholm.")
    assert real(ev, "PROTEST", "BEL") and not real(ev, "PROTEST", "BEL", "SWE")
    assert real(ev, "PROTEST", "SWE")


def test_an_attack_named_as_the_means_of_a_harm_has_the_harmed_as_target(code):
    """'He was killed by a US airstrike in Iraq' (Wikinews, January 2020): the airstrike's target is
    the man killed, not the country it happened in; 'the killing of X in an airstrike' is one event."""
    ev = code("Qasem Soleimani was the commander of Iran's Quds Force. He was killed last week by a United "
              "States military airstrike in Iraq.", date="2020-01-09")
    assert real(ev, "ASSAULT", "USA", "IRN") and not real(ev, "ASSAULT", "USA", "IRQ")
    ev = code("The move follows the United States' killing of Qasem Soleimani in an airstrike last week.",
              date="2020-01-06")
    assert real(ev, "ASSAULT", "USA", "IRN") and not real(ev, "ASSAULT", "IRN", "USA")
    # an attack that names its own attacker keeps it, and is the harm's doer too
    ev = code("The killing of two Turkish soldiers in a Syrian airstrike angered Ankara.")
    assert real(ev, "ASSAULT", "SYR", "TUR") and not real(ev, "ASSAULT", "TUR")
    ev = code("Iran condemned the killing of Iranian diplomats in an Israeli airstrike on Damascus.")
    assert real(ev, "ASSAULT", "ISR", "IRN") and not real(ev, "ASSAULT", "IRN")


def test_a_request_is_a_cameo_appeal_unless_its_word_demands(analyzer):
    """CAMEO tells an appeal (02: called for, urged) from a demand (10: demanded, insisted): the
    CAMEO code and Goldstein score of a REQUEST follow its trigger word, the PLOVER type and quad
    class stay."""
    from powderkeg.ingest.document import Document
    from powderkeg.records import Event

    def requests(text):
        doc = Document.from_parts("r", text, None, date="2024-03-05")
        return [r for r in analyzer.analyse(doc).records if isinstance(r, Event) and r.type == "REQUEST"]

    appeal = requests("Egypt called for an immediate ceasefire in Gaza.")
    urged = requests("China urged the United States to stop interfering in its internal affairs.")
    demand = requests("Iran demanded that the United States withdraw its forces from the region.")
    demand += requests("Russia insisted on a Ukrainian withdrawal from the four regions.")
    demand += requests("The Kremlin rejected Kyiv's demands for a withdrawal. Protesters in Minsk repeated their "
                       "demands for the release of political prisoners.")
    assert appeal and urged and len({r.trigger.text for r in demand}) >= 2
    assert all(r.cameo.startswith("02") and r.goldstein > -1 for r in appeal + urged)
    assert all(r.cameo.startswith("10") and r.goldstein == -5.0 for r in demand)
    assert {r.quad for r in appeal + urged + demand} == {3}


def test_a_definite_event_noun_that_points_back_takes_the_earlier_events_sides(code):
    # the seed's headline and its third sentence: "the threat" is the headline's threat told again,
    # not a threat by Iran against Hamas, the only other actor of its sentence
    ev = code("Iran Threatens US with Retaliation if Ceasefire is not Implemented in Gaza Conflict\n\n"
              "The threat comes amid escalating fears that Israel's offensive against Hamas could "
              "further escalate tensions in the region.")
    threats = [(s, t) for (k, s, t, neg, hyp) in ev if k == "THREATEN" and not neg and not hyp]
    assert threats and all(s == {"IRN"} and t == {"USA"} for s, t in threats)
    assert real(ev, "ASSAULT", "ISR", "PSE")  # the offensive names its own sides and keeps them
    # an event noun whose light verb names who did it is not a pointer back
    for told in ("the attack was carried out by Belarus", "Belarus carried out the attack"):
        ev = code(f"Russian forces shelled Kharkiv on Monday. Ukraine said {told}.")
        assert real(ev, "ASSAULT", "BLR") and real(ev, "ASSAULT", "RUS")


def test_an_event_noun_that_names_another_incident_keeps_its_own_reading(code):
    # a review's cases: the author blamed is not the latest attack's, and a date says which attack
    ev = code("Ukrainian drones struck an oil refinery in Russia's Ryazan region on Monday. On Tuesday, an "
              "explosion destroyed a market in Kharkiv, killing four. Ukraine blamed Russia for the attack.")
    assert real(ev, "ASSAULT", "UKR", "RUS") and real(ev, "ASSAULT", "RUS")
    ev = code("Israeli jets struck Hezbollah positions in southern Lebanon on Monday. On Tuesday, a bomb "
              "exploded at a mosque in Peshawar, killing 30 worshippers. The Pakistani Taliban claimed "
              "responsibility for the attack.")
    assert real(ev, "ASSAULT", "PAK")
    ev = code("Israel's offensive in Gaza has killed more than 30,000 Palestinians. Netanyahu has vowed to "
              "destroy Hamas over the October 7 attack.")
    assert real(ev, "ASSAULT", "PSE", "ISR")
