"""core.fatalities: the number killed that a clause reports, as ACLED codes it.

Every sentence here is SYNTHETIC: invented for the test, about no real event.
"""

import pytest

from core import fatalities


@pytest.mark.parametrize(
    ("clause", "count", "phrase"),
    [
        # figures, hedged: the lowest credible figure is the number given
        ("A missile strike on Dorovka killed at least 12 people on Monday.", 12, "killed at least 12 people"),
        ("More than 20 villagers were killed in the raid.", 20, "More than 20 villagers were killed"),
        ("Between 10 and 15 fighters died in the clash.", 10, "Between 10 and 15 fighters died"),
        ("The attack left 1,250 people dead.", 1250, "1,250 people dead"),
        # numbers in words
        ("Twenty-five soldiers were killed near the bridge.", 25, "Twenty-five soldiers were killed"),
        ("Rebels shot dead two hundred and five prisoners.", 205, "shot dead two hundred and five prisoners"),
        ("A soldier was killed by a sniper.", 1, "A soldier was killed"),
        ("The drone attack killed a 19-year-old student.", 1, "killed a 19-year-old student"),
        # ACLED's convention for vague numbers: the unit itself, 3 with no number
        ("Dozens of people were killed in the shelling.", 12, "Dozens of people were killed"),
        ("Hundreds of civilians died in the siege of Velmar.", 100, "Hundreds of civilians died"),
        ("Several guards were killed at the checkpoint.", 3, "Several guards were killed"),
        ("The strike on the market killed civilians.", 3, "killed civilians"),
        # people counted together are added; a part of them is not
        (
            "Two soldiers and a civilian were killed in the ambush.",
            3,
            "Two soldiers and a civilian were killed",
        ),
        ("The blast killed nine people, including four children.", 9, "killed nine people"),
        ("Sixteen people, half of them children, were killed in the strike.", 16, None),
        # the wounded are not the dead
        ("The shelling killed three people and wounded 14 others.", 3, "killed three people"),
        ("Four civilians were killed and six hurt in the attack.", 4, "Four civilians were killed"),
        # a headline's passive, and a death toll
        ("Eight border guards killed in overnight raid", 8, "Eight border guards killed"),
        ("The death toll from Saturday's blast rose to 41.", 41, None),
        ("The bombing claimed 30 lives.", 30, "claimed 30 lives"),
        ("Officials reported 17 deaths after the attack.", 17, "17 deaths"),
        # a figure beats a vague word; of two figures, the lower
        ("Scores killed as twin blasts killed at least 72 people.", 72, "killed at least 72 people"),
    ],
)
def test_the_toll_is_the_lowest_credible_figure(clause, count, phrase):
    got, text = fatalities.read(clause)
    assert got == count
    assert text and text in clause
    if phrase is not None:
        assert text == phrase


@pytest.mark.parametrize(
    "clause",
    [
        "No one was killed when the drone hit the depot.",
        "The rocket struck an empty warehouse; there were no casualties.",
        "Air defences downed the missiles, and no injuries were reported.",
    ],
)
def test_a_text_that_says_no_one_died_gives_zero(clause):
    assert fatalities.read(clause)[0] == 0


@pytest.mark.parametrize(
    "clause",
    [
        # no toll at all
        "Troops shelled the outskirts of Dorovka on Tuesday.",
        "Twelve people were wounded in the blast.",
        "More than 100 people were killed or injured near the convoy.",
        # tolls of a war, a campaign or a period are no one event's
        "More than 3,100 people have been killed since the war began.",
        "The campaign has killed 9,000 fighters so far, the ministry said.",
        "At least 40 people were killed in the past 24 hours.",
        "About 800 civilians have died in the conflict.",
        # numbers that count no people, and words that name no one who died
        "The strike killed two days after the talks collapsed.",
        "You died and left me, she wrote.",
        'The agency said "the child deaths we feared are here".',
    ],
)
def test_no_toll_or_a_cumulative_one_is_none(clause):
    assert fatalities.read(clause) == (None, None)


@pytest.mark.parametrize(
    ("clause", "count"),
    [
        # an age or a year is no count; the one person named is
        ("Mr Halvorsen, 41, who lived in Velmar, died in hospital.", 1),
        ("In 2019, a bomb killed the mayor of Dorovka.", 1),
        ("Opposition leader Ivo Marek died in a prison camp in February.", 1),
        # people named as dying with the one counted
        ("Lena Darov was killed alongside her baby, her husband and her two brothers.", 5),
        ("A Velmarian couple were killed in their car by rockets.", 2),
        ("Two officials were killed, along with other clerks and guards, in the raid.", 5),
        ("Two villagers - Ivo Marek, 22, and Lena Darov, 23 - were shot dead by troops.", 2),
        ("Witnesses saw the bodies of at least six civilians there.", 6),
        ("At least 45 people, including 23 women, children and elderly, had been killed.", 45),
        ("They saw a girl and a young man who had been killed by the blast.", 2),
        ("Rebels claim hostage killed in Velmar", 1),
        ("The army has neither confirmed nor denied that it killed Ivo Marek.", 1),
        ("The strike killed senior commanders at the base.", 3),
        ("Those who sheltered in the cellar were killed.", 3),
        ("Velmarian soldier killed in ambush", 1),
        # nouns for the killing, and plurals that died without a number
        ("It follows the army's killing of seven aid workers on 1 April.", 7),
        ("Militants and conscripts died as the depot was hit.", 3),
        ("Medics said children were among those killed when the shell hit.", 3),
        # an active verb after a name kills others, it is not the name's death
        ("Velmaria killed civilians in the raid.", 3),
    ],
)
def test_people_named_or_listed_are_counted_and_ages_are_not(clause, count):
    assert fatalities.read(clause)[0] == count


