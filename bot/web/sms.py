"""Twilio's webhooks on the bot service: POST /webhooks/sms/webhook and /webhooks/sms/status.

The bot service does no NLU, so Twilio is answered at once; the Rasa process answers the text
(bot.sms.receiver.RasaHandOver).
"""
from __future__ import annotations

from sanic import Blueprint

from bot.sms.routes import add_twilio_routes

bp = Blueprint("sms", url_prefix="/webhooks/sms")
add_twilio_routes(bp, receiver=lambda request: request.app.ctx.sms,
                  settings=lambda request: request.app.ctx.settings)
