"""Read `data/services.yml`: all of it or none of it, with the line of every mistake."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError

from bot.directory.model import DAYS, NATIONAL, NEEDS, Directory, Service, Span
from bot.settings import PROJECT_ROOT
from bot.sms_text import is_gsm7

DEFAULT_PATH = PROJECT_ROOT / "data" / "services.yml"
BANK_HOLIDAYS_PATH = PROJECT_ROOT / "data" / "bank_holidays.yml"

FIELDS = ("id", "name", "needs", "phone", "text", "website", "address", "area", "hours",
          "bank_holidays", "languages", "referral", "checked", "description")
REQUIRED = ("id", "name", "needs", "area", "hours", "languages", "referral", "checked", "description")
MAX_NAME, MAX_DESCRIPTION = 60, 120

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$")
_PHONE = re.compile(r"^(\+44 ?)?[0-9][0-9 ]{1,14}[0-9]$")
_TEXT = re.compile(r"^[A-Z0-9]+ to [0-9]{4,6}$")
_WEBSITE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


class DirectoryError(ValueError):
    """A directory file that cannot be used: every mistake, each with its line."""

    def __init__(self, path: str, problems: List[Tuple[int, str]]):
        self.path, self.problems = str(path), sorted(problems)
        super().__init__("\n".join(f"{self.path}:{line}: {why}" for line, why in self.problems))


class _Constructor(RoundTripConstructor):
    """Keeps an impossible date such as 2026-13-01 as text, so it is reported with its line."""

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def round_trip_yaml() -> YAML:
    """The loader and dumper for the directory, set to the file's own layout."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def line_of(node: Any, key: Any = None) -> int:
    """1-based line of a mapping key, a sequence item, or the node itself."""
    try:
        if key is None:
            return node.lc.line + 1
        if isinstance(node, CommentedSeq):
            return node.lc.item(key)[0] + 1
        return node.lc.key(key)[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return 0


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class HoursError(ValueError):
    """Bad opening hours, with the day they are on (if any) for the line number."""

    def __init__(self, message: str, day: Any = None):
        super().__init__(message)
        self.day = day


def parse_hours(value: Any) -> Optional[Tuple[Span, ...]]:
    """'24/7' -> None; {'monday': '09:00-12:00, 13:00-17:00'} -> spans. Raises HoursError."""
    if isinstance(value, str) and value.strip() == "24/7":
        return None
    if not isinstance(value, dict) or not value:
        raise HoursError('hours must be "24/7" or a list of days such as monday: "09:00-17:00"')
    spans = []
    for day, text in value.items():
        if str(day).lower() not in DAYS:
            raise HoursError(f"'{day}' is not a day of the week{_suggest(str(day).lower(), DAYS)}", day)
        for part in str(text).split(","):
            match = _SPAN.match(part.strip())
            if not match:
                raise HoursError(f"hours for {day} must look like \"09:00-17:00\" (24-hour clock, "
                                 f"several separated by commas), not {str(text)!r}", day)
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            start, end = h1 * 60 + m1, h2 * 60 + m2
            if end > 24 * 60:
                raise HoursError(f"hours for {day}: the latest closing time is 24:00", day)
            if start == end:
                raise HoursError(f"hours for {day} ({part.strip()}) open and close at the same time", day)
            minutes = end - start if end > start else end + 24 * 60 - start  # past midnight
            spans.append(Span(DAYS.index(str(day).lower()), dt.time(h1, m1), minutes))
    return tuple(spans)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"must be a date like 2026-10-14, not {str(value)!r}") from None


def _text(item: CommentedMap, key: str, most: int = 200) -> Optional[str]:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"'{key}' must be text" + (" in quotes, like \"01632 960000\""
                                                   if key == "phone" else ""))
    value = value.strip()
    if "\n" in value or len(value) > most:
        raise ValueError(f"'{key}' must be one line of at most {most} characters")
    if not is_gsm7(value):
        bad = "".join(sorted({ch for ch in value if not is_gsm7(ch)}))
        raise ValueError(f"'{key}' has characters a text message cannot carry cheaply: {bad!r} "
                         "(use straight quotes and plain letters)")
    return value


