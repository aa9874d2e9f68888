"""Web chat sessions: a random 128-bit conversation id and a token that proves it was issued here.

The token says which school's chat it is and when it was issued, with an HMAC (SECRET_KEY) of
those and the conversation id: "<issued unix seconds>.<school id>.<mac>". Nobody can read or
write a conversation without the token the server gave the browser that started it, use it on
another school's chat, or use it after MAX_AGE (the widget then starts a new conversation).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Optional

DEV_KEY = b"parent-support-webchat-dev-key"  # only without SECRET_KEY (the embedded default)
_PURPOSE = b"webchat-session|"
# How long a conversation's token works. "Remember me on this device" keeps it in the browser
# with no end of its own, so this is the longest any web chat lasts.
MAX_AGE = dt.timedelta(days=30)


@dataclass(frozen=True)
class Issued:
    school_id: str
    issued_at: int  # unix seconds

    def expired(self, now: Optional[float] = None) -> bool:
        return (time.time() if now is None else now) - self.issued_at > MAX_AGE.total_seconds()


def new_conversation_id() -> str:
    return f"web-{secrets.token_hex(16)}"


def _mac(secret_key: Optional[str], conversation_id: str, school_id: str, issued_at: int) -> str:
    key = secret_key.encode() if secret_key else DEV_KEY
    message = _PURPOSE + f"{conversation_id}|{school_id}|{issued_at}".encode()
    return base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()).rstrip(b"=").decode()


def sign(secret_key: Optional[str], conversation_id: str, school_id: str, issued_at: Optional[int] = None) -> str:
    issued_at = int(time.time()) if issued_at is None else int(issued_at)
    return f"{issued_at}.{school_id}.{_mac(secret_key, conversation_id, school_id, issued_at)}"


def read(secret_key: Optional[str], conversation_id: str, token: object) -> Optional[Issued]:
    """The school and issue time of a token issued here for this conversation; None otherwise."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    issued, _, rest = token.partition(".")
    school_id, _, mac = rest.rpartition(".")
    if not issued.isascii() or not issued.isdigit() or not school_id or not mac.isascii():
        return None
    if not hmac.compare_digest(_mac(secret_key, conversation_id, school_id, int(issued)), mac):
        return None
    return Issued(school_id, int(issued))

