"""GET /healthz: is Rasa up with a model, is the action server up, can we reach the database."""
from __future__ import annotations

import asyncio
from typing import Dict, Tuple

import sqlalchemy as sa
from sanic import Blueprint, response
from sanic.request import Request

bp = Blueprint("health")


async def _rasa(request: Request) -> Tuple[bool, str]:
    settings = request.app.ctx.settings
    params = {"token": settings.rasa_token} if settings.rasa_token else {}
    try:
        async with request.app.ctx.http.get(f"{settings.rasa_url}/status", params=params, timeout=3) as resp:
            if resp.status != 200:
                return False, f"status {resp.status}"
            body = await resp.json()
            return bool(body.get("model_id")), "model loaded" if body.get("model_id") else "no model"
    except Exception as error:  # any failure to reach it is "down", with the reason
        return False, type(error).__name__


async def _actions(request: Request) -> Tuple[bool, str]:
    url = f"{request.app.ctx.settings.action_server_url}/health"
    try:
        async with request.app.ctx.http.get(url, timeout=3) as resp:
            return resp.status == 200, f"status {resp.status}"
    except Exception as error:
        return False, type(error).__name__


def _database_sync(engine: sa.engine.Engine) -> Tuple[bool, str]:
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return True, engine.dialect.name
    except Exception as error:
        return False, type(error).__name__


@bp.get("/healthz")
async def healthz(request: Request):
    engine = request.app.ctx.runtime.engine
    results = await asyncio.gather(_rasa(request), _actions(request), asyncio.to_thread(_database_sync, engine))
    checks: Dict[str, Dict] = {
        name: {"ok": ok, "detail": detail}
        for name, (ok, detail) in zip(("rasa", "action_server", "database"), results)
    }
    healthy = all(check["ok"] for check in checks.values())
    return response.json({"status": "ok" if healthy else "degraded", "checks": checks}, status=200 if healthy else 503)
