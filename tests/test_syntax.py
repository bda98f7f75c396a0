"""The syntactic backbone: offsets, subjects, mood.

Sentences here are SYNTHETIC (invented names and places); each test checks one
reading the rules take from the parse.
"""

from datetime import datetime

import pytest

from core import gazetteer as gz
from core import ingest, syntax
from core.sentences import split_sentences


def parsed(text: str):
    article = ingest.article_from_text(text, source="synthetic", published=datetime(2023, 4, 12))
    sentences = split_sentences(article)
    return article, syntax.parse_article(article, sentences)


def verb(syn, article, word):
    pos = article.text.index(word)
    tok = syn.token_at(pos)
    assert tok is not None, word
    return tok


def test_token_offsets_are_article_offsets():
    article, syn = parsed(
        "Headline about talks\n\nThe minister Arlo Venn said the talks failed. Troops left Dovra."
    )
    tokens = [tok for doc in syn.docs.values() for tok in doc]
    assert tokens
    for tok in tokens:
        start = syntax.offset(tok)
        assert article.text[start : start + len(tok.text)] == tok.text


def test_token_at_whitespace_is_none_and_tokens_in_a_range():
    article, syn = parsed("Headline\n\nTroops left Dovra on Monday.")
    gap = article.text.index(" left")
    assert syn.token_at(gap) is None
    start = article.text.index("left")
    assert [t.text for t in syn.tokens_in(start, start + len("left Dovra"))] == ["left", "Dovra"]


@pytest.mark.parametrize(
    "text, speech, speaker",
    [
        # subject after the verb
        ('"We will not leave," said Arlo Venn, the mayor of Dovra.', "said", "Venn"),
        # a relative clause between subject and verb
        ("Arlo Venn, who leads the council of Dovra, said the bridge was destroyed.", "said", "Venn"),
        # a passive verb's speaker is its agent
        ("The ceasefire was announced by the ministry of Kelvar on Monday.", "announced", "ministry"),
    ],
)
def test_subject_of_a_speech_verb(text, speech, speaker):
    article, syn = parsed("Headline\n\n" + text)
    head, inherited = syntax.subject(verb(syn, article, speech))
    assert head is not None and head.text == speaker
    assert inherited is False


def test_a_subject_the_model_hangs_on_an_auxiliary_is_the_verbs():
    # the small model attaches "Chief" to "has", not to "warned"
    article, syn = parsed(
        "Headline\n\nKelvar's Chief of Army Staff General Arlo Venn has over the past few months "
        "repeatedly warned that the border is unsafe."
    )
    head, _ = syntax.subject(verb(syn, article, "warned"))
    assert head is not None and head.text == "Chief"


def test_a_passive_speech_verb_without_an_agent_has_no_speaker():
    # "which" is what was announced: the battery is no speaker
    article, syn = parsed(
        "Headline\n\nHe thanked Kelvar for a new air defence battery, which was announced over the weekend."
    )
    assert syntax.subject(verb(syn, article, "announced")) == (None, False)


def test_coordinated_verb_inherits_its_subject():
    article, syn = parsed("Headline\n\nThe minister visited the troops in Dovra and said the front was calm.")
    head, inherited = syntax.subject(verb(syn, article, "said"))
    assert head.text == "minister" and inherited is True


@pytest.mark.parametrize(
    "text, word, mood",
    [
        ("Kelvar did not attack Dovra on Monday.", "attack", "negated"),
        ("Kelvar could attack Dovra next week.", "attack", "modal"),
        ("Kelvar plans to attack Dovra.", "attack", "plan"),
        ("If Kelvar attacks Dovra, the talks will end.", "attacks", "conditional"),
        ("Did Kelvar attack Dovra?", "attack", "question"),
        ("Kelvar attacked Dovra on Monday.", "attacked", None),
    ],
)
def test_irrealis(text, word, mood):
    article, syn = parsed("Headline\n\n" + text)
    tok = verb(syn, article, word)
    assert syntax.irrealis(tok) == mood
    assert tok._.irrealis == mood


def test_known_names_are_people_even_when_the_model_misses_them():
    # The gazetteer's names go to an EntityRuler before the model's NER: a known name
    # is one PERSON span, whatever the small model would have guessed.
    name = next(r["name"] for r in gz.actor_rows() if r.get("type", "person") == "person")
    article, syn = parsed(f"Headline\n\n{name} spoke in Dovra on Monday.")
    assert "conflict_known_names" in syntax.load().nlp.pipe_names
    assert any(text == name for _, _, text in syn.people())


def test_missing_model_is_a_one_line_error(monkeypatch):
    monkeypatch.setenv(syntax.MODEL_ENV, "no_such_model_xyz")
    syntax.load.cache_clear()
    try:
        with pytest.raises(syntax.ModelMissing) as error:
            syntax.load()
        assert "\n" not in str(error.value) and "scripts/setup.sh" in str(error.value)
    finally:
        monkeypatch.delenv(syntax.MODEL_ENV)
        syntax.load.cache_clear()
