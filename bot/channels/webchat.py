"""Web chat: the school website's chat box talks to Rasa through this channel.

POST /webhooks/webchat/webhook {"sender": "<conversation id>", "message": "...",
"metadata": {"school": "<school id>"}, "message_id": "<optional>"} answers with the
assistant's replies as JSON. The bot service's relay (bot/web/relay.py) is its only caller.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any, Awaitable, Callable, Dict, Optional

import asyncio

import redis
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import web_outbox
from bot.channels import hardening
from bot.db.engine import make_engine, make_session_factory, transaction
from bot.schools import default_school, load_schools
from bot.settings import Settings
from bot.text import BadMessage, clean_parent_text, valid_conversation_id
from bot.web import wakeups

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def parse_webchat_body(body: bytes) -> Dict[str, Any]:
    """The sender, text and metadata of a web chat post, or BadMessage saying what is wrong."""
    if len(body) > MAX_BODY_BYTES:
        raise BadMessage("The request is too large.", 413)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadMessage("The request must be JSON.") from None
    if not isinstance(data, dict):
        raise BadMessage("The request must be a JSON object.")
    sender = data.get("sender")
    if not valid_conversation_id(sender):
        raise BadMessage("The conversation id is missing or not valid.")
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise BadMessage("metadata must be an object.")
    school = metadata.get("school")
    safe_metadata = {"school": school} if isinstance(school, str) and len(school) <= 64 else {}
    parsed = {"sender": sender, "text": clean_parent_text(data.get("message")), "metadata": safe_metadata}
    message_id = data.get("message_id")
    if isinstance(message_id, str) and _MESSAGE_ID.match(message_id):
        parsed["message_id"] = message_id
    return parsed


class StoredWebOutput(OutputChannel):
    """Messages sent outside a web request (staff replies, hand back) go into the conversation's
    log in the database; the widget's long poll (POST /chat/poll on the bot service) reads them."""

    def __init__(self, sessions, default_school_id: str, redis_client=None) -> None:
        self._sessions = sessions
        self._default_school_id = default_school_id
        self._redis = redis_client

    @classmethod
    def name(cls) -> str:
        return "webchat"

    def _store(self, recipient_id: str, payload: dict) -> None:
        with transaction(self._sessions) as session:
            school_id = web_outbox.school_of_conversation(session, recipient_id, self._default_school_id)
            web_outbox.store(session, school_id=school_id, conversation_id=recipient_id, payload=payload)
        wakeups.publish_blocking(self._redis, recipient_id)

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        payload = {k: message[k] for k in ("text", "buttons", "staff_name") if message.get(k)}
        if payload:
            payload.update({"from": "staff" if payload.get("staff_name") else "assistant", "pushed": True})
            await asyncio.to_thread(self._store, recipient_id, payload)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


class WebChatInput(InputChannel):
    def __init__(self) -> None:
        self._engine = None
        self._redis = None
        self._output: Optional[StoredWebOutput] = None

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "WebChatInput":
        return cls()

    def get_output_channel(self) -> Optional[OutputChannel]:
        return self._output

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("webchat_webhook", __name__)

        @webchat.listener("before_server_start")
        async def open_resources(app, _loop) -> None:
            hardening.install(app)
            settings = Settings.from_env()
            self._engine = make_engine(settings.database_url)
            default_id = default_school(load_schools(settings.schools_dir)).id
            self._redis = redis.Redis.from_url(settings.redis_url) if settings.redis_url else None
            self._output = StoredWebOutput(make_session_factory(self._engine), default_id, self._redis)

        @webchat.listener("after_server_stop")
        async def close_resources(_app, _loop) -> None:
            if self._engine is not None:
                self._engine.dispose()
            if self._redis is not None:
                self._redis.close()

        @webchat.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webchat.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                parsed = parse_webchat_body(request.body or b"")
            except BadMessage as error:
                return _error(error.status, str(error))
            collector = CollectingOutputChannel()
            await on_new_message(
                UserMessage(
                    parsed["text"],
                    collector,
                    parsed["sender"],
                    input_channel=self.name(),
                    message_id=parsed.get("message_id"),
                    metadata=parsed["metadata"],
                )
            )
            return response.json(collector.messages)

        return webchat

    def get_metadata(self, request: Request) -> Optional[Dict[str, Any]]:
        return None
