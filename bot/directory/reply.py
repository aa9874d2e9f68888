"""Search results as text messages in the assistant's voice: one message a service,
each at most two SMS segments of GSM-7 characters."""
from __future__ import annotations

import datetime as dt
from typing import List, Sequence

from bot.directory.search import Match
from bot.schools import UK, clock, when_text
from bot.sms_text import segment_count

MAX_SEGMENTS = 2
INTRO = "Here are some people who can help."
INTRO_ONE = "Here is someone who can help."
NONE_FOUND = (
    "I'm sorry, I could not find a service for that in our list. "
    "Family Lives are kind and free to talk to about any family worry, on 0808 800 2222. "
    "Samaritans are there day or night on 116 123."
)
_FREE_PREFIXES = ("0800", "0808", "116", "111")


def _status(match: Match, now: dt.datetime) -> str:
    if match.service.always_open:
        return "Open now, day and night."
    if match.open_now and match.until:
        until = match.until.astimezone(UK)
        day = "" if until.date() == now.astimezone(UK).date() else " tomorrow"
        return f"Open now until {clock(until.time())}{day}."
    if match.opens:
        return f"Closed now. It opens {when_text(match.opens, now)}."
    return "Closed for now."


def _contact(match: Match) -> str:
    service = match.service
    if service.phone:
        free = service.phone.replace(" ", "").startswith(_FREE_PREFIXES)
        return f"Call free on {service.phone}." if free else f"Call {service.phone}."
    if service.text:
        return f"Text {service.text}, it is free."
    site = service.website.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return f"Go to {site}"


def _languages(match: Match) -> str:
    others = [name for name in match.service.languages if name.lower() != "english"]
    if not others:
        return ""
    spoken = others[0] if len(others) == 1 else ", ".join(others[:-1]) + " and " + others[-1]
    return f"They speak {spoken} too."


def service_text(match: Match, now: dt.datetime, prefix: str = "") -> str:
    """One service as one message; the least needed details go first if it runs long."""
    service = match.service
    place = "" if service.national else f" ({service.area})"
    address = f", {service.address}" if service.address else ""
    referral = "It works by referral, and the school can help with that." if service.referral else ""
    optional = {"address": address, "languages": _languages(match), "description": service.description}
    for drop in (None, "address", "languages", "description"):
        if drop:
            optional[drop] = ""
        parts = [f"{service.name}{optional['address']}{place}.", optional["description"],
                 _status(match, now), _contact(match), referral, optional["languages"]]
        text = prefix + " ".join(part for part in parts if part)
        if segment_count(text) <= MAX_SEGMENTS:
            break
    return text


def reply_messages(matches: Sequence[Match], now: dt.datetime) -> List[str]:
    """The messages to send: a kind 'none found' with a national line, or one per service."""
    if not matches:
        return [NONE_FOUND]
    intro = (INTRO_ONE if len(matches) == 1 else INTRO) + "\n"
    return [service_text(match, now, intro if index == 0 else "") for index, match in enumerate(matches)]
