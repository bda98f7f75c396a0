"""Actors and places: gazetteer, title patterns, collectives, scenes, coreference."""

from datetime import datetime

import pytest

from core import entities, ingest, sentences
from core.model import Mention

PUBLISHED = datetime(2023, 4, 12, 9, 0)


def mentions_of(text: str) -> list[Mention]:
    article = ingest.article_from_text(text, source="synthetic", published=PUBLISHED)
    return entities.find_mentions(article, sentences.split_sentences(article))


def actor(ms, text):
    return next(m.actor for m in ms if m.actor is not None and m.text == text)


def place(ms, name):
    return next(m for m in ms if m.location is not None and m.location.name == name)


@pytest.mark.parametrize(
    "sentence, mention, name, country, kind",
    [
        (
            "Finnish Foreign Minister Elina Valtonen said the talks would resume.",
            "Finnish Foreign Minister Elina Valtonen",
            "Elina Valtonen",
            "FIN",
            "person",
        ),
        (
            "Georgia's Deputy Interior Minister Levan Mamaladze visited the border.",
            "Georgia's Deputy Interior Minister Levan Mamaladze",
            "Levan Mamaladze",
            "GEO",
            "person",
        ),
        (
            "Lithuanian presidential adviser Asta Skaisgiryte spoke to reporters.",
            "Lithuanian presidential adviser Asta Skaisgiryte",
            "Asta Skaisgiryte",
            "LTU",
            "person",
        ),
        (
            "Polish officials said the crossing was closed.",
            "Polish officials",
            "Polish officials",
            "POL",
            "collective",
        ),
        ("U.K. officials declined to comment.", "U.K. officials", "U.K. officials", "GBR", "collective"),
        ("Belarusian troops moved north.", "Belarusian troops", "Belarusian troops", "BLR", "collective"),
        ("Moldovans queued at the polls.", "Moldovans", "Moldovans", "MDA", "collective"),
        ("The Pentagon said it would send more aid.", "Pentagon", "Pentagon", "USA", "organisation"),
        ("Estonia announced new sanctions.", "Estonia", "Estonia", "EST", "country"),
        (
            "The Ministry of Defence of Latvia said drones were seen.",
            "The Ministry of Defence of Latvia",
            "Ministry of Defence of Latvia",
            "LVA",
            "organisation",
        ),
    ],
)
def test_actor_table(sentence, mention, name, country, kind):
    a = actor(mentions_of(sentence), mention)
    assert (a.name, a.country, a.type) == (name, country, kind)


def test_apposition_gives_country_and_later_surname_resolves():
    ms = mentions_of(
        "Col. Petra Lindqvist, Sweden's military intelligence chief, said the drills were over. "
        '"We are ready," said Lindqvist.'
    )
    people = [m.actor for m in ms if m.actor is not None and m.actor.type == "person"]
    assert {p.name for p in people} == {"Petra Lindqvist"}
    assert all(p.country == "SWE" for p in people)
    assert len(people) == 2


def test_pronoun_refers_back_to_latest_person():
    ms = mentions_of("Polish President Andrzej Duda arrived in Vilnius. He said the summit went well.")
    he = next(m for m in ms if m.text == "He")
    assert he.actor.name == "Andrzej Duda"


@pytest.mark.parametrize(
    "sentence, name, country, scene",
    [
        ("Drones struck targets near Sumy on Monday.", "Sumy", "UKR", True),
        ("Officials met in Vilnius, Lithuania.", "Vilnius", "LTU", True),
        ("Troops withdrew from Kiev.", "Kyiv", "UKR", True),
        ("Artillery shelled Odessa overnight.", "Odesa", "UKR", True),
        ("Fighting continued around Kharkov.", "Kharkiv", "UKR", True),
        ("Talks took place outside Geneva.", "Geneva", "CHE", True),
        ("Residents of Lviv are tired.", "Lviv", "UKR", False),
    ],
)
def test_place_table(sentence, name, country, scene):
    m = place(mentions_of(sentence), name)
    assert m.location.country == country
    assert m.is_scene is scene
    assert m.location.lat is not None


def test_kyiv_coordinates():
    m = place(mentions_of("Sirens sounded in Kyiv."), "Kyiv")
    assert (round(m.location.lat, 2), round(m.location.lon, 2)) == (50.45, 30.52)


