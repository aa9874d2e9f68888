"""Faults on the real processes: the action server killed, Rasa killed in the middle of a turn.

The three processes are started one by one (as `make run` starts them) so a test can kill one
and leave the others running.
"""
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Dict, Optional

import pytest

from bot.action_fallback import HOLDING_REPLY
from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.runner import child_environment, commands
from bot.schools import load_schools
from bot.settings import Settings
from bot.voice import voice_problems
from tests.support import ROOT, Stack, free_port, http, new_sender, query, wait_for
from tests.test_sms_channel import CRITICAL, PUBLIC_URL, conversation, new_parent, processed, text

servers = pytest.mark.servers


class Parts:
    """Rasa, the action server and the bot service as separate processes."""

    say, web_token, texts = Stack.say, Stack.web_token, Stack.texts

    def __init__(self, database_url: str, log_dir: Path, extra_env: Optional[Dict[str, str]] = None) -> None:
        ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "BOT_PORT": free_port()}
        env = {**os.environ, **{k: str(v) for k, v in ports.items()}, "DATABASE_URL": database_url,
               **(extra_env or {})}
        self.settings = Settings.from_env(env=env)
        self.token = os.urandom(16).hex()
        self.env = {**env, **child_environment(self.settings, self.token)}
        self.commands = commands(self.settings, self.token)
        self.database_url, self.log_dir = database_url, log_dir
        self.rasa_url = f"http://127.0.0.1:{ports['RASA_PORT']}"
        self.actions_url = f"http://127.0.0.1:{ports['ACTIONS_PORT']}"
        self.bot_url = f"http://127.0.0.1:{ports['BOT_PORT']}"
        self.processes: Dict[str, subprocess.Popen] = {}
        engine = make_engine(database_url)
        try:
            upgrade(engine, load_schools(self.settings.schools_dir))
        finally:
            engine.dispose()

    def start(self, *names: str) -> "Parts":
        for name in names:
            log = open(self.log_dir / f"{name}.log", "a")
            self.processes[name] = subprocess.Popen(
                self.commands[name], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        for name in names:
            wait_for(lambda: self._ready(name), timeout=240, interval=1)
        return self

    def _ready(self, name: str) -> bool:
        if self.processes[name].poll() is not None:
            raise RuntimeError(f"{name} exited:\n{(self.log_dir / f'{name}.log').read_text()[-3000:]}")
        url = {"rasa": f"{self.rasa_url}/status?token={self.token}", "actions": f"{self.actions_url}/health",
               "bot": f"{self.bot_url}/chat/config/harbourside"}[name]
        try:
            return http("GET", url, timeout=3)[0] == 200
        except OSError:
            return False

    def signal(self, name: str, signum: int) -> None:
        os.killpg(self.processes[name].pid, signum)

    def kill(self, name: str) -> None:
        self.signal(name, signal.SIGKILL)
        self.processes[name].wait(timeout=30)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGCONT)
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def parts(tmp_path, fake_twilio, fake_smtp):
    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.skip("no trained model in models/ (run `make train`)")
    env = {**fake_twilio.env(), "SMTP_URL": fake_smtp.url, "PUBLIC_URL": PUBLIC_URL}
    running = Parts(f"sqlite:///{tmp_path / 'faults.db'}", tmp_path, env)
    yield running
    running.stop()


def tracker(parts: Parts, sender: str) -> dict:
    status, body = http("GET", f"{parts.rasa_url}/conversations/{sender}/tracker?token={parts.token}")
    assert status == 200
    return json.loads(body)


def cases_of(parts: Parts, sender: str) -> list:
    return query(parts, "SELECT * FROM cases WHERE conversation_id = :c", c=sender)


def test_the_holding_reply_is_in_the_assistants_voice():
    assert voice_problems(HOLDING_REPLY) == []


@servers
def test_with_the_action_server_down_risk_still_gets_help_and_a_case(parts, fake_twilio):
    parts.start("actions", "rasa", "bot")
    parts.kill("actions")

    # Web chat: a new conversation (session start runs in Rasa too), then danger.
    sender = new_sender()
    replies = parts.texts(sender, CRITICAL)
    assert "call 999" in replies[0] and "press 55" in replies[0]
    assert not any("Traceback" in r or "exception" in r.lower() for r in replies)
    [case] = cases_of(parts, sender)
    assert (case["level"], case["channel"], case["status"]) == ("critical", "webchat", "pending")
    alerts = query(parts, "SELECT * FROM alerts WHERE case_id = :c", c=case["id"])
    assert alerts, "the HWBL and the safeguarding lead must be alerted"
    state = tracker(parts, sender)
    assert state["slots"]["handoff_case_id"] == case["id"]
    assert state["slots"]["school_id"] == "harbourside"

    # Still with staff: a later worse message is kept on the same case, not a new one.
    parts.texts(sender, "he has a knife and says he will kill me tonight")
    assert len(cases_of(parts, sender)) == 1

    # An answer that needs the action server: a kind holding reply, not silence.
    other = new_sender()
    replies = parts.texts(other, "where is the nearest food bank")
    assert replies and HOLDING_REPLY in replies
    assert cases_of(parts, other) == []

    # SMS: the same safety answer and a case, from the school's number.
    phone = new_parent()
    params = text(parts, phone, CRITICAL)
    wait_for(lambda: processed(parts, params["MessageSid"]))
    texts = [m["body"] for m in fake_twilio.to(phone)]
    assert texts and "call 999" in texts[0]
    [sms_case] = cases_of(parts, conversation(phone))
    assert (sms_case["level"], sms_case["channel"]) == ("critical", "sms")


