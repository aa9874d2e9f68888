"""Carrier keywords (STOP, START, HELP): what they mean and what the assistant answers.

Twilio handles STOP at the carrier level as well; the assistant records it so that it never
texts first (check-ins) after an opt-out. A parent who opted out can still text and be answered.
"""
from __future__ import annotations

from typing import Optional

from bot.schools import School

OPT_OUT = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
OPT_IN = {"START", "UNSTOP"}
HELP = {"HELP", "INFO"}


def keyword_kind(text: Optional[str]) -> Optional[str]:
    """'opt_out', 'opt_in' or 'help' for a text that is just one of the keywords, else None."""
    word = (text or "").strip().strip(".!").strip().upper()
    if word in OPT_OUT:
        return "opt_out"
    if word in OPT_IN:
        return "opt_in"
    if word in HELP:
        return "help"
    return None


def keyword_reply(kind: str, school: School) -> str:
    """GSM-7, at most two SMS segments."""
    if kind == "opt_out":
        return (f"Done. {school.short_name}'s helper won't text you first any more. "
                "You can still text us any time and we'll answer. Text START to undo this.")
    if kind == "opt_in":
        return (f"Thanks. {school.short_name}'s helper may text you now and then to check in. "
                "Text STOP at any time to end this.")
    return (f"This is {school.name}'s automated helper, not a person. Text your question any time. "
            "If someone is in danger, call 999. Samaritans are free on 116 123, day or night.")
