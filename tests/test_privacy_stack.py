"""Data protection against the real processes, with two schools: erasure leaves nothing of a
family in any table (Rasa's `events` included, and tables added later), the subject-access
export holds what was said, one school's requests never touch the other's data, logs carry no
numbers and no words, and /metrics reports what happened."""
import json
import os
import subprocess
import sys
import uuid

import pytest
import sqlalchemy as sa

from bot.db.engine import make_engine
from bot.sms.store import conversation_id_for
from tests.support import ROOT, http, query, start_stack, wait_for
from tests.test_privacy_retention import two_schools
from tests.test_sms_channel import EMPTY_TWIML, WEBHOOK, post_form, text_params

PARENT = "+447700900311"
HARBOURSIDE, ST_MARYS = "+447700900001", "+447700900002"
METRICS_TOKEN = "metrics-" + uuid.uuid4().hex
WORDS_A = "My son has been finding reading hard since the autumn"
CRITICAL_A = "ive taken all my tablets and i want to die"
WORDS_B = "Could somebody explain the spelling homework for year two"
WORDS_WEB = "Where can I find the uniform grant form please"


@pytest.fixture(scope="module")
def privacy_stack(tmp_path_factory, fake_twilio, fake_smtp):
    from tests.conftest import _require_model, assert_stops_cleanly

    _require_model()
    directory = tmp_path_factory.mktemp("privacy")
    two_schools(directory)
    env = {**fake_twilio.env(), "SMTP_URL": fake_smtp.url, "PUBLIC_URL": "https://support.example.org",
           "SCHOOLS_DIR": str(directory / "schools"), "LOG_FORMAT": "json", "METRICS_TOKEN": METRICS_TOKEN}
    running = start_stack(f"sqlite:///{directory / 'parent_support.db'}", directory, env)
    running.env = env
    yield running
    assert_stops_cleanly(running)


