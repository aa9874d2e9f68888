"""The inbox's blueprints, registered by bot/web/app.py."""
from __future__ import annotations

from pathlib import Path

from sanic import Blueprint
from sanic.blueprint_group import BlueprintGroup

STATIC = Path(__file__).resolve().parent / "static"


def blueprints() -> BlueprintGroup:
    from bot.inbox import views_audit, views_auth, views_case, views_overview, views_queue, views_users

    static = Blueprint("inbox_static", url_prefix="/inbox")
    static.static("/static", str(STATIC), name="static")
    return Blueprint.group(views_auth.bp, views_queue.bp, views_case.bp, views_audit.bp,
                           views_overview.bp, views_users.bp, static)
