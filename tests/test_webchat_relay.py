"""The web chat relay with a fake Rasa: nothing is lost while Rasa is away, nothing is sent twice."""
import asyncio
import datetime as dt
import os
import uuid

import aiohttp
import pytest
import sqlalchemy as sa
from aiohttp import web

from bot import web_outbox, web_queue
from bot.db.engine import transaction
from bot.db.models import WebInbound
from bot.channels.webchat import StoredWebOutput
from bot.web.relay import Notifier, WebRelay
from bot.web.wakeups import RedisWakeups
from tests.conftest import IN_CI
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


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_url():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if IN_CI:
            raise
        pytest.skip(f"Redis is not reachable here: {error}")
    return REDIS_URL


async def test_redis_wakes_a_long_poll_in_another_process(redis_url):
    """Two bot service replicas: a reply stored by one wakes the other's long poll at once."""
    here, there = Notifier(), Notifier()
    publisher, listener = RedisWakeups(redis_url, here), RedisWakeups(redis_url, there)
    publisher.start(), listener.start()
    try:
        await asyncio.sleep(0.3)  # both subscribed
        sender = f"web-{uuid.uuid4().hex}"
        waiter = asyncio.ensure_future(there.wait(sender, 5))
        await asyncio.sleep(0.05)
        started = asyncio.get_running_loop().time()
        here.notify(sender)
        await waiter
        assert asyncio.get_running_loop().time() - started < 1
    finally:
        await publisher.close()
        await listener.close()


async def test_staff_replies_stored_by_the_rasa_process_are_published(runtime_db, redis_url):
    import redis

    listener_notifier = Notifier()
    listener = RedisWakeups(redis_url, listener_notifier)
    listener.start()
    client = redis.Redis.from_url(redis_url)
    try:
        await asyncio.sleep(0.3)
        sender = f"web-{uuid.uuid4().hex}"
        waiter = asyncio.ensure_future(listener_notifier.wait(sender, 5))
        output = StoredWebOutput(runtime_db.sessions, "harbourside", client)
        started = asyncio.get_running_loop().time()
        await output.send_response(sender, {"text": "Hi, it's Dee.", "staff_name": "Dee Harper"})
        await waiter
        assert asyncio.get_running_loop().time() - started < 1
        with transaction(runtime_db.sessions) as session:
            log = web_outbox.messages_after(session, sender, 0)
        assert [(m["from"], m["staff_name"], m["text"], m["pushed"]) for m in log] == [
            ("staff", "Dee Harper", "Hi, it's Dee.", True)]
    finally:
        client.close()
        await listener.close()
