"""Staff accounts for admins: who can sign in to their school's inbox; add and disable."""
from __future__ import annotations

import sqlalchemy as sa
from sanic import Blueprint, response
from sanic.request import Request

from bot.db.models import AuditEntry, StaffUser
from bot.inbox import accounts, sessions
from bot.inbox.guard import db, form_value, staff_only
from bot.inbox.queue import MAX_ID
from bot.inbox.render import fill, fill_file, join, page

bp = Blueprint("inbox_users", url_prefix="/inbox")
ROW = ('<tr><td>$username</td><td>$name</td><td>$role</td><td>$state</td><td>$action</td></tr>')
DISABLE = ('<form method="post" action="/inbox/users/$id/disable"><input type="hidden" name="csrf" value="$csrf">'
           '<button type="submit">Disable</button></form>')


async def users_page(request: Request, error: str = "", status: int = 200):
    user = request.ctx.user
    people = await db(request, lambda s: s.execute(sa.select(StaffUser).where(
        StaffUser.school_id == user.school_id).order_by(StaffUser.username)).scalars().all())
    rows = join(fill(ROW, username=p.username, name=p.display_name, role=p.role,
                     state=("active" if p.active else "disabled") + (", uses codes" if p.totp_secret else ""),
                     action=fill(DISABLE, id=p.id, csrf=request.ctx.csrf) if p.active and p.id != user.id else "")
                for p in people)
    content = fill_file("users.html", rows=rows, csrf=request.ctx.csrf, error=error,
                        roles=join(fill('<option value="$r">$r</option>', r=r) for r in accounts.ROLES))
    return page("Staff", content, user=user, csrf=request.ctx.csrf, status=status)


@bp.get("/users")
@staff_only("admin")
async def list_users(request: Request):
    return await users_page(request)


@bp.post("/users")
@staff_only("admin")
async def add_user(request: Request):
    admin = request.ctx.user

    def add(session):
        created = accounts.create_user(
            session, school_id=admin.school_id, username=form_value(request, "username", 64),
            display_name=form_value(request, "name", 200), role=form_value(request, "role", 16),
            password=form_value(request, "password", 1000))
        session.add(AuditEntry(school_id=admin.school_id, actor=admin.display_name, action="user_added",
                               detail=f"{created.username} ({created.role})"))

    try:
        await db(request, add)
    except accounts.AccountError as error:
        return await users_page(request, f"Not added: {error}.", 400)
    return response.redirect("/inbox/users", status=303)


@bp.post("/users/<user_id:int>/disable")
@staff_only("admin")
async def disable_user(request: Request, user_id: int):
    admin = request.ctx.user

    def disable(session):
        person = session.get(StaffUser, user_id) if user_id <= MAX_ID else None
        if person is None or person.school_id != admin.school_id or person.id == admin.id:
            return False
        person.active = False
        sessions.end_all_for(session, person)
        session.add(AuditEntry(school_id=admin.school_id, actor=admin.display_name, action="user_disabled",
                               detail=person.username))
        return True

    if not await db(request, disable):
        return response.json({"error": "no such member of staff"}, status=404)
    return response.redirect("/inbox/users", status=303)
