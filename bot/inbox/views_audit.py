"""The audit log for admins: every view of a case and every action, newest first. Read-only."""
from __future__ import annotations

import re

import sqlalchemy as sa
from sanic import Blueprint
from sanic.request import Request

from bot.db.models import AuditEntry
from bot.inbox.guard import db, staff_only
from bot.inbox.queue import MAX_ID
from bot.inbox.render import Safe, fill, join, page, uk_time

bp = Blueprint("inbox_audit", url_prefix="/inbox")
PAGE_SIZE = 200
ROW = '<tr><td>$at</td><td>$actor</td><td>$action</td><td>$case</td><td>$detail</td></tr>'


@bp.get("/audit")
@staff_only("admin")
async def audit_log(request: Request):
    school_id = request.ctx.user.school_id
    before = request.args.get("before", "")
    before_id = min(int(before), MAX_ID) if re.fullmatch(r"[0-9]{1,20}", before) else None

    def entries(session):
        query = sa.select(AuditEntry).where(AuditEntry.school_id == school_id)
        if before_id is not None:
            query = query.where(AuditEntry.id < before_id)
        return session.execute(query.order_by(AuditEntry.id.desc()).limit(PAGE_SIZE)).scalars().all()

    rows = await db(request, entries)
    table = join(fill(ROW, at=uk_time(e.at), actor=e.actor, action=e.action,
                      case=f"#{e.case_id}" if e.case_id else "-", detail=e.detail or "") for e in rows)
    more = fill('<p><a href="/inbox/audit?before=$id">Older entries</a></p>', id=rows[-1].id) \
        if len(rows) == PAGE_SIZE else Safe("")
    content = fill('<h1>Audit log</h1><p class="small">Every view of a case and every action. Entries are never '
                   'changed or removed.</p><div class="table-wrap"><table class="audit"><thead><tr><th>When</th>'
                   '<th>Who</th><th>What</th><th>Case</th><th>Detail</th></tr></thead><tbody>$rows</tbody></table></div>$more',
                   rows=table or Safe('<tr><td colspan="5">Nothing yet.</td></tr>'), more=more)
    return page("Audit log", content, user=request.ctx.user, csrf=request.ctx.csrf)
