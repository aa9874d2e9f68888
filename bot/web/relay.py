"""Parents' web chat messages to Rasa's `webchat` channel and the replies back into the log.

A message is stored before Rasa sees it. If Rasa cannot be reached it stays queued and the
sweeper tries again with backoff; the widget reads the answer from the log when it comes.
Long polls are woken at once when a reply is stored: in this process directly, in others
through Redis when it is configured, and otherwise at their next check of the database.
"""
from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Awaitable, Callable, Dict, List, Optional

import aiohttp
from sqlalchemy.orm import sessionmaker

from bot import web_outbox, web_queue
from bot.db.engine import transaction
from bot.db.models import WebInbound

logger = logging.getLogger(__name__)
SWEEP_INTERVAL_S = 2.0


class Notifier:
    """Wakes the long polls of one conversation: in this process, and through `publisher`
    (Redis, bot/web/wakeups.py) in the others."""

    def __init__(self) -> None:
        self._events: Dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.publisher: Optional[Callable[[str], Awaitable[None]]] = None

    def notify(self, conversation_id: str) -> None:
        self.notify_local(conversation_id)
        if self.publisher is not None:
            asyncio.ensure_future(self.publisher(conversation_id))

    def notify_local(self, conversation_id: str) -> None:
        event = self._events.pop(conversation_id, None)
        if event is not None:
            event.set()

    async def wait(self, conversation_id: str, timeout: float) -> None:
        event = self._events[conversation_id]
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except asyncio.TimeoutError:
            pass


class WebRelay:
    def __init__(self, sessions: sessionmaker, rasa_url: str, http: aiohttp.ClientSession, notifier: Notifier) -> None:
        self._sessions = sessions
        self._webhook = f"{rasa_url}/webhooks/webchat/webhook"
        self._http = http
        self.notifier = notifier

    async def answer(self, inbound_id: int) -> Optional[List[dict]]:
        """Send one claimed message to Rasa; the stored replies, or None if it is queued again."""
        row = await asyncio.to_thread(self._load, inbound_id)
        payload = {"sender": row.conversation_id, "message": row.text, "message_id": row.client_id,
                   "metadata": {"school": row.school_id}}
        try:
            # The proxy in front of several Rasa replicas keeps a conversation on one (sticky).
            sticky = {"X-Conversation-Id": row.conversation_id}
            async with self._http.post(self._webhook, json=payload, headers=sticky) as resp:
                if resp.status == 200:
                    replies = await resp.json()
                    return await asyncio.to_thread(self._store_replies, row, replies)
                error = f"rasa answered with status {resp.status}"
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            error = f"rasa could not be reached: {type(exc).__name__}"
        logger.warning("web chat message %s queued again: %s", inbound_id, error)
        await asyncio.to_thread(self._retry_later, inbound_id, error)
        return None

    def _load(self, inbound_id: int) -> WebInbound:
        with transaction(self._sessions) as session:
            return session.get(WebInbound, inbound_id)

    def _store_replies(self, row: WebInbound, replies: object) -> List[dict]:
        stored = []
        with transaction(self._sessions) as session:
            for reply in replies if isinstance(replies, list) else []:
                payload = {"from": "assistant", "reply_to": row.client_id}
                payload.update({k: reply[k] for k in ("text", "buttons") if isinstance(reply, dict) and reply.get(k)})
                if "text" in payload or "buttons" in payload:
                    stored.append(web_outbox.store(session, school_id=row.school_id,
                                                   conversation_id=row.conversation_id, payload=payload))
            web_queue.answered(session, row.id)
            session.flush()
            result = [dict(message.payload, id=message.id) for message in stored]
        self.notifier.notify(row.conversation_id)
        return result

    def _retry_later(self, inbound_id: int, error: str) -> None:
        with transaction(self._sessions) as session:
            web_queue.retry_later(session, inbound_id, error)

    def _claim_due(self) -> List[int]:
        claimed = []
        with transaction(self._sessions) as session:
            for inbound_id, _conversation in web_queue.due(session):
                if web_queue.claim(session, inbound_id):
                    claimed.append(inbound_id)
        return claimed

    async def sweep_forever(self, stop: asyncio.Event) -> None:
        """Try queued messages again until `stop` is set."""
        while not stop.is_set():
            try:
                for inbound_id in await asyncio.to_thread(self._claim_due):
                    await self.answer(inbound_id)
            except Exception:  # keep sweeping: a database hiccup must not stop delivery for good
                logger.exception("web chat sweeper failed; trying again shortly")
            try:
                await asyncio.wait_for(stop.wait(), SWEEP_INTERVAL_S)
            except asyncio.TimeoutError:
                pass
