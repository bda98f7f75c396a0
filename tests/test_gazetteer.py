"""Places by evidence, regions, and people's countries (issue 11).

Every sentence here is SYNTHETIC: written for the test, one behaviour each.
"""

from datetime import datetime

from core import entities, ingest, sentences
from core import gazetteer as gz
from core.model import Mention

PUBLISHED = datetime(2024, 3, 1, 9, 0)


def mentions_of(text: str) -> list[Mention]:
    article = ingest.article_from_text(text, source="synthetic", published=PUBLISHED)
    return entities.find_mentions(article, sentences.split_sentences(article))


def places(text: str) -> list[tuple[str, str | None, str, bool]]:
    return [
        (m.location.name, m.location.country, m.location.kind, m.is_scene)
        for m in mentions_of(text)
        if m.location is not None and m.location.kind != "country"
    ]


def person(text: str, name: str):
    return next(m.actor for m in mentions_of(text) if m.actor and m.actor.name == name)


# ------------------------------------------------------------ gazetteer data --


def test_small_towns_are_known_but_need_evidence():
    table = gz.places()
    (loc, pop), *_ = table.by_name["Chasiv Yar"]
    assert (loc.country, loc.kind) == ("UKR", "city") and pop < gz.MIN_CITY_POPULATION
    assert "Chasiv Yar" not in table.bare  # a 1,000+ town is no bare word


def test_spellings_resolve_to_one_place():
    table = gz.places()
    assert table.by_name["Kiev"][0][0] == table.by_name["Kyiv"][0][0]
    assert table.by_name["Kharkov"][0][0] == table.by_name["Kharkiv"][0][0]


def test_first_level_regions_have_a_centroid_inside_their_country():
    (colorado, _), *_ = gz.places().bare["Colorado"]  # the US state, not the Brazilian town
    assert (colorado.country, colorado.kind) == ("USA", "region")
    assert 37 < colorado.lat < 41 and -109 < colorado.lon < -102


# --------------------------------------------------------------- evidence --


def test_a_village_is_read_after_the_village_of():
    assert places("Russian shelling hit the village of Chasiv Yar on Monday.") == [
        ("Chasiv Yar", "UKR", "city", True)
    ]


def test_a_small_town_without_a_place_reading_is_no_place():
    assert places("Chasiv Yar residents fled on Monday.") == []


def test_a_province_in_another_spelling_is_the_region():
    [(name, country, kind, scene)] = places("Fighting continued in the Kharkov region on Friday.")
    assert (name, country, kind, scene) == ("Kharkiv Oblast", "UKR", "region", True)


def test_a_geonames_region_is_read_through_its_noun():
    [(name, country, kind, _)] = places("Drones were seen over the Lublin province on Sunday.")
    assert (name, country, kind) == ("Lublin Voivodeship", "POL", "region")


def test_a_country_adjective_chooses_the_town():
    assert places("An airstrike hit the Lebanese city of Tripoli.")[0][:2] == ("Tripoli", "LBN")
    assert places("An airstrike hit the city of Tripoli.")[0][:2] == ("Tripoli", "LBY")  # population


def test_a_country_after_a_comma_chooses_the_town():
    assert places("The storm hit Bergen, northern Germany, on Friday.")[0][:2] == ("Bergen", "DEU")


def test_name_parts_and_common_nouns_are_no_places():
    text = (
        "The Alliance said the People's Republic of China must act under Annex 2 of the "
        "treaty, and the alliance would meet in Asia."
    )
    assert places(text) == [("Asia", None, "region", True)]


def test_an_institute_seat_is_no_scene():
    text = (
        "Anna Kowalska, a researcher at the Institute for Security Studies in Warsaw, "
        "said the war would go on."
    )
    assert places(text) == [("Warsaw", "POL", "city", False)]


def test_an_outlet_seat_is_no_scene_but_a_strike_there_is():
    text = "A drone hit a depot in Lviv, a newspaper in Warsaw reported."
    assert places(text) == [("Lviv", "UKR", "city", True), ("Warsaw", "POL", "city", False)]


# ----------------------------------------------------------------- people --


def test_an_unknown_person_gets_no_country_from_the_article():
    text = (
        "Russia launched missiles at Russia's neighbour. Russia said Russian troops advanced. "
        "Senator Mark Kelly said the strikes were a crime."
    )
    assert person(text, "Mark Kelly").country is None


def test_a_role_phrase_before_the_name_gives_the_country():
    text = "A spokesman for the Israeli army, Rear Admiral Ori Ben-David, said the drone was downed."
    assert person(text, "Ori Ben-David").country == "ISR"


def test_an_ambassador_is_of_the_adjective_country_not_the_host():
    text = "Palestinian Ambassador to the Netherlands, Ammar Haddad, told the court that aid was blocked."
    assert person(text, "Ammar Haddad").country == "PSE"


def test_a_place_office_gives_the_country():
    assert (
        person("Amhara's regional president Yilkal Tesfaye asked for help.", "Yilkal Tesfaye").country
        == "ETH"
    )


def test_a_list_of_ministers_keeps_each_country():
    text = (
        "The Australian foreign minister, Helen Quinn, Indian foreign minister, Dr Ravi Menon, "
        "and others met in Tokyo."
    )
    assert person(text, "Helen Quinn").country == "AUS"
    assert person(text, "Ravi Menon").country == "IND"


def test_one_person_one_country_per_article():
    text = (
        "Ukrainian military analyst Oleh Zhdanov said the front held. "
        "Zhdanov said Russian forces near Kharkiv lost tanks."
    )
    countries = {m.actor.country for m in mentions_of(text) if m.actor and m.actor.name == "Oleh Zhdanov"}
    assert countries == {"UKR"}


def test_an_international_body_has_no_country():
    text = "Ukraine said Ukrainian forces held. NATO said the alliance would meet."
    nato = next(m.actor for m in mentions_of(text) if m.actor and m.text == "NATO")
    assert nato.country is None


def test_a_country_adjective_with_plural_place_nouns_is_the_country():
    [m] = [m for m in mentions_of("Missiles fell on Saturday in several Ukrainian regions.") if m.location]
    assert (m.text, m.location.country, m.location.kind, m.is_scene) == (
        "Ukrainian regions",
        "UKR",
        "country",
        True,
    )


def test_can_speak_knows_offices_groups_documents_and_plurals():
    for noun in (
        "spokesman",
        "officials",
        "ministry",
        "report",
        "agency",
        "politicians",
        "tabloids",
        "dailies",
        "witnesses",
    ):
        assert gz.can_speak(noun), noun
    for noun in ("rain", "exercises", "countries", "forecasts", "development", "prompting"):
        assert not gz.can_speak(noun), noun
