"""School details from `schools/*.yml`: who the HWBL is, her hours, the office, holidays."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from zoneinfo import ZoneInfo

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

UK = ZoneInfo("Europe/London")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
_SCHOOL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


class SchoolConfigError(ValueError):
    """A school file that cannot be used, with where and why."""


@dataclass(frozen=True)
class Contact:
    name: str
    full_name: str
    phone: Optional[str]
    email: Optional[str]


@dataclass(frozen=True)
class Holiday:
    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class School:
    id: str
    name: str
    short_name: str
    town: str
    council: str
    hwbl: Contact
    dsl: Contact
    deputies: Tuple[Contact, ...]
    working_hours: Dict[int, Tuple[dt.time, dt.time]]
    holidays: Tuple[Holiday, ...]
    office_phone: str
    office_email: str
    office_hours: str
    term_dates: str
    breakfast_club: str
    homework_club: str
    twilio_number: Optional[str] = None
    widget_colour: str = "#1d5c63"
    widget_origins: Tuple[str, ...] = ()  # school websites allowed to embed the chat widget
    quick_exit_url: Optional[str] = None
    extra: Dict[str, str] = field(default_factory=dict)
    retention_days: int = 180              # conversations and messages
    case_retention_days: int = 9131        # safeguarding cases: 25 years unless the school says
    office_opening_hours: Dict[int, Tuple[dt.time, dt.time]] = field(default_factory=dict)
    uniform_help: str = "Ask the school office if they have any second-hand uniform you can have."

    def is_holiday(self, day: dt.date) -> bool:
        return any(h.start <= day <= h.end for h in self.holidays)

    def is_working_time(self, when: dt.datetime) -> bool:
        local = when.astimezone(UK)
        hours = self.working_hours.get(local.weekday())
        if hours is None or self.is_holiday(local.date()):
            return False
        return hours[0] <= local.time() < hours[1]

    def next_working_start(self, when: dt.datetime) -> dt.datetime:
        """When the HWBL will next be reading messages (now, if she is)."""
        if self.is_working_time(when):
            return when
        local = when.astimezone(UK)
        for offset in range(0, 60):
            day = local.date() + dt.timedelta(days=offset)
            hours = self.working_hours.get(day.weekday())
            if hours is None or self.is_holiday(day):
                continue
            start = dt.datetime.combine(day, hours[0], tzinfo=UK)
            if start > local:
                return start
        raise SchoolConfigError(f"{self.id}: no working hours in the next 60 days")

    def next_office_open(self, when: dt.datetime) -> dt.datetime:
        """When the office will next be open to read messages (now, if it is); its
        opening_hours, or the HWBL's working hours when the file gives none."""
        hours = self.office_opening_hours or self.working_hours
        local = when.astimezone(UK)
        for offset in range(0, 60):
            day = local.date() + dt.timedelta(days=offset)
            span = hours.get(day.weekday())
            if span is None or self.is_holiday(day):
                continue
            start, end = (dt.datetime.combine(day, t, tzinfo=UK) for t in span)
            if local < end:
                return max(start, local)
        raise SchoolConfigError(f"{self.id}: the office opens on no day in the next 60 days")

    def hours_text(self) -> str:
        """Her working hours in plain words, e.g. 'Monday to Friday, 8:30am to 4pm'."""
        groups: List[Tuple[List[int], Tuple[dt.time, dt.time]]] = []
        for day in sorted(self.working_hours):
            span = self.working_hours[day]
            if groups and groups[-1][1] == span and groups[-1][0][-1] == day - 1:
                groups[-1][0].append(day)
            else:
                groups.append(([day], span))
        parts = []
        for days, (start, end) in groups:
            names = [DAYS[d].capitalize() for d in days]
            when = names[0] if len(names) == 1 else f"{names[0]} to {names[-1]}"
            parts.append(f"{when}, {clock(start)} to {clock(end)}")
        return "; ".join(parts) if parts else "when school is open"


