"""Signing in and out, and turning on one-time codes (TOTP) for your own account."""
from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request

from bot.db.models import AuditEntry, StaffUser
from bot.ratelimit import client_address
from bot.inbox import accounts, sessions
from bot.inbox.guard import (COOKIE, EVERYONE, LOGIN_CSRF_COOKIE, clear_cookie, db, form_value, login_csrf,
                             safe_next, set_cookie, staff_only)
from bot.inbox.render import Safe, fill, fill_file, message_page, page

bp = Blueprint("inbox_auth", url_prefix="/inbox")
TOTP_FORM = """<p>Add this key to an authenticator app, then type the code it shows.</p>
<p class="key">$secret</p><p class="small">$uri</p>
<form method="post" action="/inbox/account/totp">
  <input type="hidden" name="csrf" value="$csrf"><input type="hidden" name="secret" value="$secret">
  <label>Code <input name="code" inputmode="numeric" maxlength="10" required></label>
  <button type="submit">Turn on codes</button>
</form>"""


def home_for(user: StaffUser) -> str:
    return "/inbox/overview" if user.role == "admin" else "/inbox"


def login_page(request: Request, error: str = "", username: str = "", status: int = 200, next_page: str = ""):
    token = login_csrf(request)
    resp = page("Sign in", fill_file("login.html", csrf=token, error=error, username=username, next=next_page),
                status=status)
    set_cookie(request, resp, LOGIN_CSRF_COOKIE, token)
    return resp


@bp.get("/login")
async def login_form(request: Request):
    return login_page(request, next_page=safe_next(request.args.get("next")) or "")


@bp.post("/login")
async def login(request: Request):
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not sessions.csrf_matches(expected, form_value(request, "csrf")):
        return login_page(request, "That form had expired. Please try again.", status=403)
    username = form_value(request, "username", 64)
    password = form_value(request, "password", 1000)
    code = form_value(request, "code", 10)
    next_page = safe_next(form_value(request, "next", 300)) or ""
    client = client_address(request, request.app.ctx.settings)

    def attempt(session):
        if accounts.is_throttled(session, username, client):
            return "throttled", None
        user = accounts.check_credentials(session, username, password, code)
        if user is None:
            accounts.record_failure(session, username, client)
            return "wrong", None
        accounts.clear_failures(session, username)
        sessions.remove_expired(session)
        session.add(AuditEntry(school_id=user.school_id, actor=user.display_name, action="sign_in"))
        return next_page if next_page and user.role != "admin" else home_for(user), sessions.start(session, user)

    outcome, token = await db(request, attempt)
    if outcome == "throttled":
        return login_page(request, "Too many attempts. Please wait 15 minutes and try again.", username, 429, next_page)
    if outcome == "wrong":
        return login_page(request, "That username, password or code is not right.", username, 401, next_page)
    resp = response.redirect(outcome, status=303)
    set_cookie(request, resp, COOKIE, token)
    clear_cookie(request, resp, LOGIN_CSRF_COOKIE)
    return resp


@bp.post("/logout")
@staff_only(*EVERYONE)
async def logout(request: Request):
    token, user = request.cookies.get(COOKIE), request.ctx.user

    def sign_out(session):
        sessions.end(session, token)
        session.add(AuditEntry(school_id=user.school_id, actor=user.display_name, action="sign_out"))

    await db(request, sign_out)
    resp = response.redirect("/inbox/login", status=303)
    clear_cookie(request, resp, COOKIE)
    return resp


@bp.get("/account")
@staff_only(*EVERYONE)
async def account(request: Request):
    user = request.ctx.user
    if user.totp_secret:
        totp = Safe("<p>Codes are on: you type a code from your app each time you sign in.</p>")
    else:
        secret = accounts.new_totp_secret()
        school = request.app.ctx.runtime.school(user.school_id)
        totp = fill(TOTP_FORM, secret=secret, uri=accounts.totp_uri(user, secret, f"{school.short_name} inbox"),
                    csrf=request.ctx.csrf)
    school = request.app.ctx.runtime.school(user.school_id).name
    return page("My account", fill_file("account.html", name=user.display_name, role=user.role, school=school,
                                        totp=totp), user=user, csrf=request.ctx.csrf)


@bp.post("/account/totp")
@staff_only(*EVERYONE)
async def enable_totp(request: Request):
    secret, code = form_value(request, "secret", 64), form_value(request, "code", 10)

    def enable(session):
        user = session.get(StaffUser, request.ctx.user.id)
        return bool(secret) and accounts.enable_totp(user, secret, code)

    if not await db(request, enable):
        return message_page("Code not right", "That code did not match. Please go back and try again.", 400,
                            request.ctx.user, request.ctx.csrf)
    return message_page("Codes are on", "From now on you type a code from your app when you sign in.", 200,
                        request.ctx.user, request.ctx.csrf)
