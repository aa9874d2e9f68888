"""The web chat relay with a fake Rasa: nothing is lost while Rasa is away, nothing is sent twice."""
import asyncio
import datetime as dt

import aiohttp
import sqlalchemy as sa
from aiohttp import web

from bot import web_outbox, web_queue
from bot.db.engine import transaction
from bot.db.models import WebInbound
from bot.web.relay import Notifier, WebRelay
from tests.support import free_port

SENDER = "web-" + "ab" * 16


class FakeRasa:
    """Rasa's webchat webhook: answers 'echo: <text>' while up, 503 while down."""

    def __init__(self) -> None:
        self.up = False
        self.received = []

    async def webhook(self, request):
        body = await request.json()
        if not self.up:
            return web.json_response({"error": "starting"}, status=503)
        self.received.append(body)
        return web.json_response([{"recipient_id": body["sender"], "text": f"echo: {body['message']}"}])

    async def start(self, port):
        app = web.Application()
        app.router.add_post("/webhooks/webchat/webhook", self.webhook)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", port).start()


def accept(sessions, client_id, text):
    with transaction(sessions) as session:
        row = web_queue.accept(session, school_id="harbourside", conversation_id=SENDER, client_id=client_id, text=text)
        return row.id


def rows(sessions):
    with transaction(sessions) as session:
        return [(r.client_id, r.status, r.attempts, r.text) for r in
                session.execute(sa.select(WebInbound).order_by(WebInbound.id)).scalars()]


async def test_message_kept_while_rasa_is_down_then_delivered_once(runtime_db):
    sessions, port, rasa = runtime_db.sessions, free_port(), FakeRasa()
    await rasa.start(port)
    async with aiohttp.ClientSession() as http:
        relay = WebRelay(sessions, f"http://127.0.0.1:{port}", http, Notifier())
        first = accept(sessions, "client-0001", "hello there")
        assert await relay.answer(first) is None                       # Rasa is down: kept, not lost
        assert rows(sessions) == [("client-0001", "received", 1, "hello there")]

        with transaction(sessions) as session:                         # backoff: not due at once
            assert web_queue.due(session) == []
            session.get(WebInbound, first).not_before = dt.datetime(2000, 1, 1)

        rasa.up = True
        stop = asyncio.Event()
        sweeper = asyncio.ensure_future(relay.sweep_forever(stop))
        for _ in range(50):
            await asyncio.sleep(0.1)
            if rows(sessions)[0][1] == "answered":
                break
        await asyncio.sleep(2.5)                                       # another sweep: nothing more
        stop.set()
        await sweeper
    await rasa.runner.cleanup()

    assert [body["message_id"] for body in rasa.received] == ["client-0001"]
    assert rows(sessions) == [("client-0001", "answered", 1, None)]    # the text is not kept once answered
    with transaction(sessions) as session:
        log = web_outbox.messages_after(session, SENDER, 0)
    assert [(m["from"], m["text"]) for m in log] == [("assistant", "echo: hello there")]


async def test_a_claimed_message_is_not_claimed_again(runtime_db):
    sessions = runtime_db.sessions
    inbound = accept(sessions, "client-0002", "hi")
    with transaction(sessions) as session:
        web_queue.retry_later(session, inbound, "down")
        session.get(WebInbound, inbound).not_before = dt.datetime(2000, 1, 1)
    with transaction(sessions) as session:
        assert web_queue.claim(session, inbound) is True
        assert web_queue.claim(session, inbound) is False


async def test_notifier_wakes_a_waiting_poll():
    notifier = Notifier()
    waiter = asyncio.ensure_future(notifier.wait(SENDER, 5))
    await asyncio.sleep(0.05)
    started = asyncio.get_running_loop().time()
    notifier.notify(SENDER)
    await waiter
    assert asyncio.get_running_loop().time() - started < 1
