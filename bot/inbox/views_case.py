"""The case page and what staff do on it, through bot/staff.py. Every view and action is audited."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Optional, Tuple

import aiohttp
import sqlalchemy as sa
from sanic import Blueprint, response
from sanic.request import Request

from bot import staff
from bot.db.models import AuditEntry, Case, CaseNote, SmsOutbound, StaffUser, utcnow
from bot.inbox.guard import STAFF, db, form_value, staff_only
from bot.inbox.queue import category_words, school_case
from bot.inbox.render import Safe, age, fill, fill_file, join, message_page, page, uk_time

logger = logging.getLogger(__name__)
bp = Blueprint("inbox_case", url_prefix="/inbox")
NOTICES = {
    "take": "You have the case: the assistant stays quiet.", "acknowledge": "Acknowledged: escalation stopped.",
    "reply": "Your reply was sent to the parent.", "reassign": "Passed to the safeguarding lead.",
    "handback": "Handed back: the assistant has told the parent and answers again.",
    "resolve": "Resolved.", "note": "Note saved.",
    "rasa": "The assistant could not be reached just now, so nothing reached the parent. Please try again.",
    "resolved": "This case is already resolved.", "empty": "Please write something first.",
    "outcome": "Please choose an outcome.",
    "long": "That reply is too long: please keep it under 1,000 characters (about six texts).",
}
MAX_REPLY = 1000
# Actions after which the assistant is quiet or speaking again, newest decides.
CONVERSATION_ACTIONS = ("take", "reply", "reassign", "handback")
URGENT = ("critical", "high")  # the assistant pauses itself when it opens these


class Refused(Exception):
    """An action that cannot go ahead; the key picks the notice shown."""


def _not_found():
    return message_page("Not found", "There is no such case.", 404)


def _transcript_item(message: dict) -> Safe:
    when = dt.datetime.fromtimestamp(message["at"], dt.timezone.utc).replace(tzinfo=None) if message.get("at") else None
    risk = message.get("risk")
    return fill('<li class="from-$who"><span class="meta">$who, $when$risk</span><span class="text">$text</span></li>',
                who=message["who"], when=uk_time(when), text=message["text"],
                risk=f" - flagged {risk}" if risk not in (None, "none") else "")


async def _transcript(request: Request, conversation_id: str) -> Safe:
    rasa = staff.RasaConversations(request.app.ctx.settings, request.app.ctx.http)
    try:
        messages = await rasa.transcript(conversation_id)
    except (staff.StaffActionError, aiohttp.ClientError, TimeoutError, KeyError, TypeError, ValueError) as error:
        logger.warning("no transcript for the case page: %s", error)
        return Safe('<li class="problem">The conversation could not be loaded just now. Please reload in a minute.</li>')
    return join(_transcript_item(m) for m in messages) or Safe("<li>No messages yet.</li>")


def _case_view(session, user: StaffUser, case_id: int) -> Optional[dict]:
    case = school_case(session, user.school_id, case_id)
    if case is None:
        return None
    staff.audit(session, case, user.display_name, "view")
    notes = session.execute(sa.select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.id)).scalars().all()
    failed_sms = session.execute(sa.select(SmsOutbound).where(
        SmsOutbound.case_id == case.id, SmsOutbound.status.in_(("failed", "undelivered")))).scalars().all()
    return {"case": case, "alerts": list(case.alerts), "notes": notes, "failed_sms": failed_sms}


@bp.get("/cases/<case_id:int>")
@staff_only(*STAFF)
async def case_page(request: Request, case_id: int):
    user = request.ctx.user
    view = await db(request, lambda s: _case_view(s, user, case_id))
    if view is None:
        return _not_found()
    case: Case = view["case"]
    now = utcnow()
    alerts = join(fill('<tr><td>$role ($name)</td><td>$transport</td><td>$kind</td><td class="status-$status">$status</td>'
                       '<td>$attempts</td><td>$sent</td><td>$error</td></tr>',
                       role=a.recipient_role, name=a.recipient_name, transport=a.transport, kind=a.kind,
                       status=a.status, attempts=a.attempts, sent=uk_time(a.sent_at), error=a.last_error or "")
                  for a in view["alerts"]) or Safe('<tr><td colspan="7">No alerts were sent for this case.</td></tr>')
    sms_problems = join(fill('<p class="problem">A $kind to the parent was not delivered ($status): $error</p>',
                             kind="SAFETY text" if s.safety else "text", status=s.status,
                             error=s.error or "no reason given") for s in view["failed_sms"])
    notes = join(fill('<li><span class="meta">$author, $at</span> $text</li>', author=n.author, at=uk_time(n.at),
                      text=n.text) for n in view["notes"]) or Safe("<li>No notes yet.</li>")
    actions = Safe("") if case.status == "resolved" else fill_file(
        "case_actions.html", id=case.id, csrf=request.ctx.csrf,
        outcomes=join(fill('<option value="$o">$o</option>', o=o) for o in staff.OUTCOMES))
    notice_key = request.args.get("done") or request.args.get("problem")
    notice = fill('<p class="notice" role="status">$text</p>', text=NOTICES[notice_key]) if notice_key in NOTICES else ""
    content = fill_file(
        "case.html", id=case.id, level=case.level, category=category_words(case.category), channel=case.channel,
        status=case.status, who=case.assigned_to or "nobody yet", opened=uk_time(case.created_at),
        age=age(case.created_at, now), acknowledged=uk_time(case.acknowledged_at), outcome=case.outcome or "-",
        reasons=join(fill("<li>$r</li>", r=r) for r in case.reasons or []) or Safe("<li>-</li>"),
        trigger=case.trigger_text or "-", transcript=await _transcript(request, case.conversation_id),
        actions=actions, alerts=alerts, sms_problems=sms_problems, notes=notes, notice=notice, csrf=request.ctx.csrf)
    return page(f"Case {case.id}", content, user=user, csrf=request.ctx.csrf)


def _load_open(session, user: StaffUser, case_id: int) -> Case:
    case = school_case(session, user.school_id, case_id)
    if case is None:
        raise LookupError(case_id)
    if case.status == "resolved":
        raise Refused("resolved")
    return case


def _quiet_now(session, case: Case) -> bool:
    """Whether the assistant is holding back for this case: paused when opened (urgent) or since
    staff took it, and not handed back since."""
    last = session.execute(
        sa.select(AuditEntry.action).where(AuditEntry.case_id == case.id, AuditEntry.action.in_(CONVERSATION_ACTIONS))
        .order_by(AuditEntry.id.desc()).limit(1)).scalar_one_or_none()
    return case.level in URGENT if last is None else last != "handback"


def _take_with_pause(session, user: StaffUser, case_id: int) -> Tuple[str, Optional[int]]:
    """Check the case can be taken; its conversation, and its id if the assistant must be paused."""
    case = _load_open(session, user, case_id)
    return case.conversation_id, None if _quiet_now(session, case) else case.id


def _dsl_name(session, user: StaffUser, school) -> str:
    name = session.execute(sa.select(StaffUser.display_name).where(
        StaffUser.school_id == user.school_id, StaffUser.role == "dsl", StaffUser.active.is_(True)
    ).order_by(StaffUser.id).limit(1)).scalar_one_or_none()
    return name or school.dsl.full_name


def _handback_name(user: StaffUser, school) -> str:
    return school.dsl.name if user.role == "dsl" else school.hwbl.name


@bp.post("/cases/<case_id:int>/<action:str>")
@staff_only(*STAFF)
async def case_action(request: Request, case_id: int, action: str):
    user = request.ctx.user
    school = request.app.ctx.runtime.school(user.school_id)
    rasa = staff.RasaConversations(request.app.ctx.settings, request.app.ctx.http)
    name = user.display_name
    text = form_value(request, "text", 5000).strip()

    def simple(session):
        case = school_case(session, user.school_id, case_id) if action == "note" else _load_open(session, user, case_id)
        if case is None:
            raise LookupError(case_id)
        if action == "acknowledge":
            staff.acknowledge(session, case, name)
        elif action == "reassign":
            staff.pass_to_dsl(session, case, name, _dsl_name(session, user, school), school, request.app.ctx.settings)
        elif action == "note":
            if not text:
                raise Refused("empty")
            session.add(CaseNote(case_id=case.id, author=name, text=text))
            staff.audit(session, case, name, "note")
        return case

    async def spoken():
        """Actions that reach the conversation: checked in the database, done in Rasa, then recorded."""
        if action in ("take", "reply"):
            conversation_id, pause = await db(request, lambda s: _take_with_pause(s, user, case_id))
            if action == "reply" and not text:
                raise Refused("empty")
            if len(text) > MAX_REPLY:
                raise Refused("long")
            if pause:
                await rasa.pause(conversation_id, pause)

            def take(session):
                case = _load_open(session, user, case_id)
                if action == "take" or case.status == "pending":
                    staff.take(session, case, name)

            await db(request, take)
        if action == "reply":
            await rasa.send_staff_message(conversation_id, name, text)
            await db(request, lambda s: staff.record_reply(s, school_case(s, user.school_id, case_id), name, text))
        elif action == "handback":
            conversation_id = await db(request, lambda s: _load_open(s, user, case_id).conversation_id)
            await rasa.hand_back(conversation_id, _handback_name(user, school))
            await db(request, lambda s: staff.audit(s, school_case(s, user.school_id, case_id), name, "handback"))
        elif action == "resolve":
            outcome = form_value(request, "outcome", 64)
            if outcome not in staff.OUTCOMES:
                raise Refused("outcome")

            def check(session):
                case = _load_open(session, user, case_id)
                return case.conversation_id, _quiet_now(session, case)

            conversation_id, quiet = await db(request, check)
            if quiet:
                await rasa.hand_back(conversation_id, _handback_name(user, school))
            await db(request, lambda s: staff.resolve(s, _load_open(s, user, case_id), name, outcome))

    try:
        if action in ("acknowledge", "reassign", "note"):
            await db(request, simple)
        elif action in ("take", "reply", "handback", "resolve"):
            await spoken()
        else:
            return _not_found()
    except LookupError:
        return _not_found()
    except Refused as refusal:
        return response.redirect(f"/inbox/cases/{case_id}?problem={refusal}", status=303)
    except (staff.StaffActionError, aiohttp.ClientError, TimeoutError) as error:
        logger.warning("case %s: %s failed: %s", case_id, action, error)
        await db(request, lambda s: staff.audit(s, school_case(s, user.school_id, case_id), name, f"{action}_failed",
                                                str(error)[:500]))
        return response.redirect(f"/inbox/cases/{case_id}?problem=rasa", status=303)
    return response.redirect(f"/inbox/cases/{case_id}?done={action}", status=303)