def _service(item: Any, problems: List[Tuple[int, str]]) -> Optional[Service]:
    """One entry, or None with its problems added."""
    if not isinstance(item, CommentedMap):
        problems.append((line_of(item), "each service must be a set of fields (id:, name:, ...)"))
        return None
    before = len(problems)

    def check(key: str, test):
        try:
            return test()
        except HoursError as error:
            problems.append((line_of(item[key], error.day) or line_of(item, key), str(error)))
        except ValueError as error:
            problems.append((line_of(item, key) or line_of(item), str(error)))

    for key in item:
        if key not in FIELDS:
            problems.append((line_of(item, key), f"unknown field '{key}'{_suggest(key, FIELDS)}"))
    for key in REQUIRED:
        if item.get(key) is None:
            problems.append((line_of(item), f"'{key}' is missing"))
    if len(problems) > before:
        return None

    def needs():
        values = item["needs"]
        if not isinstance(values, list) or not values:
            raise ValueError("'needs' must be a list such as [food, money]")
        unknown = [str(v) for v in values if v not in NEEDS]
        if unknown:
            raise ValueError(f"unknown need '{unknown[0]}'{_suggest(unknown[0], NEEDS)}; "
                             f"the needs are: {', '.join(NEEDS)}")
        return tuple(dict.fromkeys(values))

    def area():
        value = str(item["area"]).strip()
        if value != NATIONAL and not _DISTRICT.match(value):
            raise ValueError(f"area must be a postcode district such as KB3, or national, not {value!r}")
        return value

    def pattern(key: str, regex: re.Pattern, example: str):
        value = _text(item, key)
        if value is not None and not regex.match(value):
            raise ValueError(f"'{key}' must look like {example}, not {value!r}")
        return value

    def languages():
        values = item["languages"]
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip()
                                                                 for v in values):
            raise ValueError("'languages' must be a list such as [English, Polish]")
        return tuple(v.strip() for v in values)

    def yes_no(key: str, yes: Any, no: Any):
        value = item.get(key, no)
        if type(value) is not type(yes) or value not in (yes, no):
            raise ValueError(f"'{key}' must be {str(yes).lower()} or {str(no).lower()}, not {value!r}")
        return value == yes

    values = dict(
        id=check("id", lambda: pattern("id", _ID, "food-bank-kb1 (small letters, digits, dashes)")),
        name=check("name", lambda: _text(item, "name", MAX_NAME)),
        needs=check("needs", needs),
        area=check("area", area),
        hours=check("hours", lambda: parse_hours(item["hours"])),
        languages=check("languages", languages),
        referral=check("referral", lambda: yes_no("referral", True, False)),
        checked=check("checked", lambda: _date(item["checked"])),
        description=check("description", lambda: _text(item, "description", MAX_DESCRIPTION)),
        phone=check("phone", lambda: pattern("phone", _PHONE, '"01632 960000"')),
        text=check("text", lambda: pattern("text", _TEXT, '"SHOUT to 85258"')),
        website=check("website", lambda: pattern("website", _WEBSITE, "https://example.org")),
        address=check("address", lambda: _text(item, "address")),
        bank_holidays_open=check("bank_holidays", lambda: yes_no("bank_holidays", "open", "closed")),
    )
    if not item.get("phone") and not item.get("website"):
        problems.append((line_of(item), "a service needs a phone number or a website (or both)"))
    if len(problems) > before:
        return None
    return Service(line=line_of(item), **values)


def _neighbours(data: Any, problems: List[Tuple[int, str]]) -> Dict[str, FrozenSet[str]]:
    """Which districts border which, made two-way."""
    if data is None:
        return {}
    if not isinstance(data, CommentedMap):
        problems.append((line_of(data), "'neighbours' must map a district to a list, e.g. KB1: [KB2]"))
        return {}
    result: Dict[str, set] = {}
    for district, others in data.items():
        names = [district] + (list(others) if isinstance(others, list) else [others])
        bad = [str(n) for n in names if not _DISTRICT.match(str(n))]
        if bad:
            problems.append((line_of(data, district), f"neighbours: {bad[0]!r} is not a postcode district"))
            continue
        for other in names[1:]:
            result.setdefault(district, set()).add(other)
            result.setdefault(other, set()).add(district)
    return {k: frozenset(v) for k, v in result.items()}


def parse_text(text: str, path: str, bank_holidays: FrozenSet[dt.date] = frozenset()) -> Directory:
    """The whole directory from the file's text, or DirectoryError listing every mistake."""
    try:
        data = round_trip_yaml().load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DirectoryError(path, [(mark.line + 1 if mark else 0, f"not valid YAML: {reason}")]) from None
    if not isinstance(data, CommentedMap) or not isinstance(data.get("services"), CommentedSeq):
        raise DirectoryError(path, [(1, "expected 'services:' followed by a list of services")])
    problems: List[Tuple[int, str]] = []
    for key in data:
        if key not in ("version", "neighbours", "services"):
            problems.append((line_of(data, key), f"unknown section '{key}'"))
    if data.get("version", 1) != 1:
        problems.append((line_of(data, "version"), "only version 1 is understood"))
    neighbours = _neighbours(data.get("neighbours"), problems)
    services, first_line = [], {}
    for item in data["services"]:
        service = _service(item, problems)
        if service is None:
            continue
        if service.id in first_line:
            problems.append((service.line, f"id '{service.id}' is used twice "
                                           f"(first on line {first_line[service.id]})"))
        first_line.setdefault(service.id, service.line)
        services.append(service)
    if problems:
        raise DirectoryError(path, problems)
    return Directory(tuple(services), neighbours, bank_holidays, str(path))


def load_bank_holidays(path: Path = BANK_HOLIDAYS_PATH) -> FrozenSet[dt.date]:
    """England and Wales bank holidays: `2026-12-25: Christmas Day` lines."""
    try:
        data = round_trip_yaml().load(Path(path).read_text(encoding="utf-8"))
    except (OSError, YAMLError) as error:
        raise DirectoryError(str(path), [(0, f"cannot read bank holidays: {error}")]) from None
    days, problems = set(), []
    for key in (data or {}).get("bank_holidays") or {}:
        try:
            days.add(_date(key))
        except ValueError as error:
            problems.append((line_of(data["bank_holidays"], key), f"bank holiday {error}"))
    if problems or not days:
        raise DirectoryError(str(path), problems or [(1, "expected 'bank_holidays:' with dates")])
    return frozenset(days)


def load_directory(path: Path = DEFAULT_PATH, bank_holidays_path: Path = BANK_HOLIDAYS_PATH) -> Directory:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise DirectoryError(str(path), [(0, f"cannot read the file: {error.strerror}")]) from None
    return parse_text(text, str(path), load_bank_holidays(bank_holidays_path))
