"""A parent's answer to a check-in: kept in the history; two hard weeks in a row open a
concern case for the HWBL, read in her working hours."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy.orm import Session

from bot.alerts.routing import queue_alerts_for_case
from bot.cases import open_case, open_cases_for
from bot.checkins import store, wording
from bot.db.engine import transaction
from bot.db.models import Checkin
from bot.runtime import runtime
from bot.safety import HOLDING_WHILE_WAITING
from bot.schools import School
from bot.settings import Settings

STRUGGLING_IN_A_ROW = 2


@dataclass(frozen=True)
class Outcome:
    recorded: bool
    case_id: Optional[int] = None
    message: Optional[str] = None   # what to tell the parent instead of the usual offer


def record_answer(checkin_id: int, answer: str, school: School, text: str, now: dt.datetime) -> Outcome:
    rt = runtime()
    with transaction(rt.sessions) as session:
        return answer_checkin(session, rt.settings, school, checkin_id, answer, text, now)


def answer_checkin(session: Session, settings: Settings, school: School, checkin_id: int, answer: str,
                   text: str, now: dt.datetime) -> Outcome:
    checkin = session.get(Checkin, checkin_id)
    if checkin is None or not store.record_answer(session, checkin_id, answer):
        return Outcome(False)
    if answer != "struggling":
        return Outcome(True)
    if store.recent_answers(session, checkin.conversation_id, STRUGGLING_IN_A_ROW) != ["struggling"] * STRUGGLING_IN_A_ROW:
        return Outcome(True)
    if open_cases_for(session, checkin.conversation_id):
        return Outcome(True, message=HOLDING_WHILE_WAITING)  # a person already has it
    case = open_case(session, school_id=school.id, conversation_id=checkin.conversation_id, channel="sms",
                     level="concern", category="not_coping", trigger_text=text,
                     reasons=[f"{STRUGGLING_IN_A_ROW} weekly check-ins in a row answered 'struggling'"])
    queue_alerts_for_case(session, school, case, settings, now, kind="new")
    return Outcome(True, case.id, wording.two_struggling(school, now))
