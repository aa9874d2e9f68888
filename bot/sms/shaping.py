"""Replies shaped for SMS: GSM-7 only, numbered choices for buttons, split on sentences.

Pure functions of text: no I/O, nothing at import time beyond constants.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from bot.sms_text import GSM7_BASIC, GSM7_EXTENDED, is_gsm7, segment_count

MAX_SEGMENTS = 3
_PLAIN = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2022": "-", "\u00b7": "-", "\u2026": "...", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "\t": " ", "\u00bd": "1/2", "\u00bc": "1/4", "\u00be": "3/4", "\u2122": "TM", "\u00a9": "(c)",
    "\u00ae": "(R)", "\u00b0": " degrees", "\u00d7": "x", "\u2192": "->", "\u00e7": "c",
}
_SPACES = re.compile(r"[ ]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,!?;:])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_CHOICE = re.compile(r"^\s*([1-9])\s*[.)]?\s*$")


def to_gsm7(text: str) -> str:
    """The same words in GSM-7 characters only: curly quotes, dashes and ellipses made plain,
    accents dropped where GSM-7 has no such letter, emoji and other symbols left out."""
    out = []
    for ch in unicodedata.normalize("NFC", text.replace("\r\n", "\n")):
        if ch in GSM7_BASIC or ch in GSM7_EXTENDED:
            out.append(ch if ch not in "\r\f" else " ")
        elif ch in _PLAIN:
            out.append(_PLAIN[ch])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append("".join(c for c in base if c in GSM7_BASIC and c not in "\r"))
    lines = [_SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", line)).strip() for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line)


def choices_line(buttons: Sequence[Dict[str, Any]]) -> str:
    """'Reply 1 Good, 2 Up and down or 3 Struggling'."""
    items = [f"{i} {to_gsm7(str(b.get('title') or b.get('payload') or ''))}" for i, b in enumerate(buttons, 1)]
    if len(items) == 1:
        return f"Reply {items[0]}"
    return f"Reply {', '.join(items[:-1])} or {items[-1]}"


def map_choice(text: str, choices: Optional[Sequence[Dict[str, str]]]) -> Optional[str]:
    """The payload of the numbered choice a reply like '2' or '2.' picks, if any."""
    match = _CHOICE.match(text or "")
    if not match or not choices:
        return None
    index = int(match.group(1)) - 1
    return choices[index]["payload"] if index < len(choices) else None


def _fits(text: str, max_segments: int) -> bool:
    return is_gsm7(text) and segment_count(text) <= max_segments


def _split_long(sentence: str, max_segments: int) -> List[str]:
    """A sentence too long for one SMS, split between words (a word longer than a whole SMS,
    which no reply has, is the only thing ever cut)."""
    parts: List[str] = []
    current = ""
    for word in sentence.split(" "):
        candidate = f"{current} {word}" if current else word
        if _fits(candidate, max_segments):
            current = candidate
            continue
        if current:
            parts.append(current)
        while not _fits(word, max_segments):
            cut = 153 * max_segments
            while not _fits(word[:cut], max_segments):
                cut -= 1
            parts.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        parts.append(current)
    return parts


def split_for_sms(text: str, max_segments: int = MAX_SEGMENTS) -> List[str]:
    """GSM-7 text packed into as few SMS as it takes, each at most `max_segments` segments,
    broken only between sentences (between words for a sentence too long on its own)."""
    pieces: List[Tuple[str, str]] = []  # (joiner before it, sentence)
    for line_no, line in enumerate(text.split("\n")):
        for index, sentence in enumerate(s for s in _SENTENCE_END.split(line) if s):
            pieces.append(("\n" if line_no and not index else " ", sentence))
    messages: List[str] = []
    current = ""
    for joiner, sentence in pieces:
        candidate = f"{current}{joiner}{sentence}" if current else sentence
        if _fits(candidate, max_segments):
            current = candidate
            continue
        if current:
            messages.append(current)
        parts = _split_long(sentence, max_segments) if not _fits(sentence, max_segments) else [sentence]
        messages += parts[:-1]
        current = parts[-1]
    if current:
        messages.append(current)
    return messages


def shape_turn(messages: Iterable[Dict[str, Any]],
               max_segments: int = MAX_SEGMENTS) -> Tuple[List[str], Optional[List[Dict[str, str]]]]:
    """A turn's bot messages as SMS texts, and the choices they offer (those of the last
    message with buttons; earlier buttons of the same turn are left as plain text)."""
    messages = list(messages)
    last_with_buttons = max((i for i, m in enumerate(messages) if m.get("buttons")), default=None)
    lines, choices = [], None
    for index, message in enumerate(messages):
        text = to_gsm7(str(message.get("text") or ""))
        if index == last_with_buttons:
            buttons = [b for b in message["buttons"] if isinstance(b, dict) and b.get("payload")]
            if buttons:
                choices = [{"title": str(b.get("title") or b["payload"]), "payload": str(b["payload"])}
                           for b in buttons[:9]]
                text = f"{text} {choices_line(choices)}".strip()
        if text:
            lines.append(text)
    return (split_for_sms("\n".join(lines), max_segments) if lines else []), choices
