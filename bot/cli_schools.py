"""`python -m bot schools add | list`: several schools in one deployment.

A school's widget id is its id (`data-school="ID"` on the widget's script tag); its Twilio
number picks the school for texts, so no two schools may share one."""
from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from bot.schools import SchoolConfigError, load_schools, parse_school
from bot.settings import Settings

_NUMBER = re.compile(r"^\+[1-9][0-9]{7,14}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
HEADER = ("School details the assistant uses, written by `python -m bot schools add`. Edit freely:\n"
          "`python -m bot schools check` tells you if something is wrong before the assistant uses it.")


def add_parser(schools) -> None:
    add = schools.add_parser("add", help="add a school (writes schools/<id>.yml)")
    add.add_argument("id", help="lower-case letters, digits and dashes, e.g. st-marys")
    for name, text in (("--name", "the school's full name"), ("--town", "town"), ("--council", "local council"),
                       ("--twilio-number", "the school's own Twilio number, e.g. +447700900002"),
                       ("--office-phone", "office phone"), ("--office-email", "office email"),
                       ("--hwbl-name", "how parents know the HWBL, e.g. 'Mrs Shah'"),
                       ("--hwbl-full-name", "the HWBL's full name"), ("--hwbl-email", "the HWBL's email"),
                       ("--dsl-name", "how parents know the safeguarding lead"),
                       ("--dsl-full-name", "the safeguarding lead's full name"),
                       ("--dsl-email", "the safeguarding lead's email")):
        add.add_argument(name, required=True, help=text)
    add.add_argument("--short-name", help="a short name for messages (default: the name)")
    add.add_argument("--hwbl-phone", help="the HWBL's mobile for urgent alerts")
    add.add_argument("--dsl-phone", help="the safeguarding lead's mobile for urgent alerts")
    add.add_argument("--office-hours", default="8am to 4pm, Monday to Friday")
    add.add_argument("--hours", default="08:30-16:00", help="the HWBL's hours, Monday to Friday")
    add.add_argument("--retention-days", type=int, default=180)
    add.add_argument("--case-retention-days", type=int, default=9131)
    add.set_defaults(func=_add)
    schools.add_parser("list", help="the schools of this deployment").set_defaults(func=_list)


def _contact(name, full_name, email, phone) -> CommentedMap:
    contact = CommentedMap(name=name, full_name=full_name, email=email)
    if phone:
        contact["phone"] = phone
    return contact


def school_yaml(args) -> str:
    data = CommentedMap()
    data["id"], data["name"] = args.id, args.name
    data["short_name"] = args.short_name or args.name
    data["town"], data["council"] = args.town, args.council
    data["twilio_number"] = args.twilio_number
    data["hwbl"] = _contact(args.hwbl_name, args.hwbl_full_name, args.hwbl_email, args.hwbl_phone)
    data["dsl"] = _contact(args.dsl_name, args.dsl_full_name, args.dsl_email, args.dsl_phone)
    data["working_hours"] = CommentedMap((day, args.hours) for day in WEEKDAYS)
    data["office"] = CommentedMap(phone=args.office_phone, email=args.office_email, hours=args.office_hours)
    data["term_dates"] = "The school office can tell you the term dates."
    data["breakfast_club"] = "The school office can tell you about breakfast club."
    data["homework_club"] = "The school office can tell you about homework club."
    data["retention_days"] = args.retention_days
    data["case_retention_days"] = args.case_retention_days
    data.yaml_set_start_comment(HEADER)
    out = io.StringIO()
    YAML().dump(data, out)
    return out.getvalue()


def _problems(args) -> list:
    problems = []
    for option, value in (("--twilio-number", args.twilio_number), ("--hwbl-phone", args.hwbl_phone),
                          ("--dsl-phone", args.dsl_phone)):
        if value is not None and not _NUMBER.match(value):
            problems.append(f"{option} must be a number in international form, e.g. +447700900002")
    for option, value in (("--office-email", args.office_email), ("--hwbl-email", args.hwbl_email),
                          ("--dsl-email", args.dsl_email)):
        if not _EMAIL.match(value):
            problems.append(f"{option} is not an email address")
    return problems


def _add(args, settings: Settings) -> int:
    folder = Path(settings.schools_dir)
    problems = _problems(args)
    target = folder / f"{args.id}.yml"
    try:
        existing = load_schools(folder) if any(folder.glob("*.yml")) else {}
        school = parse_school(school_yaml(args), str(target)) if not problems else None
    except SchoolConfigError as error:
        problems.append(str(error))
        existing, school = {}, None
    if school is not None:
        if school.id in existing or target.exists():
            problems.append(f"there is already a school '{school.id}'")
        for other in existing.values():
            if other.twilio_number == school.twilio_number:
                problems.append(f"{school.twilio_number} is {other.id}'s number already")
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{args.id}.yml.new"
    partial.write_text(school_yaml(args), encoding="utf-8")
    os.replace(partial, target)
    print(f"{target} written. Widget: <script src=\"{settings.public_url}/widget.js\" data-school=\"{school.id}\">"
          f"</script>. Run `python -m bot db upgrade` (or restart) to start serving it.")
    return 0


def _list(_args, settings: Settings) -> int:
    try:
        schools = load_schools(Path(settings.schools_dir))
    except SchoolConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{'id':<20} {'twilio number':<15} {'keep days':>9} {'case days':>9}  name (widget id = id)")
    for school in schools.values():
        print(f"{school.id:<20} {school.twilio_number or '-':<15} {school.retention_days:>9} "
              f"{school.case_retention_days:>9}  {school.name}")
    return 0
