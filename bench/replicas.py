"""Load on two Rasa replicas sharing PostgreSQL and Redis: SMS and web chat conversations at once.

`python -m bench.replicas` (also part of `make bench`): one action server and two `rasa run`
processes (our tracker store on a fresh PostgreSQL database, bot.lock_store.RedisQueueLockStore),
Twilio faked on loopback. Web chat conversations stick to one replica (as the proxy's sticky
sessions do); each SMS of a conversation goes to the next replica (no stickiness). Then the
same load against one replica, in the same run. Every conversation's tracker is compared with
what was sent: nothing lost, nothing twice, in order. RSS of the replicas before and after.
Everything is on 127.0.0.1, bounded in messages and in time.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import psutil

from bench import servers
from bench.load import PARENT_SCRIPTS, _post
from bench.servers import ROOT, log
from bench.stats import summary

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PUBLIC_URL = "https://bench.example.org"
SCHOOL_NUMBER = "+447700900001"
SMS_TIMEOUT_S = 120
# Parents' numbers, one per SMS conversation of the whole run: 07700 900300 upwards (Ofcom's drama range).
PHONES = (f"+447700900{n:03d}" for n in range(300, 1000) if n not in (456, 789))


@dataclass
class Run:
    web: List[float] = field(default_factory=list)
    sms: List[float] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    sent: Dict[str, List[str]] = field(default_factory=dict)  # conversation id -> texts in order
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def script(turns: int, index: int) -> List[str]:
    lines = list(itertools.chain.from_iterable(PARENT_SCRIPTS[index % len(PARENT_SCRIPTS):] + PARENT_SCRIPTS))
    return list(itertools.islice(itertools.cycle(lines), turns))


class Harness:
    def __init__(self, database_url: str, rasa_urls: List[str], token: str, fake_twilio) -> None:
        import sqlalchemy as sa

        from bot.db.engine import make_engine
        from bot.settings import Settings
        from bot.sms.store import conversation_id_for

        self.sa, self.engine = sa, make_engine(database_url)
        self.rasa_urls, self.token, self.twilio = rasa_urls, token, fake_twilio
        secret = Settings.from_env().secret_key
        self.sms_conversation = lambda phone: conversation_id_for(phone, "harbourside", secret)

    def close(self) -> None:
        self.engine.dispose()

    def web_conversation(self, run: Run, replica: str, texts: List[str]) -> None:
        sender = f"bench-{uuid.uuid4().hex}"
        run.sent[sender] = texts
        for text in texts:
            start = time.perf_counter()
            try:
                replies = _post(f"{replica}/webhooks/webchat/webhook", sender, text)
            except Exception as error:  # counted, and the tracker check shows what it cost
                run.error(f"web: {type(error).__name__}")
                continue
            run.web.append(time.perf_counter() - start)
            if not any(isinstance(m, dict) and m.get("text") for m in replies):
                run.error("web: a turn without a reply")

    def sms_conversation_run(self, run: Run, phone: str, texts: List[str], offset: int, replicas: List[str]) -> None:
        run.sent[self.sms_conversation(phone)] = texts
        for n, text in enumerate(texts):
            sid = "SM" + uuid.uuid4().hex
            replica = replicas[(offset + n) % len(replicas)]
            if not self._text(replica, phone, text, sid):
                run.error("sms: webhook refused")
                continue
            row = self._wait_processed(sid)
            if row is None:
                run.error("sms: not answered in time")
                continue
            run.sms.append((row.processed_at - row.created_at).total_seconds())
            if row.status != "processed":
                run.error(f"sms: {row.status}")

    def _text(self, replica: str, phone: str, body: str, sid: str) -> bool:
        from twilio.request_validator import RequestValidator

        from tests.fakes.twilio_api import AUTH_TOKEN

        params = {"MessageSid": sid, "AccountSid": "AC" + "1" * 32, "From": phone, "To": SCHOOL_NUMBER,
                  "NumMedia": "0", "Body": body}
        path = "/webhooks/sms/webhook"
        signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + path, params)
        status, _ = servers_http("POST", replica + path, urllib.parse.urlencode(params).encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
        return status == 200

    def _wait_processed(self, sid: str):
        deadline = time.monotonic() + SMS_TIMEOUT_S
        query = self.sa.text("SELECT status, created_at, processed_at FROM sms_inbound WHERE message_sid = :s")
        while time.monotonic() < deadline:
            with self.engine.connect() as connection:
                row = connection.execute(query, {"s": sid}).first()
            if row is not None and row.status in ("processed", "failed"):
                return row
            time.sleep(0.05)
        return None

    def check(self, run: Run) -> Dict[str, int]:
        """Each conversation's parent messages in Rasa's tracker against what was sent."""
        lost = duplicated = out_of_order = 0
        for sender, texts in run.sent.items():
            status, body = servers_http("GET", f"{self.rasa_urls[0]}/conversations/{sender}/tracker?token={self.token}")
            stored = [e["text"] for e in json.loads(body)["events"] if e["event"] == "user"] if status == 200 else []
            lost += max(0, len(texts) - len(stored))
            duplicated += max(0, len(stored) - len(texts))
            out_of_order += int(len(stored) == len(texts) and stored != texts)
        return {"lost": lost, "duplicated": duplicated, "conversations_out_of_order": out_of_order}


def servers_http(method: str, url: str, body: Optional[bytes] = None,
                 headers: Optional[Dict[str, str]] = None) -> Tuple[int, bytes]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def load(harness: Harness, replicas: List[str], conversations: int, turns: int) -> dict:
    """Half the conversations by web chat (sticky), half by SMS (spread), all at once."""
    run = Run()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=conversations) as pool:
        futures = []
        for index in range(conversations):
            texts = script(turns, index)
            if index % 2 == 0:
                futures.append(pool.submit(harness.web_conversation, run, replicas[index // 2 % len(replicas)], texts))
            else:
                phone = next(PHONES)
                futures.append(pool.submit(harness.sms_conversation_run, run, phone, texts, index, replicas))
        for future in futures:
            future.result()
    wall = time.perf_counter() - start
    turns_done = len(run.web) + len(run.sms)
    return {"replicas": len(replicas), "conversations": conversations, "turns_each": turns,
            "messages": conversations * turns, "wall_s": round(wall, 1),
            "turns_per_s": round(turns_done / wall, 2),
            "turns_per_s_per_replica": round(turns_done / wall / len(replicas), 2),
            "web": summary(run.web), "sms_received_to_answered": summary(run.sms),
            "errors": len(run.errors), "first_errors": run.errors[:3], **harness.check(run)}


def rss_mb(processes: List[servers.Server]) -> List[float]:
    return [servers.process_rss_mb(p) for p in processes]


def measure(conversations: int = 50, turns: int = 20, rss_messages: int = 2000, budget_s: float = 900) -> dict:
    """The whole measurement; starts and stops everything it needs."""
    import psycopg2

    from bot.db.migrate import upgrade
    from bot.db.engine import make_engine
    from bot.schools import load_schools
    from tests.fakes.twilio_api import FakeTwilio

    admin = psycopg2.connect(POSTGRES_ADMIN_URL, connect_timeout=3)
    admin.autocommit = True
    name = f"bench_replicas_{uuid.uuid4().hex[:8]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    database_url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    started: List[servers.Server] = []
    twilio = FakeTwilio().start()
    harness: Optional[Harness] = None
    began = time.monotonic()
    try:
        engine = make_engine(database_url)
        upgrade(engine, load_schools(ROOT / "schools"))
        engine.dispose()
        token, actions_port = uuid.uuid4().hex, servers.free_port()
        endpoints = servers.OUT / "replicas-endpoints.yml"
        endpoints.parent.mkdir(parents=True, exist_ok=True)
        endpoints.write_text(
            "tracker_store:\n  type: bot.tracker_store.SQLTrackerStore\n  url: ${DATABASE_URL}\n"
            "lock_store:\n  type: bot.lock_store.RedisQueueLockStore\n  url: 127.0.0.1\n  port: 6379\n  db: 1\n"
            f"  key_prefix: bench{uuid.uuid4().hex[:8]}\n"
            "action_endpoint:\n  url: ${ACTION_SERVER_URL}/webhook\n")
        env = servers.base_env()
        env.update(twilio.env())
        env.update(DATABASE_URL=database_url, RASA_TOKEN=token, ACTIONS_PORT=str(actions_port),
                   ACTION_SERVER_URL=f"http://127.0.0.1:{actions_port}", PUBLIC_URL=PUBLIC_URL,
                   PYTHONPATH=str(ROOT), HOST="127.0.0.1")
        actions = servers._spawn("replica-actions", [sys.executable, "-m", "bot", "actions"], ROOT, env)
        started.append(actions)
        rasas = []
        for n in (1, 2):
            port = servers.free_port()
            server = servers._spawn(f"replica-rasa{n}", [
                sys.executable, "-m", "rasa", "run", "--enable-api", "--auth-token", token, "--interface",
                "127.0.0.1", "--port", str(port), "--endpoints", str(endpoints), "--credentials",
                "credentials.yml", "--model", "models"], ROOT, env)
            server.urls = {"rasa": f"http://127.0.0.1:{port}"}
            started.append(server)
            rasas.append(server)
        actions.wait_ready(f"http://127.0.0.1:{actions_port}/health")
        for server in rasas:
            server.wait_ready(f"{server.urls['rasa']}/status?token={token}")
        urls = [s.urls["rasa"] for s in rasas]
        harness = Harness(database_url, urls, token, twilio)
        log("replicas: warming up")
        load(harness, urls, 2, 3)
        rss_before = rss_mb(rasas)
        log(f"replicas: {conversations} conversations x {turns} turns, two replicas")
        two = load(harness, urls, conversations, turns)
        log("replicas: the same on one replica")
        one = load(harness, urls[:1], conversations, turns)
        sent = 2 * conversations * turns
        rounds = 0
        while sent < rss_messages and time.monotonic() - began < budget_s:
            log(f"replicas: {sent} messages so far; another {conversations * turns} for the memory check")
            extra = load(harness, urls, conversations, turns)
            sent += extra["messages"]
            rounds += 1
            if extra["lost"] or extra["duplicated"]:
                two.setdefault("later_rounds_with_loss", 0)
                two["later_rounds_with_loss"] += 1
        rss_after = rss_mb(rasas)
        growth = [round(100 * (after - before) / before, 1) for before, after in zip(rss_before, rss_after)]
        return {
            "two_replicas": two, "one_replica": one,
            "throughput_two_vs_one": round(two["turns_per_s"] / one["turns_per_s"], 2) if one["turns_per_s"] else None,
            "rss": {"messages": sent, "target_messages": rss_messages, "replica_mb_before": rss_before,
                    "replica_mb_after": rss_after, "growth_percent": growth,
                    "goal_growth_percent": 10, "met": all(g <= 10 for g in growth)},
            "cpus": psutil.cpu_count(), "duration_s": round(time.monotonic() - began, 1),
        }
    finally:
        if harness is not None:
            harness.close()
        for server in reversed(started):
            server.stop()
        twilio.stop()
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replicas", description=__doc__)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--rss-messages", type=int, default=2000, help="messages in all before RSS is read again")
    parser.add_argument("--budget", type=float, default=900, help="seconds at most for the extra rounds")
    args = parser.parse_args()
    print(json.dumps(measure(args.conversations, args.turns, args.rss_messages, args.budget), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
