"""What the assistant says when the risk screen finds danger or distress (DESIGN.md lines)."""
from __future__ import annotations

import datetime as dt
from typing import List, Optional

from bot.schools import School, when_text

NINE_NINE_NINE = "If you or anyone else is in danger now, call 999. If you can't speak, call 999 and press 55."
CRISIS_LINES = {
    "self_harm": "Samaritans are free on 116 123, day or night. You can also text SHOUT to 85258.",
    "domestic_abuse": "The National Domestic Abuse Helpline is free, day or night, on 0808 2000 247.",
    "child_at_risk": "The NSPCC helpline is 0808 800 5000. Children can call Childline on 0800 1111.",
    "medical_emergency": "For urgent health advice that is not an emergency, call NHS 111.",
    "acute_hardship": "Shelter's free housing helpline is 0808 800 4444. Samaritans are free on 116 123, day or night.",
    "not_coping": "Samaritans are free on 116 123, day or night. You can also text SHOUT to 85258.",
}
HIGH_FIRST_LINE = {
    "self_harm": "Thank you for telling me. You don't have to go through this alone.",
    "domestic_abuse": "Thank you for telling me. What is happening is not your fault.",
    "child_at_risk": "Thank you for telling me. If a child is in danger now, call 999.",
    "medical_emergency": "If this is an emergency, call 999 now.",
    "acute_hardship": "I'm so sorry things are this hard. You did the right thing telling me.",
    "not_coping": "I'm so sorry things are this hard. Thank you for telling me.",
}
VALIDATION = "That sounds really hard. Thank you for telling me."
SAFETY_HONESTY = "I can't keep a worry about someone's safety secret. Sharing it is how we keep people safe."


def crisis_messages(level: str, category: Optional[str]) -> List[str]:
    """The first reply: 999 first for critical, the right 24/7 line for the category."""
    lines = CRISIS_LINES.get(category or "", CRISIS_LINES["self_harm"])
    if level == "critical":
        return [NINE_NINE_NINE, lines]
    return [HIGH_FIRST_LINE.get(category or "", HIGH_FIRST_LINE["not_coping"]), lines]


def told_staff_message(school: School, dsl_told: bool, paged: bool, now: dt.datetime) -> str:
    """Honest words on who has been told and when a person will see it.

    `paged` is False where no SMS or email could be queued: then only the inbox has it."""
    who = f"{school.hwbl.name} and our safeguarding lead" if dsl_told else school.hwbl.name
    in_hours = school.is_working_time(now)
    if paged and in_hours:
        return f"I've sent an urgent message to {who}. Someone will contact you as soon as they can."
    if in_hours:
        return f"I've passed this to {who}. Someone will contact you as soon as they can."
    when = when_text(school.next_working_start(now), now)
    sent = "sent an urgent message to" if paged else "passed this to"
    return f"I've {sent} {who}. They may not see it until {when}. If things get worse, call 999."


def concern_case_message(school: School, now: dt.datetime) -> str:
    if school.is_working_time(now):
        return f"You've told me a few times that things are hard. I've asked {school.hwbl.name} to get in touch today."
    when = when_text(school.next_working_start(now), now)
    return (
        f"You've told me a few times that things are hard. I've asked {school.hwbl.name} to get in touch. "
        f"She'll read it {when}. Samaritans are free on 116 123, day or night."
    )


HOLDING_WHILE_WAITING = "Thank you. I've added this to your message, so they'll see it all together."
