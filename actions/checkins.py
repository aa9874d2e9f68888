"""The weekly check-in in the conversation: the question, and what each answer leads to."""
import asyncio
import datetime as dt
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.checkins import wording
from bot.checkins.answers import record_answer
from bot.checkins.store import open_checkin
from bot.conversation import school_slots
from bot.runtime import runtime

ANSWER_FOR_INTENT = {"checkin_good": "good", "checkin_mixed": "mixed", "checkin_struggling": "struggling"}
REPLY_FOR_ANSWER = {"good": "utter_checkin_good", "mixed": "utter_checkin_mixed"}


def _open_checkin(conversation_id: str):
    with runtime().sessions() as session:
        row = open_checkin(session, conversation_id)
        return (row.id, row.school_id) if row else None


def after_concern_action(tracker: Tracker) -> str:
    """What follows the risk screen's answer to a concern: for a struggling reply to a
    check-in, recording it (and maybe a case); otherwise the offer of a person."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent == "checkin_struggling" and tracker.get_slot("checkin_id"):
        return "action_checkin_answer"
    return "utter_offer_hwbl"


class ActionCheckinAsk(Action):
    """Asks the weekly question (sent by the scheduler through trigger_intent, texted by SMS)."""

    def name(self) -> Text:
        return "action_checkin_ask"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if not (tracker.latest_message.get("metadata") or {}).get("is_external"):
            dispatcher.utter_message(response="utter_checkin_ask")  # typed, not sent by the scheduler
            return []
        found = await asyncio.to_thread(_open_checkin, tracker.sender_id)
        school = runtime().school(found[1] if found else tracker.get_slot("school_id"))
        slots = school_slots(school)
        dispatcher.utter_message(text=wording.question(school), buttons=wording.CHOICES)
        events: List[EventType] = [SlotSet(name, value) for name, value in slots.items()
                                   if tracker.get_slot(name) != value]
        return events + [SlotSet("checkin_id", found[0] if found else None)]


class ActionCheckinAnswer(Action):
    """An answer to the check-in: recorded in the family's history; two hard weeks in a row
    open a concern case for the HWBL. A hard week has been validated already (the risk
    screen's answer or utter_checkin_struggling); the offer of a person follows it, unless a
    case was just opened."""

    def name(self) -> Text:
        return "action_checkin_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        answer = ANSWER_FOR_INTENT.get(intent)
        checkin_id: Optional[int] = tracker.get_slot("checkin_id")
        outcome = None
        if answer and checkin_id:
            school = runtime().school(tracker.get_slot("school_id"))
            outcome = await asyncio.to_thread(record_answer, checkin_id, answer, school,
                                              tracker.latest_message.get("text") or "",
                                              dt.datetime.now(dt.timezone.utc))
        events: List[EventType] = [SlotSet("checkin_id", None)] if checkin_id else []
        if answer in REPLY_FOR_ANSWER:
            dispatcher.utter_message(response=REPLY_FOR_ANSWER[answer])
            return events
        if outcome and outcome.message:
            dispatcher.utter_message(text=outcome.message)
            return events + [FollowupAction("action_listen")]
        return events + [FollowupAction("utter_offer_hwbl")]
