"""`python -m bot directory ...`: check and change the directory of services (data/services.yml).
Every change is written only if the whole file still checks out."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any, Dict

from bot.directory.edit import EditError, add_service, edit_service, remove_service, save
from bot.directory.load import DEFAULT_PATH, DirectoryError, load_directory, round_trip_yaml
from bot.directory.model import NEEDS
from bot.directory.reply import INTRO, reply_messages, service_text
from bot.directory.search import IN_TOWN, Match, find, opening
from bot.schools import UK

STALE_AFTER = dt.timedelta(days=365)


def add_parser(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--file", type=Path, default=DEFAULT_PATH, help="default: data/services.yml")
    commands = sub.add_parser("directory", help="check and change the directory of local services") \
        .add_subparsers(dest="directory_command", required=True)
    commands.add_parser("check", parents=[common], help="check the file; the line of any mistake")
    add = commands.add_parser("add", parents=[common],
                              help="add a service from options, or from a YAML snippet on stdin")
    _field_options(add)
    edit = commands.add_parser("edit", parents=[common], help="change fields of a service ('' removes one)")
    edit.add_argument("service_id")
    _field_options(edit)
    commands.add_parser("remove", parents=[common], help="remove a service").add_argument("service_id")
    preview = commands.add_parser("find", parents=[common], help="what a parent would be sent")
    preview.add_argument("needs", nargs="+", choices=sorted(NEEDS), metavar="NEED")
    preview.add_argument("--area", help="postcode district, e.g. KB3")
    preview.add_argument("--at", type=_uk_time, help='UK time "2026-11-25 22:00" (default: now)')
    for parser in commands.choices.values():
        parser.set_defaults(func=run)


def _uk_time(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=UK)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a time like 2026-11-25 22:00, not {value!r}") from None


def _field_options(parser: argparse.ArgumentParser) -> None:
    for name in ("id", "name", "phone", "text", "website", "address", "area", "description"):
        parser.add_argument(f"--{name}")
    parser.add_argument("--needs", help="comma-separated, e.g. food,money")
    parser.add_argument("--languages", help="comma-separated, e.g. English,Polish")
    parser.add_argument("--hours", help='"24/7" or "monday=09:00-17:00; friday=09:00-12:00, 13:00-16:00"')
    parser.add_argument("--bank-holidays", dest="bank_holidays", choices=("open", "closed"))
    parser.add_argument("--referral", choices=("yes", "no"))
    parser.add_argument("--checked", help="YYYY-MM-DD or today")


def _hours(value: str) -> Any:
    if value.strip() == "24/7":
        return "24/7"
    hours = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        day, equals, spans = part.partition("=")
        if not equals:
            raise EditError(f'hours: write "monday=09:00-17:00; tuesday=...", not {part!r}')
        hours[day.strip().lower()] = spans.strip()
    return hours


def _fields(args) -> Dict[str, Any]:
    """The field options that were given, as the file holds them."""
    fields: Dict[str, Any] = {}
    for name in ("id", "name", "phone", "text", "website", "address", "area", "description", "bank_holidays"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    for name in ("needs", "languages"):
        if getattr(args, name) is not None:
            fields[name] = [v.strip() for v in getattr(args, name).split(",") if v.strip()]
    if args.hours is not None:
        fields["hours"] = _hours(args.hours) if args.hours else ""
    if args.referral is not None:
        fields["referral"] = args.referral == "yes"
    if args.checked == "today":
        fields["checked"] = dt.datetime.now(UK).date()
    elif args.checked:
        try:
            fields["checked"] = dt.date.fromisoformat(args.checked)
        except ValueError:
            fields["checked"] = args.checked  # refused by the check, with its line
    return fields


def _snippet(text: str) -> Dict[str, Any]:
    data = round_trip_yaml().load(text)
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise EditError("stdin: expected one service (id:, name:, needs:, ...)")
    return dict(data)


def _check(path: Path) -> int:
    directory = load_directory(path)
    today = dt.datetime.now(UK).date()
    local = sum(1 for s in directory.services if not s.national)
    print(f"{path}: {len(directory.services)} services ({local} local, "
          f"{len(directory.services) - local} national) are fine")
    for service in directory.services:
        if today - service.checked > STALE_AFTER:
            print(f"note: line {service.line}: '{service.id}' was last checked on {service.checked}")
    _voice_notes(directory, today)
    missing = [need for need in NEEDS if not any(need in s.needs for s in directory.services)]
    if missing:
        print(f"note: no service yet for: {', '.join(missing)}")
    return 0


def _voice_notes(directory, today: dt.date) -> None:
    """Entries whose text message would read hard or run long, as a parent would get it."""
    from bot.voice import voice_problems  # textstat: only needed here

    now = dt.datetime.combine(today, dt.time(10), tzinfo=UK)
    for service in directory.services:
        is_open, until, opens = opening(service, now, directory.bank_holidays)
        text = service_text(Match(service, is_open, until, opens, IN_TOWN), now, INTRO + "\n")
        for problem in voice_problems(text):
            print(f"note: line {service.line}: '{service.id}' as a text message: {problem} "
                  "(shorter words and sentences in the description help)")


def _find(args) -> int:
    now = args.at or dt.datetime.now(UK)
    for message in reply_messages(find(load_directory(args.file), args.needs, args.area, now), now):
        print(message + "\n")
    return 0


def run(args, _settings=None) -> int:
    path: Path = args.file
    command = args.directory_command
    try:
        if command == "check":
            return _check(path)
        if command == "find":
            return _find(args)
        text = path.read_text(encoding="utf-8")
        if command == "add":
            fields = _fields(args)
            if not fields:
                if sys.stdin.isatty():
                    raise EditError("give the fields as options (see --help), or pipe a YAML snippet in")
                fields = _snippet(sys.stdin.read())
            fields.setdefault("checked", dt.datetime.now(UK).date())
            new_text, done = add_service(text, fields), f"added '{fields.get('id')}'"
        elif command == "edit":
            fields = _fields(args)
            if not fields:
                raise EditError("nothing to change: give a field, e.g. --phone \"01632 960000\"")
            new_text, done = edit_service(text, args.service_id, fields), f"changed '{args.service_id}'"
        else:
            new_text, done = remove_service(text, args.service_id), f"removed '{args.service_id}'"
        try:
            directory = save(path, new_text)
        except DirectoryError as error:
            print(f"error: not saved, the file would have mistakes:\n{error}", file=sys.stderr)
            return 1
        print(f"{done}: {path} now has {len(directory.services)} services")
        return 0
    except (DirectoryError, EditError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
