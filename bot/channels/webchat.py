"""Web chat: the school website's chat box talks to Rasa through this channel.

POST /webhooks/webchat/webhook {"sender": "<conversation id>", "message": "...",
"metadata": {"school": "<school id>"}} answers with the assistant's replies as JSON.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import hardening
from bot.text import BadMessage, clean_parent_text, valid_conversation_id

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024


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
    return {"sender": sender, "text": clean_parent_text(data.get("message")), "metadata": safe_metadata}


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("webchat_webhook", __name__)

        @webchat.listener("before_server_start")
        async def guard_rasa_api(app, _loop) -> None:
            hardening.install(app)

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
                    metadata=parsed["metadata"],
                )
            )
            return response.json(collector.messages)

        return webchat

    def get_metadata(self, request: Request) -> Optional[Dict[str, Any]]:
        return None
