"""CHECKIN by text: start, change or stop the weekly check-in in one message.

  CHECKIN MON 6PM    start, or change the day and time
  CHECKIN OFF        stop (also CHECKIN STOP)
  CHECKIN YES        confirm a request made on the web
  CHECKIN            how it works
Only a text of the one word CHECKIN and days or times is a command: "can you check in on
me" or "checkin im not ok" still reach the assistant and its risk screen.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from sqlalchemy.orm import Session

from bot.checkins import store, wording
from bot.checkins.timing import WeeklyTime, allowed, parse_day, parse_time
from bot.schools import School

CHANNEL = "sms"
_WHEN_WORD = re.compile(r"^[0-9:.]*(am|pm)?$")


@dataclass(frozen=True)
class Command:
    kind: str                      # help, set, stop, confirm, bad, night
    weekly: Optional[WeeklyTime] = None


def parse_command(text: Optional[str]) -> Optional[Command]:
    words = (text or "").replace(",", " ").split()
    if not words or words[0].upper().strip(".!:") not in ("CHECKIN", "CHECK-IN"):
        return None
    rest = [w.strip(".!").lower() for w in words[1:]]
    if not rest:
        return Command("help")
    if rest[0] in ("off", "stop", "end", "cancel") and len(rest) == 1:
        return Command("stop")
    if rest[0] in ("yes", "y", "ok", "confirm") and len(rest) == 1:
        return Command("confirm")
    rest = [w for w in rest if w not in ("at", "on", "every")]
    if not all(_looks_like_when(w) for w in rest):
        return None  # the parent's own words: the assistant (and its risk screen) reads them
    day, at = (parse_day(rest[0]), parse_time("".join(rest[1:]))) if len(rest) >= 2 else (None, None)
    if day is None or at is None:
        return Command("bad")
    if not allowed(at):
        return Command("night")
    return Command("set", WeeklyTime(day, at))


def _looks_like_when(word: str) -> bool:
    return parse_day(word) is not None or bool(_WHEN_WORD.match(word))


def apply_command(session: Session, school: School, conversation_id: str, command: Command) -> str:
    """Change the subscription as the text asks; the reply to text back."""
    row = store.subscription(session, conversation_id)
    if command.kind == "help":
        return wording.HOW_TO
    if command.kind == "bad":
        return wording.NOT_A_TIME
    if command.kind == "night":
        return wording.NIGHT
    if command.kind == "stop":
        if row is None or row.status == "stopped":
            return wording.NOTHING_TO_STOP
        store.stop(session, row, CHANNEL, wording.STOPPED)
        return wording.STOPPED
    if command.kind == "confirm":
        if row is None or row.status != "pending":
            return wording.NOTHING_TO_CONFIRM
        reply = wording.started(school, store.weekly_time(row))
        store.activate(session, row, CHANNEL, reply)
        return reply
    if row is not None and row.status == "active":
        reply, action = wording.changed(command.weekly), "change"
    else:
        reply, action = wording.started(school, command.weekly), "opt_in"
    store.set_schedule(session, school_id=school.id, conversation_id=conversation_id, weekly=command.weekly,
                       status="active", channel=CHANNEL, action=action, wording=reply)
    return reply