def test_coordinated_places_and_directional_regions_are_scenes():
    ms = mentions_of("Forces pulled back from Sumy and the northern city of Chernihiv and eastern Moldova.")
    assert place(ms, "Sumy").is_scene and place(ms, "Chernihiv").is_scene
    region = place(ms, "eastern Moldova")
    assert region.is_scene and region.location.kind == "region" and region.location.country == "MDA"


def test_metaphors_and_demonyms_are_not_scenes():
    ms = mentions_of(
        'He warned of a "Balkan" outcome and of efforts to create East and West Germany in Moldova.'
    )
    assert not any(m.is_scene and m.location.country == "DEU" for m in ms if m.location)
    assert place(ms, "Moldova").is_scene


@pytest.mark.parametrize("word", ["Split", "Nice", "Reading", "Mobile", "March", "Said", "Of"])
def test_common_words_are_not_cities(word):
    ms = mentions_of(f"{word} decisions were made in the capital.")
    assert not any(m.location is not None and m.text == word for m in ms)


def test_given_name_that_is_a_city_stays_a_name():
    ms = mentions_of("Vladimir Kostenko said the talks failed.")
    assert not any(m.location is not None for m in ms)


def test_quoted_mentions_are_marked():
    ms = mentions_of('"Nobody will take Sumy," the mayor said in Sumy.')
    flags = sorted(m.in_quote for m in ms if m.location is not None)
    assert flags == [False, True]


def test_tokenize_keeps_titles_and_acronyms_whole():
    toks = [t.text for t in entities.tokenize("Brig. Gen. Ivan Bo, Russia’s U.S. envoy -- said")]
    assert toks[:2] == ["Brig.", "Gen."] and "U.S." in toks and "’s" in toks and "--" in toks


def test_quote_spans_cover_open_quotes_to_block_end():
    text = '"One. Two," he said. "Three'
    assert entities.quote_spans(text, 0, len(text)) == [(1, 10), (22, len(text))]


def test_names_with_lower_case_particles():
    # SYNTHETIC sentence: a gazetteer name ending on "al-Sham" and a titled name with "al-"
    ms = mentions_of(
        "Fighters of Hayat Tahrir al-Sham entered the city, a blow to President Bashar al-Assad."
    )
    assert actor(ms, "Hayat Tahrir al-Sham").country == "SYR"
    assert actor(ms, "President Bashar al-Assad").name == "Bashar al-Assad"


def test_a_states_own_institution_takes_the_articles_country():
    # SYNTHETIC: "the army" without a country word belongs to the country the article is about
    article = ingest.article_from_text(
        "SYNTHETIC TEST ARTICLE - not real news\n\nApril 12, 2023\n\n"
        "Shelling hit Homs and Hama in Syria on Tuesday. The army said it repelled the attack.",
        source="synthetic",
    )
    ms = entities.find_mentions(article, sentences.split_sentences(article))
    assert next(m.actor for m in ms if m.actor is not None and m.actor.name == "army").country == "SYR"


def test_a_place_that_starts_with_a_country_name_is_the_place():
    # not the country "Kuwait" (or the territory "Gaza") followed by a stray word
    for sentence, span, name, country in [
        ("Fighting spread to Kuwait City.", "Kuwait City", "Kuwait City", "KWT"),
        ("Air strikes hit Gaza City overnight.", "Gaza City", "Gaza", "PSE"),
    ]:
        m = next(m for m in mentions_of(sentence) if m.location is not None)
        assert (m.text, m.location.name, m.location.country) == (span, name, country)
        assert m.actor is None


def test_a_place_after_a_sentence_opening_preposition():
    ms = mentions_of("In Odesa, a drone strike destroyed part of an apartment building.")
    assert place(ms, "Odesa").location.country == "UKR"


def test_british_honorifics_without_a_full_stop_and_dr_congo():
    ms = mentions_of("Foreign Minister Anna Lind of Sweden arrived. Ms Lind said talks went well.")
    assert actor(ms, "Ms Lind").name == "Anna Lind"
    ms = mentions_of("Fighting in eastern DR Congo displaced thousands.")
    assert not [m for m in ms if m.actor is not None and m.actor.type == "person"]


