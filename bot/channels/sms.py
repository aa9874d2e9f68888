"""SMS through Twilio, the Rasa side: POST /webhooks/sms/process answers a text the bot service
recorded, and replies (staff replies and hand backs too) leave through Twilio's asynchronous client.

Twilio's webhooks are best sent to the bot service (bot/web/sms.py), which checks the signature,
records the text and answers Twilio at once, however busy Rasa is; it then hands the text's row
id to this channel with RASA_TOKEN. This channel takes the same webhooks too
(/webhooks/sms/webhook and /status, the interface in DESIGN.md), checked and recorded the same
way (bot.sms.routes), and answers those texts itself. A text whose hand-over failed is taken up
by the service's sweep. Settings come from the environment (bot.settings).
"""
from __future__ import annotations

import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import action_fallback
from bot.channels import hardening
from bot.db.engine import make_engine
from bot.runtime import close_runtime, open_runtime
from bot.schools import load_schools
from bot.settings import Settings, rasa_token
from bot.sms.receiver import SmsReceiver
from bot.sms.routes import add_twilio_routes
from bot.sms.service import SmsService

logger = logging.getLogger(__name__)


def authorised(request: Request, token: str) -> bool:
    """The bot service's call, with RASA_TOKEN as a bearer token."""
    given = request.headers.get("Authorization") or ""
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def inbound_id(request: Request) -> Optional[int]:
    """The id in {"inbound_id": N}, or None."""
    try:
        body = json.loads(request.body or b"")
    except (UnicodeDecodeError, ValueError):
        return None
    value = body.get("inbound_id") if isinstance(body, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63 else None


class SmsOutput(OutputChannel):
    """Messages sent outside a parent's turn (staff replies, hand back) through Rasa's API with
    output_channel=latest: texted at once."""

    def __init__(self, service: SmsService) -> None:
        self._service = service

    @classmethod
    def name(cls) -> str:
        return "sms"

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        await self._service.send_messages(recipient_id, [message])

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._service.send_messages(recipient_id, [{"text": text}])


class SmsInput(InputChannel):
    def __init__(self) -> None:
        self._engine = None
        self._service: Optional[SmsService] = None
        self._receiver: Optional[SmsReceiver] = None
        self._settings: Optional[Settings] = None
        self._token = ""

    @classmethod
    def name(cls) -> str:
        return "sms"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "SmsInput":
        return cls()

    def get_output_channel(self) -> Optional[OutputChannel]:
        return SmsOutput(self._service) if self._service is not None else None

    def get_metadata(self, request: Request) -> Optional[Dict[str, Any]]:
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sms = Blueprint("sms_webhook", __name__)

        @sms.listener("before_server_start")
        async def open_resources(app, _loop) -> None:
            hardening.install(app)
            logging.getLogger("twilio").setLevel(logging.WARNING)  # request lines at INFO
            settings = self._settings = Settings.from_env()
            self._token = rasa_token(settings)
            self._engine = make_engine(settings.database_url, pooled=True)
            schools = load_schools(settings.schools_dir)
            self._service = SmsService(settings, schools, self._engine,
                                       on_new_message, agent=lambda: getattr(app.ctx, "agent", None))
            self._service.open()
            runtime = open_runtime(settings)  # the safety actions run here too when the action server is away
            action_fallback.install()
            self._receiver = SmsReceiver(runtime, self._answer_here)

        @sms.listener("after_server_start")
        async def take_up_unanswered(_app, _loop) -> None:
            self._service.start()

        @sms.listener("before_server_stop")
        async def finish_turns(_app, _loop) -> None:
            if self._receiver is not None:
                await self._receiver.stop()
            if self._service is not None:
                await self._service.stop()

        @sms.listener("after_server_stop")
        async def close_resources(_app, _loop) -> None:
            if self._engine is not None:
                self._engine.dispose()
            action_fallback.uninstall()
            close_runtime()

        @sms.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sms.route("/process", methods=["POST"])
        async def process(request: Request) -> HTTPResponse:
            if not authorised(request, self._token):
                return response.json({"error": "a valid token is needed"}, status=401)
            row_id = inbound_id(request)
            if row_id is None:
                return response.json({"error": "send {\"inbound_id\": <id>}"}, status=400)
            self._service.take(row_id)  # answered in a task of its own; a second call is a no-op
            return response.json({"inbound_id": row_id}, status=202)

        add_twilio_routes(sms, receiver=lambda _request: self._receiver, settings=lambda _request: self._settings)
        return sms

    async def _answer_here(self, inbound_id: int) -> bool:
        """The hand-over of a text that came to this channel's own webhook."""
        self._service.take(inbound_id)
        return True
