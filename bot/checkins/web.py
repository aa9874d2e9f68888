"""A small JSON API the web chat widget can call to offer weekly check-ins by SMS.

GET  /checkins/wording?school=ID   the words to show, and their version
POST /checkins {"school", "phone", "day", "time", "wording_version"}
     asks for a check-in: nothing starts until the parent texts CHECKIN YES back, so a number
     typed by someone else never gets check-ins. The answer is the same whatever the number's
     state, so it says nothing about who is signed up.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from typing import Any, Dict

import sqlalchemy as sa

from sanic import Blueprint, response
from sanic.request import Request

from bot import ratelimit
from bot.checkins import store, wording
from bot.checkins.timing import WeeklyTime, allowed, parse_day, parse_time
from bot.db.engine import transaction
from bot.db.models import CheckinConsent, utcnow
from bot.sms import store as sms_store

bp = Blueprint("checkins", url_prefix="/checkins")
_UK_MOBILE = re.compile(r"^(?:\+44|0044|0)(7\d{9})$")
RESEND_AFTER = dt.timedelta(minutes=10)
ACCEPTED = {"status": "pending",
            "message": "We've sent a text to that number. Reply CHECKIN YES to start your weekly check-in."}


class BadRequest(ValueError):
    pass


def uk_mobile(raw: Any) -> str:
    """'07700 900123' -> '+447700900123'."""
    digits = re.sub(r"[\s().-]", "", raw) if isinstance(raw, str) and len(raw) < 40 else ""
    match = _UK_MOBILE.match(digits)
    if not match:
        raise BadRequest("phone must be a UK mobile number, like 07700 900123")
    return "+44" + match.group(1)


def weekly_from(body: Dict[str, Any]) -> WeeklyTime:
    day = parse_day(body["day"]) if isinstance(body.get("day"), str) and len(body["day"]) < 20 else None
    at = parse_time(body["time"]) if isinstance(body.get("time"), str) and len(body["time"]) < 20 else None
    if day is None or at is None:
        raise BadRequest("day (like 'monday') and time (like '18:00') are needed")
    if not allowed(at):
        raise BadRequest("check-ins are only sent between 08:00 and 21:00")
    return WeeklyTime(day, at)


@bp.get("/wording")
async def get_wording(request: Request):
    school = request.app.ctx.runtime.schools.get(request.args.get("school") or "")
    if school is None:
        return response.json({"error": "unknown school"}, status=404)
    text = wording.web_wording(school)
    return response.json({"school": school.id, "wording": text, "version": wording.wording_version(text)})


@bp.post("")
async def ask_for_checkins(request: Request):
    runtime, service = request.app.ctx.runtime, request.app.ctx.checkins
    try:
        body = json.loads(request.body or b"")
        if not isinstance(body, dict):
            raise BadRequest("the request must be a JSON object")
        school = runtime.schools.get(body.get("school") if isinstance(body.get("school"), str) else "")
        if school is None:
            raise BadRequest("unknown school")
        phone, weekly = uk_mobile(body.get("phone")), weekly_from(body)
    except (UnicodeDecodeError, ValueError) as error:
        message = str(error) if isinstance(error, BadRequest) else "the request must be JSON"
        return response.json({"error": message}, status=400)
    text = wording.web_wording(school)
    if body.get("wording_version") != wording.wording_version(text):
        return response.json({"error": "the wording has changed: show it again", "wording": text,
                              "version": wording.wording_version(text)}, status=409)
    our_number = school.twilio_number or runtime.settings.twilio_number
    if service.sender is None or not our_number:
        return response.json({"error": "texts are not set up here"}, status=503)
    limit = ratelimit.Limit("checkin-request", runtime.settings.checkin_requests_per_hour, ratelimit.HOUR)
    too_many = await ratelimit.refuse_if_over(request, limit)  # each may text a number: it costs money
    if too_many:
        return too_many
    conversation_id = sms_store.conversation_id_for(phone, school.id, runtime.settings.secret_key)

    def record() -> bool:
        with transaction(runtime.sessions) as session:
            return request_checkins(session, school, conversation_id, phone, our_number, weekly, text)

    if await asyncio.to_thread(record):
        status = await service.sender.send(school_id=school.id, conversation_id=conversation_id, to=phone,
                                           from_=our_number, text=wording.confirm_web_request(school, weekly))
        if status == "failed":
            return response.json({"error": "we couldn't send the text just now; please try again later"}, status=502)
    return response.json(ACCEPTED, status=202)


def request_checkins(session, school, conversation_id: str, phone: str, our_number: str,
                     weekly: WeeklyTime, text: str) -> bool:
    """Record a pending request with the wording shown; whether to text the number now."""
    row = store.subscription(session, conversation_id)
    if row is not None and row.status == "active":
        return False  # a live check-in is changed by text from that phone, never from the web
    if not sms_store.may_send_proactive(session, conversation_id):
        return False  # the number said STOP
    if _recently_requested(session, conversation_id):
        return False  # one text per number every ten minutes, however often the form is sent
    sms_store.remember_contact(session, conversation_id, school.id, phone, our_number)
    store.set_schedule(session, school_id=school.id, conversation_id=conversation_id, weekly=weekly,
                       status="pending", channel="web", action="requested", wording=text)
    return True


def _recently_requested(session, conversation_id: str) -> bool:
    latest = session.execute(
        sa.select(sa.func.max(CheckinConsent.at)).where(CheckinConsent.conversation_id == conversation_id,
                                                        CheckinConsent.action == "requested")
    ).scalar_one_or_none()
    return latest is not None and utcnow() - latest < RESEND_AFTER
