"""Event dates, places and casualty victims (issue 12), on sentences of the dev articles and the
issue's own cases."""
import datetime as dt

import pytest

from powderkeg.events.when import resolve_text
from powderkeg.ingest.document import Document
from powderkeg.records import Event, Figure

SOLEIMANI = "2020-01-05"  # wn-2020-01-05-united-states-military-kills-qasem (a Sunday)


def records(analyzer, text, date):
    return analyzer.analyse(Document.from_parts("t", text, None, date=date)).records


def event(analyzer, text, date, type_):
    evs = [r for r in records(analyzer, text, date) if isinstance(r, Event) and r.type == type_]
    assert evs, f"no {type_} in {text!r}"
    return evs[0]


def figures(analyzer, text, date="2019-01-30"):
    return [(f.quantity, f.value, f.victims) for f in records(analyzer, text, date) if isinstance(f, Figure)]


# ---------------------------------------------------------------- dates
def test_year_named_in_the_sentence(analyzer):
    e = event(analyzer, "In 2007, the United States government labeled Soleimani as a terrorist and levied "
                        "sanctions against him.", SOLEIMANI, "SANCTION")
    assert (e.date, e.date_precision, e.date_source) == ("2007-01-01", "year", "explicit")


def test_weekday_of_a_past_event_is_the_last_one_before_publication(analyzer):
    e = event(analyzer, "Thursday, United States military forces killed Qasem Soleimani, head of Iran's Quds Force, "
                        "in an airstrike.", SOLEIMANI, "ASSAULT")
    assert (e.date, e.date_precision, e.date_source) == ("2020-01-02", "day", "relative")


def test_weekday_of_a_future_event_is_the_next_one(analyzer):
    e = event(analyzer, "Indian Prime Minister Narendra Modi is due to travel to the United States on Tuesday "
                        "for talks.", "2019-09-19", "AGREE")
    assert e.date == "2019-09-24" and e.date_precision == "day"


def test_month_without_year_is_the_most_recent_one(analyzer):
    e = event(analyzer, "In April, the military removed Bashir from power after months of protests.",
              "2019-11-25", "PROTEST")
    assert (e.date, e.date_precision) == ("2019-04-01", "month")


def test_past_tense_without_a_time_expression_is_not_dated(analyzer):
    e = event(analyzer, "The United States called its actions defensive in nature, and Iraqi militias attacked "
                        "the embassy.", SOLEIMANI, "ASSAULT")
    assert e.date is None and e.date_precision is None and e.date_source is None


def test_present_tense_report_takes_the_publication_day(analyzer):
    e = event(analyzer, "Thousands of protesters are marching in central Hong Kong against the extradition bill.",
              "2019-06-23", "PROTEST")
    assert (e.date, e.date_source) == ("2019-06-23", "publication")


def test_said_on_friday_dates_the_statement_not_the_attack(analyzer):
    evs = [r for r in records(analyzer, "The Pentagon said on Friday that Iranian forces attacked two tankers.",
                              "2019-06-16") if isinstance(r, Event)]
    attack = [e for e in evs if e.type == "ASSAULT"]
    assert attack and attack[0].date is None


@pytest.mark.parametrize("text,future,expected", [
    ("two days ago", False, ("2019-11-23", "day", "relative")),
    ("last week", False, ("2019-11-18", "week", "relative")),
    ("earlier this month", False, ("2019-11-01", "month", "relative")),
    ("three months ago", False, ("2019-08-01", "month", "relative")),
    ("in December", False, ("2018-12-01", "month", "relative")),
    ("in December", True, ("2019-12-01", "month", "relative")),
    ("on 3 January 2020", False, ("2020-01-03", "day", "explicit")),
    ("December 30", False, ("2018-12-30", "day", "explicit")),
    ("in March 2011", False, ("2011-03-01", "month", "explicit")),
    ("yesterday", False, ("2019-11-24", "day", "relative")),
])
def test_expressions(text, future, expected):
    w = resolve_text(text, dt.date(2019, 11, 25), future)
    assert (w.date, w.precision, w.source) == expected