@pytest.mark.parametrize(
    "sentence, name, country",
    [
        ("A missile hit the central Ukrainian city of Kryvyi Rih.", "Kryvyi Rih", "UKR"),
        ("Drones hit the western Volyn region.", "Volyn Oblast", "UKR"),
        ("Warplanes struck Khan Younis.", "Khan Younis", "PSE"),  # the spelling news uses
        ("Troops are within 10 kilometers (6 miles) of the town of Pokrovsk.", "Pokrovsk", "UKR"),
    ],
)
def test_more_places_and_scenes(sentence, name, country):
    m = place(mentions_of(sentence), name)
    assert m.location.country == country and m.is_scene


def test_a_country_word_before_a_weapon_makes_the_country_an_actor():
    assert (
        actor(mentions_of("A Russian ballistic missile slammed into a school."), "Russian").name == "Russia"
    )


def test_the_groups_spokesman_takes_the_armed_groups_country():
    ms = mentions_of("Houthi fighters fired missiles, the group's military spokesman Yahya Saree said.")
    assert actor(ms, "the group's military spokesman Yahya Saree").country == "YEM"


def test_country_display_names_are_full_names():
    ms = mentions_of("Troops entered Burkina Faso and the Netherlands sent aid.")
    assert {m.actor.name for m in ms if m.actor is not None} == {"Burkina Faso", "Netherlands"}


def people_with_parse(text: str) -> dict[str, str | None]:
    """Person name -> country, read with the syntactic backbone (SYNTHETIC text)."""
    from core import syntax

    article = ingest.article_from_text(text, source="synthetic", published=PUBLISHED)
    sents = sentences.split_sentences(article)
    found = entities.find_mentions(article, sents, syntax.parse_article(article, sents))
    return {m.actor.name: m.actor.country for m in found if m.actor and m.actor.type == "person"}


@pytest.mark.parametrize(
    "text, person, country",
    [
        # an apposition whose role carries a demonym, with a relative clause after it
        (
            "Dmitri Orlovsky, a prominent Russian foreign policy thinker who has advised the"
            " Kremlin, said the talks were over.",
            "Dmitri Orlovsky",
            "RUS",
        ),
        # the role stands before the name, its country a possessor of the institution
        (
            "Turkey's Ministry of Foreign Affairs director-general, Selim Barakoglu, said the"
            " corridor would stay open.",
            "Selim Barakoglu",
            "TUR",
        ),
        # two coordinated appositions: the parse hangs both names on the first role, so the
        # second name must not take the first one's country
        (
            "The Polish leader, Marek Wisniewicz, and the Nato secretary-general, Jens Halvorsen,"
            " met on Monday.",
            "Jens Halvorsen",
            None,
        ),
    ],
)
def test_country_of_the_role_a_person_stands_in_apposition_to(text, person, country):
    assert people_with_parse(text)[person] == country


def test_a_region_named_right_before_a_person_is_still_a_place():
    # SYNTHETIC: no comma between the role phrase and the name; "region" is lower case,
    # so "Kharkiv region Oleh Synahubow" is no longer name.
    ms = mentions_of("The head of the Kharkiv region Oleh Synahubow announced that a hospital was hit.")
    assert [(m.text, m.location.country) for m in ms if m.location] == [("Kharkiv region", "UKR")]
    assert actor(ms, "Oleh Synahubow").type == "person"


def scenes_with_parse(text: str) -> dict[str, bool]:
    """Place name -> is it where something happened, read with the syntactic backbone."""
    from core import syntax

    article = ingest.article_from_text(text, source="synthetic", published=PUBLISHED)
    sents = sentences.split_sentences(article)
    found = entities.find_mentions(article, sents, syntax.parse_article(article, sents))
    return {m.location.name: m.is_scene for m in found if m.location is not None}


