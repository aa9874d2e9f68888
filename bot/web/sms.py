"""Twilio's webhooks: POST /webhooks/sms/webhook (texts) and /webhooks/sms/status (delivery).

Both are refused with 403 unless X-Twilio-Signature signs PUBLIC_URL and the form. A text is
recorded, Twilio gets an empty TwiML answer, and the Rasa process answers the text
(bot.sms.receiver).
"""
from __future__ import annotations

import asyncio

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.sms.webhook import EMPTY_TWIML, delivery_status, inbound_text, signed_params

bp = Blueprint("sms", url_prefix="/webhooks/sms")


@bp.post("/webhook")
async def receive(request: Request) -> HTTPResponse:
    # No await before accept(): if Twilio hangs up, Sanic cancels this handler at its next
    # await, and the text must already be in the hands of its own task.
    settings = request.app.ctx.settings
    params = signed_params(request, settings)
    if params is None:
        return response.text("Forbidden", status=403)
    text = inbound_text(params, settings.twilio_number)
    if text is None:
        return response.text("MessageSid, From and To are needed", status=400)
    recorded = request.app.ctx.sms.accept(text)
    if await asyncio.shield(recorded) == "error":
        return response.text("Try again later", status=503)
    return response.text(EMPTY_TWIML, content_type="text/xml")


@bp.post("/status")
async def status(request: Request) -> HTTPResponse:
    params = signed_params(request, request.app.ctx.settings)
    if params is None:
        return response.text("Forbidden", status=403)
    update = delivery_status(params, request.args.get("o") or "")
    if update is None:
        return response.text("MessageSid and MessageStatus are needed", status=400)
    await request.app.ctx.sms.record_status(update)
    return response.empty()
