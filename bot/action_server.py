"""The action server: rasa-sdk's app with our resources opened at start and closed at stop."""
from __future__ import annotations

import json
import logging

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response

from bot.directory.load import load_directory
from bot.runtime import close_runtime, open_runtime
from bot.settings import Settings

logger = logging.getLogger(__name__)


def build_action_app(settings: Settings) -> Sanic:
    app = create_app("actions", cors_origins=[])

    @app.listener("before_server_start")
    async def open_resources(_app, _loop) -> None:
        runtime = open_runtime(settings)
        runtime.directory = load_directory()
        from bot.logging_setup import install as install_safe_logging

        install_safe_logging()

    @app.listener("after_server_stop")
    async def close_resources(_app, _loop) -> None:
        close_runtime()

    @app.middleware("request")
    async def refuse_malformed_action_calls(request):
        if request.method != "POST" or request.path != "/webhook":
            return None
        try:
            call = json.loads(request.body or b"")
        except (UnicodeDecodeError, ValueError):
            return response.json({"error": "The request body must be valid JSON."}, status=400)
        if not isinstance(call, dict) or not isinstance(call.get("next_action"), str):
            return response.json({"error": "An action call needs 'next_action'."}, status=400)
        if not isinstance(call.get("tracker"), dict):
            return response.json({"error": "An action call needs a 'tracker'."}, status=400)
        return None

    # rasa-sdk's own handler echoes the request (the parent's words) back; never do that.
    @app.exception(Exception)
    async def on_error(request, exception):
        logger.error("action failed: %s", type(exception).__name__, exc_info=exception)
        return response.json({"error": "the action failed"}, status=500)

    return app


def serve_actions(settings: Settings) -> None:
    app = build_action_app(settings)
    app.run(host=settings.host, port=settings.actions_port, access_log=False, motd=False)
