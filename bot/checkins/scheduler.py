"""Sends due check-ins through Rasa, once per parent and week, from any number of replicas.

Each due check-in is claimed by inserting its (subscription, week) row: the unique key lets
one process, once, win it, across restarts and replicas. The question is then asked through
Rasa's HTTP API (an external intent), so it is in the conversation and its numbered choices
are mapped back when the parent replies.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Awaitable, Callable, Dict, List, Optional

import aiohttp
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.cases import open_cases_for
from bot.checkins import store
from bot.checkins.timing import due_period
from bot.db.engine import transaction
from bot.db.models import CheckinSubscription
from bot.schools import School
from bot.settings import Settings, rasa_token
from bot.sms.store import may_send_proactive

logger = logging.getLogger(__name__)
CHECKIN_INTENT = "EXTERNAL_checkin_due"
EVERY = 60.0        # seconds between runs
FIRST_AFTER = 30.0  # seconds after start-up: Rasa and the action server are loading


async def _stopped(stop: asyncio.Event, seconds: float) -> bool:
    """Wait `seconds` unless stopped first; whether it was stopped."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
        return True
    except asyncio.TimeoutError:
        return False


class RasaUnreachable(Exception):
    """Nothing reached Rasa: the check-in can safely be tried again."""


@dataclass(frozen=True)
class Due:
    checkin_id: int
    conversation_id: str


class RasaCheckinTrigger:
    """Asks the check-in question in a conversation: Rasa's trigger_intent, texted by SMS.

    A form the parent left half-filled (days ago) is set aside first: otherwise the form
    would take the trigger for the parent's answer to its question."""

    def __init__(self, settings: Settings, http: aiohttp.ClientSession) -> None:
        self._base, self._token, self._http = settings.rasa_url, rasa_token(settings), http

    async def __call__(self, conversation_id: str) -> None:
        conversation = f"{self._base}/conversations/{conversation_id}"
        try:
            state = await self._call("GET", f"{conversation}/tracker", {"include_events": "NONE"})
            if (state.get("active_loop") or {}).get("name"):
                await self._call("POST", f"{conversation}/tracker/events", {}, [
                    {"event": "active_loop", "name": None},
                    {"event": "slot", "name": "requested_slot", "value": None}])
        except aiohttp.ClientConnectorError as error:
            raise RasaUnreachable(str(error)) from None
        except RuntimeError as error:
            raise RasaUnreachable(f"nothing asked yet: {error}") from None
        try:
            await self._call("POST", f"{conversation}/trigger_intent", {"output_channel": "sms"},
                             {"name": CHECKIN_INTENT})
        except aiohttp.ClientConnectorError as error:
            raise RasaUnreachable(str(error)) from None

    async def _call(self, method: str, url: str, params: dict, body=None) -> dict:
        async with self._http.request(method, url, params={**params, "token": self._token}, json=body) as resp:
            if resp.status != 200:
                raise RuntimeError(f"Rasa answered {resp.status}")
            return await resp.json()


class CheckinScheduler:
    def __init__(self, sessions: sessionmaker, schools: Dict[str, School],
                 ask: Callable[[str], Awaitable[None]],
                 clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)) -> None:
        self._sessions, self._schools, self._ask, self._clock = sessions, schools, ask, clock

    async def run_once(self, now: Optional[dt.datetime] = None) -> int:
        """Claim and send what is due now; how many were sent."""
        due = await asyncio.to_thread(self.claim_due, now or self._clock())
        sent = 0
        for item in due:
            sent += await self._send(item)
        return sent

    async def run_forever(self, stop: asyncio.Event, interval: float = EVERY, first_after: float = 0.0) -> None:
        if first_after and await _stopped(stop, first_after):
            return
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                logger.exception("check-ins: a run failed")
            await _stopped(stop, interval)

    def claim_due(self, now: dt.datetime) -> List[Due]:
        with self._sessions() as session:
            due = [(row, self._period(row, now)) for row in store.active_subscriptions(session)]
            due = [(row, period) for row, period in due if period is not None]
            claimed_before = store.claimed(session, {period for _, period in due})
            candidates = [(row.id, row.conversation_id) for row, period in due
                          if (row.id, period) not in claimed_before]
        claimed = []
        for subscription_id, conversation_id in candidates:
            try:
                with transaction(self._sessions) as session:
                    checkin_id = self._claim_one(session, subscription_id, now)
            except IntegrityError:
                continue  # another process, or an earlier run, has this week's
            if checkin_id is not None:
                claimed.append(Due(checkin_id, conversation_id))
        return claimed

    def _claim_one(self, session, subscription_id: int, now: dt.datetime) -> Optional[int]:
        row = session.get(CheckinSubscription, subscription_id)
        period = self._period(row, now) if row is not None and row.status == "active" else None
        if period is None or not may_send_proactive(session, row.conversation_id):
            return None
        if open_cases_for(session, row.conversation_id):
            return None  # a person has this family's conversation: no automated question
        return store.claim(session, row, period)

    def _period(self, row, now: dt.datetime) -> Optional[str]:
        school = self._schools.get(row.school_id)
        if school is None:
            return None
        return due_period(store.weekly_time(row), school, now, row.active_from)

    async def _send(self, item: Due) -> int:
        try:
            await self._ask(item.conversation_id)
        except RasaUnreachable as error:
            logger.warning("check-ins: Rasa is not reachable; will try again: %s", error)
            await asyncio.to_thread(self._finish, item.checkin_id, None, None)
            return 0
        except Exception as error:  # it may have reached the parent: never sent twice
            logger.error("check-in %s failed: %s", item.checkin_id, error)
            await asyncio.to_thread(self._finish, item.checkin_id, "failed", f"{type(error).__name__}: {error}")
            return 0
        await asyncio.to_thread(self._finish, item.checkin_id, "sent", None)
        return 1

    def _finish(self, checkin_id: int, status: Optional[str], error: Optional[str]) -> None:
        with transaction(self._sessions) as session:
            if status is None:
                store.release(session, checkin_id)
            else:
                store.mark(session, checkin_id, status, error)
