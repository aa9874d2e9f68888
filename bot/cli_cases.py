"""`python -m bot cases ...`: the HWBL's tools until (and beside) the inbox."""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys

import aiohttp

from bot.db.engine import transaction
import sqlalchemy as sa

from bot.db.models import Case, SmsOutbound
from bot.runtime import close_runtime, open_runtime
from bot.settings import Settings
from bot.staff import (OUTCOMES, RasaConversations, StaffActionError, acknowledge, list_cases, record_reply, resolve,
                       take)


def add_parser(sub: argparse._SubParsersAction) -> None:
    cases = sub.add_parser("cases", help="list, read, reply to and hand back cases").add_subparsers(
        dest="cases_command", required=True)
    listing = cases.add_parser("list", help="open cases (all with --all)")
    listing.add_argument("--all", action="store_true")
    show = cases.add_parser("show", help="a case and its conversation")
    show.add_argument("case_id", type=int)
    for name, helptext in (("take", "take a case: the assistant stays silent"),
                           ("ack", "acknowledge: stops escalation")):
        command = cases.add_parser(name, help=helptext)
        command.add_argument("case_id", type=int)
        command.add_argument("--staff", required=True)
    reply = cases.add_parser("reply", help="reply to the parent on their channel")
    reply.add_argument("case_id", type=int)
    reply.add_argument("text")
    reply.add_argument("--staff", required=True)
    handback = cases.add_parser("handback", help="resolve and hand back to the assistant")
    handback.add_argument("case_id", type=int)
    handback.add_argument("--staff", required=True)
    handback.add_argument("--outcome", choices=OUTCOMES, default="signposted")
    for parser in cases.choices.values():
        parser.set_defaults(func=run)


def _line(case: Case) -> str:
    age = dt.datetime.utcnow() - case.created_at
    return (f"#{case.id:<5} {case.level:8} {case.category or '-':18} {case.status:8} {case.channel:8} "
            f"{case.school_id:12} {int(age.total_seconds() // 60):>5} min  {case.assigned_to or '-'}")


async def _run(args, settings: Settings) -> int:
    rt = open_runtime(settings)
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
            rasa = RasaConversations(settings, http)
            command = args.cases_command
            if command == "list":
                with rt.sessions() as session:
                    for case in list_cases(session, include_resolved=args.all):
                        print(_line(case))
                return 0
            with transaction(rt.sessions) as session:
                case = session.get(Case, args.case_id)
                if case is None:
                    raise StaffActionError(f"no case {args.case_id}")
                if command == "show":
                    print(_line(case))
                    print("why:", "; ".join(case.reasons or []))
                    for alert in case.alerts:
                        print(f"alert {alert.recipient_role} {alert.transport} {alert.status} {alert.last_error or ''}")
                    failed = session.execute(sa.select(SmsOutbound).where(
                        SmsOutbound.case_id == case.id, SmsOutbound.status.in_(("failed", "undelivered")))).scalars()
                    for sms in failed:
                        kind = "SAFETY message" if sms.safety else "message"
                        print(f"SMS {kind} to the parent not delivered ({sms.status}): {sms.error or 'no reason given'}")
                elif command == "take":
                    take(session, case, args.staff)
                elif command == "ack":
                    acknowledge(session, case, args.staff)
                elif command == "reply":
                    if case.status == "pending":
                        take(session, case, args.staff)
                    await rasa.send_staff_message(case.conversation_id, args.staff, args.text)
                    record_reply(session, case, args.staff, args.text)
                elif command == "handback":
                    resolve(session, case, args.staff, args.outcome)
                    await rasa.hand_back(case.conversation_id, rt.school(case.school_id).hwbl.name)
                conversation_id = case.conversation_id
            if command == "show":
                for message in await rasa.transcript(conversation_id):
                    when = dt.datetime.fromtimestamp(message["at"]).strftime("%d %b %H:%M")
                    risk = f" [{message['risk']}]" if message["risk"] not in (None, "none") else ""
                    print(f"{when} {message['who']:9}{risk} {message['text']}")
            if command != "show":
                print("done")
            return 0
    except StaffActionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        close_runtime()


def run(args, settings: Settings) -> int:
    return asyncio.run(_run(args, settings))