def test_an_upper_bound_is_no_lowest_figure():
    assert fatalities.read("The army says fewer than 100 were killed.") == (None, None)


def test_since_after_a_superlative_dates_a_comparison_not_the_toll():
    clause = "The deadliest attack on the city since 2014 killed 23 people."
    assert fatalities.read(clause) == (23, "killed 23 people")


def test_of_clause_reads_only_its_own_span_and_gives_record_fields():
    # SYNTHETIC: two clauses, the toll in the second
    text = "Delegates met in Velmar on Monday; a shell killed four people in Dorovka."
    cut = text.index(";")
    assert fatalities.of_clause(text, 0, cut) == {"fatalities": None, "fatalities_text": None}
    assert fatalities.of_clause(text, cut + 1, len(text)) == {
        "fatalities": 4,
        "fatalities_text": "killed four people",
    }


@pytest.mark.parametrize(
    ("clause", "count"),
    [
        # a scale after a number
        ("Nearly two dozen border guards were killed in an ambush near Velmar.", 24),
        # no number: ACLED's conservative 3, and one for a person named by a pronoun
        ("The ministry said civilians and reservists had been killed in the raid.", 3),
        ("Police said he was killed in the blast.", 1),
        # a present perfect tied to one deed or one day is that deed's toll
        ("At least 12 people have been killed in a missile strike on Dorovka.", 12),
        ("Three medics have been killed in Velmar on Tuesday.", 3),
    ],
)
def test_tolls_without_a_plain_figure(clause, count):
    assert fatalities.read(clause)[0] == count


@pytest.mark.parametrize(
    "clause",
    [
        # a present perfect with nothing that ties it to one deed is a running total
        "The offensive that followed has killed more than 30,000 people.",
        "At least 2,600 Velmarians have been killed in air strikes, the ministry says.",
        # a war, a period, the world over
        "Two million people died in the civil war between the provinces.",
        "Eleven soldiers and two civilians have died in the same period.",
        "Nearly 1,300 people died and 5,000 were injured during the three-week offensive.",
        "The group says 45 reporters were killed worldwide last year.",
        # an ongoing process is no toll
        "More and more soldiers are being killed at the front.",
    ],
)
def test_running_totals_are_no_events_toll(clause):
    assert fatalities.read(clause) == (None, None)


def test_a_toll_past_after_or_but_belongs_to_another_deed():
    # SYNTHETIC: the withdrawal killed no one; the bombing before it did
    clause = "The charity withdrew its staff after three workers were killed by a bomb."
    assert fatalities.read(clause, trigger=clause.index("withdrew")) == (None, None)
    assert fatalities.read(clause, trigger=clause.index("bomb")) == (3, "three workers were killed")
    triggered = "The offensive was triggered by a raid in which gunmen killed 40 people."
    assert fatalities.read(triggered, trigger=triggered.index("offensive")) == (None, None)
    blamed = "The army stayed on the list for killing 80 children last year."
    assert fatalities.read(blamed, trigger=blamed.index("stayed")) == (None, None)
    text = "Aid was let into the town, but officials say some children have died of hunger."
    assert fatalities.read(text, trigger=text.index("Aid")) == (None, None)
    # of_clause takes the trigger as an offset in the whole text
    article = "Preamble. " + clause
    start = article.index("The charity")
    assert fatalities.of_clause(article, start, len(article), article.index("withdrew"))["fatalities"] is None


def test_a_participles_toll_is_the_deed_befores_and_counted_once():
    # SYNTHETIC: the parser reads "when ... attacked the village," and "killing 12 ..." apart
    text = "It began when gunmen attacked the village of Dorovka, killing 12 people and taking 30 hostage."
    cut = text.index(",") + 1
    deed = fatalities.of_clause(text, text.index("gunmen"), cut, text.index("attacked"))
    assert deed == {"fatalities": 12, "fatalities_text": "killing 12 people"}
    assert fatalities.of_clause(text, cut, len(text)) == {"fatalities": None, "fatalities_text": None}
    # no deed read before it (the clause before is a statement or no event): it keeps its toll
    assert fatalities.of_clause(text, cut, len(text), after_deed=False)["fatalities"] == 12
    # "and killed" joined to the deed before it: the same
    joined = "Gunmen stormed the village and killed about 40 people."
    cut = joined.index(" and killed")
    assert fatalities.of_clause(joined, 0, cut, 0)["fatalities"] == 40
    assert fatalities.of_clause(joined, cut + 1, len(joined))["fatalities"] is None
    # "which killed" after the deed: the same
    which = "The blast followed a strike on the depot, which officials said killed nine guards."
    cut = which.index(", which") + 1
    assert fatalities.of_clause(which, 0, cut, which.index("strike"))["fatalities"] == 9
    assert fatalities.of_clause(which, cut, len(which))["fatalities"] is None
    # a participle that opens no clause of its own keeps its toll
    alone = "Killing 12 people, the blast shook Dorovka."
    assert fatalities.of_clause(alone, 0, len(alone))["fatalities"] == 12
