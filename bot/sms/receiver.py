"""Receiving a text from a parent: record it, answer Twilio, then hand it over to be answered.

Twilio's webhooks are best sent to the bot service, which does no NLU, so Twilio's answer never
waits behind Rasa's own work; its hand-over asks the Rasa process to answer the text (POST
/webhooks/sms/process with RASA_TOKEN, `RasaHandOver`). The Rasa channel takes the same
webhooks too (the interface in DESIGN.md) and hands texts to its own service directly. A text
is recorded in sms_inbound (unique on MessageSid, so Twilio's retries are dropped) before
Twilio is answered; if the hand-over fails, Rasa's sweep of unanswered texts takes it up
within two minutes.

Texts that arrive together are recorded together, in one transaction: a commit waits for the
disk (and on SQLite for the one writer's lock), so twenty texts at once cost one or two
commits, not twenty in a queue.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Awaitable, Callable, Dict, List, Optional, Set, Tuple, Union

import aiohttp
import sqlalchemy as sa

from bot.db.engine import make_engine, make_session_factory, transaction
from bot.db.models import SmsInbound
from bot.runtime import Runtime
from bot.schools import School, default_school
from bot.settings import rasa_token
from bot.sms import store
from bot.sms.webhook import DeliveryStatus, InboundText

logger = logging.getLogger(__name__)
PROCESS_PATH = "/webhooks/sms/process"
HAND_OVER_TIMEOUT = 10.0  # seconds; Rasa answers at once, before it runs the turn
BATCH = 100               # texts recorded in one transaction at most
FAILED = "error"          # a text that could not be recorded
Recorded = Union[int, None, str]  # the new row's id, None for a repeated MessageSid, or FAILED
HandOver = Callable[[int], Awaitable[bool]]  # answer this recorded text; False if it could not ask


class RasaHandOver:
    """The bot service's hand-over: ask the Rasa process to answer a recorded text."""

    def __init__(self, runtime: Runtime, http: aiohttp.ClientSession) -> None:
        self._settings = runtime.settings
        self._http = http
        self._process_url = runtime.settings.rasa_url + PROCESS_PATH
        self._auth: Optional[dict] = None  # read when first needed: it may be a file in var/

    async def __call__(self, inbound_id: int) -> bool:
        """False if Rasa could not be asked (the text stays 'received' and the sweep answers it)."""
        self._auth = self._auth or {"Authorization": f"Bearer {rasa_token(self._settings)}"}
        try:
            async with self._http.post(self._process_url, json={"inbound_id": inbound_id}, headers=self._auth,
                                       timeout=aiohttp.ClientTimeout(total=HAND_OVER_TIMEOUT)) as resp:
                if resp.status == 202:
                    return True
                reason = f"status {resp.status}"
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            reason = type(error).__name__
        logger.warning("sms: could not hand text %s to Rasa (%s); the sweep will answer it", inbound_id, reason)
        return False


class SmsReceiver:
    def __init__(self, runtime: Runtime, hand_over: HandOver) -> None:
        self.runtime = runtime
        self.hand_over = hand_over
        if not runtime.settings.twilio_auth_token:
            logger.error("sms: TWILIO_AUTH_TOKEN is not set: every SMS webhook will be refused")
        # Its own connections, kept open (SQLite's are otherwise opened for every transaction),
        # and its own thread: recording never waits behind the service's other work.
        self._engine = make_engine(runtime.settings.database_url, pooled=True)
        self._sessions = make_session_factory(self._engine)
        self._recorder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sms-record")
        self._waiting: List[Tuple[InboundText, "asyncio.Future[str]"]] = []
        self._recording: Optional[asyncio.Task] = None
        self._tasks: Set[asyncio.Task] = set()

    def school_for(self, our_number: str) -> School:
        """The school whose Twilio number was texted; the default school for any other."""
        return self.runtime.school_for_number(our_number) or default_school(self.runtime.schools)

    def accept(self, text: InboundText) -> "asyncio.Future[str]":
        """Record a text and hand it to Rasa, in tasks of their own: the webhook's request may be
        cancelled (Twilio hangs up) and the text must be answered all the same. Call this before
        the request handler first awaits. The future says 'new', 'duplicate' or 'error' once the
        text is recorded (or could not be)."""
        recorded = asyncio.get_running_loop().create_future()
        self._waiting.append((text, recorded))
        if self._recording is None or self._recording.done():  # else it takes this text next
            self._recording = self._spawn(self._record_waiting())
        return recorded

    async def _record_waiting(self) -> None:
        """Record every waiting text, a batch a transaction, one transaction at a time."""
        while self._waiting:
            batch, self._waiting = self._waiting[:BATCH], self._waiting[BATCH:]
            try:
                results = await asyncio.get_running_loop().run_in_executor(
                    self._recorder, self.record_all, [text for text, _ in batch])
            except asyncio.CancelledError:  # stopping: Twilio will send these again
                for _, recorded in batch + self._waiting:
                    if not recorded.done():
                        recorded.set_result(FAILED)
                self._waiting = []
                raise
            for (_, recorded), result in zip(batch, results):
                recorded.set_result(FAILED if result == FAILED else "duplicate" if result is None else "new")
                if isinstance(result, int):
                    self._spawn(self.hand_over(result))

    def record_all(self, texts: List[InboundText]) -> List[Recorded]:
        """Record texts in one transaction (one commit); one at a time if that fails (say a
        MessageSid another replica recorded between our check and our insert)."""
        try:
            return self._record_together(texts)
        except Exception as error:
            logger.warning("sms: recording %d text(s) at once failed (%s); trying one at a time",
                           len(texts), type(error).__name__)
        results: List[Recorded] = []
        for text in texts:
            try:
                results.append(self._record_together([text])[0])
            except Exception:
                logger.exception("sms: could not record a text")
                results.append(FAILED)
        return results

    def _record_together(self, texts: List[InboundText]) -> List[Recorded]:
        first_of: Dict[str, int] = {}  # a MessageSid twice in one batch: its first text is new
        for index, text in enumerate(texts):
            first_of.setdefault(text.message_sid, index)
        results: List[Recorded] = [None] * len(texts)
        with transaction(self._sessions) as session:
            known = set(session.execute(sa.select(SmsInbound.message_sid)
                                        .where(SmsInbound.message_sid.in_(list(first_of)))).scalars())
            for sid, index in first_of.items():
                if sid not in known:
                    results[index] = self._add(session, texts[index])
        return results

    def _add(self, session, text: InboundText) -> int:
        school = self.school_for(text.our_number)
        conversation_id = store.conversation_id_for(text.phone, school.id, self.runtime.settings.secret_key)
        store.remember_contact(session, conversation_id, school.id, text.phone, text.our_number)
        return store.add_inbound(session, message_sid=text.message_sid, school_id=school.id,
                                 conversation_id=conversation_id, body=text.body, num_media=text.num_media).id

    async def record_status(self, update: DeliveryStatus) -> None:
        """A delivery status callback from Twilio."""
        def record() -> None:
            with transaction(self.runtime.sessions) as session:
                row = store.outbound_for_callback(session, update.outbound_id, update.message_sid)
                if row is not None:
                    error = f"twilio error {update.error_code}" if update.error_code else None
                    store.update_outbound(session, row, update.status, provider_id=update.message_sid, error=error)

        await asyncio.to_thread(record)

    def _spawn(self, coroutine) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def stop(self, grace: float = 5.0) -> None:
        """Let texts being recorded and handed over finish; a text recorded but not handed over
        is answered by Rasa's sweep."""
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=2)
        self._recorder.shutdown(wait=True)
        self._engine.dispose()
