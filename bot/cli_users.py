"""`python -m bot users ...`: staff accounts for the inbox. Passwords never go on the command line."""
from __future__ import annotations

import argparse
import getpass
import sys

import sqlalchemy as sa

from bot.db.engine import make_engine, make_session_factory, transaction
from bot.db.models import StaffUser
from bot.inbox.accounts import ROLES, AccountError, create_user, find_user, set_password
from bot.inbox.sessions import end_all_for
from bot.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="staff accounts for the inbox").add_subparsers(
        dest="users_command", required=True)
    add = users.add_parser("add", help="add a member of staff (asks for the password)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="name shown to colleagues and parents, e.g. 'Dee Harper'")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--school", required=True, help="school id, as in schools/*.yml")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    password = users.add_parser("password", help="set a new password (signs the user out everywhere)")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")
    disable = users.add_parser("disable", help="stop a member of staff signing in")
    disable.add_argument("username")
    users.add_parser("list", help="staff accounts")
    for parser in users.choices.values():
        parser.set_defaults(func=run)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Same password again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def run(args, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            command = args.users_command
            if command == "list":
                for user in session.execute(sa.select(StaffUser).order_by(StaffUser.school_id, StaffUser.username)).scalars():
                    state = "" if user.active else " (disabled)"
                    code = " code" if user.totp_secret else ""
                    print(f"{user.username:20} {user.role:6} {user.school_id:14} {user.display_name}{code}{state}")
                return 0
            if command == "add":
                create_user(session, school_id=args.school, username=args.username, display_name=args.name,
                            role=args.role, password=read_password(args.password_stdin))
            else:
                user = find_user(session, args.username)
                if user is None:
                    raise AccountError(f"no user {args.username!r}")
                if command == "password":
                    set_password(user, read_password(args.password_stdin))
                else:
                    user.active = False
                end_all_for(session, user)
        print("done")
        return 0
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
