"""Actions the rasa-sdk way: a tracker and a CollectingDispatcher in, events and messages out."""
import datetime as dt

import pytest
import sqlalchemy as sa
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher
from ruamel.yaml import YAML

from actions.hwbl import ActionRequestHwbl
from actions.session import ActionSessionStart
from bot.db.models import AuditEntry, Case
from bot.settings import PROJECT_ROOT


def make_tracker(sender="parent-0001", slots=None, text="yes please", channel="webchat", events=None):
    return Tracker(
        sender_id=sender,
        slots=slots or {},
        latest_message={"text": text, "intent": {"name": "affirm"}, "metadata": {}},
        events=events or [{"event": "user", "text": text, "input_channel": channel}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def test_every_domain_action_is_registered():
    domain = YAML(typ="safe").load((PROJECT_ROOT / "domain.yml").read_text())
    executor = ActionExecutor()
    executor.register_package("actions")
    custom = [a for a in domain["actions"] if a.startswith("action_")]
    assert custom and set(custom) <= set(executor.actions)
    assert set(executor.actions) <= set(domain["actions"]), "an action is registered but not in the domain"


async def test_session_start_sets_the_school_and_carries_slots_over(runtime_db):
    tracker = make_tracker(slots={"session_started_metadata": {"school": "harbourside"}, "school_id": None,
                                  "hwbl_name": "someone old"})
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, tracker, {})
    assert events[0] == SessionStarted()
    assert events[-1] == ActionExecuted("action_listen")
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["school_id"] == "harbourside"
    assert slots["hwbl_name"] == "Mrs Harper"
    assert slots["office_phone"] == "01632 960123"
    assert "session_started_metadata" not in slots
    assert dispatcher.messages == []


async def test_session_start_with_an_unknown_school_uses_the_default(runtime_db):
    tracker = make_tracker(slots={"session_started_metadata": {"school": "no-such-school"}})
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    assert SlotSet("school_id", "harbourside") in events


async def test_request_hwbl_opens_one_case_and_says_when_she_reads_it(runtime_db):
    tracker = make_tracker(slots={"school_id": "harbourside", "hwbl_contact_time": "mornings by phone"})
    dispatcher = CollectingDispatcher()
    events = await ActionRequestHwbl().run(dispatcher, tracker, {})
    assert events == [SlotSet("hwbl_contact_time", None)]
    [message] = dispatcher.messages
    assert "passed your message to Mrs Harper" in message["text"]

    await ActionRequestHwbl().run(CollectingDispatcher(), tracker, {})  # asking twice: still one case
    with runtime_db.sessions() as session:
        cases = session.execute(sa.select(Case)).scalars().all()
        audit = session.execute(sa.select(AuditEntry)).scalars().all()
    assert [(c.school_id, c.conversation_id, c.level, c.status, c.channel) for c in cases] == [
        ("harbourside", "parent-0001", "request", "pending", "webchat")
    ]
    assert [a.action for a in audit] == ["case_opened"]
    assert "a good time for them: mornings by phone" in cases[0].reasons


async def test_list_services_gives_at_most_three_from_the_directory(runtime_db):
    from actions.services import ActionListServices
    from bot.directory.load import load_directory

    runtime_db.directory = load_directory()
    tracker = Tracker("parent-0004", {}, {"text": "any food banks in kb3", "intent": {"name": "service_food"}},
                      [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    assert await ActionListServices().run(dispatcher, tracker, {}) == []
    assert 1 <= len(dispatcher.messages) <= 3
    assert all(m["text"] for m in dispatcher.messages)


async def test_list_services_says_nothing_for_a_topic_without_needs(runtime_db):
    from actions.services import ActionListServices
    from bot.directory.load import load_directory

    runtime_db.directory = load_directory()
    tracker = Tracker("parent-0004", {}, {"text": "hi", "intent": {"name": "greet"}}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    await ActionListServices().run(dispatcher, tracker, {})
    assert dispatcher.messages == []