@servers
def test_rasa_killed_mid_turn_the_text_is_still_answered_and_the_case_raised(parts, fake_twilio):
    parts.start("actions", "rasa", "bot")
    phone = new_parent()
    sender = conversation(phone)
    # Hold the turn inside Rasa: the action server accepts the call but does not answer.
    parts.signal("actions", signal.SIGSTOP)
    params = text(parts, phone, CRITICAL)
    wait_for(lambda: query(parts, "SELECT 1 FROM sms_inbound WHERE message_sid = :s AND status = 'processing'",
                           s=params["MessageSid"]))
    time.sleep(1)
    parts.kill("rasa")
    parts.signal("actions", signal.SIGCONT)  # it may still run the dead turn's call
    assert processed(parts, params["MessageSid"]) is None

    parts.start("rasa")  # a new process: the sweep takes up the text once the dead claim is stale
    row = wait_for(lambda: processed(parts, params["MessageSid"]), timeout=150, interval=1)
    assert row["status"] == "processed"
    texts = " ".join(m["body"] for m in fake_twilio.to(phone))
    assert texts.count("press 55") == 1, texts  # the 999 line, once
    cases = cases_of(parts, sender)
    assert [(c["level"], c["channel"]) for c in cases] == [("critical", "sms")]
    user_turns = [e for e in tracker(parts, sender)["events"] if e["event"] == "user"]
    assert [e["message_id"] for e in user_turns] == [params["MessageSid"]]

    # Web chat: Rasa gone during a turn; the message waits and is answered once Rasa is back.
    web = new_sender()
    parts.kill("rasa")
    status, body = parts.say(web, CRITICAL)
    assert status in (200, 202), body
    assert cases_of(parts, web) == []
    parts.start("rasa")
    wait_for(lambda: cases_of(parts, web), timeout=120, interval=1)
    log = query(parts, "SELECT payload FROM web_messages WHERE conversation_id = :c", c=web)
    replies = [p.get("text", "") for p in map(json.loads, (r["payload"] for r in log)) if p.get("from") == "assistant"]
    assert sum("press 55" in t for t in replies) == 1, replies


@servers
def test_make_run_starts_a_part_that_died_again_and_the_rest_carry_on(stack):
    import psutil

    runner = psutil.Process(stack.process.pid)
    [actions] = [c for c in runner.children() if "actions" in c.cmdline()]
    os.killpg(actions.pid, signal.SIGKILL)
    wait_for(lambda: http("GET", f"{stack.actions_url}/health", timeout=3)[0] == 200 if _listening(stack) else False,
             timeout=120, interval=1)
    assert stack.process.poll() is None
    assert "actions stopped (exit -9); starting it again" in stack.log_path.read_text()
    assert stack.texts(new_sender(), "hello")


def _listening(stack) -> bool:
    try:
        http("GET", f"{stack.actions_url}/health", timeout=3)
        return True
    except OSError:
        return False


async def test_a_text_whose_turn_reached_the_tracker_before_a_crash_gets_its_replies_once(runtime_db, fake_twilio):
    import datetime as dt

    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    from bot.db.engine import transaction
    from bot.db.models import SmsOutbound
    from tests.test_sms_channel import FakeRasa, make_service, seed_text

    lost_phone, sent_phone = new_parent(), new_parent()
    _, lost_sid, lost_sender = seed_text(runtime_db, lost_phone, "hello", "processing", dt.timedelta(minutes=5))
    _, sent_sid, sent_sender = seed_text(runtime_db, sent_phone, "thanks", "processing", dt.timedelta(minutes=5))
    events = {
        lost_sender: [UserUttered("hello", message_id=lost_sid), BotUttered("Hello, I'm here."),
                      BotUttered("How are things this week?"), ActionExecuted("action_listen")],
        sent_sender: [UserUttered("thanks", message_id=sent_sid), BotUttered("You're welcome.")],
    }

    class Store:
        async def retrieve(self, sender_id):
            return type("Tracker", (), {"events": events[sender_id]})()

    agent = type("Agent", (), {"tracker_store": Store()})()
    with transaction(runtime_db.sessions) as session:  # "thanks" was answered just before the crash
        session.add(SmsOutbound(school_id="harbourside", conversation_id=sent_sender, length=15, segments=1,
                                status="sent", created_at=dt.datetime.utcnow() - dt.timedelta(minutes=4)))
    rasa = FakeRasa("never asked")
    service = make_service(runtime_db, fake_twilio, rasa, agent)
    try:
        assert await service.recover(dt.timedelta(0)) == 2
    finally:
        await service.stop()
    assert rasa.seen == []
    texts = " ".join(m["body"] for m in fake_twilio.to(lost_phone))
    assert texts.count("Hello, I'm here.") == 1 and texts.count("How are things this week?") == 1
    assert fake_twilio.to(sent_phone) == []
