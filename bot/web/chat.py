"""The widget's API: a session, the school's config, send, and a long poll for what comes back.

POST /chat/session {"school"} -> {"sender", "token"}: a new conversation and its signed token
     (for that school only, for 30 days; after that 403 with "expired": the widget starts anew).
GET  /chat/config/<school>: names, colour, the HWBL's hours, the 24/7 lines, the exit page.
POST /chat/send {"sender", "token", "message", "client_id", "metadata": {"school"}}: the message
     is stored first (a retry with the same client_id is not processed again), then answered.
     200 {"messages"} with the replies, or 202 {"queued": true, "notice"} when Rasa is away.
POST /chat/poll {"sender", "token", "after", "wait"}: the conversation's messages after the
     id `after`, waiting up to `wait` seconds (at most 25) for one to arrive.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import time
from typing import Optional, Tuple

from sanic import Blueprint, response
from sanic.request import Request
from sqlalchemy.exc import IntegrityError

from bot import ratelimit, web_outbox, web_queue
from bot.channels.webchat import parse_webchat_body
from bot.db.engine import transaction
from bot.schools import School
from bot.text import BadMessage, valid_conversation_id
from bot.web import cors, widget_session
from bot.web.widget_config import SAVED_NOTICE, widget_config

bp = Blueprint("chat", url_prefix="/chat")
MAX_WAIT_S = 25
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _refuse(status: int, message: str):
    return response.json({"error": message}, status=status)


def _json_object(request: Request) -> dict:
    try:
        data = json.loads(request.body or b"")
    except (UnicodeDecodeError, ValueError):
        raise BadMessage("The request must be JSON.") from None
    if not isinstance(data, dict):
        raise BadMessage("The request must be a JSON object.")
    return data


def _known_school(request: Request, school_id: object) -> Optional[School]:
    return request.app.ctx.runtime.schools.get(school_id) if isinstance(school_id, str) else None


def _check_session(request: Request, data: dict, school_named: object = None) -> Tuple[str, School, object]:
    """(conversation id, its school, None) if the token is the one issued for it, still current,
    for a school we serve and the school named (if any); else (.., .., an error response)."""
    sender = data.get("sender")
    if not valid_conversation_id(sender):
        return "", None, _refuse(400, "The conversation id is missing or not valid.")
    issued = widget_session.read(request.app.ctx.settings.secret_key, sender, data.get("token"))
    school = _known_school(request, issued.school_id) if issued else None
    if school is None:
        return sender, None, _refuse(403, "This chat session is not valid. Please reload the page.")
    if school_named is not None and school_named != school.id:
        return sender, school, _refuse(403, "This chat session belongs to another school's chat.")
    if issued.expired():
        return sender, school, response.json(
            {"error": "This chat was started a while ago, so a new one will start.", "expired": True}, status=403)
    if cors.refused_for_school(request, school):
        return sender, school, _refuse(403, "This website may not use the chat.")
    return sender, school, None


@bp.get("/config/<school_id>")
async def config(request: Request, school_id: str):
    school = _known_school(request, school_id)
    if school is None:
        return _refuse(404, "No school with that id.")
    body = widget_config(school, dt.datetime.now(dt.timezone.utc))
    return response.json(body, headers={"Cache-Control": "no-store"})


@bp.route("/session", methods=["POST", "OPTIONS"])
async def new_session(request: Request):
    if request.method == "OPTIONS":
        return cors.preflight(request)
    try:
        data = _json_object(request)
    except BadMessage as error:
        return _refuse(error.status, str(error))
    school = _known_school(request, data.get("school"))
    if school is None:
        return _refuse(404, "No school with that id.")
    if cors.refused_for_school(request, school):
        return _refuse(403, "This website may not use the chat.")
    limit = ratelimit.Limit("chat-session", request.app.ctx.settings.chat_sessions_per_hour, ratelimit.HOUR)
    too_many = await ratelimit.refuse_if_over(request, limit)
    if too_many:
        return too_many
    sender = widget_session.new_conversation_id()
    token = widget_session.sign(request.app.ctx.settings.secret_key, sender, school.id)
    return response.json({"sender": sender, "token": token}, headers={"Cache-Control": "no-store"})


@bp.route("/send", methods=["POST", "OPTIONS"])
async def send(request: Request):
    if request.method == "OPTIONS":
        return cors.preflight(request)
    try:
        message = parse_webchat_body(request.body or b"")
        data = _json_object(request)
    except BadMessage as error:
        return _refuse(error.status, str(error))
    sender, school, refused = _check_session(request, data, message["metadata"].get("school"))
    if refused:
        return refused
    runtime = request.app.ctx.runtime
    client_id = data.get("client_id")
    if client_id is None:
        client_id = f"srv-{time.time_ns()}"
    elif not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        return _refuse(400, "client_id must be 8 to 64 letters, digits, - or _.")

    accepted = await asyncio.to_thread(_accept, runtime.sessions, school.id, sender, client_id, message["text"])
    relay = request.app.ctx.web_relay
    if accepted is None:
        return response.json({"duplicate": True, "client_id": client_id, "messages": []})
    inbound_id, waiting = accepted
    relay.notifier.notify(sender)
    replies = None if waiting else await relay.answer(inbound_id)
    if replies is None:
        return response.json({"queued": True, "client_id": client_id, "notice": SAVED_NOTICE, "messages": []},
                             status=202)
    return response.json({"client_id": client_id, "messages": replies})


def _accept(sessions, school_id: str, sender: str, client_id: str, text: str) -> Optional[Tuple[int, bool]]:
    """(inbound id, waiting behind earlier messages), or None for a message already taken."""
    try:
        with transaction(sessions) as session:
            if web_queue.find(session, sender, client_id) is not None:
                return None
            waiting = web_queue.has_waiting(session, sender)
            row = web_queue.accept(session, school_id=school_id, conversation_id=sender, client_id=client_id,
                                   text=text)
            if waiting:
                web_queue.queue(session, row.id)
            web_outbox.store(session, school_id=school_id, conversation_id=sender,
                             payload={"from": "parent", "text": text, "client_id": client_id})
            return row.id, waiting
    except IntegrityError:  # the same message arrived twice at once: the other one has it
        return None


@bp.route("/poll", methods=["POST", "OPTIONS"])
async def poll(request: Request):
    if request.method == "OPTIONS":
        return cors.preflight(request)
    try:
        data = _json_object(request)
    except BadMessage as error:
        return _refuse(error.status, str(error))
    sender, _school, refused = _check_session(request, data)
    if refused:
        return refused
    after, wait = data.get("after", 0), data.get("wait", 0)
    if not isinstance(after, int) or after < 0 or not isinstance(wait, (int, float)) or wait < 0:
        return _refuse(400, "after and wait must be numbers of zero or more.")
    sessions, notifier = request.app.ctx.runtime.sessions, request.app.ctx.web_relay.notifier

    def read():
        with transaction(sessions) as session:
            return web_outbox.messages_after(session, sender, after)

    deadline = time.monotonic() + min(float(wait), MAX_WAIT_S)
    messages = await asyncio.to_thread(read)
    stopping = request.app.ctx.stop_worker
    while not messages and time.monotonic() < deadline and not stopping.is_set():
        await notifier.wait(sender, min(1.0, deadline - time.monotonic()))
        messages = await asyncio.to_thread(read)
    return response.json({"messages": messages}, headers={"Cache-Control": "no-store"})
