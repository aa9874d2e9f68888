"""Two Rasa server processes sharing PostgreSQL (tracker store) and a Redis lock store: one
conversation alternating between them loses no event and keeps its order, and messages to the
same conversation arriving at both at once are handled one after the other.

The lock store is bot.lock_store.RedisQueueLockStore: with Rasa's own `type: redis`, the
simultaneous test loses messages (two of four, measured), because its tickets are not issued
atomically across processes."""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest

from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT
from tests.support import free_port, http, post_json

QUESTIONS = ["hello", "when is breakfast club", "what are the term dates", "is there a homework club",
             "how do I contact the school office", "thank you", "when is breakfast club", "hello again",
             "what are the term dates", "thanks"]


def _redis_or_skip():
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=3).ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip(f"Redis is not reachable here: {error}")


def _wait(url: str, processes, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("a process exited early")
        try:
            status, body = http("GET", url, timeout=5)
            if status == 200 and (b"model_id" not in body or json.loads(body).get("model_id")):
                return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not become ready")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, postgres_url):
    from tests.conftest import _require_model

    _require_model()
    _redis_or_skip()
    directory = tmp_path_factory.mktemp("replicas")
    engine = make_engine(postgres_url)
    upgrade(engine, load_schools(PROJECT_ROOT / "schools"))
    engine.dispose()
    endpoints = directory / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: SQL\n  url: ${DATABASE_URL}\n"
        "lock_store:\n  type: bot.lock_store.RedisQueueLockStore\n  url: 127.0.0.1\n  port: 6379\n  db: 1\n"
        f"  key_prefix: replicas{uuid.uuid4().hex[:8]}\n"
        "action_endpoint:\n  url: ${ACTION_SERVER_URL}/webhook\n")
    token, actions_port = uuid.uuid4().hex, free_port()
    env = dict(os.environ, DATABASE_URL=postgres_url, RASA_TOKEN=token, RASA_TELEMETRY_ENABLED="false",
               ACTIONS_PORT=str(actions_port), ACTION_SERVER_URL=f"http://127.0.0.1:{actions_port}",
               PYTHONPATH=str(PROJECT_ROOT))
    processes, logs, urls = [], [], []

    def start(name, argv):
        log = open(directory / f"{name}.log", "w")
        logs.append(log)
        processes.append(subprocess.Popen(argv, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True))

    try:
        start("actions", [sys.executable, "-m", "bot", "actions"])
        for n in (1, 2):
            port = free_port()
            urls.append(f"http://127.0.0.1:{port}")
            start(f"rasa{n}", [sys.executable, "-m", "rasa", "run", "--enable-api", "--auth-token", token,
                               "--interface", "127.0.0.1", "--port", str(port), "--endpoints", str(endpoints),
                               "--credentials", "credentials.yml", "--model", "models"])
        _wait(f"http://127.0.0.1:{actions_port}/health", processes)
        for url in urls:
            _wait(f"{url}/status?token={token}", processes)
        yield urls, token
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for log in logs:
            log.close()


def say(url: str, sender: str, text: str) -> list:
    status, body = post_json(f"{url}/webhooks/webchat/webhook", {"sender": sender, "message": text})
    assert status == 200, body
    assert body and all(m.get("text") for m in body)
    return body


def events(url: str, token: str, sender: str) -> list:
    status, body = http("GET", f"{url}/conversations/{sender}/tracker?include_events=ALL&token={token}")
    assert status == 200, body
    return json.loads(body)["events"]


def turns(all_events: list) -> list:
    """The conversation as (parent's text, [what followed]) in stored order; each turn must end
    with action_listen before the next message (no two turns interleaved)."""
    out = []
    for event in all_events:
        if event["event"] == "user":
            out.append((event["text"], []))
        elif out:
            out[-1][1].append(event.get("name") or event["event"])
    return out


def test_one_conversation_alternating_between_two_replicas(replicas):
    (first, second), token = replicas
    sender = f"test-{uuid.uuid4().hex}"
    for n, text in enumerate(QUESTIONS):
        say(first if n % 2 == 0 else second, sender, text)
    stored_first, stored_second = events(first, token, sender), events(second, token, sender)
    assert stored_first == stored_second  # both read the same conversation
    conversation = turns(stored_first)
    assert [text for text, _after in conversation] == QUESTIONS  # none lost, none out of order
    for text, after in conversation:
        assert "bot" in after and after[-1] == "action_listen", (text, after)
    stamps = [e["timestamp"] for e in stored_first]
    assert stamps == sorted(stamps)


def test_messages_at_both_replicas_at_once_are_handled_in_turn(replicas):
    (first, second), token = replicas
    sender = f"test-{uuid.uuid4().hex}"
    say(first, sender, "hello")
    sent_all = []
    for round_ in range(3):  # the race is not hit every time: three rounds of four at once
        replies, barrier = {}, threading.Barrier(4)
        sent = [(first, f"when is breakfast club {round_}"), (second, f"what are the term dates {round_}"),
                (first, f"is there a homework club {round_}"), (second, f"thank you {round_}")]

        def send(url, text):
            barrier.wait()
            replies[text] = say(url, sender, text)

        threads = [threading.Thread(target=send, args=pair) for pair in sent]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert sorted(replies) == sorted(text for _url, text in sent)
        sent_all += [text for _url, text in sent]
    conversation = turns(events(second, token, sender))
    assert sorted(text for text, _after in conversation[1:]) == sorted(sent_all)  # none lost
    for text, after in conversation:  # each turn whole before the next began
        assert after.count("action_listen") == 1 and after[-1] == "action_listen", (text, after)


# -- the lock store itself, against the real Redis -------------------------------------------
def test_lock_store_runs_turns_one_at_a_time_in_arrival_order():
    import asyncio

    from bot.lock_store import RedisQueueLockStore

    _redis_or_skip()
    prefix = f"test{uuid.uuid4().hex[:8]}"

    async def scenario():
        stores = [RedisQueueLockStore(host="127.0.0.1", db=1, key_prefix=prefix) for _ in range(2)]
        inside, order, overlaps = [], [], []

        async def turn(n):
            await asyncio.sleep(n * 0.01)  # arrive in order 0, 1, 2, ...
            async with stores[n % 2].lock("conversation-1", lock_lifetime=10):
                if inside:
                    overlaps.append(n)
                inside.append(n)
                order.append(n)
                await asyncio.sleep(0.05)
                inside.remove(n)

        await asyncio.gather(*(turn(n) for n in range(8)))
        for store in stores:
            await store.red.close()
        return order, overlaps

    order, overlaps = asyncio.run(scenario())
    assert overlaps == [] and order == list(range(8))


def test_lock_store_passes_over_a_turn_whose_process_died():
    import asyncio

    from bot.lock_store import RedisQueueLockStore

    _redis_or_skip()
    prefix = f"test{uuid.uuid4().hex[:8]}"

    async def scenario():
        store = RedisQueueLockStore(host="127.0.0.1", db=1, key_prefix=prefix)
        # a process took the lock and died: its turn is first in the queue, alive for 0.3 s
        await store.red.set(f"{prefix}:lock:alive:dead", 1, px=300)
        await store.red.rpush(f"{prefix}:lock:conversation-2", "dead")
        started = time.monotonic()
        async with store.lock("conversation-2", lock_lifetime=10):
            waited = time.monotonic() - started
        left = await store.red.exists(f"{prefix}:lock:conversation-2")
        await store.red.close()
        return waited, left

    waited, left = asyncio.run(scenario())
    assert 0.2 <= waited < 2 and left == 0
