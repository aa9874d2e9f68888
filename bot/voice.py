"""The assistant's voice (DESIGN.md), as checks a text can fail."""
from __future__ import annotations

import re
from typing import List

import textstat

from bot.sms_text import is_gsm7, segment_count

MIN_READING_EASE = 70
MAX_SEGMENTS = 2
BANNED = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\byou (should|must|need to|have to|ought to)\b",
        r"\bfailing\b",
        r"\bneglect",
        r"\bbad (parent|mum|mother|dad|father)\b",
        r"\birresponsible\b",
        r"\blazy\b",
        r"\bcalm down\b",
        r"\bat least\b",
        r"\bobviously\b",
        r"\bwhy didn'?t you\b",
    )
]


def reading_ease(text: str) -> float:
    # Phone numbers read as many one-syllable "words"; drop digits so they neither help nor hurt.
    words_only = re.sub(r"[\d][\d ]*", "", text)
    return textstat.flesch_reading_ease(words_only)


def voice_problems(text: str) -> List[str]:
    problems = []
    if not is_gsm7(text):
        bad = sorted({ch for ch in text if not is_gsm7(ch)})
        problems.append(f"not GSM-7: {bad!r}")
    if segment_count(text) > MAX_SEGMENTS:
        problems.append(f"{segment_count(text)} SMS segments")
    ease = reading_ease(text)
    if ease < MIN_READING_EASE:
        problems.append(f"reading ease {ease:.0f}")
    problems += [f"judgemental phrase {p.pattern!r}" for p in BANNED if p.search(text)]
    return problems