def cli(stack, *args):
    env = dict(os.environ, **stack.env, DATABASE_URL=stack.database_url, RASA_TOKEN=stack.token,
               RASA_URL=stack.rasa_url, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def text_and_wait(stack, fake_twilio, body, to):
    before = len(fake_twilio.to(PARENT))
    params = text_params(PARENT, body, to=to)
    assert post_form(stack, WEBHOOK, params) == (200, EMPTY_TWIML)
    wait_for(lambda: query(stack, "SELECT status FROM sms_inbound WHERE message_sid = :s AND status = 'processed'",
                           s=params["MessageSid"]))
    wait_for(lambda: len(fake_twilio.to(PARENT)) > before)


def everything(stack) -> str:
    """Every value of every row of every table, as one text to search."""
    engine = make_engine(stack.database_url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(bind=engine)
        assert "events" in metadata.tables  # Rasa's tracker store is searched too
        with engine.connect() as connection:
            return "\n".join(f"{table.name}: {tuple(row)}" for table in metadata.sorted_tables
                             for row in connection.execute(sa.select(table)))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def conversations(privacy_stack, fake_twilio):
    """One family texting both schools (and raising a case at Harbourside) and a web chat."""
    stack = privacy_stack
    text_and_wait(stack, fake_twilio, WORDS_A, HARBOURSIDE)
    text_and_wait(stack, fake_twilio, CRITICAL_A, HARBOURSIDE)
    text_and_wait(stack, fake_twilio, WORDS_B, ST_MARYS)
    web = f"test-{uuid.uuid4().hex}"
    status, _ = stack.say(web, WORDS_WEB)
    assert status == 200
    return {"a": conversation_id_for(PARENT, "harbourside", None), "b": conversation_id_for(PARENT, "st-marys", None),
            "web": web}


def test_export_holds_what_was_said_at_that_school_only(privacy_stack, conversations, tmp_path):
    done = cli(privacy_stack, "privacy", "export", "--phone", PARENT, "--school", "harbourside", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    json_path = next(tmp_path.glob("*.json"))
    data = json.loads(json_path.read_text())
    said = [m["text"] for c in data["conversations"] for m in c["messages"]]
    assert WORDS_A in said and CRITICAL_A in said
    assert WORDS_B not in json_path.read_text()
    assert data["records"]["sms_contacts"][0]["phone"] == PARENT
    assert [c["level"] for c in data["records"]["cases"]] == ["critical"]
    page = next(tmp_path.glob("*.html")).read_text()
    assert WORDS_A in page and "<h1>What we hold about you</h1>" in page


def test_metrics_report_turns_cases_and_outbox(privacy_stack, conversations):
    url = f"{privacy_stack.bot_url}/metrics"
    assert http("GET", url)[0] == 401
    assert http("GET", url, headers={"Authorization": "Bearer wrong"})[0] == 401
    status, body = http("GET", url, headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert status == 200
    lines = body.decode().splitlines()
    assert 'parent_support_web_turns_total{status="200"} 1' in lines
    assert any(line.startswith('parent_support_cases{school_id="harbourside",level="critical"') for line in lines)
    count = next(line for line in lines if line.startswith("parent_support_sms_turn_seconds_count"))
    assert int(count.split()[1]) >= 3
    assert any(line.startswith('parent_support_outbox_oldest_unsent_seconds{outbox="alerts"}') for line in lines)
    assert not any(line.startswith('parent_support_cases{school_id="st-marys"') for line in lines)


def test_erasure_refuses_while_a_case_is_open_then_leaves_nothing_of_the_family(privacy_stack, conversations):
    stack = privacy_stack
    refused = cli(stack, "privacy", "erase", "--phone", PARENT, "--school", "harbourside", "--yes")
    assert refused.returncode == 1 and "still open" in refused.stderr and "Traceback" not in refused.stderr
    assert PARENT in everything(stack)  # nothing was erased

    case_id = query(stack, "SELECT id FROM cases WHERE conversation_id = :c", c=conversations["a"])[0]["id"]
    handback = cli(stack, "cases", "handback", str(case_id), "--staff", "Dee Harper", "--outcome", "signposted")
    assert handback.returncode == 0, handback.stderr + handback.stdout

    erased = cli(stack, "privacy", "erase", "--phone", PARENT, "--school", "harbourside", "--yes")
    assert erased.returncode == 0, erased.stderr
    held = everything(stack)
    for trace in (conversations["a"], WORDS_A, CRITICAL_A):
        assert trace not in held
    # the other school's conversation with the same number is untouched
    assert conversations["b"] in held and WORDS_B in held and PARENT in held
    # the safeguarding record stays, without words or the conversation id
    case = query(stack, "SELECT * FROM cases WHERE id = :i", i=case_id)[0]
    assert (case["level"], case["status"], case["outcome"]) == ("critical", "resolved", "signposted")
    assert case["trigger_text"] is None and case["conversation_id"] == f"erased-case-{case_id}"

    erased_b = cli(stack, "privacy", "erase", "--phone", PARENT, "--yes")
    assert erased_b.returncode == 0, erased_b.stderr
    held = everything(stack)
    for trace in (PARENT, PARENT[1:], conversations["b"], WORDS_B):
        assert trace not in held


def test_web_chat_erasure_by_conversation(privacy_stack, conversations):
    wrong_school = cli(privacy_stack, "privacy", "erase", "--conversation", conversations["web"], "--school", "st-marys",
                       "--yes")
    assert wrong_school.returncode != 0 and WORDS_WEB in everything(privacy_stack)
    erased = cli(privacy_stack, "privacy", "erase", "--conversation", conversations["web"], "--yes")
    assert erased.returncode == 0, erased.stderr
    held = everything(privacy_stack)
    assert conversations["web"] not in held and WORDS_WEB not in held


def test_logs_hold_no_numbers_and_no_words(privacy_stack, conversations):
    log = privacy_stack.log_path.read_text()
    for secret in (PARENT, PARENT[1:], "07700 900311", WORDS_A, CRITICAL_A, WORDS_B, WORDS_WEB, privacy_stack.token,
                   METRICS_TOKEN):
        assert secret not in log
    structured = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert any(entry["logger"].startswith("rasa") for entry in structured)
    assert len({entry["pid"] for entry in structured}) >= 3  # Rasa, the action server and the bot service
    assert all({"time", "level", "logger", "message"} <= set(entry) for entry in structured)
    assert not any(entry["logger"].startswith("twilio") for entry in structured)  # request lines hold numbers
    lines = [(entry["pid"], entry["time"], entry["message"]) for entry in structured]
    assert len(lines) == len(set(lines))  # each line once