@pytest.mark.parametrize(
    "text, name, scene",
    [
        # SYNTHETIC sentences, one shape each: no preposition of place before the name
        ("Kharkiv was shelled again on Monday, officials said.", "Kharkiv", True),
        ("Russian troops stormed the eastern mining town Pokrovsk overnight.", "Pokrovsk", True),
        ("Drones hit the devastated port city of Mykolaiv before dawn.", "Mykolaiv", True),
        # the place is what someone is from or speaks for, not where anything happened
        ("Peacekeepers from Ireland arrived on Tuesday.", "Ireland", False),
        ("Kharkiv officials praised the volunteers.", "Kharkiv", False),
        ("Lviv welcomed the decision, the mayor said.", "Lviv", False),
    ],
)
def test_the_parse_finds_scenes_no_preposition_announces(text, name, scene):
    assert scenes_with_parse(text)[name] is scene


@pytest.mark.parametrize(
    "sentence, written, name, kind",
    [
        # SYNTHETIC: a territory written as its country's name is, as a place, the territory
        ("Settlers attacked a village in the West Bank on Tuesday.", "West Bank", "West Bank", "region"),
        ("Israeli jets struck Gaza on Monday.", "Gaza", "Gaza Strip", "region"),
    ],
)
def test_a_territory_named_for_its_country_is_its_own_place(sentence, written, name, kind):
    m = next(m for m in mentions_of(sentence) if m.text == written)
    assert (m.actor.country, m.location.name, m.location.kind) == ("PSE", name, kind)
    assert m.location.lat is not None and m.is_scene


def test_a_place_whose_own_name_is_the_text_beats_an_alternate_name():
    # SYNTHETIC: "New Delhi" is also listed among Delhi's alternate names; Delhi is
    # 35 times larger, yet the text names New Delhi itself
    m = place(mentions_of("The envoy arrived in New Delhi on Monday."), "New Delhi")
    assert m.location.country == "IND"


@pytest.mark.parametrize(
    "sentence, name",
    [
        # SYNTHETIC: a facility named after its place puts what happens there in the place
        ("Shelling cut power to the Zaporizhzhia Nuclear Power Plant overnight.", "Zaporizhzhia"),
        ("Missiles fell around the Kherson Air base on Sunday.", "Kherson"),
        ("Drones attacked the Kursk nuclear power plant on Monday.", "Kursk"),
    ],
)
def test_a_facility_named_after_a_place_is_in_that_place(sentence, name):
    m = place(mentions_of(sentence), name)
    assert m.is_scene


def test_a_name_that_only_starts_with_a_place_is_no_place():
    # SYNTHETIC: an outlet named after its city is no facility and no place
    assert not any(m.location for m in mentions_of("The Kyiv Independent reported the news on Monday."))


def test_a_place_in_a_comparison_is_no_scene():
    # SYNTHETIC: "a second X" compares; the place itself is nowhere in the event
    scenes = scenes_with_parse("Officials warned that the war could turn the region into a second Syria.")
    assert scenes.get("Syria") is not True


def test_an_organisation_after_the_takes_the_country_its_name_opens_with():
    # SYNTHETIC
    ms = mentions_of("The Estonian Defence Research Centre published a report on Tuesday.")
    assert actor(ms, "The Estonian Defence Research Centre").country == "EST"


def test_the_agency_and_the_organisation_refer_back_to_an_organisation():
    # SYNTHETIC: "the agency" needs an Agency; "the organisation" takes any organisation,
    # and a person's role "for the organisation" gives the person its country
    text = (
        "The Latvian Border Agency closed two crossings. Later the agency said the queues were gone."
        " The Latvian Research Institute disagreed. “The queues are longer,” said Ilze Berzina, an"
        " analyst for the organisation."
    )
    ms = people_with_parse(text)
    assert ms["Ilze Berzina"] == "LVA"
    refs = [m for m in mentions_of(text) if m.text in ("the agency", "the organisation")]
    assert [m.actor.name for m in refs] == ["Latvian Border Agency", "Latvian Research Institute"]


def test_two_single_closing_marks_close_a_double_quote():
    # SYNTHETIC: some outlets close “ with ’’
    text = "“The border is closed,’’ said Arvo Kask, head of the agency."
    assert entities.quote_spans(text, 0, len(text)) == [(1, text.index("’’"))]


def test_a_bracketed_aside_between_role_and_name_is_skipped():
    # SYNTHETIC: the editor's aside stands between the role phrase and the name
    text = (
        "The head of Ukraine's Ukrenergo (the company that runs the power grid in this country – ed.),"
        " Olena Marchuk, suggested that it would be possible to restore the lines."
    )
    assert people_with_parse(text)["Olena Marchuk"] == "UKR"


