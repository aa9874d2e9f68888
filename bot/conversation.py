"""What the assistant says that depends on the school, the clock or the database."""
from __future__ import annotations

import datetime as dt
from typing import Dict

from bot.schools import School, when_text


def school_slots(school: School) -> Dict[str, str]:
    """The slots the domain's responses fill in ({hwbl_name}, {office_phone}, ...)."""
    return {
        "school_id": school.id,
        "school_name": school.short_name,
        "hwbl_name": school.hwbl.name,
        "hwbl_hours": school.hours_text(),
        "office_phone": school.office_phone,
        "office_hours": school.office_hours,
        "term_dates": school.term_dates,
        "breakfast_club": school.breakfast_club,
        "homework_club": school.homework_club,
        "council": school.council,
        "uniform_help": school.uniform_help,
    }


def passed_to_hwbl_text(school: School, now: dt.datetime) -> str:
    """Honest words on who will read the message and when."""
    name = school.hwbl.name
    if school.is_working_time(now):
        return f"I've passed your message to {name}. She'll get back to you as soon as she can today."
    when = when_text(school.next_working_start(now), now)
    return (
        f"I've passed your message to {name}. She'll read it {when}. "
        "If things get worse before then, Samaritans are free on 116 123, day or night."
    )
