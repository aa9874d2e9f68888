"""Sanic app factory for the bot service (:8000)."""
from __future__ import annotations

import logging

import aiohttp
from sanic import Sanic, response
from sanic.exceptions import SanicException

import asyncio

from bot.alerts.transports import transports_from_settings
from bot.alerts.worker import AlertWorker
from bot.runtime import close_runtime, open_runtime
from bot.settings import Settings
from bot import broker, logging_setup
from bot.checkins import web as checkins_web
from bot.checkins.service import CheckinService
from bot.privacy.job import retention_forever
from bot.sms.receiver import RasaHandOver, SmsReceiver
from bot.web import chat, cors, health, metrics, pages
from bot.web import sms as sms_web
from bot.web.relay import Notifier, WebRelay
from bot.web.wakeups import RedisWakeups

logger = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def create_app(settings: Settings, name: str = "parent_support") -> Sanic:
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = 1024 * 1024
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.settings = settings

    app.blueprint(pages.bp)
    app.blueprint(chat.bp)
    app.blueprint(health.bp)
    metrics.install(app)
    broker.install(app, settings)
    from bot.inbox.app import blueprints as inbox_blueprints

    app.blueprint(inbox_blueprints())
    app.blueprint(checkins_web.bp)
    app.blueprint(sms_web.bp)

    @app.listener("before_server_start")
    async def open_resources(app_, _loop) -> None:
        app_.ctx.runtime = runtime = open_runtime(settings)
        app_.ctx.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        app_.ctx.transports = transports_from_settings(settings)
        app_.ctx.stop_worker = asyncio.Event()
        worker = AlertWorker(runtime.sessions, runtime.schools, settings, app_.ctx.transports)
        app_.ctx.worker_task = asyncio.ensure_future(worker.run_forever(app_.ctx.stop_worker))
        logging_setup.install()
        app_.ctx.retention_task = asyncio.ensure_future(
            retention_forever(runtime.sessions, runtime.schools, app_.ctx.stop_worker))
        app_.ctx.web_relay = WebRelay(runtime.sessions, settings.rasa_url, app_.ctx.http, Notifier())
        app_.ctx.wakeups = RedisWakeups(settings.redis_url, app_.ctx.web_relay.notifier) if settings.redis_url else None
        if app_.ctx.wakeups:
            app_.ctx.wakeups.start()
        app_.ctx.web_sweeper = asyncio.ensure_future(app_.ctx.web_relay.sweep_forever(app_.ctx.stop_worker))
        app_.ctx.checkins = CheckinService(runtime, app_.ctx.http)
        app_.ctx.checkins.start()
        app_.ctx.sms = SmsReceiver(runtime, RasaHandOver(runtime, app_.ctx.http))

    @app.listener("before_server_stop")
    async def stop_worker(app_, _loop) -> None:
        app_.ctx.stop_worker.set()
        await app_.ctx.worker_task
        await app_.ctx.retention_task
        await app_.ctx.web_sweeper
        await app_.ctx.checkins.stop()
        await app_.ctx.sms.stop()

    @app.listener("after_server_stop")
    async def close_resources(app_, _loop) -> None:
        for transport in app_.ctx.transports.values():
            await transport.close()
        await app_.ctx.http.close()
        if app_.ctx.wakeups:
            await app_.ctx.wakeups.close()
        close_runtime()

    @app.middleware("response")
    async def security_headers(_request, resp) -> None:
        for header, value in SECURITY_HEADERS.items():
            resp.headers.setdefault(header, value)
        cors.add_headers(_request, resp)

    @app.exception(SanicException)
    async def http_error(_request, error: SanicException):
        return response.json({"error": str(error) or "request refused"}, status=error.status_code)

    @app.exception(Exception)
    async def unexpected_error(request, error: Exception):
        logger.error("unexpected error on %s", request.path, exc_info=error)
        return response.json({"error": "something went wrong on our side"}, status=500)

    return app


def serve(settings: Settings) -> None:
    create_app(settings).run(
        host=settings.host, port=settings.bot_port, access_log=False, motd=False
    )