@pytest.mark.parametrize(
    "text, scenes",
    [
        # SYNTHETIC: a span of places reads as its first place does
        ("Troops withdrew from Kharkiv to Izium on Monday.", {"Kharkiv": True, "Izium": True}),
        (
            "Everyone from Japan to Canada is watching the vote, the minister said.",
            {"Japan": False, "Canada": False},
        ),
        (
            "He said bandits from Afghanistan and from Pakistan would come.",
            {"Afghanistan": False, "Pakistan": False},
        ),
    ],
)
def test_a_span_of_places_reads_as_its_first_place(text, scenes):
    found = scenes_with_parse(text)
    assert {name: found[name] for name in scenes} == scenes


def test_a_group_noun_after_a_verb_is_no_collective_with_the_country_before_it():
    # SYNTHETIC: "Norway will hold military" is no group; "Norwegian armed forces" is
    from core import syntax

    text = "Norway will hold military exercises, and Norwegian armed forces will join them."
    article = ingest.article_from_text(text, source="synthetic", published=PUBLISHED)
    sents = sentences.split_sentences(article)
    ms = entities.find_mentions(article, sents, syntax.parse_article(article, sents))
    names = [m.actor.name for m in ms if m.actor is not None]
    assert not [n for n in names if "hold" in n]
    assert "Norwegian armed forces" in names


@pytest.mark.parametrize(
    "sentence, place",
    [
        # SYNTHETIC: a Polish spelling of a Ukrainian town, in machine-translated copy
        ("A powerful explosion was heard in Dżankoj overnight.", "Dzhankoy"),
        ("Russian troops shelled the port in Oczaków on Monday.", "Ochakiv"),
    ],
)
def test_a_town_spelt_in_polish_is_read_in_its_english_romanisation(sentence, place):
    assert place in [m.location.name for m in mentions_of(sentence) if m.location]


def test_a_romanised_spelling_needs_a_place_like_reading():
    assert [m for m in mentions_of("Dżankoj said nothing.") if m.location] == []


def _places(text: str) -> list[tuple[str, str, bool]]:
    return [(m.text, m.location.name, m.is_scene) for m in mentions_of(text) if m.location]


def test_the_city_refers_back_to_the_latest_town_named():
    # SYNTHETIC: "the city" is the town named just before; a scene where it stands
    assert ("the city", "Bakhmut", True) in _places(
        "Troops reached Bakhmut on Monday. They shelled the city overnight."
    )
    # "the territory" is the latest region
    assert ("the territory", "Gaza Strip", True) in _places(
        "No aid has reached the Gaza Strip since March, when a blockade on aid into the territory began."
    )


@pytest.mark.parametrize(
    "text",
    [
        "They shelled the city overnight.",  # no town named before: nowhere we know
        # too far back
        "Troops reached Bakhmut. The talks went on. Nobody came. It rained. They shelled the city.",
        "Troops reached Bakhmut. They shelled the city of Sumy.",  # "the city of X" names its own
    ],
)
def test_the_city_with_no_town_just_before_is_no_place(text):
    assert all(name != "Bakhmut" or mention != "the city" for mention, name, _ in _places(text))


def test_the_country_is_a_country_only_when_the_text_just_named_no_other():
    # SYNTHETIC: one country in the last sentences: "the country" is it ...
    assert ("the country", "Ukraine", True) in _places(
        "Good morning from Kharkiv. It was quiet after the drone attacks across the country."
    )
    # ... two: which one is meant is not ours to guess
    assert not [
        p
        for p in _places("Russian troops massed near Kharkiv. Drones were seen across the country.")
        if p[0] == "the country"
    ]


@pytest.mark.parametrize(
    "text, person",
    [
        # SYNTHETIC: a stance toward a country is no nationality
        (
            "The interior minister, Arvo Kask, also a pro-Russia politician, will lead the ministry.",
            "Arvo Kask",
        ),
        ("The cabinet includes Jonas Valdas, another Russia supporter who faced sanctions.", "Jonas Valdas"),
    ],
)
def test_a_stance_toward_a_country_gives_no_country(text, person):
    assert people_with_parse(text)[person] is None
