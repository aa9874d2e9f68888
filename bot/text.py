"""Checks on text that comes from outside, before it reaches Rasa."""
from __future__ import annotations

import re
import unicodedata

MAX_MESSAGE_CHARS = 4000
_CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_.:+-]{8,128}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


class BadMessage(ValueError):
    """A message the assistant cannot take, with a reason fit to show the sender."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.status = status


def clean_parent_text(raw: object) -> str:
    """Plain text a parent wrote, made safe for Rasa.

    A leading "/" would make Rasa read the rest as an intent ("/restart" would end a
    handoff), so it is removed: "/restart" reaches the assistant as the word "restart".
    """
    if not isinstance(raw, str):
        raise BadMessage("The message must be text.")
    text = unicodedata.normalize("NFC", _CONTROL.sub("", raw)).strip()
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadMessage(
            f"The message is too long: please keep it under {MAX_MESSAGE_CHARS} characters.", 413
        )
    text = text.lstrip("/\\ \t\r\n")
    if not text:
        raise BadMessage("The message is empty.")
    return text


def valid_conversation_id(raw: object) -> bool:
    return isinstance(raw, str) and bool(_CONVERSATION_ID.match(raw))
