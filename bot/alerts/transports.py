"""How alerts leave: SMS through Twilio's REST API, email through an SMTP server.

Every failure is a DeliveryError that says whether trying again later could help.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from typing import Dict, Optional
from urllib.parse import parse_qs, unquote, urlsplit

import aiohttp

from bot.alerts.routing import aware_utc, find_ref, sms_enabled
from bot.settings import Settings

SEND_TIMEOUT = 20.0  # seconds; must stay well below the worker's lease
RECENT = 50          # how many recent messages to a number find_sent reads
CLOCK_SKEW = dt.timedelta(minutes=2)


class DeliveryError(Exception):
    def __init__(self, reason: str, retryable: bool):
        super().__init__(reason)
        self.reason, self.retryable = reason[:500], retryable


def retryable_status(status: int) -> bool:
    return status in (408, 409, 429) or status >= 500


class SmsTransport:
    """Twilio with the SDK's asynchronous client (twilio 8.2)."""

    name = "sms"

    def __init__(self, settings: Settings, status_callback: Optional[str] = None, timeout: float = SEND_TIMEOUT):
        if not sms_enabled(settings):
            raise ValueError("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_NUMBER are needed for SMS")
        self.settings, self.status_callback, self.timeout = settings, status_callback, timeout
        self._client = None

    def client(self):
        if self._client is None:  # made inside the running loop: aiohttp wants one
            from twilio.http.async_http_client import AsyncTwilioHttpClient
            from twilio.rest import Client

            s = self.settings
            self._client = Client(s.twilio_account_sid, s.twilio_auth_token, http_client=AsyncTwilioHttpClient())
            if s.twilio_api_url:
                self._client.api.base_url = s.twilio_api_url
        return self._client

    async def send(self, to: str, body: str) -> str:
        extra = {"status_callback": self.status_callback} if self.status_callback else {}
        message = await self._call(self.client().messages.create_async(
            to=to, from_=self.settings.twilio_number, body=body, **extra))
        return message.sid

    async def find_sent(self, to: str, ref: str, since: dt.datetime) -> Optional[str]:
        """The sid of a message to `to` carrying `ref`, created since `since` (naive UTC), if any.

        Reads the latest messages without a date filter: a message Twilio still has queued has
        no date_sent yet, and it must be found all the same."""
        earliest = aware_utc(since) - CLOCK_SKEW
        messages = await self._call(self.client().messages.list_async(
            to=to, from_=self.settings.twilio_number, limit=RECENT))
        for message in messages:
            created = message.date_created
            if find_ref(ref, message.body) and (created is None or aware_utc(created) >= earliest):
                return message.sid
        return None

    async def _call(self, awaitable):
        from twilio.base.exceptions import TwilioException, TwilioRestException

        try:
            return await asyncio.wait_for(awaitable, self.timeout)
        except TwilioRestException as error:
            reason = f"twilio {error.status} (code {error.code}): {error.msg}"
            raise DeliveryError(reason, retryable_status(error.status)) from None
        except asyncio.TimeoutError:
            raise DeliveryError(f"twilio did not answer in {self.timeout:.0f}s", True) from None
        except (aiohttp.ClientError, OSError, TwilioException, ValueError) as error:
            raise DeliveryError(f"twilio unreachable: {type(error).__name__}: {error}", True) from None

    async def close(self) -> None:
        if self._client is not None:
            await self._client.http_client.close()
            self._client = None


class EmailTransport:
    """SMTP (smtp://user:pass@host:port, smtps://..., smtp+starttls://... or ?starttls=1;
    ?from=alerts@example.org sets the sender). Sent in a thread: smtplib blocks."""

    name = "email"

    def __init__(self, settings: Settings, timeout: float = SEND_TIMEOUT):
        if not settings.smtp_url:
            raise ValueError("SMTP_URL is needed for email")
        url = urlsplit(settings.smtp_url)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.scheme not in ("smtp", "smtps", "smtp+starttls"):
            raise ValueError(f"SMTP_URL must start smtp://, smtps:// or smtp+starttls://, not {url.scheme}://")
        self.host = url.hostname or "localhost"
        self.port = url.port or (465 if url.scheme == "smtps" else 587 if url.scheme == "smtp+starttls" else 25)
        self.user = unquote(url.username) if url.username else None
        self.password = unquote(url.password) if url.password else None
        self.ssl = url.scheme == "smtps"
        self.starttls = url.scheme == "smtp+starttls" or query.get("starttls", "") in ("1", "true", "yes")
        self.domain = urlsplit(settings.public_url).hostname or "localhost"
        self.sender = query.get("from") or f"alerts@{self.domain}"
        self._salt = hashlib.sha256(settings.public_url.encode()).hexdigest()[:8]
        self.timeout = timeout

    def message_id(self, idempotency_key: str) -> str:
        """The same key gives the same Message-ID, so a re-sent email is recognisably the same."""
        local = "".join(ch if ch.isalnum() or ch in "-_" else "." for ch in idempotency_key)
        return f"<{local}.{self._salt}@{self.domain}>"

    async def send(self, to: str, subject: str, body: str, message_id: str) -> str:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message["Message-ID"], message["Date"] = message_id, formatdate(usegmt=True)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(body)
        try:
            await asyncio.to_thread(self._send_blocking, message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise DeliveryError(f"smtp refused recipient: {codes}", all(c < 500 for c in codes)) from None
        except smtplib.SMTPResponseException as error:
            text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
            raise DeliveryError(f"smtp {error.smtp_code}: {text}", error.smtp_code < 500) from None
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"smtp unreachable: {type(error).__name__}: {error}", True) from None
        return message_id

    def _send_blocking(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        if self.ssl:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.starttls:
                smtp.starttls(context=context)
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)

    async def close(self) -> None:
        return None


def transports_from_settings(settings: Settings, status_callback: Optional[str] = None) -> Dict[str, object]:
    """Whatever the settings make possible: {'sms': ..., 'email': ...}, possibly empty."""
    found: Dict[str, object] = {}
    if sms_enabled(settings):
        found["sms"] = SmsTransport(settings, status_callback)
    if settings.smtp_url:
        found["email"] = EmailTransport(settings)
    return found
