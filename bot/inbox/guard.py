"""Who is asking: the session cookie, roles, CSRF tokens, and running database work off the loop."""
from __future__ import annotations

import asyncio
import re
import secrets
from functools import wraps
from typing import Callable, Optional, TypeVar
from urllib.parse import quote

from sanic import response
from sanic.request import Request

from bot.db.engine import transaction
from bot.inbox import sessions
from bot.inbox.render import message_page

COOKIE = "inbox_session"
LOGIN_CSRF_COOKIE = "inbox_login_csrf"
STAFF = ("hwbl", "dsl")
EVERYONE = ("hwbl", "dsl", "admin")
T = TypeVar("T")


async def db(request: Request, work: Callable[..., T]) -> T:
    """Run `work(session)` in one transaction, in a thread (the database calls block)."""
    def run() -> T:
        with transaction(request.app.ctx.runtime.sessions) as session:
            return work(session)

    return await asyncio.to_thread(run)


def secure_cookies(request: Request) -> bool:
    return request.app.ctx.settings.public_url.startswith("https://")


def set_cookie(request: Request, resp, name: str, value: str, max_age: Optional[int] = None) -> None:
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["path"] = "/inbox"
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    if max_age is not None:
        cookie["max-age"] = max_age
    if secure_cookies(request):
        cookie["secure"] = True


def clear_cookie(request: Request, resp, name: str) -> None:
    set_cookie(request, resp, name, "", max_age=0)


def login_csrf(request: Request) -> str:
    """The login form's token: a random value also kept in a cookie (double submit)."""
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)


def safe_next(path: Optional[str]) -> Optional[str]:
    """A page of the inbox to return to after signing in; anything else (another site) is ignored."""
    if path and re.fullmatch(r"/inbox(/[A-Za-z0-9/_-]*)?", path):
        return path
    return None


def form_value(request: Request, name: str, limit: int = 5000) -> str:
    value = (request.form or {}).get(name) or ""
    return value[:limit]


def staff_only(*roles: str):
    """Pages for signed-in staff of the given roles. Others are sent to sign in (or get 401 for
    non-page requests) or get 403; every POST must carry the session's CSRF token."""
    def decorate(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            token = request.cookies.get(COOKIE)
            found = await db(request, lambda s: sessions.resume(s, token))
            if found is None:
                if request.method == "GET" and request.headers.get("accept") != "text/event-stream":
                    return response.redirect(f"/inbox/login?next={quote(request.path)}", status=303)
                return response.json({"error": "please sign in"}, status=401)
            staff_session, user = found
            if user.role not in roles:
                return message_page("Not for your role", "This page is not open to your role.", 403,
                                    user, staff_session.csrf_token)
            if request.method == "POST" and not sessions.csrf_matches(staff_session.csrf_token, form_value(request, "csrf")):
                return message_page("Form expired", "That form has expired. Please go back, reload and try again.",
                                    403, user, staff_session.csrf_token)
            request.ctx.user, request.ctx.csrf = user, staff_session.csrf_token
            return await handler(request, *args, **kwargs)

        return wrapper

    return decorate
