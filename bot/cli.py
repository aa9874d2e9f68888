"""`python -m bot ...`: run the service, its parts, and staff tools."""
from __future__ import annotations

import argparse
import logging
import sys
from typing import List, Optional

from bot.settings import Settings


def _cmd_run(_args, settings: Settings) -> int:
    from bot.runner import run_all

    return run_all(settings)


def _cmd_serve(_args, settings: Settings) -> int:
    from bot.web.app import serve

    serve(settings)
    return 0


def _cmd_actions(_args, settings: Settings) -> int:
    from bot.action_server import serve_actions

    serve_actions(settings)
    return 0


def _cmd_db_upgrade(_args, settings: Settings) -> int:
    from bot.db.engine import make_engine
    from bot.db.migrate import upgrade
    from bot.schools import load_schools

    engine = make_engine(settings.database_url)
    try:
        upgrade(engine, load_schools(settings.schools_dir))
    finally:
        engine.dispose()
    print("database is up to date")
    return 0


def _cmd_schools_check(_args, settings: Settings) -> int:
    from bot.schools import SchoolConfigError, load_schools

    try:
        schools = load_schools(settings.schools_dir)
    except SchoolConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for school in schools.values():
        print(f"{school.id}: {school.name} (HWBL {school.hwbl.name}, {school.hours_text()})")
    return 0


def _cmd_worker(_args, settings: Settings) -> int:
    from bot.alerts.worker import main_worker

    return main_worker(settings)


def _cmd_eval(args, _settings: Settings) -> int:
    from bot.evaluation import main as evaluate

    return evaluate([args.data, args.out])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start Rasa, the action server and the bot service").set_defaults(func=_cmd_run)
    sub.add_parser("serve", help="start the bot service only").set_defaults(func=_cmd_serve)
    sub.add_parser("actions", help="start the action server only").set_defaults(func=_cmd_actions)

    db = sub.add_parser("db", help="database tools").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations and load the schools").set_defaults(func=_cmd_db_upgrade)

    schools = sub.add_parser("schools", help="school details").add_subparsers(dest="schools_command", required=True)
    schools.add_parser("check", help="check schools/*.yml").set_defaults(func=_cmd_schools_check)

    from bot import cli_cases, cli_directory

    cli_cases.add_parser(sub)
    cli_directory.add_parser(sub)
    from bot import cli_absences, cli_privacy, cli_schools, cli_users

    cli_privacy.add_parser(sub)
    cli_schools.add_parser(schools)
    cli_users.add_parser(sub)
    cli_absences.add_parser(sub)
    sub.add_parser("worker", help="deliver queued alerts").set_defaults(func=_cmd_worker)

    evaluate = sub.add_parser("eval", help="evaluate topics and risk on a labelled file")
    evaluate.add_argument("data")
    evaluate.add_argument("out")
    evaluate.set_defaults(func=_cmd_eval)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from bot.logging_setup import install as install_safe_logging

    install_safe_logging()
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as error:
        print(f"error in settings: {error}", file=sys.stderr)
        return 2
    return args.func(args, settings)
