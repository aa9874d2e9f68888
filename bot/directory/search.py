"""Find services for a need: near ones first, open ones before closed ones."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import FrozenSet, Iterable, List, Optional, Tuple, Union

from bot.directory.model import NEEDS, Directory, Service
from bot.schools import UK

HERE, NEIGHBOURING, IN_TOWN, NATIONAL_LINE = range(4)
LOOK_AHEAD_DAYS = 7
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?)(?:\s?[0-9][A-Z]{2})?\b")


@dataclass(frozen=True)
class Match:
    service: Service
    open_now: bool
    until: Optional[dt.datetime]  # when it next closes, if open and not 24/7
    opens: Optional[dt.datetime]  # when it next opens, if closed (within a week)
    nearness: int  # HERE, NEIGHBOURING, IN_TOWN or NATIONAL_LINE


Interval = Tuple[dt.datetime, dt.datetime]


def _intervals(service: Service, first: dt.date, days: int, bank_holidays: FrozenSet[dt.date]) -> List[Interval]:
    """Opening times (UK wall clock, naive) of the spans that start on the given days.
    A span that runs past midnight belongs to the day it starts: it is closed when that
    day is a bank holiday, unless the service opens on bank holidays."""
    found = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        if day in bank_holidays and not service.bank_holidays_open:
            continue
        for span in service.hours or ():
            if span.day == day.weekday():
                start = dt.datetime.combine(day, span.start)
                found.append((start, start + dt.timedelta(minutes=span.minutes)))
    return sorted(found)


When = Optional[dt.datetime]


def opening(service: Service, now: dt.datetime,
            bank_holidays: FrozenSet[dt.date] = frozenset()) -> Tuple[bool, When, When]:
    """(open now, closes at, opens at) for an aware `now`."""
    if service.always_open:
        return True, None, None
    local = now.astimezone(UK).replace(tzinfo=None)
    times = _intervals(service, local.date() - dt.timedelta(days=1), LOOK_AHEAD_DAYS + 2, bank_holidays)
    current = [end for start, end in times if start <= local < end]
    if current:
        until = max(current)
        for start, end in times:  # back-to-back spans, e.g. Friday night into Saturday
            if start <= until < end:
                until = end
        return True, until.replace(tzinfo=UK), None
    later = [start for start, _ in times if start > local and start - local <= dt.timedelta(days=LOOK_AHEAD_DAYS)]
    return False, None, min(later).replace(tzinfo=UK) if later else None


def nearness(directory: Directory, service: Service, district: Optional[str]) -> int:
    if service.national:
        return NATIONAL_LINE
    if district is None or service.area == district:
        return HERE if district else IN_TOWN
    return NEIGHBOURING if service.area in directory.neighbours.get(district, ()) else IN_TOWN


def find(directory: Directory, needs: Union[str, Iterable[str]], district: Optional[str] = None,
         now: Optional[dt.datetime] = None, limit: int = 3) -> List[Match]:
    """Up to `limit` services for any of the needs: open ones first; then the same postcode
    district, its neighbours, the rest of the town, and national lines last; then the one
    opening soonest, the one meeting more of the needs, and the one earlier in the file."""
    wanted = {needs} if isinstance(needs, str) else set(needs)
    if not wanted or wanted - NEEDS.keys():
        raise ValueError(f"unknown needs: {sorted(wanted - NEEDS.keys()) or 'none given'}")
    now = now or dt.datetime.now(UK)
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")
    district = district.strip().upper() if district else None
    ranked = []
    for index, service in enumerate(directory.services):
        overlap = len(wanted.intersection(service.needs))
        if overlap:
            is_open, until, opens = opening(service, now, directory.bank_holidays)
            match = Match(service, is_open, until, opens, nearness(directory, service, district))
            soonest = opens.timestamp() if opens else float("inf")
            ranked.append(((not is_open, match.nearness, soonest, -overlap, index), match))
    ranked.sort(key=lambda pair: pair[0])
    return [match for _, match in ranked[:limit]]


def district_from_text(directory: Directory, text: str) -> Optional[str]:
    """'anything in kb3?' or 'KB3 4AA' -> 'KB3', if the directory knows that district."""
    known = {s.area for s in directory.services} | set(directory.neighbours)
    for candidate in _POSTCODE.findall(text.upper()):
        if candidate in known:
            return candidate
    return None
