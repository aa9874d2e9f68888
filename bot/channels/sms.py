"""SMS through Twilio: POST /webhooks/sms/webhook (texts) and /webhooks/sms/status (delivery).

Unlike Rasa's own Twilio channel, every request must carry a valid X-Twilio-Signature (checked
with twilio's RequestValidator against PUBLIC_URL), Twilio gets an empty TwiML answer at once,
the text is recorded before that answer and answered in a task of its own (so a dropped
connection or a crash loses nothing), a repeated MessageSid is dropped, and replies leave
through Twilio's asynchronous client. Settings come from the environment (bot.settings).
"""
from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import hardening
from bot.db.engine import make_engine
from bot.schools import load_schools
from bot.settings import Settings
from bot.sms.service import InboundText, SmsService

logger = logging.getLogger(__name__)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
_ADDRESS = re.compile(r"^[A-Za-z0-9:+._-]{3,40}$")
_SID = re.compile(r"^[A-Za-z0-9]{10,64}$")
MAX_FORM_BYTES = 64 * 1024


def signed_params(request: Request, settings: Settings) -> Optional[Dict[str, Any]]:
    """The form's parameters if X-Twilio-Signature signs them and the public URL (path and
    query string included) with our auth token; None otherwise."""
    from twilio.request_validator import RequestValidator

    signature = request.headers.get("X-Twilio-Signature")
    if not signature or not settings.twilio_auth_token:
        return None
    url = settings.public_url + request.path + (f"?{request.query_string}" if request.query_string else "")
    form = _Form(_parse_form(request))
    if not RequestValidator(settings.twilio_auth_token).validate(url, form, signature):
        return None
    return {key: values[0] for key, values in form.items()}


class _Form(dict):
    """Form values by name, as lists: RequestValidator signs every value (getlist)."""

    def getlist(self, name: str) -> List[str]:
        return self[name]


def _parse_form(request: Request) -> Dict[str, List[str]]:
    """The urlencoded body with its blank values kept (Sanic's request.form drops them, but
    Twilio signs them: a picture without words comes with Body= and must still validate)."""
    body = request.body or b""
    if "application/x-www-form-urlencoded" not in (request.content_type or "") or len(body) > MAX_FORM_BYTES:
        return {}
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        return {}


def inbound_text(params: Dict[str, Any], default_number: Optional[str]) -> Optional[InboundText]:
    sid, phone = params.get("MessageSid") or params.get("SmsSid"), (params.get("From") or "").strip()
    our_number = (params.get("To") or default_number or "").strip()
    if not (sid and _SID.match(sid) and _ADDRESS.match(phone) and _ADDRESS.match(our_number)):
        return None
    media = params.get("NumMedia") or "0"
    return InboundText(message_sid=sid, phone=phone, our_number=our_number, body=params.get("Body"),
                       num_media=min(int(media), 99) if media.isdigit() else 1)


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
        self._settings: Optional[Settings] = None

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
            if not settings.twilio_auth_token:
                logger.error("sms: TWILIO_AUTH_TOKEN is not set: every SMS webhook will be refused")
            self._engine = make_engine(settings.database_url, pooled=True)
            self._service = SmsService(settings, load_schools(settings.schools_dir), self._engine,
                                       on_new_message, agent=lambda: getattr(app.ctx, "agent", None))
            self._service.open()

        @sms.listener("after_server_start")
        async def take_up_unanswered(_app, _loop) -> None:
            self._service.start()

        @sms.listener("before_server_stop")
        async def finish_turns(_app, _loop) -> None:
            if self._service is not None:
                await self._service.stop()

        @sms.listener("after_server_stop")
        async def close_resources(_app, _loop) -> None:
            if self._engine is not None:
                self._engine.dispose()

        @sms.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sms.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            # No await before service.accept(): if Twilio hangs up, Sanic cancels this handler
            # at its next await, and the text must already be in the hands of its own task.
            params = signed_params(request, self._settings)
            if params is None:
                return response.text("Forbidden", status=403)
            text = inbound_text(params, self._settings.twilio_number)
            if text is None:
                return response.text("MessageSid, From and To are needed", status=400)
            recorded = self._service.accept(text)
            if await asyncio.shield(recorded) == "error":
                return response.text("Try again later", status=503)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        @sms.route("/status", methods=["POST"])
        async def status(request: Request) -> HTTPResponse:
            params = signed_params(request, self._settings)
            if params is None:
                return response.text("Forbidden", status=403)
            sid, state = params.get("MessageSid") or "", params.get("MessageStatus") or ""
            if not (_SID.match(sid) and re.match(r"^[a-z_]{3,20}$", state)):
                return response.text("MessageSid and MessageStatus are needed", status=400)
            outbound = request.args.get("o") or ""  # our row id, put in the callback URL we gave
            outbound_id = int(outbound) if outbound.isdigit() and len(outbound) < 10 else None
            await self._service.record_status(outbound_id, sid, state, params.get("ErrorCode"))
            return response.empty()

        return sms
