"""What the widget shows for a school: names, colours, the HWBL's hours and the 24/7 lines."""
from __future__ import annotations

import datetime as dt
import re
from typing import List, Optional

from bot.schools import School, when_text

DEFAULT_COLOUR = "#1d5c63"
DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
LINES = [
    {"name": "Emergency", "number": "999", "note": "If you can't speak, call 999 and press 55."},
    {"name": "Samaritans", "number": "116 123", "note": "Free, day or night."},
    {"name": "Shout", "number": "85258", "note": "Text SHOUT to 85258, day or night."},
    {"name": "National Domestic Abuse Helpline", "number": "0808 2000 247", "note": "Free, day or night."},
    {"name": "NSPCC", "number": "0808 800 5000", "note": "If you are worried about a child."},
]
SAVED_NOTICE = (
    "Your message is saved. I can't answer just now, but I will answer here soon. "
    "If someone is in danger, call 999. Samaritans are free on 116 123, day or night."
)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def brand_colour(colour: Optional[str]) -> str:
    """The school's colour if white text on it reads at 4.5:1 (WCAG AA), else the default."""
    if colour and _HEX.match(colour) and contrast(colour, "#ffffff") >= 4.5:
        return colour.lower()
    return DEFAULT_COLOUR


def out_of_hours_text(school: School, now: dt.datetime) -> Optional[str]:
    """None while the HWBL is working; otherwise when she will next read messages."""
    if school.is_working_time(now):
        return None
    when = when_text(school.next_working_start(now), now)
    return (
        f"{school.hwbl.name} is not at work right now. She reads messages {school.hours_text()}, "
        f"so she will see yours {when}. The helper still answers now."
    )


def widget_config(school: School, now: dt.datetime) -> dict:
    return {
        "school": school.id,
        "name": school.name,
        "short_name": school.short_name,
        "colour": brand_colour(school.widget_colour),
        "hwbl_name": school.hwbl.name,
        "intro": (
            f"I'm an automated helper, not a person. {school.hwbl.name}, our Health and Wellbeing Lead, "
            f"reads messages {school.hours_text()}."
        ),
        "out_of_hours": out_of_hours_text(school, now),
        "lines": LINES,
        "exit_url": school.quick_exit_url or DEFAULT_EXIT_URL,
    }


def lines_text() -> List[str]:
    return [f"{line['name']}: {line['number']}. {line['note']}" for line in LINES]
