"""Guards for the Rasa server process itself, installed by the project's channels.

Rasa answers some malformed requests to its HTTP API with a 500 (e.g. /model/parse with a
body that is not JSON). Every JSON endpoint here gets a 400 with a clear message instead.
"""
from __future__ import annotations

import json

from sanic import Sanic, response
from sanic.request import Request

_BODY_METHODS = {"POST", "PUT", "PATCH"}
_INSTALLED = "parent_support_json_guard"
_LIST_BODY_PATHS = ("/tracker/events", "/tracker")  # these take a list of events too


async def refuse_malformed_json(request: Request):
    if request.method not in _BODY_METHODS or not request.body:
        return None
    if request.path.startswith("/webhooks/") and "json" not in (request.content_type or ""):
        return None  # form-encoded channels (SMS) check their own bodies
    try:
        body = json.loads(request.body)
    except (UnicodeDecodeError, ValueError):
        return response.json({"error": "The request body must be valid JSON."}, status=400)
    allowed = (dict, list) if request.path.endswith(_LIST_BODY_PATHS) else (dict,)
    if not isinstance(body, allowed):
        return response.json({"error": "The request body must be a JSON object."}, status=400)
    if request.path == "/model/parse" and not isinstance(body.get("text"), str):
        return response.json({"error": "'text' must be a string."}, status=400)
    if request.path.endswith(_LIST_BODY_PATHS) and not _events_look_right(body):
        return response.json({"error": "Send an event object, or a list of them."}, status=400)
    return None


def _events_look_right(body) -> bool:
    if isinstance(body, dict) and "events" in body:  # PUT /tracker takes a whole tracker
        body = body["events"]
    events = body if isinstance(body, list) else [body]
    known = _known_event_names()
    return bool(events) and all(isinstance(e, dict) and e.get("event") in known for e in events)


def _known_event_names() -> set:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    return {cls.type_name for cls in all_subclasses(Event) if getattr(cls, "type_name", None)}


def install(app: Sanic) -> None:
    """Add the guard once, however many channels ask for it."""
    if not getattr(app.ctx, _INSTALLED, False):
        app.register_middleware(refuse_malformed_json, "request")
        setattr(app.ctx, _INSTALLED, True)
        from bot.logging_setup import install as install_safe_logging

        install_safe_logging()  # after Rasa's own logging set-up: masks numbers, hides SQL parameters
