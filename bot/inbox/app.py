"""The inbox's blueprints, registered by bot/web/app.py."""
from __future__ import annotations

from pathlib import Path

from sanic import Blueprint

STATIC = Path(__file__).resolve().parent / "static"


def blueprints() -> Blueprint.group:
    from bot.inbox import views_audit, views_auth, views_case, views_queue

    static = Blueprint("inbox_static", url_prefix="/inbox")
    static.static("/static", str(STATIC), name="static")
    return Blueprint.group(views_auth.bp, views_queue.bp, views_case.bp, views_audit.bp, static)
