"""The free school meals eligibility check (a Rasa form) and its result."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.free_school_meals import INFANT_YEARS, eligibility_text, school_year
from bot.runtime import runtime

SLOTS = ["fsm_child_year", "fsm_universal_credit", "fsm_other_benefits"]


class ValidateFsmForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_fsm_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        year = tracker.get_slot("fsm_child_year")
        if year in INFANT_YEARS or year == "nursery":
            return ["fsm_child_year"]
        if tracker.get_slot("fsm_universal_credit"):
            return ["fsm_child_year", "fsm_universal_credit"]
        return SLOTS

    def validate_fsm_child_year(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        year = school_year(str(value or ""))
        if year is None:
            dispatcher.utter_message(response="utter_fsm_year_not_understood")
        return {"fsm_child_year": year}


class ActionFsmResult(Action):
    def name(self) -> Text:
        return "action_fsm_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        school = runtime().school(tracker.get_slot("school_id"))
        dispatcher.utter_message(text=eligibility_text(
            tracker.get_slot("fsm_child_year") or "", tracker.get_slot("fsm_universal_credit"),
            tracker.get_slot("fsm_other_benefits"), school.council))
        return [SlotSet(slot, None) for slot in SLOTS]
