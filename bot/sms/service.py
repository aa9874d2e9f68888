"""One text from a parent, from its recorded row to the reply, without losing it.

The bot service's webhook records the text (sms_inbound, keyed by Twilio's MessageSid; see
bot.sms.receiver) and hands its id to the Rasa process; here a task claims the row, runs the
turn through Rasa and texts the replies. Rows whose hand-over failed, or that a crash left
behind, are taken up at start-up and by a sweep every minute, by whichever replica claims them
first.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered

from bot.alerts.routing import sms_enabled
from bot.checkins.commands import Command, apply_command, parse_command
from bot.db.engine import make_session_factory, transaction
from bot.db.models import SmsInbound, utcnow
from bot.schools import School, default_school
from bot.settings import Settings
from bot.sms import store
from bot.sms.keywords import keyword_kind, keyword_reply
from bot.sms.sender import SmsSender
from bot.sms.shaping import map_choice, shape_turn
from bot.text import BadMessage, clean_parent_text

logger = logging.getLogger(__name__)
TEXT_ONLY = "Sorry, I can only read text messages. Please send your question as a text."
HOLDING_REPLY = ("Sorry, I can't answer right now. Please try again in a minute. If someone is in danger, "
                 "call 999. Samaritans are free on 116 123, day or night.")
SWEEP_EVERY = 15.0                           # seconds
ORPHANED_AFTER = dt.timedelta(seconds=60)    # a received row nobody claimed
LEASE = dt.timedelta(seconds=45)             # a claim not renewed this long: its process is gone
RENEW_EVERY = 10.0                           # seconds, while a turn runs
TURN_ATTEMPTS = 3                            # a turn that fails is tried again after 2 s, then 4 s
RETRY_TURN_AFTER = 2.0
ACTIONS_WAIT = 60.0                          # seconds, at start-up
CHANNEL = "sms"
TURNS_AT_ONCE = 2                            # texts answered at once (see _turns_gate)


class SmsService:
    def __init__(self, settings: Settings, schools: Dict[str, School], engine,
                 on_new_message: Callable[[UserMessage], Awaitable[Any]],
                 agent: Callable[[], Any] = lambda: None) -> None:
        self.settings, self.schools = settings, schools
        self.sessions = make_session_factory(engine)
        self.sender = SmsSender(settings, self.sessions) if sms_enabled(settings) else None
        self._on_new_message, self._agent = on_new_message, agent
        self._tasks: Set[asyncio.Task] = set()
        self._turns: Optional[asyncio.Semaphore] = None
        self._sweeper: Optional[asyncio.Task] = None

    # -- answering -------------------------------------------------------------------------
    def take(self, inbound_id: int) -> None:
        """Answer a recorded text in a task of its own (the bot service handed it over)."""
        self._spawn(self.process(inbound_id))

    async def process(self, inbound_id: int, status: str = "received",
                      claimed_at: Optional[dt.datetime] = None, recovering: bool = False) -> None:
        async with self._turns_gate():
            await self._process(inbound_id, status, claimed_at, recovering)

    async def _process(self, inbound_id: int, status: str, claimed_at: Optional[dt.datetime],
                       recovering: bool) -> None:
        if not await asyncio.to_thread(self._claim, inbound_id, status, claimed_at):
            return  # another task or replica has it
        row: Optional[SmsInbound] = None
        outcome, error = None, None
        renewing = asyncio.get_running_loop().create_task(self._renew_claim(inbound_id))
        try:
            row = await asyncio.to_thread(self._load, inbound_id)
            replies = await self._tracker_replies(row.conversation_id, row.message_sid) if recovering else None
            if replies is not None:
                outcome = await self._resend(row, replies, claimed_at or row.created_at)
            else:
                outcome = await self._answer(row)
        except asyncio.CancelledError:
            self._release(inbound_id)  # blocking but brief: the server is stopping
            raise
        except Exception as failure:
            logger.exception("sms: text %s could not be answered", inbound_id)
            outcome, error = "failed", type(failure).__name__
            if row is not None:  # best effort: the parent hears something
                await self._send_quietly(row.conversation_id, HOLDING_REPLY)
        finally:
            renewing.cancel()
        try:
            await asyncio.to_thread(self._finish, inbound_id, outcome, error)
        except Exception:
            logger.exception("sms: text %s: could not record that it was answered", inbound_id)

    async def _renew_claim(self, inbound_id: int) -> None:
        """Keep the claim fresh while the turn runs, so a claim that goes stale (LEASE)
        surely belongs to a process that died, and another one can take the text up soon."""
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                await asyncio.to_thread(self._renew, inbound_id)
            except Exception:
                logger.warning("sms: could not renew the claim on text %s", inbound_id)

    async def _resend(self, row: SmsInbound, replies: List[Dict[str, Any]], since: dt.datetime) -> str:
        """The turn reached Rasa's tracker before a crash: text its replies unless some were sent."""
        if await asyncio.to_thread(self._sent_since, row.conversation_id, since):
            logger.warning("sms: text %s was answered before a crash", row.id)
        else:
            logger.warning("sms: text %s reached Rasa before a crash; sending its replies again", row.id)
            await self.send_messages(row.conversation_id, replies)
        return "processed"

    async def _send_quietly(self, conversation_id: str, text: str) -> None:
        try:
            await self.send_messages(conversation_id, [{"text": text}])
        except Exception:
            logger.exception("sms: could not send the holding reply to %s", conversation_id)

    async def _answer(self, row: SmsInbound) -> str:
        """Run the turn and text the replies; 'processed' or 'failed'."""
        school = self.schools.get(row.school_id) or default_school(self.schools)
        prefix = [{"text": TEXT_ONLY}] if row.num_media else []
        kind = keyword_kind(row.body)
        if kind:
            await asyncio.to_thread(self._consent, school.id, row.conversation_id, kind)
            await self.send_messages(row.conversation_id, prefix + [{"text": keyword_reply(kind, school)}])
            return "processed"
        checkin = parse_command(row.body)
        if checkin is not None:
            reply = await asyncio.to_thread(self._checkin_command, school, row.conversation_id, checkin)
            await self.send_messages(row.conversation_id, prefix + [{"text": reply}])
            return "processed"
        contact = await asyncio.to_thread(self._contact, row.conversation_id)
        text = map_choice(row.body or "", contact.choices if contact else None)
        if text is None:
            try:
                text = clean_parent_text(row.body or "")
            except BadMessage:
                await self.send_messages(row.conversation_id, [{"text": TEXT_ONLY}])
                return "processed"
        for attempt in range(1, TURN_ATTEMPTS + 1):
            collector = CollectingOutputChannel()
            message = UserMessage(text, collector, row.conversation_id, input_channel=CHANNEL,
                                  message_id=row.message_sid, metadata={"school": school.id})
            try:
                await self._on_new_message(message)
                break
            except Exception:
                if attempt < TURN_ATTEMPTS:  # e.g. the database restarting: try the turn again
                    logger.warning("sms: Rasa could not handle text %s (attempt %d); trying again", row.id, attempt)
                    await asyncio.sleep(RETRY_TURN_AFTER * attempt)
                    continue
                logger.exception("sms: Rasa could not handle text %s", row.id)
                await self.send_messages(row.conversation_id, prefix + collector.messages + [{"text": HOLDING_REPLY}])
                return "failed"
        await self.send_messages(row.conversation_id, prefix + collector.messages)
        return "processed"

    async def send_messages(self, conversation_id: str, messages: List[Dict[str, Any]]) -> None:
        """Bot messages (a turn's, or a staff reply) shaped for SMS and texted to the parent."""
        texts, choices = shape_turn(messages)
        if not texts:
            return
        contact = await asyncio.to_thread(self._contact, conversation_id, choices)
        if contact is None:
            logger.warning("sms: no number for conversation %s; %d message(s) not sent", conversation_id, len(texts))
            return
        if self.sender is None:
            logger.error("sms: TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN are not set; replies to %s not sent", conversation_id)
            return
        for text in texts:
            await self.sender.send(school_id=contact.school_id, conversation_id=conversation_id,
                                   to=contact.phone, from_=contact.our_number, text=text)

    async def _tracker_replies(self, conversation_id: str, message_sid: str) -> Optional[List[Dict[str, Any]]]:
        """The assistant's replies to this text if Rasa's tracker has it; None if it does not."""
        agent = self._agent()
        if agent is None or getattr(agent, "tracker_store", None) is None:
            return None
        tracker = await agent.tracker_store.retrieve(conversation_id)
        events = list(tracker.events) if tracker else []
        start = next((i for i, e in enumerate(events) if getattr(e, "message_id", None) == message_sid), None)
        if start is None:
            return None
        replies: List[Dict[str, Any]] = []
        for event in events[start + 1:]:
            if isinstance(event, UserUttered):
                break
            if isinstance(event, BotUttered):
                replies.append({"text": event.text, **(event.data or {})})
        return replies

    # -- crash recovery --------------------------------------------------------------------
    async def recover(self, orphaned_after: dt.timedelta = ORPHANED_AFTER) -> int:
        """Answer texts a crash left behind; how many were found."""
        now = utcnow()
        rows = await asyncio.to_thread(self._unanswered, now - orphaned_after, now - LEASE)
        for row_id, status, claimed_at in rows:
            await self.process(row_id, status, claimed_at, recovering=True)
        return len(rows)

    def _turns_gate(self) -> asyncio.Semaphore:
        """Texts answered at once. Rasa runs a turn on this process's event loop (it holds the
        loop while it parses and predicts) and every step writes to the database: a few at a
        time leave the loop and the database free enough for web chat turns and hand-overs
        under load, at no cost in turns per second on a few cores."""
        if self._turns is None:
            self._turns = asyncio.Semaphore(TURNS_AT_ONCE)
        return self._turns

    def open(self) -> None:
        """At server start: the Twilio client."""
        if self.sender is not None:
            self.sender.open()

    def start(self) -> None:
        """After server start: answer what a crash left behind, then sweep every minute."""
        self._sweeper = asyncio.get_running_loop().create_task(self._sweep())

    async def _sweep(self) -> None:
        await self._actions_ready()
        orphaned_after = dt.timedelta(0)  # at start-up nothing of this process is in flight
        while True:
            try:
                found = await self.recover(orphaned_after)
                if found:
                    logger.warning("sms: took up %d unanswered text(s)", found)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("sms: sweep for unanswered texts failed")
            orphaned_after = ORPHANED_AFTER
            await asyncio.sleep(SWEEP_EVERY)

    async def _actions_ready(self, timeout: float = ACTIONS_WAIT) -> None:
        """At start-up, wait (a while) for the action server: a turn run before it answers
        would start the session without the school's details."""
        endpoint = getattr(self._agent(), "action_endpoint", None)
        url = getattr(endpoint, "url", None)
        if not url:
            return
        health = url.rsplit("/", 1)[0] + "/health"
        deadline = asyncio.get_running_loop().time() + timeout
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3)) as http:
            while asyncio.get_running_loop().time() < deadline:
                try:
                    async with http.get(health) as resp:
                        if resp.status == 200:
                            return
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    pass
                await asyncio.sleep(1)

    async def stop(self, grace: float = 8.0) -> None:
        """Let turns in flight finish for a moment; the rest go back to 'received'."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            await asyncio.wait({self._sweeper}, timeout=2)
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=2)
        if self.sender is not None:
            await self.sender.close()

    # -- small database steps (run in threads) ---------------------------------------------
    def _spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _claim(self, inbound_id: int, status: str, claimed_at: Optional[dt.datetime]) -> bool:
        with transaction(self.sessions) as session:
            return store.claim_inbound(session, inbound_id, status, claimed_at)

    def _load(self, inbound_id: int) -> SmsInbound:
        with self.sessions() as session:
            return session.get(SmsInbound, inbound_id)

    def _finish(self, inbound_id: int, status: str, error: Optional[str]) -> None:
        with transaction(self.sessions) as session:
            store.finish_inbound(session, inbound_id, status, error)

    def _release(self, inbound_id: int) -> None:
        try:
            with transaction(self.sessions) as session:
                store.release_inbound(session, inbound_id)
        except Exception:
            logger.exception("sms: could not release text %s", inbound_id)

    def _renew(self, inbound_id: int) -> None:
        with transaction(self.sessions) as session:
            store.renew_claim(session, inbound_id)

    def _sent_since(self, conversation_id: str, since: Optional[dt.datetime]) -> bool:
        with self.sessions() as session:
            return store.sent_since(session, conversation_id, since)

    def _unanswered(self, received_before: dt.datetime, processing_before: dt.datetime) -> list:
        with self.sessions() as session:
            return [(r.id, r.status, r.claimed_at) for r in store.unanswered(session, received_before, processing_before)]

    def _contact(self, conversation_id: str, choices: Any = ...):
        """The contact row (detached); with `choices`, the choices just offered are stored too."""
        with transaction(self.sessions) as session:
            if choices is not ...:
                store.set_choices(session, conversation_id, choices)
            return store.contact(session, conversation_id)

    def _consent(self, school_id: str, conversation_id: str, kind: str) -> None:
        with transaction(self.sessions) as session:
            store.record_consent(session, school_id, conversation_id, kind)

    def _checkin_command(self, school: School, conversation_id: str, command: Command) -> str:
        with transaction(self.sessions) as session:
            return apply_command(session, school, conversation_id, command)
