"""Acting on the risk screen: safety first, a case and alerts, and quiet while staff have it."""
import asyncio
import datetime as dt
from typing import Any, Dict, List, Optional, Text

import sqlalchemy as sa
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.checkins import after_concern_action
from bot.db.engine import transaction
from bot.db.models import Alert, Case, utcnow
from bot.handoff import dsl_is_told, get_case, open_risk_case, raise_case_if_needed
from bot.risk import RiskResult, escalate_for_history
from bot.runtime import runtime
from bot.safety import (
    HOLDING_WHILE_WAITING, SAFETY_HONESTY, VALIDATION, concern_case_message, crisis_messages,
    told_staff_message,
)

# Intents whose own answer already acknowledges the feeling: no extra validation line.
VALIDATING_INTENTS = {
    "checkin_struggling", "feeling_bad_parent", "fear_social_services", "lonely", "service_mental_health",
    "service_domestic_abuse", "service_bereavement", "service_food", "service_child_mental_health",
    "service_behaviour", "service_health",
}
HOLDING_REPEAT_AFTER_SECONDS = 30 * 60
RETRIED_TURN_WINDOW = dt.timedelta(minutes=15)


def latest_risk(tracker: Tracker) -> RiskResult:
    return RiskResult.from_dict((tracker.latest_message or {}).get("risk") or {})


def earlier_risks(tracker: Tracker) -> List[RiskResult]:
    users = [e for e in tracker.events if e.get("event") == "user"]
    return [RiskResult.from_dict((e.get("parse_data") or {}).get("risk") or {}) for e in users[:-1]]


def leave_any_form(tracker: Tracker) -> List[EventType]:
    """Risk comes first: a half-filled form (FSM check, "when suits") is set aside, so the
    parent's next "yes" answers the offer of a person rather than the form's question."""
    if (tracker.active_loop or {}).get("name"):
        return [ActiveLoop(None), SlotSet("requested_slot", None)]
    return []


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _same_message_case(session, conversation_id: str, text: str) -> Optional[Case]:
    """A case this very message opened moments ago: the turn is being run again (a crash or an
    action server that answered late), and the HWBL must not get two cases and two alerts."""
    since = utcnow() - RETRIED_TURN_WINDOW
    return session.execute(
        sa.select(Case).where(Case.conversation_id == conversation_id, Case.trigger_text == text,
                              Case.created_at >= since, Case.status != "resolved")
        .order_by(Case.id.desc()).limit(1)
    ).scalar_one_or_none()


def _open_case(tracker: Tracker, risk: RiskResult, now: dt.datetime):
    rt = runtime()
    school = rt.school(tracker.get_slot("school_id"))
    text = tracker.latest_message.get("text") or ""
    with transaction(rt.sessions) as session:
        again = _same_message_case(session, tracker.sender_id, text)
        if again is not None:
            paged = session.execute(sa.select(Alert.id).where(Alert.case_id == again.id).limit(1)).first()
            return school, again.id, dsl_is_told(school, again, now), paged is not None
        case, alerts = open_risk_case(
            session, school=school, settings=rt.settings, conversation_id=tracker.sender_id,
            channel=tracker.get_latest_input_channel() or "unknown", risk=risk,
            text=text, now=now,
        )
        return school, case.id, dsl_is_told(school, case, now), bool(alerts)


class ActionRespondToRisk(Action):
    def name(self) -> Text:
        return "action_respond_to_risk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        risk = escalate_for_history(earlier_risks(tracker), latest_risk(tracker))
        now = _now()
        if risk.urgent:
            for line in crisis_messages(risk.level, risk.category):
                dispatcher.utter_message(text=line)
            school, case_id, dsl_told, paged = await asyncio.to_thread(_open_case, tracker, risk, now)
            dispatcher.utter_message(text=told_staff_message(school, dsl_told, paged, now))
            dispatcher.utter_message(text=SAFETY_HONESTY)
            return leave_any_form(tracker) + [SlotSet("handoff_case_id", case_id)]

        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent not in VALIDATING_INTENTS:
            dispatcher.utter_message(text=VALIDATION)
        if f"utter_{intent}" in (domain.get("responses") or {}):
            dispatcher.utter_message(response=f"utter_{intent}")
        if risk.escalated:
            school, *_ = await asyncio.to_thread(_open_case, tracker, risk, now)
            dispatcher.utter_message(text=concern_case_message(school, now))
            return leave_any_form(tracker)
        return leave_any_form(tracker) + [FollowupAction(after_concern_action(tracker))]


def _record_while_paused(case_id: Optional[int], risk: RiskResult, now: dt.datetime):
    rt = runtime()
    with transaction(rt.sessions) as session:
        case = get_case(session, case_id)
        if case is None or case.status == "resolved":
            return None
        school = rt.school(case.school_id)
        raise_case_if_needed(session, school=school, settings=rt.settings, case=case, risk=risk, now=now)
        return case.status


def _seconds_since_holding_reply(tracker: Tracker, now: dt.datetime) -> float:
    for event in reversed(tracker.events):
        if event.get("event") == "bot" and event.get("text") == HOLDING_WHILE_WAITING:
            return now.timestamp() - float(event.get("timestamp") or 0)
    return float("inf")


class ActionWhileWithStaff(Action):
    """Every message while a person has the conversation: kept, screened, never unpauses."""

    def name(self) -> Text:
        return "action_while_with_staff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        risk, now = latest_risk(tracker), _now()
        status = await asyncio.to_thread(_record_while_paused, tracker.get_slot("handoff_case_id"), risk, now)
        if status is None:  # the case was closed without a hand back: carry on as normal
            return [SlotSet("handoff_case_id", None), FollowupAction("action_respond_to_risk" if risk.level != "none" else "utter_capabilities")]
        if risk.level == "critical":
            for line in crisis_messages(risk.level, risk.category):
                dispatcher.utter_message(text=line)
        elif status == "pending" and _seconds_since_holding_reply(tracker, now) > HOLDING_REPEAT_AFTER_SECONDS:
            dispatcher.utter_message(text=HOLDING_WHILE_WAITING)
        return []
