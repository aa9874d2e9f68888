"""`python -m bot privacy retention | erase | export`: the data protection officer's tools."""
from __future__ import annotations

import json
import sys

from bot.settings import Settings


def add_parser(sub) -> None:
    privacy = sub.add_parser("privacy", help="retention, erasure and subject-access export")
    commands = privacy.add_subparsers(dest="privacy_command", required=True)

    retention = commands.add_parser("retention", help="delete what is past each school's retention period")
    retention.add_argument("--dry-run", action="store_true", help="say what would go, delete nothing")
    retention.set_defaults(func=_retention)

    for name, func, text in (("erase", _erase, "erase one family's data"),
                             ("export", _export, "export everything held about one family")):
        command = commands.add_parser(name, help=text)
        who = command.add_mutually_exclusive_group(required=True)
        who.add_argument("--phone", help="the parent's number, e.g. +447700900123")
        who.add_argument("--conversation", help="a conversation id (web chat session or sms-...)")
        command.add_argument("--school", help="only this school's data (default: every school)")
        command.set_defaults(func=func)
    commands.choices["erase"].add_argument("--yes", action="store_true", help="do not ask to confirm")
    commands.choices["export"].add_argument("--out", default=".", help="folder for the JSON and HTML files")


def _open(settings: Settings):
    from bot.runtime import open_runtime

    return open_runtime(settings)


def _retention(args, settings: Settings) -> int:
    from bot.privacy.retention import apply_retention
    from bot.runtime import close_runtime

    runtime = _open(settings)
    try:
        with runtime.sessions() as session:
            report = apply_retention(session, runtime.schools)
            if args.dry_run:
                session.rollback()
            else:
                session.commit()
    finally:
        close_runtime()
    print(("would delete: " if args.dry_run else "deleted: ") + json.dumps(report, sort_keys=True))
    return 0


def _subject(args, runtime):
    from bot.privacy.subject import SubjectError, find_subject

    try:
        return find_subject(runtime, phone=args.phone, conversation=args.conversation, school_id=args.school)
    except SubjectError as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def _confirmed(question: str) -> bool:
    try:
        return input(question).strip().lower() == "yes"
    except EOFError:
        return False


def _erase(args, settings: Settings) -> int:
    from bot.db.engine import transaction
    from bot.privacy.erasure import ErasureRefused, erase
    from bot.runtime import close_runtime

    runtime = _open(settings)
    try:
        subject = _subject(args, runtime)
        if subject is None:
            return 2
        if not args.yes and not _confirmed(f"Erase {subject.describe()}? Type yes: "):
            print("nothing erased")
            return 1
        try:
            with transaction(runtime.sessions) as session:
                report = erase(session, subject)
        except ErasureRefused as error:
            print(f"error: nothing erased: {error}", file=sys.stderr)
            return 1
    finally:
        close_runtime()
    print("erased: " + json.dumps(report, sort_keys=True))
    return 0


def _export(args, settings: Settings) -> int:
    from pathlib import Path

    from bot.privacy.export import export, write_files
    from bot.runtime import close_runtime

    runtime = _open(settings)
    try:
        subject = _subject(args, runtime)
        if subject is None:
            return 2
        with runtime.sessions() as session:
            data = export(session, subject)
    finally:
        close_runtime()
    for path in write_files(data, Path(args.out)):
        print(path)
    return 0

