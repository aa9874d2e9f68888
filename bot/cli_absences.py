"""`python -m bot absences list`: absence reports and whether the office's email went."""
from __future__ import annotations

import argparse

from bot.absence import recent_reports, report_line
from bot.runtime import close_runtime, open_runtime
from bot.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    absences = sub.add_parser("absences", help="absence reports passed to the school office").add_subparsers(
        dest="absences_command", required=True)
    listing = absences.add_parser("list", help="the latest reports, newest first, with their delivery")
    listing.add_argument("--school")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(func=run)


def run(args, settings: Settings) -> int:
    rt = open_runtime(settings)
    try:
        with rt.sessions() as session:
            rows = recent_reports(session, args.school, args.limit)
            for report, alert in rows:
                print(report_line(report, alert))
        if not rows:
            print("no absence reports")
        return 0
    finally:
        close_runtime()
