"""Twilio's two webhooks, POST <prefix>/webhook (texts) and <prefix>/status (delivery), for
whichever Sanic blueprint serves them: the bot service's (the fast one) and the Rasa channel's.

Both are refused with 403 unless X-Twilio-Signature signs PUBLIC_URL and the form. A text is
recorded, Twilio gets an empty TwiML answer, and the text is handed over to be answered
(bot.sms.receiver).
"""
from __future__ import annotations

import asyncio
from typing import Callable

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import Settings
from bot.sms.receiver import SmsReceiver
from bot.sms.webhook import EMPTY_TWIML, delivery_status, inbound_text, signed_params


def add_twilio_routes(bp: Blueprint, receiver: Callable[[Request], SmsReceiver],
                      settings: Callable[[Request], Settings]) -> None:
    @bp.post("/webhook")
    async def receive(request: Request) -> HTTPResponse:
        # No await before accept(): if Twilio hangs up, Sanic cancels this handler at its next
        # await, and the text must already be in the hands of its own task.
        params = signed_params(request, settings(request))
        if params is None:
            return response.text("Forbidden", status=403)
        text = inbound_text(params, settings(request).twilio_number)
        if text is None:
            return response.text("MessageSid, From and To are needed", status=400)
        recorded = receiver(request).accept(text)
        if await asyncio.shield(recorded) == "error":
            return response.text("Try again later", status=503)
        return response.text(EMPTY_TWIML, content_type="text/xml")

    @bp.post("/status")
    async def status(request: Request) -> HTTPResponse:
        params = signed_params(request, settings(request))
        if params is None:
            return response.text("Forbidden", status=403)
        update = delivery_status(params, request.args.get("o") or "")
        if update is None:
            return response.text("MessageSid and MessageStatus are needed", status=400)
        await receiver(request).record_status(update)
        return response.empty()
