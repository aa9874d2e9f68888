"""The bot service's side of a text from a parent: record it, then hand it to Rasa.

Twilio's webhooks come to the bot service, which does no NLU, so Twilio's answer never waits
behind Rasa's own work. A text is recorded in sms_inbound in one transaction (unique on
MessageSid, so Twilio's retries are dropped) before Twilio is answered, then handed to the Rasa
process (POST /webhooks/sms/process with RASA_TOKEN), which answers it (bot.sms.service). If
that call fails, Rasa's sweep of unanswered texts takes it up within two minutes.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Optional, Set

import aiohttp
from sqlalchemy.exc import IntegrityError

from bot.db.engine import transaction
from bot.db.models import SmsInbound
from bot.runtime import Runtime
from bot.schools import School, default_school
from bot.settings import rasa_token
from bot.sms import store
from bot.sms.webhook import DeliveryStatus, InboundText

logger = logging.getLogger(__name__)
PROCESS_PATH = "/webhooks/sms/process"
HAND_OVER_TIMEOUT = 10.0  # seconds; Rasa answers at once, before it runs the turn
RECORDERS = 4             # threads that record texts: never queued behind the service's other work


class SmsReceiver:
    def __init__(self, runtime: Runtime, http: aiohttp.ClientSession) -> None:
        self.runtime = runtime
        self._http = http
        self._process_url = runtime.settings.rasa_url + PROCESS_PATH
        self._auth: Optional[dict] = None  # read when first needed: it may be a file in var/
        self._recorder = ThreadPoolExecutor(max_workers=RECORDERS, thread_name_prefix="sms-record")
        self._tasks: Set[asyncio.Task] = set()

    def school_for(self, our_number: str) -> School:
        """The school whose Twilio number was texted; the default school for any other."""
        return self.runtime.school_for_number(our_number) or default_school(self.runtime.schools)

    def accept(self, text: InboundText) -> "asyncio.Future[str]":
        """Record a text and hand it to Rasa, in a task of its own: the webhook's request may be
        cancelled (Twilio hangs up) and the text must be answered all the same. Call this before
        the request handler first awaits. The future says 'new', 'duplicate' or 'error' once the
        text is recorded (or could not be)."""
        recorded = asyncio.get_running_loop().create_future()
        task = asyncio.get_running_loop().create_task(self._record_and_hand_over(text, recorded))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return recorded

    async def _record_and_hand_over(self, text: InboundText, recorded: "asyncio.Future[str]") -> None:
        try:
            inbound_id = await asyncio.get_running_loop().run_in_executor(self._recorder, self.record, text)
        except Exception:
            logger.exception("sms: could not record a text")
            recorded.set_result("error")
            return
        recorded.set_result("duplicate" if inbound_id is None else "new")
        if inbound_id is not None:
            await self.hand_over(inbound_id)

    def record(self, text: InboundText) -> Optional[int]:
        """The new row's id, or None when this MessageSid was recorded before. One transaction
        (one commit) in the usual case: the webhook waits for it before answering Twilio."""
        school = self.school_for(text.our_number)
        conversation_id = store.conversation_id_for(text.phone, school.id, self.runtime.settings.secret_key)
        sessions = self.runtime.sessions
        for attempt in (1, 2):  # two first texts from one number at once both insert the contact
            try:
                with transaction(sessions) as session:
                    store.remember_contact(session, conversation_id, school.id, text.phone, text.our_number)
                    return store.add_inbound(session, message_sid=text.message_sid, school_id=school.id,
                                             conversation_id=conversation_id, body=text.body,
                                             num_media=text.num_media).id
            except IntegrityError:
                with sessions() as session:
                    if session.query(SmsInbound.id).filter_by(message_sid=text.message_sid).first():
                        return None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def hand_over(self, inbound_id: int) -> bool:
        """Ask the Rasa process to answer a recorded text; False if it could not be asked (the
        text stays 'received' and Rasa's sweep answers it)."""
        self._auth = self._auth or {"Authorization": f"Bearer {rasa_token(self.runtime.settings)}"}
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

    async def record_status(self, update: DeliveryStatus) -> None:
        """A delivery status callback from Twilio."""
        def record() -> None:
            with transaction(self.runtime.sessions) as session:
                row = store.outbound_for_callback(session, update.outbound_id, update.message_sid)
                if row is not None:
                    error = f"twilio error {update.error_code}" if update.error_code else None
                    store.update_outbound(session, row, update.status, provider_id=update.message_sid, error=error)

        await asyncio.to_thread(record)

    async def stop(self, grace: float = 5.0) -> None:
        """Let texts being recorded and handed over finish; a text recorded but not handed over
        is answered by Rasa's sweep."""
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in pending:
                task.cancel()
        self._recorder.shutdown(wait=False)
