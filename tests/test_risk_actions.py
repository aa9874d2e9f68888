"""The risk actions the rasa-sdk way: tracker and CollectingDispatcher in, events and messages out."""
import pytest
import sqlalchemy as sa
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.risk import ActionRespondToRisk, ActionWhileWithStaff
from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.db.models import Alert, Case
from bot.runtime import close_runtime, open_runtime
from bot.schools import load_schools
from bot.settings import Settings

DOMAIN = {"responses": {"utter_form_free_school_meals": [{"text": "FSM answer"}]}}


@pytest.fixture
def runtime_with_sms(sqlite_url):
    settings = Settings.from_env(env={
        "DATABASE_URL": sqlite_url, "TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "t",
        "TWILIO_NUMBER": "+447700900000"})
    engine = make_engine(sqlite_url)
    upgrade(engine, load_schools(settings.schools_dir))
    engine.dispose()
    yield open_runtime(settings)
    close_runtime()


def risk(level, category=None):
    return {"level": level, "category": category, "reasons": [f"test {level}"], "score": 0.5}


def make_tracker(text, level, category=None, intent="service_mental_health", slots=None, earlier=(), form=None):
    latest = {"text": text, "intent": {"name": intent}, "risk": risk(level, category), "metadata": {}}
    events = [{"event": "user", "text": t, "parse_data": {"risk": risk(lvl)}} for t, lvl in earlier]
    events.append({"event": "user", "text": text, "input_channel": "webchat", "parse_data": latest})
    return Tracker("parent-0002", {"school_id": "harbourside", **(slots or {})}, latest, events, False, None,
                   {"name": form} if form else {}, "action_listen")


async def test_critical_puts_999_first_opens_a_case_and_pauses(runtime_with_sms):
    dispatcher = CollectingDispatcher()
    events = await ActionRespondToRisk().run(dispatcher, make_tracker("i have the pills here", "critical", "self_harm"), DOMAIN)
    texts = [m["text"] for m in dispatcher.messages]
    assert texts[0].startswith("If you or anyone else is in danger now, call 999")
    assert any("116 123" in t for t in texts) and any("safeguarding lead" in t for t in texts)
    with runtime_with_sms.sessions() as session:
        case = session.execute(sa.select(Case)).scalar_one()
        roles = {a.recipient_role for a in session.execute(sa.select(Alert)).scalars()}
    assert events == [SlotSet("handoff_case_id", case.id)]
    assert (case.level, case.category, case.status, case.trigger_text) == ("critical", "self_harm", "pending", "i have the pills here")
    assert roles == {"hwbl", "dsl"}


async def test_high_domestic_abuse_gives_the_helpline(runtime_with_sms):
    dispatcher = CollectingDispatcher()
    await ActionRespondToRisk().run(dispatcher, make_tracker("he hit me", "high", "domestic_abuse"), DOMAIN)
    assert any("0808 2000 247" in m["text"] for m in dispatcher.messages)
    assert not any("999 and press 55" in m["text"] for m in dispatcher.messages)


async def test_concern_validates_answers_the_question_and_offers_a_person(runtime_with_sms):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("so tired, how do i get fsm", "concern", "not_coping", intent="form_free_school_meals")
    events = await ActionRespondToRisk().run(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages[0]["text"] == "That sounds really hard. Thank you for telling me."
    assert dispatcher.messages[1]["response"] == "utter_form_free_school_meals"
    assert events == [FollowupAction("utter_offer_hwbl")]
    with runtime_with_sms.sessions() as session:
        assert session.execute(sa.select(Case)).first() is None


async def test_third_concern_in_a_row_opens_a_routine_case(runtime_with_sms):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("still rubbish", "concern", "not_coping", intent="checkin_struggling",
                           earlier=[("bad week", "concern"), ("so tired", "concern")])
    events = await ActionRespondToRisk().run(dispatcher, tracker, DOMAIN)
    assert events == []
    assert any("You've told me a few times" in m.get("text", "") for m in dispatcher.messages)
    with runtime_with_sms.sessions() as session:
        case = session.execute(sa.select(Case)).scalar_one()
    assert case.level == "concern"


async def test_while_with_staff_stays_quiet_but_raises_a_critical_message(runtime_with_sms):
    first = CollectingDispatcher()
    events = await ActionRespondToRisk().run(first, make_tracker("he hit me", "high", "domestic_abuse"), DOMAIN)
    case_id = events[0]["value"]
    with runtime_with_sms.sessions() as session:
        before = session.execute(sa.select(sa.func.count()).select_from(Alert)).scalar_one()

    quiet = CollectingDispatcher()
    tracker = make_tracker("ok", "none", slots={"handoff_case_id": case_id})
    assert await ActionWhileWithStaff().run(quiet, tracker, DOMAIN) == []
    assert [m["text"] for m in quiet.messages] == ["Thank you. I've added this to your message, so they'll see it all together."]

    urgent = CollectingDispatcher()
    tracker = make_tracker("hes got a knife now", "critical", "domestic_abuse", slots={"handoff_case_id": case_id})
    await ActionWhileWithStaff().run(urgent, tracker, DOMAIN)
    assert urgent.messages[0]["text"].startswith("If you or anyone else is in danger now, call 999")
    with runtime_with_sms.sessions() as session:
        case = session.get(Case, case_id)
        after = session.execute(sa.select(sa.func.count()).select_from(Alert)).scalar_one()
    assert case.level == "critical" and after > before


async def test_risk_in_the_middle_of_a_form_sets_the_form_aside(runtime_with_sms):
    from rasa_sdk.events import ActiveLoop

    tracker = make_tracker("im so tired of it all", "concern", "not_coping", intent="checkin_struggling", form="fsm_form")
    events = await ActionRespondToRisk().run(CollectingDispatcher(), tracker, DOMAIN)
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("utter_offer_hwbl")]
    urgent = make_tracker("he hit me", "high", "domestic_abuse", form="hwbl_request_form")
    events = await ActionRespondToRisk().run(CollectingDispatcher(), urgent, DOMAIN)
    assert events[:2] == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert events[2]["name"] == "handoff_case_id"