def test_range_keeps_both_ends():
    w = resolve_text("between 5 and 7 March", dt.date(2019, 11, 25))
    assert (w.date, w.end, w.precision) == ("2019-03-05", "2019-03-07", "day")


def test_nth_day_of_a_war_whose_start_the_article_gives(analyzer):
    from powderkeg.events.when import date_event, parse_pub, war_start

    text = ("Russia's invasion of Ukraine began on 24 February 2022.\n"
            "On the 30th day of the war, Russian troops attacked Ukrainian forces near Kharkiv.")
    sent = list(analyzer.nlp(text).sents)[1]
    trigger = next(t for t in sent if t.text == "attacked")
    w = date_event(sent, trigger, "2022-03-30", war=war_start(text, parse_pub("2022-03-30")))
    assert (w.date, w.precision, w.source) == ("2022-03-25", "day", "relative")


# ---------------------------------------------------------------- places
def test_city_is_a_point_with_its_geonames_id(analyzer):
    e = event(analyzer, "Drones attacked the airport in Port Sudan on Sunday.", "2025-05-06", "ASSAULT")
    loc = e.location
    assert (loc.name, loc.country, loc.precision, loc.geonames_id, loc.admin1) == ("Port Sudan", "SDN", 1, 377039, "SD.36")


def test_country_place_has_country_precision_and_no_capital_coordinates(analyzer):
    e = event(analyzer, "Turkish forces attacked Kurdish fighters in Syria.", "2019-10-10", "ASSAULT")
    assert (e.location.country, e.location.precision, e.location.lat, e.location.lon) == ("SYR", 3, None, None)


def test_destination_is_not_the_place(analyzer):
    recs = records(analyzer, "The United States will send 2,000 marines to the region.", "2020-01-05")
    assert all(r.location is None for r in recs if isinstance(r, (Event, Figure)))


def test_target_country_is_not_the_place(analyzer):
    e = event(analyzer, "Iran fired missiles at Israel.", "2024-04-14", "ASSAULT")
    assert e.location is None


def test_place_of_the_statement_is_not_the_place_of_the_act(analyzer):
    evs = [r for r in records(analyzer, "The UAE foreign minister said in Abu Dhabi that Iran attacked the tankers.",
                              "2019-06-20") if isinstance(r, Event)]
    assert all(e.location is None or e.location.name != "Abu Dhabi" for e in evs if e.type == "ASSAULT")


def test_northern_gaza_is_a_region(analyzer):
    e = event(analyzer, "Israeli jets struck targets in northern Gaza.", "2023-11-10", "ASSAULT")
    assert (e.location.name, e.location.precision, e.location.source) == ("Gaza Strip", 2, "clause")


def test_border_region_and_sea_are_regions(analyzer):
    e = event(analyzer, "Hezbollah fighters clashed with Israeli troops along the Lebanese border.", "2023-11-10", "ASSAULT")
    assert (e.location.name, e.location.country, e.location.precision) == ("Lebanese border", "LBN", 2)
    e = event(analyzer, "Houthi rebels attacked a cargo ship in the Red Sea on Tuesday.", "2024-01-12", "ASSAULT")
    assert (e.location.name, e.location.precision, e.date) == ("Red Sea", 2, "2024-01-09")


def test_toll_of_an_attack_takes_the_attacked_town(analyzer):
    fs = [f for f in records(analyzer, "Rebels shelled El Fasher, killing 12 civilians.", "2024-06-10")
          if isinstance(f, Figure)]
    assert fs and (fs[0].victims, fs[0].location.name, fs[0].location.precision) == ("civilians", "El Fasher", 1)


# ---------------------------------------------------------------- figures
def test_age_is_not_a_death_toll(analyzer):
    assert figures(analyzer, "Bishop Benjamin de Jesus, 79, died in the attack.") == []


