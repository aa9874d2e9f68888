"""POST /chat/send: the web chat box's messages, relayed to Rasa's `webchat` channel."""
from __future__ import annotations

import logging

import aiohttp
from sanic import Blueprint, response
from sanic.request import Request

import asyncio
import json

from bot import web_outbox
from bot.channels.webchat import parse_webchat_body
from bot.db.engine import transaction
from bot.text import BadMessage, valid_conversation_id

logger = logging.getLogger(__name__)
bp = Blueprint("chat", url_prefix="/chat")

HOLDING_REPLY = (
    "Sorry, I can't answer right now. Please try again in a minute. If someone is in danger, "
    "call 999. Samaritans are free on 116 123, day or night."
)


@bp.post("/send")
async def send(request: Request):
    try:
        message = parse_webchat_body(request.body or b"")
    except BadMessage as error:
        return response.json({"error": str(error)}, status=error.status)
    settings = request.app.ctx.settings
    school = request.app.ctx.runtime.school(message["metadata"].get("school"))
    payload = {"sender": message["sender"], "message": message["text"], "metadata": {"school": school.id}}
    try:
        async with request.app.ctx.http.post(
            f"{settings.rasa_url}/webhooks/webchat/webhook", json=payload
        ) as resp:
            if resp.status == 200:
                return response.json({"messages": await resp.json()})
            logger.error("rasa answered the web chat with status %s", resp.status)
    except (aiohttp.ClientError, TimeoutError) as error:
        logger.error("rasa could not be reached for the web chat: %s", type(error).__name__)
    return response.json({"messages": [{"text": HOLDING_REPLY}], "degraded": True}, status=503)


@bp.post("/poll")
async def poll(request: Request):
    """Messages sent to this conversation since the last poll (staff replies, hand back)."""
    try:
        body = json.loads(request.body or b"")
    except (UnicodeDecodeError, ValueError):
        return response.json({"error": "The request must be JSON."}, status=400)
    sender = body.get("sender") if isinstance(body, dict) else None
    if not valid_conversation_id(sender):
        return response.json({"error": "The conversation id is missing or not valid."}, status=400)

    def take():
        with transaction(request.app.ctx.runtime.sessions) as session:
            return web_outbox.take_undelivered(session, sender)

    return response.json({"messages": await asyncio.to_thread(take)})
