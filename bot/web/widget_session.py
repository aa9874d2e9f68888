"""Web chat sessions: a random 128-bit conversation id and a token that proves it was issued here.

The token is an HMAC of the conversation id with SECRET_KEY, so nobody can read or write a
conversation without the token the server gave the browser that started it.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Optional

DEV_KEY = b"parent-support-webchat-dev-key"  # only without SECRET_KEY (the embedded default)
_PURPOSE = b"webchat-session|"


def new_conversation_id() -> str:
    return f"web-{secrets.token_hex(16)}"


def sign(secret_key: Optional[str], conversation_id: str) -> str:
    key = secret_key.encode() if secret_key else DEV_KEY
    digest = hmac.new(key, _PURPOSE + conversation_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def verify(secret_key: Optional[str], conversation_id: str, token: object) -> bool:
    if not isinstance(token, str) or len(token) > 100:
        return False
    return hmac.compare_digest(sign(secret_key, conversation_id), token)
