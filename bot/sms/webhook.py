"""What Twilio's webhooks send: the signature check and the fields taken from the form.

Used by the bot service's SMS routes (bot/web/sms.py); nothing here imports Rasa.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qs

from sanic.request import Request

from bot.settings import Settings

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_FORM_BYTES = 64 * 1024
_ADDRESS = re.compile(r"^[A-Za-z0-9:+._-]{3,40}$")
_SID = re.compile(r"^[A-Za-z0-9]{10,64}$")
_STATUS = re.compile(r"^[a-z_]{3,20}$")


@dataclass(frozen=True)
class InboundText:
    """What the webhook takes from Twilio's form."""

    message_sid: str
    phone: str
    our_number: str
    body: Optional[str]
    num_media: int


@dataclass(frozen=True)
class DeliveryStatus:
    """A delivery status callback: `outbound_id` is our row id, put in the callback URL we gave."""

    outbound_id: Optional[int]
    message_sid: str
    status: str
    error_code: Optional[str]


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


def delivery_status(params: Dict[str, Any], outbound: str) -> Optional[DeliveryStatus]:
    sid, state = params.get("MessageSid") or "", params.get("MessageStatus") or ""
    if not (_SID.match(sid) and _STATUS.match(state)):
        return None
    outbound_id = int(outbound) if outbound.isdigit() and len(outbound) < 10 else None
    return DeliveryStatus(outbound_id, sid, state, params.get("ErrorCode"))
