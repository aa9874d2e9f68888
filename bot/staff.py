"""What staff do with a case: take it, reply, acknowledge, hand back. Used by the CLI and inbox.

Replies and hand backs go through Rasa's HTTP API so they reach the parent on the channel
they last used (`output_channel=latest`).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import aiohttp
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.alerts.routing import queue_alert_to_dsl
from bot.db.models import AuditEntry, Case, utcnow
from bot.schools import School
from bot.settings import Settings, rasa_token

OUTCOMES = ("signposted", "referred to early help", "safeguarding referral made", "no further action")
HANDED_BACK = "{name} has passed you back to me, the automated helper. I'm here any time, day or night."


class StaffActionError(RuntimeError):
    """Something staff asked for could not be done; the message says why."""


def audit(session: Session, case: Case, actor: str, action: str, detail: Optional[str] = None) -> None:
    session.add(AuditEntry(school_id=case.school_id, actor=actor, action=action, case_id=case.id, detail=detail))


def take(session: Session, case: Case, staff: str) -> None:
    if case.status == "resolved":
        raise StaffActionError(f"case {case.id} is already resolved")
    case.status, case.assigned_to = "open", staff
    case.acknowledged_at = case.acknowledged_at or utcnow()
    audit(session, case, staff, "take")


def record_reply(session: Session, case: Case, staff: str, text: str) -> None:
    """A reply that reached Rasa: the overview's "time to first reply" counts these."""
    audit(session, case, staff, "reply", f"{len(text)} characters")


def acknowledge(session: Session, case: Case, staff: str) -> None:
    case.acknowledged_at = case.acknowledged_at or utcnow()
    audit(session, case, staff, "acknowledge")


def pass_to_dsl(session: Session, case: Case, staff: str, dsl_name: str, school: School, settings: Settings) -> None:
    """Give the case to the safeguarding lead and tell them at once through the alert outbox
    (level, category, link and school only; passing it again does not alert twice)."""
    case.status, case.assigned_to = "open", dsl_name
    audit(session, case, staff, "reassign", dsl_name)
    queue_alert_to_dsl(session, school, case, settings, utcnow())


def resolve(session: Session, case: Case, staff: str, outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise StaffActionError(f"outcome must be one of: {', '.join(OUTCOMES)}")
    case.status, case.outcome, case.resolved_at = "resolved", outcome, utcnow()
    audit(session, case, staff, "resolve", outcome)


def list_cases(session: Session, school_id: Optional[str] = None, include_resolved: bool = False) -> List[Case]:
    query = sa.select(Case).order_by(Case.id)
    if school_id:
        query = query.where(Case.school_id == school_id)
    if not include_resolved:
        query = query.where(Case.status != "resolved")
    return list(session.execute(query).scalars())


class RasaConversations:
    """Rasa's conversation API, with the token."""

    def __init__(self, settings: Settings, http: aiohttp.ClientSession) -> None:
        self._base = settings.rasa_url
        self._token = rasa_token(settings)
        self._http = http

    async def _post_events(self, conversation_id: str, events: List[Dict[str, Any]]) -> None:
        url = f"{self._base}/conversations/{conversation_id}/tracker/events"
        params = {"output_channel": "latest", "execute_side_effects": "true", "token": self._token}
        async with self._http.post(url, params=params, json=events) as resp:
            if resp.status != 200:
                raise StaffActionError(f"Rasa refused the message (status {resp.status})")

    async def send_staff_message(self, conversation_id: str, staff_name: str, text: str) -> None:
        await self._post_events(conversation_id, [{"event": "bot", "text": text, "metadata": {"staff_name": staff_name}}])

    async def pause(self, conversation_id: str, case_id: int) -> None:
        """Keep the assistant quiet while staff have this case (urgent cases are paused when opened)."""
        await self._post_events(conversation_id, [{"event": "slot", "name": "handoff_case_id", "value": case_id}])

    async def hand_back(self, conversation_id: str, hwbl_name: str) -> None:
        await self._post_events(conversation_id, [
            {"event": "slot", "name": "handoff_case_id", "value": None},
            {"event": "bot", "text": HANDED_BACK.format(name=hwbl_name)},
        ])

    async def transcript(self, conversation_id: str) -> List[Dict[str, Any]]:
        url = f"{self._base}/conversations/{conversation_id}/tracker"
        async with self._http.get(url, params={"token": self._token}) as resp:
            if resp.status != 200:
                raise StaffActionError(f"Rasa refused the transcript (status {resp.status})")
            events = (await resp.json())["events"]
        return [
            {"who": "parent" if e["event"] == "user" else ("staff" if (e.get("metadata") or {}).get("staff_name") else "assistant"),
             "text": e.get("text"), "at": e.get("timestamp"),
             "risk": ((e.get("parse_data") or {}).get("risk") or {}).get("level")}
            for e in events if e["event"] in ("user", "bot") and e.get("text")
        ]
