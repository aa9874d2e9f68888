"""The risk-first policy: what it insists on, and when it leaves the choice to others."""
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.policies.risk_first import next_action
from bot.settings import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


def tracker(*events):
    return DialogueStateTracker.from_events("parent-0001", [ActionExecuted("action_listen"), *events], DOMAIN.slots)


def user(text="hi", level="none", intent="greet"):
    return UserUttered(text, {"name": intent, "confidence": 1.0},
                       parse_data={"intent": {"name": intent, "confidence": 1.0}, "entities": [],
                                   "risk": {"level": level, "category": None, "reasons": []}})


def test_no_risk_leaves_the_choice_to_the_other_policies():
    assert next_action(tracker(user())) is None


def test_risk_is_answered_first_at_every_level_above_none():
    for level in ("concern", "high", "critical"):
        assert next_action(tracker(user("x", level))) == "action_respond_to_risk"


def test_after_responding_to_risk_it_listens():
    t = tracker(user("x", "critical"), ActionExecuted("action_respond_to_risk"), BotUttered("call 999"))
    assert next_action(t) == "action_listen"


def test_after_the_offer_in_a_risk_turn_it_listens():
    t = tracker(user("x", "concern"), ActionExecuted("action_respond_to_risk"), ActionExecuted("utter_offer_hwbl"))
    assert next_action(t) == "action_listen"


def test_with_staff_every_message_goes_to_the_staff_action_whatever_it_says():
    for text, intent in (("restart", "out_of_scope"), ("hello", "greet"), ("/restart", "restart")):
        t = tracker(SlotSet("handoff_case_id", 12), ActionExecuted("action_listen"), user(text, intent=intent))
        assert next_action(t) == "action_while_with_staff"
    critical = tracker(SlotSet("handoff_case_id", 12), ActionExecuted("action_listen"), user("x", "critical"))
    assert next_action(critical) == "action_while_with_staff"


def test_after_the_staff_action_it_listens():
    t = tracker(SlotSet("handoff_case_id", 12), user(), ActionExecuted("action_while_with_staff"))
    assert next_action(t) == "action_listen"


def test_a_normal_rule_turn_is_not_interrupted():
    t = tracker(user(), ActionExecuted("utter_greet"))
    assert next_action(t) is None
