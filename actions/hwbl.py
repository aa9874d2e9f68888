"""A parent asks for the Health and Wellbeing Lead: open a case of its own."""
import asyncio
import datetime as dt
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.alerts.routing import queue_alerts_for_case
from bot.cases import open_case, open_cases_for
from bot.conversation import passed_to_hwbl_text
from bot.db.engine import transaction
from bot.runtime import runtime


def _record_request(conversation_id: str, school_id: str, channel: str, text: str, contact_time: str) -> int:
    rt = runtime()
    with transaction(rt.sessions) as session:
        existing = open_cases_for(session, conversation_id)
        if existing:
            return existing[0].id
        case = open_case(
            session,
            school_id=school_id,
            conversation_id=conversation_id,
            channel=channel,
            level="request",
            reasons=["the parent asked to talk to the Health and Wellbeing Lead",
                     f"a good time for them: {contact_time or 'not said'}"],
            trigger_text=text,
        )
        now = dt.datetime.now(dt.timezone.utc)
        queue_alerts_for_case(session, rt.school(school_id), case, rt.settings, now, kind="new")
        return case.id


class ActionRequestHwbl(Action):
    def name(self) -> Text:
        return "action_request_hwbl"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        school = runtime().school(tracker.get_slot("school_id"))
        await asyncio.to_thread(
            _record_request,
            tracker.sender_id,
            school.id,
            tracker.get_latest_input_channel() or "unknown",
            tracker.latest_message.get("text") or "",
            tracker.get_slot("hwbl_contact_time") or "",
        )
        dispatcher.utter_message(text=passed_to_hwbl_text(school, dt.datetime.now(dt.timezone.utc)))
        return [SlotSet("hwbl_contact_time", None)]
