"""Who did it (core.doers): the agent of the event's word as the parse reads it, never the
victim, the recipient or the body that reports the deed; an empty doer beats a guessed one.

Every sentence here is SYNTHETIC: invented names and phrasings.
"""

import pytest

from tests.test_records import parse_text


def actors(r) -> list[str]:
    return [a["name"] for a in r.actors]


def event(records, words: str):
    """The event whose summary has these words (a sentence may hold two)."""
    found = [r for r in records if r.kind == "event" and words in r.summary]
    assert found, [r.summary for r in records]
    return found[0]


@pytest.mark.parametrize(
    "sentence, evidence, doers",
    [
        # the active subject, not the recipient
        ("Congress passed urgent aid for Ukraine on Tuesday.", "Congress", ["Congress"]),
        # a coordinated verb takes its subject from the first; the killed are no doers
        (
            "Ukrainian forces repelled the assault and killed 5,000 Russian troops.",
            "killed",
            ["Ukrainian forces"],
        ),
        # a capital for its government
        ("Moscow captured Avdiivka in February.", "Avdiivka", ["Moscow"]),
        # a group no gazetteer names
        ("Seven African leaders visited Ukraine on Friday.", "visited", ["African leaders"]),
        # a deed noun's possessor, not its target
        ("Russia's invasion of Ukraine began in February 2022.", "invasion", ["Russia"]),
        # a passive's agent
        ("Forty villagers were abducted by Boko Haram near Gwoza.", "abducted", ["Boko Haram"]),
        # the subject of the light verb whose object is the deed
        ("Israel launched an attack on Hamas positions in Khan Younis.", "Khan Younis", ["Israel"]),
        # a deed as the subject stands for whoever it belongs to
        ("Russian attacks killed three Ukrainian soldiers in Kharkiv.", "Kharkiv", ["Russia"]),
        # a place naming the deed is where, not who
        ("The Vuhledar battle in late January cost the brigade dozens of tanks.", "battle", []),
        # a possessive pronoun is the subject's
        ("Russia began its current invasion of Ukraine on Feb. 24, 2022.", "invasion", ["Russia"]),
        # a preposition's verb phrase has the subject of the verb it hangs on
        (
            "Ukraine's air defenses had some success in shooting down 30 Russian drones over Odesa.",
            "shooting",
            ["Ukraine's air defenses"],
        ),
        # a body named by whose it is
        (
            "The war office of Prime Minister Benjamin Netanyahu ordered strikes on Hezbollah in Tyre.",
            "strikes",
            ["Benjamin Netanyahu"],
        ),
        # the doer of a measure of deeds
        ("The ban followed months of attacks on UNRWA by Yoav Galant.", "attacks", ["Yoav Galant"]),
        ("Israel launched a wave of strikes on Hezbollah in Nabatieh.", "strikes", ["Israel"]),
        # a possessive pronoun on a deed noun in a verb's phrase is that verb's subject
        (
            "In his phone call with Recep Erdogan, Joe Biden raised the grain deal.",
            "call",
            ["Joe Biden", "Recep Tayyip Erdogan"],
        ),
        (
            "In March 2022 Sergei Volkov commanded the assault on Ukrainian marines in Mariupol.",
            "assault",
            ["Sergei Volkov"],
        ),
        # the doer of the deed that killed them
        ("Four Hamas fighters were killed in an Israeli air strike on Rafah.", "killed", ["Israel"]),
        ("Forty Hamas fighters were killed during Israel's offensive in Khan Younis.", "killed", ["Israel"]),
        # the subject of the verb a deed noun is the manner of
        ("Benny Gantz quit the war cabinet in protest at Netanyahu's policy.", "protest", ["Benny Gantz"]),
        # a group named with its common noun
        ("On 7 October, Hamas gunmen attacked the kibbutz of Be'eri.", "attacked", ["Hamas"]),
        # of two subjects the model reads, the one nearest the verb (a wire dateline)
        (
            "KHARTOUM, Sudan (AP) — Sudan's paramilitary Rapid Support Forces shelled Omdurman on Sunday.",
            "shelled",
            ["Rapid Support Forces (RSF)"],
        ),
        # whoever leads the doers
        (
            "Syrian rebels led by Hayat Tahrir al-Sham captured Aleppo from the Syrian army on Saturday.",
            "Aleppo",
            ["Syrian rebels", "Hayat Tahrir al-Sham (HTS)"],
        ),
        # a deed noun's other party
        (
            "Thirteen Malawian peacekeepers were killed in clashes with the M23 near Goma.",
            "killed",
            ["M23"],
        ),
        # the object of a verb of making does its complement's deed
        ("The Ukrainian army forced Russian troops to retreat from Irpin.", "retreat", ["Russian troops"]),
        # a capital as the agent of a passive, for its government
        ("Ukrainian officials counted the villages annexed by Moscow in 2022.", "annexed", ["Moscow"]),
        # a meeting's other party takes part too
        (
            "Zelensky met with Emmanuel Macron in Paris to discuss sanctions on Vladimir Putin.",
            "Paris",
            ["Volodymyr Zelensky", "Emmanuel Macron"],
        ),
    ],
)
def test_the_doer_is_the_agent_of_the_events_word(sentence, evidence, doers):
    assert actors(event(parse_text(sentence), evidence)) == doers


@pytest.mark.parametrize(
    "sentence, evidence",
    [
        # the victims of a passive, and the body that reports it
        ("The UN says 15 Israelis were killed near Sderot.", "killed"),
        # the reporting sources
        ("Two people were killed in the shelling of Kherson, witnesses and local medics say.", "killed"),
        # a verb whose subject undergoes it
        ("Fifteen Ukrainian soldiers died in Bakhmut.", "died"),
    ],
)
def test_victims_and_reporters_are_no_doers(sentence, evidence):
    assert actors(event(parse_text(sentence), evidence)) == []


@pytest.mark.parametrize(
    "sentence, evidence, places, doers",
    [
        ("Russia's invasion of Ukraine began in February 2022.", "invasion", ["Ukraine"], ["Russia"]),
        ("The Vuhledar battle in late January cost the brigade dozens of tanks.", "battle", ["Vuhledar"], []),
    ],
)
def test_the_place_a_deed_noun_names_is_where_it_was_done(sentence, evidence, places, doers):
    r = event(parse_text(sentence), evidence)
    assert [x["name"] for x in r.locations] == places and actors(r) == doers
