"""Rasa's RabbitMQ event broker and the statistics the bot service takes from it (real RabbitMQ)."""
import asyncio
import json
import os
import re
import uuid

import pytest

from bot.broker import EventStats, broker_environment, endpoints_file
from bot.settings import Settings
from tests.support import ROOT, http, new_sender, start_stack, wait_for

AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
IN_CI = os.environ.get("CI", "").lower() == "true"
servers = pytest.mark.servers


def test_without_amqp_url_rasa_gets_the_plain_endpoints_and_nothing_changes():
    settings = Settings.from_env(env={})
    assert endpoints_file(settings) == "endpoints.yml"
    assert broker_environment(settings) == {}


def test_with_amqp_url_the_endpoints_add_a_pika_broker_on_its_own_queue():
    import yaml  # PyYAML: Rasa, once imported, makes ruamel expand ${...} on loading

    settings = Settings.from_env(env={"AMQP_URL": "amqp://user:p%40ss@mq.example.org:5673/", "AMQP_QUEUE": "q1"})
    config = yaml.safe_load(open(endpoints_file(settings)).read())
    assert config["event_broker"] == {"type": "pika", "url": "${AMQP_URL}", "username": "${AMQP_USERNAME}",
                                      "password": "${AMQP_PASSWORD}", "port": "${AMQP_PORT}", "queues": ["q1"]}
    assert config["tracker_store"]["type"] == "bot.tracker_store.SQLTrackerStore"
    assert broker_environment(settings) == {"AMQP_USERNAME": "user", "AMQP_PASSWORD": "p@ss", "AMQP_PORT": "5673"}


def test_hostile_broker_messages_never_make_new_labels():
    stats = EventStats()
    for body in (b"not json", b"[1,2]", b'{"event": 3}', "\u00ff".encode("latin-1"),
                 json.dumps({"event": "x" * 500}).encode(),
                 json.dumps({"event": "user", "input_channel": "evil\"}", "parse_data": {"risk": "high"}}).encode(),
                 json.dumps({"event": "user", "input_channel": "sms",
                             "parse_data": {"risk": {"level": "critical"}}}).encode()):
        stats.record(body)
    text = "\n".join(stats.lines())
    assert stats.unreadable == 4
    assert 'parent_support_broker_events_total{event="other"} 1' in text
    assert 'parent_support_parent_messages_total{channel="other"} 1' in text
    assert 'parent_support_screened_messages_total{level="critical"} 1' in text
    assert "evil" not in text and "xxx" not in text


def _delete_queue(name: str) -> None:
    import aio_pika

    async def delete() -> None:
        connection = await aio_pika.connect_robust(AMQP_URL, timeout=5)
        async with connection:
            channel = await connection.channel()
            await channel.queue_delete(name)

    asyncio.run(delete())


def _metric(text: str, name: str, labels: str) -> int:
    found = re.search(rf"^{re.escape(name)}\{{{re.escape(labels)}\}} (\d+)$", text, re.M)
    return int(found.group(1)) if found else 0


@servers
def test_rasa_publishes_to_rabbitmq_and_the_bot_service_counts_it(tmp_path, fake_twilio, fake_smtp):
    import aio_pika  # noqa: F401  (installed with Rasa)

    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.skip("no trained model in models/ (run `make train`)")
    queue = f"parent_support_events_test_{uuid.uuid4().hex[:8]}"
    try:
        _delete_queue(queue)
    except OSError as error:
        if IN_CI:
            raise
        pytest.skip(f"RabbitMQ is not reachable here: {error}")
    token = uuid.uuid4().hex
    env = {**fake_twilio.env(), "SMTP_URL": fake_smtp.url, "AMQP_URL": AMQP_URL, "AMQP_QUEUE": queue,
           "METRICS_TOKEN": token}
    running = start_stack(f"sqlite:///{tmp_path / 'broker.db'}", tmp_path, env)
    try:
        sender = new_sender()
        for words in ("hello", "what time does school start", "ive taken all my tablets and i want to die"):
            assert running.texts(sender, words)

        def scrape() -> str:
            status, body = http("GET", f"{running.bot_url}/metrics", headers={"Authorization": f"Bearer {token}"})
            assert status == 200
            return body.decode()

        text = wait_for(lambda: (lambda t: t if _metric(t, "parent_support_parent_messages_total",
                                                        'channel="webchat"') >= 3 else None)(scrape()), timeout=60)
        assert _metric(text, "parent_support_parent_messages_total", 'channel="webchat"') == 3
        assert _metric(text, "parent_support_screened_messages_total", 'level="critical"') == 1
        assert _metric(text, "parent_support_broker_events_total", 'event="bot"') >= 3
        assert _metric(text, "parent_support_broker_events_total", 'event="session_started"') == 1
        assert "ive taken" not in text
    finally:
        running.stop()
        _delete_queue(queue)
