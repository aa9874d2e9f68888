"""PostgreSQL restarted in the middle of conversations: the service recovers and loses nothing.

The machine's shared PostgreSQL is never touched: the test runs a private cluster of its own
(initdb + pg_ctl on a free port, in a temporary directory).
"""
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support import free_port, http, new_sender, query, wait_for
from tests.test_faults import Parts, cases_of, tracker
from tests.test_sms_channel import CRITICAL, PUBLIC_URL, conversation, new_parent, processed, text
from tests.support import ROOT

PG_BIN = Path("/usr/lib/postgresql/15/bin")
servers = pytest.mark.servers


class PrivateCluster:
    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="pg-faults-"))
        self.port = free_port()
        self.data = self.directory / "data"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:  # initdb refuses to run as root
            shutil.chown(self.directory, "postgres")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _pg(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_postgres, str(PG_BIN / tool), *args], check=True, capture_output=True, timeout=120)

    def start(self) -> "PrivateCluster":
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.directory / "log"), "-w", "start")
        return self

    def restart(self) -> None:
        """Every connection is cut, as when the server reboots or fails over."""
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.directory / "log"), "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        try:
            self._pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def cluster():
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15's initdb is needed: apt-get install postgresql-15")
    running = PrivateCluster().start()
    yield running
    running.stop()


@pytest.fixture
def parts(tmp_path, cluster, fake_twilio, fake_smtp):
    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.skip("no trained model in models/ (run `make train`)")
    env = {**fake_twilio.env(), "SMTP_URL": fake_smtp.url, "PUBLIC_URL": PUBLIC_URL}
    running = Parts(cluster.url, tmp_path, env)
    yield running
    running.stop()


def web_answered(parts, sender, text_):
    """The replies to one web chat message, whether answered at once or queued and answered later."""
    status, body = parts.say(sender, text_)
    assert status in (200, 202), body
    if status == 200:
        return [m.get("text", "") for m in body["messages"]]
    wait_for(lambda: not query(parts, "SELECT 1 FROM web_inbound WHERE conversation_id = :c AND status != 'answered'",
                               c=sender), timeout=90, interval=1)
    return [json.loads(r["payload"]).get("text", "") for r in
            query(parts, "SELECT payload FROM web_messages WHERE conversation_id = :c", c=sender)]


@servers
def test_postgresql_restarted_mid_conversation(cluster, parts, fake_twilio):
    parts.start("actions", "rasa", "bot")
    web, phone = new_sender(), new_parent()
    assert web_answered(parts, web, "hello")
    first = text(parts, phone, "hello")
    wait_for(lambda: processed(parts, first["MessageSid"]))

    cluster.restart()

    # Every pooled connection of every process is dead now: the next turns still work.
    assert web_answered(parts, web, "what time does school start")
    second = text(parts, phone, "what clubs are there after school")
    assert wait_for(lambda: processed(parts, second["MessageSid"]), timeout=60)["status"] == "processed"
    replies = web_answered(parts, web, CRITICAL)
    assert any("call 999" in r for r in replies)
    [case] = cases_of(parts, web)
    assert case["level"] == "critical"
    assert query(parts, "SELECT 1 FROM alerts WHERE case_id = :c", c=case["id"])

    cluster.restart()
    third = text(parts, phone, CRITICAL)
    assert wait_for(lambda: processed(parts, third["MessageSid"]), timeout=60)["status"] == "processed"
    assert [(c["level"], c["channel"]) for c in cases_of(parts, conversation(phone))] == [("critical", "sms")]

    # Nothing lost or doubled: every message is in Rasa's tracker once, in order.
    web_user = [e["text"] for e in tracker(parts, web)["events"] if e["event"] == "user"]
    assert web_user == ["hello", "what time does school start", CRITICAL]
    sms_user = [e["message_id"] for e in tracker(parts, conversation(phone))["events"] if e["event"] == "user"]
    assert sms_user == [first["MessageSid"], second["MessageSid"], third["MessageSid"]]
    texts = " ".join(m["body"] for m in fake_twilio.to(phone))
    assert texts.count("press 55") == 1, texts  # the 999 line, once
    status, body = http("GET", f"{parts.bot_url}/healthz")
    assert json.loads(body)["checks"]["database"]["ok"], body