def test_lives_saved_are_not_killed(analyzer):
    assert figures(analyzer, "The programme has seen around 14,000 lives saved, officials said.") == []


def test_deaths_and_injured_in_one_clause_are_two_figures(analyzer):
    got = figures(analyzer, "The attack left at least 56 deaths and over 200 people injured.")
    assert ("killed", 56, "unspecified") in got and ("injured", 200, "unspecified") in got


def test_two_quantities_in_one_clause_are_two_figures_with_their_victims(analyzer):
    got = figures(analyzer, "The blast killed 14 civilians and five soldiers.")
    assert ("killed", 14, "civilians") in got and ("killed", 5, "soldiers") in got


def test_a_town_is_a_point_with_its_geonames_facts(analyzer):
    e = event(analyzer, "Police fired tear gas at protesters in Kisumu.", "2019-01-24", "ASSAULT")
    assert (e.location.country, e.location.precision, e.location.geonames_id) == ("KEN", 1, 191245)


def test_victims_are_named(analyzer):
    got = figures(analyzer, "At least five other civilians reportedly also died in last night's attack, and "
                            "security forces killed 33 militants.")
    assert ("killed", 5, "civilians") in got and ("killed", 33, "militants") in got


def test_figure_dated_by_last_night(analyzer):
    fs = [f for f in records(analyzer, "At least five other civilians reportedly also died in last night's attack.",
                             "2019-01-30") if isinstance(f, Figure)]
    assert fs and (fs[0].date, fs[0].date_precision) == ("2019-01-29", "day")


# ---------------------------------------------------------------- conflicts compare like with like
def test_conflicts_compare_tolls_of_the_same_victims_only(analyzer, tmp_path):
    """Made-up articles about a made-up town: 33 militants and 100 passengers killed are two tolls,
    not a disagreement; one article giving 120 and then 45 civilians killed there is flagged."""
    from powderkeg.analytics.conflicts import find_conflicts
    from powderkeg.store.duck import Store

    store = Store(str(tmp_path / "c.duckdb"))
    for doc_id, date, text in [
        ("a", "2031-03-02", "Security forces killed 33 militants in Port Elsin."),
        ("b", "2031-03-03", "Gunmen killed 100 passengers in Port Elsin."),
        ("c", "2031-03-04", "At least 120 civilians were killed in Port Elsin, officials said.\n"
                            "The army said only 45 civilians were killed in Port Elsin."),
    ]:
        store.put(analyzer.analyse(Document.from_parts(doc_id, text, None, date=date)))
    victims = dict(store.con.execute("SELECT doc_id, victims FROM figures WHERE doc_id IN ('a', 'b')").fetchall())
    assert victims == {"a": "militants", "b": "passengers"}
    found = [c.to_dict() for c in find_conflicts(store.con) if c.kind == "figure"]
    store.close()
    assert len(found) == 1 and found[0]["a"]["doc_id"] == found[0]["b"]["doc_id"] == "c"
    assert found[0]["why"].startswith("within one article")


def test_dates_at_the_ends_of_the_calendar_and_february_29():
    """A date the arithmetic cannot reach is unknown (no traceback); February 29 stays in its leap year."""
    from powderkeg.events.when import parse_pub, resolve_text

    def resolve(text, pub, future=False):
        return resolve_text(text, parse_pub(pub), future=future).date

    assert resolve("Troops withdrew yesterday.", "0001-01-01") is None
    assert resolve("Troops withdrew yesterday.", "9999-12-31") == "9999-12-30"
    assert resolve("Troops withdrew on December 30.", "9999-12-31") == "9999-12-30"
    assert resolve("Talks will resume on February 29, officials said.", "2024-01-10", future=True) == "2024-02-29"
    assert resolve("Talks ended on February 29, officials said.", "2024-01-10") == "2024-02-29"
