import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.free_school_meals import ActionFsmResult, ValidateFsmForm
from bot.free_school_meals import eligibility_text, school_year


@pytest.mark.parametrize("text, year", [
    ("reception", "reception"), ("shes in recepton", "reception"), ("year 4", "year 4"), ("yr3", "year 3"),
    ("Y6", "year 6"), ("year two", "year 2"), ("4", "year 4"), ("nursery", "nursery"), ("he's in 5th year", "year 5"),
    ("dunno", None), ("year 9", None), ("", None),
])
def test_school_year(text, year):
    assert school_year(text) == year


def test_eligibility_answers():
    assert "every child in Reception" in eligibility_text("year 1", None, None, "Kestrel Bay Council")
    assert "can get free school meals" in eligibility_text("year 4", True, None, "X")
    assert "Universal Credit" in eligibility_text("year 4", True, None, "X")
    assert "can get free school meals" in eligibility_text("year 5", False, True, "X")
    assert "may not get" in eligibility_text("year 5", False, False, "X")


def tracker(slots):
    return Tracker("parent-0003", {"school_id": "harbourside", **slots}, {"text": "x", "intent": {}}, [], False,
                   None, {"name": "fsm_form"}, "fsm_form")


async def test_infant_years_need_no_more_questions():
    slots = await ValidateFsmForm().required_slots(["fsm_child_year", "fsm_universal_credit", "fsm_other_benefits"],
                                                   CollectingDispatcher(), tracker({"fsm_child_year": "year 1"}), {})
    assert slots == ["fsm_child_year"]
    slots = await ValidateFsmForm().required_slots([], CollectingDispatcher(),
                                                   tracker({"fsm_child_year": "year 4", "fsm_universal_credit": True}), {})
    assert slots == ["fsm_child_year", "fsm_universal_credit"]


def test_a_year_that_cannot_be_read_is_asked_again():
    dispatcher = CollectingDispatcher()
    result = ValidateFsmForm().validate_fsm_child_year("dunno", dispatcher, tracker({}), {})
    assert result == {"fsm_child_year": None}
    assert dispatcher.messages[0]["response"] == "utter_fsm_year_not_understood"


async def test_result_uses_the_council_and_clears_the_answers(runtime_db):
    dispatcher = CollectingDispatcher()
    events = await ActionFsmResult().run(dispatcher, tracker({"fsm_child_year": "year 4", "fsm_universal_credit": True}), {})
    assert "Kestrel Bay Council" in dispatcher.messages[0]["text"]
    assert SlotSet("fsm_child_year", None) in events
