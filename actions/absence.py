"""Reporting a child's absence (a Rasa form), recorded and passed to the school office."""
import asyncio
import datetime as dt
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.absence import (
    UNKNOWN, child_first_name, class_name, day_from_text, first_day_ok, passed_to_office_text, reason_category,
    record_absence, return_day, stopped_text,
)
from bot.db.engine import transaction
from bot.runtime import runtime
from bot.schools import UK

SLOTS = ["absence_child_name", "absence_class", "absence_first_day", "absence_reason", "absence_return"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _today() -> dt.date:
    return _now().astimezone(UK).date()


def _first_day(tracker: Tracker) -> Optional[dt.date]:
    value = tracker.get_slot("absence_first_day")
    return dt.date.fromisoformat(value) if value else None


class ValidateAbsenceForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_absence_form"

    def validate_absence_child_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> Dict[Text, Any]:
        name = child_first_name(str(value or ""))
        if name is None:
            dispatcher.utter_message(response="utter_absence_name_not_understood")
        return {"absence_child_name": name}

    def validate_absence_class(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        found = class_name(str(value or ""))
        if found is None:
            dispatcher.utter_message(response="utter_absence_class_not_understood")
        return {"absence_class": found}

    def validate_absence_first_day(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> Dict[Text, Any]:
        today = _today()
        day = day_from_text(str(value or ""), today, ahead=False)
        if day is None or not first_day_ok(day, today):
            dispatcher.utter_message(response="utter_absence_day_not_understood")
            return {"absence_first_day": None}
        return {"absence_first_day": day.isoformat()}

    def validate_absence_reason(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        return {"absence_reason": reason_category(str(value or ""))}

    def validate_absence_return(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        first = _first_day(tracker) or _today()
        understood, day = return_day(str(value or ""), first, _today())
        if not understood:
            dispatcher.utter_message(response="utter_absence_return_not_understood")
            return {"absence_return": None}
        return {"absence_return": day.isoformat() if day else UNKNOWN}


def _record(tracker: Tracker, school_id: str, now: dt.datetime) -> None:
    rt = runtime()
    returning = tracker.get_slot("absence_return")
    with transaction(rt.sessions) as session:
        record_absence(
            session, school=rt.school(school_id), conversation_id=tracker.sender_id,
            channel=tracker.get_latest_input_channel() or "unknown",
            child_name=tracker.get_slot("absence_child_name"), class_name=tracker.get_slot("absence_class"),
            first_day=_first_day(tracker), reason=tracker.get_slot("absence_reason") or "other",
            expected_return=dt.date.fromisoformat(returning) if returning and returning != UNKNOWN else None,
            now=now,
        )


class ActionReportAbsence(Action):
    def name(self) -> Text:
        return "action_report_absence"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if not all(tracker.get_slot(slot) for slot in SLOTS[:4]):  # the form was left half-way
            return [SlotSet(slot, None) for slot in SLOTS]
        school = runtime().school(tracker.get_slot("school_id"))
        now = _now()
        await asyncio.to_thread(_record, tracker, school.id, now)
        dispatcher.utter_message(text=passed_to_office_text(
            school, tracker.get_slot("absence_child_name"), tracker.get_slot("absence_reason"), now))
        return [SlotSet(slot, None) for slot in SLOTS]


class ActionStopAbsenceReport(Action):
    def name(self) -> Text:
        return "action_stop_absence_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        school = runtime().school(tracker.get_slot("school_id"))
        dispatcher.utter_message(text=stopped_text(school))
        return [SlotSet(slot, None) for slot in SLOTS]