def clock(value: dt.time) -> str:
    """8:30am, 4pm, 12:15pm."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def when_text(moment: dt.datetime, now: dt.datetime) -> str:
    """'today at 8:30am', 'tomorrow at 8:30am', 'on Monday at 8:30am'."""
    local, today = moment.astimezone(UK), now.astimezone(UK).date()
    if local.date() == today:
        day = "today"
    elif local.date() == today + dt.timedelta(days=1):
        day = "tomorrow"
    else:
        day = f"on {DAYS[local.weekday()].capitalize()}"
    return f"{day} at {clock(local.time())}"


def _require(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        line = data.lc.line + 1 if hasattr(data, "lc") else "?"
        raise SchoolConfigError(f"{where} (near line {line}): '{key}' is missing or not text")
    return value.strip()


def _contact(data: object, where: str) -> Contact:
    if not isinstance(data, dict):
        raise SchoolConfigError(f"{where}: expected name, full_name, phone and email")
    return Contact(
        name=_require(data, "name", where),
        full_name=_require(data, "full_name", where),
        phone=str(data["phone"]) if data.get("phone") else None,
        email=str(data["email"]) if data.get("email") else None,
    )


def _hours(data: object, where: str) -> Dict[int, Tuple[dt.time, dt.time]]:
    if not isinstance(data, dict) or not data:
        raise SchoolConfigError(f"{where}: 'working_hours' needs at least one day")
    result = {}
    for day, span in data.items():
        if str(day).lower() not in DAYS:
            raise SchoolConfigError(f"{where}: '{day}' is not a day of the week")
        match = _HOURS.match(str(span).strip())
        if not match:
            raise SchoolConfigError(f"{where}: hours for {day} must look like 08:30-16:00")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = dt.time(h1, m1), dt.time(h2, m2)
        if end <= start:
            raise SchoolConfigError(f"{where}: hours for {day} end before they start")
        result[DAYS.index(str(day).lower())] = (start, end)
    return result


def _holidays(data: object, where: str) -> Tuple[Holiday, ...]:
    holidays = []
    for item in data or []:
        try:
            start, end = item["start"], item["end"]
            if isinstance(start, str):
                start, end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
            if end < start:
                raise ValueError("ends before it starts")
            holidays.append(Holiday(str(item.get("name", "holiday")), start, end))
        except (KeyError, TypeError, ValueError) as error:
            raise SchoolConfigError(f"{where}: bad holiday {dict(item)!r}: {error}") from None
    return tuple(holidays)


_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$")


def _origins(data: object, where: str) -> Tuple[str, ...]:
    """Websites (scheme://host[:port], no path) allowed to use the widget's API."""
    origins = []
    for item in data or []:
        origin = str(item).strip().rstrip("/").lower()
        if not _ORIGIN.match(origin):
            raise SchoolConfigError(f"{where}: widget_origins entry {item!r} must look like https://www.example.org")
        origins.append(origin)
    return tuple(origins)


def _exit_url(data: object, where: str) -> Optional[str]:
    if not data:
        return None
    if not str(data).startswith("https://"):
        raise SchoolConfigError(f"{where}: quick_exit_url must start with https://")
    return str(data)


def parse_school(text: str, where: str) -> School:
    try:
        data = YAML(typ="rt").load(text)
    except YAMLError as error:
        raise SchoolConfigError(f"{where}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise SchoolConfigError(f"{where}: expected a mapping of school details")
    school_id = _require(data, "id", where)
    if not _SCHOOL_ID.match(school_id):
        raise SchoolConfigError(f"{where}: id must be lower-case letters, digits and dashes")
    office = data.get("office") or {}
    return School(
        id=school_id,
        name=_require(data, "name", where),
        short_name=str(data.get("short_name") or data["name"]),
        town=_require(data, "town", where),
        council=_require(data, "council", where),
        hwbl=_contact(data.get("hwbl"), f"{where}: hwbl"),
        dsl=_contact(data.get("dsl"), f"{where}: dsl"),
        deputies=tuple(_contact(d, f"{where}: deputies") for d in data.get("deputies") or []),
        working_hours=_hours(data.get("working_hours"), where),
        holidays=_holidays(data.get("holidays"), where),
        office_phone=_require(office, "phone", f"{where}: office"),
        office_email=_require(office, "email", f"{where}: office"),
        office_hours=_require(office, "hours", f"{where}: office"),
        term_dates=_require(data, "term_dates", where),
        breakfast_club=_require(data, "breakfast_club", where),
        homework_club=_require(data, "homework_club", where),
        twilio_number=str(data["twilio_number"]) if data.get("twilio_number") else None,
        widget_colour=str(data.get("widget_colour") or "#1d5c63"),
        retention_days=_days(data, "retention_days", 180, where),
        case_retention_days=_days(data, "case_retention_days", 9131, where),
        widget_origins=_origins(data.get("widget_origins"), where),
        quick_exit_url=_exit_url(data.get("quick_exit_url"), where),
        office_opening_hours=_hours(office["opening_hours"], f"{where}: office") if "opening_hours" in office else {},
        **({"uniform_help": _require(data, "uniform_help", where)} if "uniform_help" in data else {}),
    )


def _days(data: dict, key: str, default: int, where: str) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 36500:
        raise SchoolConfigError(f"{where}: '{key}' must be a whole number of days from 1 to 36500")
    return value


def load_schools(directory: Path) -> Dict[str, School]:
    """Every school file in the folder, all or nothing."""
    schools: Dict[str, School] = {}
    for path in sorted(directory.glob("*.yml")):
        school = parse_school(path.read_text(encoding="utf-8"), str(path))
        if school.id in schools:
            raise SchoolConfigError(f"{path}: school id '{school.id}' is used twice")
        twin = next((s for s in schools.values() if school.twilio_number and s.twilio_number == school.twilio_number), None)
        if twin is not None:
            raise SchoolConfigError(f"{path}: twilio_number {school.twilio_number} is {twin.id}'s already")
        schools[school.id] = school
    if not schools:
        raise SchoolConfigError(f"{directory}: no school files (*.yml) found")
    return schools


def default_school(schools: Dict[str, School]) -> School:
    return schools[sorted(schools)[0]]
