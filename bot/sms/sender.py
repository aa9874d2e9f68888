"""Texts to parents through Twilio's asynchronous client: retried on 429 and 5xx with
backoff, every attempt's outcome recorded in sms_outbound (length, never the text)."""
from __future__ import annotations

import asyncio
import logging
import re
from functools import lru_cache
from typing import Optional

import aiohttp
from sqlalchemy.orm import sessionmaker

from bot import safety
from bot.alerts.transports import DeliveryError, SmsTransport, retryable_status
from bot.db.engine import transaction
from bot.db.models import SmsOutbound
from bot.sms import store
from bot.sms_text import segment_count
from bot.settings import Settings

logger = logging.getLogger(__name__)
ATTEMPTS = 5
FIRST_BACKOFF = 0.5  # seconds, doubled each time: 0.5, 1, 2, 4
SEND_TIMEOUT = 20.0
_NUMBER = re.compile(r"\d[\d ]{3,}\d")


@lru_cache(maxsize=1)
def crisis_numbers() -> frozenset:
    """999 and every number in the crisis lines the assistant gives (bot.safety)."""
    found = {"999", "116 123", "85258", "NHS 111"}
    for line in list(safety.CRISIS_LINES.values()) + [safety.NINE_NINE_NINE]:
        found.update(n.strip() for n in _NUMBER.findall(line))
    return frozenset(found)


def is_safety_text(text: str) -> bool:
    """A text that carries 999 or a crisis line: its failure must show on the case."""
    return any(number in text for number in crisis_numbers())


class SmsSender:
    def __init__(self, settings: Settings, sessions: sessionmaker) -> None:
        self._transport = SmsTransport(settings, timeout=SEND_TIMEOUT)  # makes the client, closes it
        self._sessions = sessions
        public = settings.public_url
        self._callback = f"{public}/webhooks/sms/status" if public.startswith("https://") else None

    def open(self) -> None:
        """Make the Twilio client now (inside the running loop, as aiohttp wants)."""
        self._transport.client()

    async def send(self, *, school_id: str, conversation_id: str, to: str, from_: str, text: str) -> str:
        """Send one SMS; returns its final recorded status ('queued', 'sent', ... or 'failed')."""
        row_id = await asyncio.to_thread(self._add, school_id, conversation_id, text)
        extra = {"status_callback": f"{self._callback}?o={row_id}"} if self._callback else {}
        delay, error = FIRST_BACKOFF, None
        for attempt in range(1, ATTEMPTS + 1):
            try:
                message = await self._create(to=to, from_=from_, body=text, **extra)
            except DeliveryError as failure:
                error = failure
                logger.warning("sms to %s: attempt %d failed: %s", conversation_id, attempt, failure.reason)
                if not failure.retryable or attempt == ATTEMPTS:
                    break
                await asyncio.sleep(delay)
                delay *= 2
                continue
            status = str(message.status or "queued")
            await asyncio.to_thread(self._update, row_id, status, attempt, message.sid, None)
            return status
        await asyncio.to_thread(self._update, row_id, "failed", attempt, None, error.reason if error else None)
        logger.error("sms to %s failed after %d attempt(s)", conversation_id, attempt)
        return "failed"

    async def _create(self, **kwargs):
        from twilio.base.exceptions import TwilioException, TwilioRestException

        client = self._transport.client()
        try:
            return await asyncio.wait_for(client.messages.create_async(**kwargs), SEND_TIMEOUT)
        except TwilioRestException as error:
            raise DeliveryError(f"twilio {error.status} (code {error.code}): {error.msg}",
                                retryable_status(error.status)) from None
        except asyncio.TimeoutError:
            raise DeliveryError(f"twilio did not answer in {SEND_TIMEOUT:.0f}s", True) from None
        except (aiohttp.ClientError, OSError, TwilioException, ValueError) as error:
            raise DeliveryError(f"twilio unreachable: {type(error).__name__}", True) from None

    def _add(self, school_id: str, conversation_id: str, text: str) -> int:
        with transaction(self._sessions) as session:
            return store.add_outbound(session, school_id=school_id, conversation_id=conversation_id,
                                      length=len(text), segments=segment_count(text),
                                      safety=is_safety_text(text)).id

    def _update(self, row_id: int, status: str, attempts: int, provider_id: Optional[str], error: Optional[str]) -> None:
        with transaction(self._sessions) as session:
            row = session.get(SmsOutbound, row_id)
            row.attempts = attempts
            store.update_outbound(session, row, status, provider_id=provider_id, error=error)

    async def close(self) -> None:
        await self._transport.close()
