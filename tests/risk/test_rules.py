"""Behaviour of the rule screen on the traps named in the issue."""
import pytest

LEVEL = {"none": 0, "concern": 1, "high": 2, "critical": 3}


def level(screen, text):
    return screen.screen(text).level


@pytest.mark.parametrize("text", [
    "this homework is killing me",
    "dying to know when sports day is",
    "my phone died",
    "i could murder a cuppa",
    "killing it at parents evening",
    "the traffic was murder",
    "die hard fan",
    "my feet are killing me",
    "we walked over the bridge to school",
    "she needs a knife and fork for the picnic",
    "he takes his tablets at lunch",
    "i wrote a note in her reading record",
    "said goodbye at the gate",
    "he loves jumping on the trampoline",
    "overdosed on chocolate at easter lol",
    "cleaning the bathroom with bleach",
    "my son is struggling with reading",
    "i'm struggling to fill in this form",
    "we went to the beach",
    "cooking tea for the kids",
    "the library book is overdue",
    "is there a food bank near school",
    "my son is missing his dad",
    "my hamster died",
])
def test_idioms_and_everyday_uses_are_not_risk(rules_screen, text):
    assert level(rules_screen, text) == "none"


def test_dead_tired_is_at_most_concern(rules_screen):
    assert level(rules_screen, "dead tired today") in ("none", "concern")


@pytest.mark.parametrize("text", [
    "ive taken all my tablets",
    "im on the bridge",
    "he has a knife and is kicking the door in",
    "she isnt breathing",
    "my child swallowed bleach",
    "i took 30 paracetamol",
    "i want to kill myself, ive got the pills here",
    "i want to die 🔪",
    "i wrote a note for the kids, im going to kill myself tonight",
    "i cant keep myself safe",
    "my son has a knife and says he'll kill himself",
    "hes hitting me right now",
    "my toddler ate some of my tablets",
    "my daughter is missing",
])
def test_critical(rules_screen, text):
    assert level(rules_screen, text) == "critical"


@pytest.mark.parametrize("text, category", [
    ("i feel suicidal", "self_harm"),
    ("im sucidal", "self_harm"),
    ("i want to kil myself", "self_harm"),
    ("kms honestly i cant do this", "self_harm"),
    ("my 9 year old said he wants to die", "child_at_risk"),
    ("my partner hit my son", "child_at_risk"),
    ("he hit me last night", "domestic_abuse"),
    ("my husband controls all the money and wont let me see my friends", "domestic_abuse"),
    ("we have no food in the house", "acute_hardship"),
    ("we are being evicted on friday", "acute_hardship"),
    ("a man online asked my daughter for pictures", "child_at_risk"),
    ("i hit my son and i feel awful", "child_at_risk"),
])
def test_high_with_category(rules_screen, text, category):
    result = rules_screen.screen(text)
    assert result.level == "high", result.reasons
    assert result.category == category


def test_negated_suicidal_is_concern_not_none(rules_screen):
    result = rules_screen.screen("im not suicidal just knackered")
    assert result.level == "concern"
    assert any("negated" in r for r in result.reasons)


def test_would_never_hurt_my_kids_is_never_high(rules_screen):
    assert level(rules_screen, "i would never hurt my kids") in ("none", "concern")


def test_humour_downgrades_hyperbole_but_not_an_overdose(rules_screen):
    assert level(rules_screen, "this spelling homework makes me want to kms 💀") == "concern"
    assert level(rules_screen, "ive taken all my tablets 💀") == "critical"


def test_children_fighting_is_not_abuse(rules_screen):
    assert level(rules_screen, "she keeps hitting her little brother") == "none"
    assert level(rules_screen, "my son hit his sister") == "none"


def test_someone_elses_tiredness_is_not_the_parent_struggling(rules_screen):
    assert level(rules_screen, "my son is exhausted after swimming") == "none"
    assert level(rules_screen, "im exhausted") == "concern"
    assert level(rules_screen, "shes knackered after the residential") == "none"
    assert level(rules_screen, "my son gets scared of the fire alarm") == "none"


def test_asking_for_information_is_not_a_disclosure(rules_screen):
    assert level(rules_screen, "do you have leaflets about domestic abuse for the noticeboard") == "none"


def test_money_worries_are_concern_and_no_food_is_high(rules_screen):
    assert level(rules_screen, "we're really skint this month") == "concern"
    assert level(rules_screen, "theres nothing to eat and the kids are hungry") == "high"


def test_reasons_name_the_phrase(rules_screen):
    result = rules_screen.screen("i want to kill myself")
    assert any('"kill myself"' in r for r in result.reasons)


def test_weird_input_is_screened_without_error(rules_screen):
    for text in ["", " ", "|||", "\x00\xff", "a" * 10000, "💀" * 500, "he hit me " * 1000]:
        assert rules_screen.screen(text).level in LEVEL
