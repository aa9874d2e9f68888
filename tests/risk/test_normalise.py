import pytest

from bot.risk.normalise import HUMOUR, correct_token, normalise, osa_distance


@pytest.mark.parametrize("raw, expected", [
    ("I'm SO tired!!!", "im so tired"),
    ("kms", "kill myself"),
    ("kys", "kill yourself"),
    ("i want to unalive myself", "i want to kill myself"),
    ("cba with today", "cant be bothered with today"),
    ("im sucidal", "im suicidal"),
    ("i want to kil myself", "i want to kill myself"),
    ("i took an overdoes", "i took an overdose"),
    ("she isnt breathin", "she isnt breathing"),
    ("i want to k*ll myself", "i want to kill myself"),
    ("su1c1dal", "suicidal"),
    ("the social are coming", "social services are coming"),
    ("my 9yo", "my 9yo"),
    ("soooo tired", "so tired"),
    ("we are coming in late", "we are coming in late"),
    ("is he changing classes", "is he changing classes"),
])
def test_normalise_examples(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("word", ["cooking", "overdue", "overdone", "beach", "violet", "tables",
                                  "starting", "slipped", "handing", "bathing", "homework",
                                  "coming", "changing", "spills", "coding", "tablet"])
def test_real_words_are_not_corrected_into_risk_words(word):
    assert correct_token(word) == word


def test_clause_breaks_are_kept():
    assert normalise("im fine. he hit me") == "im fine | he hit me"


def test_emoji_mapping():
    assert HUMOUR in normalise("lol 💀").split()
    assert "knife" in normalise("🔪🔪").split()
    assert "pills" in normalise("💊").split()
    assert normalise("hello 🌈") == "hello"


def test_osa_distance_counts_transpositions_and_stops_early():
    assert osa_distance("overdoes", "overdose", 1) == 1
    assert osa_distance("suicidal", "sucidal", 1) == 1
    assert osa_distance("homework", "homeless", 1) == 2  # bound + 1: gave up early


def test_odd_input_does_not_break():
    assert normalise("") == ""
    assert normalise("\x00\x01\ufffd") == ""
    long = normalise("word " * 5000)
    assert 0 < len(long) < 10000
    assert normalise(None) == ""
