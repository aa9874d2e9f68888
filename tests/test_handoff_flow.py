"""Risk to a person and back, end to end through HTTP with the real processes."""
import json
import os
import subprocess
import sys

import pytest

from tests.support import ROOT, http, new_sender, post_json, query, wait_for

pytestmark = pytest.mark.servers
HWBL_PHONE, DSL_PHONE = "+447700900123", "+447700900456"
CRITICAL = "ive taken all my tablets and i want to die"



def case_for(stack, sender):
    rows = query(stack, "SELECT * FROM cases WHERE conversation_id = :s ORDER BY id", s=sender)
    assert rows, "no case was opened"
    return rows[-1]



def cli(stack, *args):
    env = {**os.environ, "DATABASE_URL": stack.database_url, "RASA_URL": stack.rasa_url, "RASA_TOKEN": stack.token}
    result = subprocess.run([sys.executable, "-m", "bot", "cases", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


_seen = {}


def poll(stack, sender):
    """Messages pushed to the web chat (staff replies, hand back) since the last poll."""
    after = _seen.get(sender, 0)
    status, body = post_json(f"{stack.bot_url}/chat/poll", {"sender": sender, "token": stack.web_token(sender), "after": after})
    assert status == 200
    if body["messages"]:
        _seen[sender] = body["messages"][-1]["id"]
    return [m for m in body["messages"] if m.get("pushed")]


def tracker_events(stack, sender):
    status, body = http("GET", f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}")
    return json.loads(body)["events"]


def test_critical_message_full_journey(stack, fake_twilio, fake_smtp):
    sender = new_sender()
    stack.texts(sender, "hi")
    replies = stack.texts(sender, CRITICAL)

    # 1. Safety first: 999 in the very first reply, then the 24/7 line, then what happens next.
    assert "call 999" in replies[0] and "press 55" in replies[0]
    assert any("116 123" in r for r in replies)
    assert any("Mrs Harper and our safeguarding lead" in r for r in replies)
    assert any("can't keep a worry" in r for r in replies)

    # 2. A case and its alerts, written together.
    case = case_for(stack, sender)
    assert (case["level"], case["category"], case["status"], case["channel"]) == ("critical", "self_harm", "pending", "webchat")
    assert case["trigger_text"] == CRITICAL
    alerts = query(stack, "SELECT recipient_role, transport FROM alerts WHERE case_id = :c", c=case["id"])
    assert {(a["recipient_role"], a["transport"]) for a in alerts} == {
        ("hwbl", "sms"), ("hwbl", "email"), ("dsl", "sms"), ("dsl", "email")}

    # 3. The worker in the bot service delivers them: fake Twilio and the local SMTP server.
    wait_for(lambda: fake_twilio.to(HWBL_PHONE) and fake_twilio.to(DSL_PHONE))
    wait_for(lambda: len([m for m in fake_smtp.messages if f"case {case['id']}" in m["Subject"].lower()
                          or str(case["id"]) in m["Subject"]]) >= 2)
    sms = fake_twilio.to(HWBL_PHONE)[-1]["body"]
    assert "tablets" not in sms and "die" not in sms.lower().split()
    assert f"/inbox/cases/{case['id']}" in sms

    # 4. The assistant goes silent for ordinary messages; "/restart" and a new session do not unpause.
    status, _ = post_json(f"{stack.rasa_url}/conversations/{sender}/execute?token={stack.token}",
                          {"name": "action_session_start"})
    assert status == 200
    for text in ("hello", "/restart", "restart"):
        replies = stack.texts(sender, text)
        assert not any("How are things this week?" in r for r in replies), text
    assert not [e for e in tracker_events(stack, sender) if e["event"] in ("restart", "pause")]

    # 5. Staff reply reaches the parent on the same channel.
    cli(stack, "reply", str(case["id"]), "Hi, it's Dee. I'm here. Are you safe right now?", "--staff", "Dee Harper")
    messages = wait_for(lambda: poll(stack, sender))
    assert messages[-1]["text"].startswith("Hi, it's Dee") and messages[-1]["staff_name"] == "Dee Harper"
    assert case_for(stack, sender)["status"] == "open"

    # 6. A critical message while with staff is kept, screened and raises a fresh alert.
    before = len(fake_twilio.to(HWBL_PHONE))
    replies = stack.texts(sender, "im going to do it now, i have the rope")
    assert replies and "call 999" in replies[0]
    wait_for(lambda: len(fake_twilio.to(HWBL_PHONE)) > before)

    # 7. Hand back: the assistant says so, then answers again.
    cli(stack, "handback", str(case["id"]), "--staff", "Dee Harper", "--outcome", "safeguarding referral made")
    messages = wait_for(lambda: poll(stack, sender))
    assert "passed you back to me" in messages[-1]["text"]
    assert any("How are things this week?" in r for r in stack.texts(sender, "hello"))
    final = case_for(stack, sender)
    assert (final["status"], final["outcome"]) == ("resolved", "safeguarding referral made")
    audit = [r["action"] for r in query(stack, "SELECT action FROM audit_log WHERE case_id = :c ORDER BY id", c=case["id"])]
    assert audit[0] == "case_opened" and "take" in audit and "resolve" in audit


def test_domestic_abuse_disclosure_gets_the_helpline_and_a_case(stack):
    sender = new_sender()
    replies = stack.texts(sender, "my partner hits me when he drinks and im scared to go home")
    assert any("0808 2000 247" in r for r in replies)
    case = case_for(stack, sender)
    assert case["level"] in ("high", "critical") and case["category"] == "domestic_abuse"


def test_child_at_risk_tells_the_safeguarding_lead(stack):
    sender = new_sender()
    replies = stack.texts(sender, "my 9 year old said he wants to die")
    assert any("0808 800 5000" in r or "116 123" in r for r in replies)
    case = case_for(stack, sender)
    roles = {r["recipient_role"] for r in query(stack, "SELECT recipient_role FROM alerts WHERE case_id = :c", c=case["id"])}
    assert "dsl" in roles


def test_everyday_idioms_raise_nothing(stack):
    sender = new_sender()
    for text in ("this homework is killing me", "dying to know when sports day is", "my phone died"):
        stack.texts(sender, text)
    assert not query(stack, "SELECT id FROM cases WHERE conversation_id = :s", s=sender)


def test_concern_gets_validation_and_an_offer_not_a_case(stack):
    sender = new_sender()
    replies = stack.texts(sender, "im not suicidal just knackered and fed up")
    assert replies and any("Mrs Harper" in r for r in replies)
    assert not any("999" in r for r in replies)
    assert not query(stack, "SELECT id FROM cases WHERE conversation_id = :s", s=sender)
