"""The three processes started as `make run` starts them, talked to over HTTP."""
import json

import pytest
import sqlalchemy as sa

from bot.db.engine import make_engine
from tests.support import http, new_sender

pytestmark = pytest.mark.servers


def _conversation(stack):
    sender = new_sender()
    greeting = stack.texts(sender, "hiya")
    assert any("helper" in text for text in greeting)
    assert "How are things this week?" in greeting

    struggling = stack.texts(sender, "Struggling")
    assert any("Everybody needs help sometimes" in text for text in struggling)
    assert any("Mrs Harper" in text and "yes or no" in text for text in struggling)

    when = stack.texts(sender, "yes please")
    assert any("When is a good time for Mrs Harper" in text for text in when)
    passed_on = stack.texts(sender, "a call after school on tuesday")
    assert any("passed your message to Mrs Harper" in text for text in passed_on)
    return sender


def _stored_events(database_url: str, sender: str):
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
            ).all()
            cases = connection.execute(
                sa.text("SELECT school_id, level, status, channel, reasons FROM cases WHERE conversation_id = :s"),
                {"s": sender},
            ).all()
    finally:
        engine.dispose()
    return rows, cases


def _assert_persisted(database_url: str, sender: str):
    rows, cases = _stored_events(database_url, sender)
    user_texts = [json.loads(data).get("text") for kind, data in rows if kind == "user"]
    assert user_texts == ["hiya", "Struggling", "yes please", "a call after school on tuesday"]
    assert any(kind == "bot" for kind, _ in rows)
    assert [tuple(c)[:4] for c in cases] == [("harbourside", "request", "pending", "webchat")]
    assert "a good time for them: a call after school on tuesday" in str(cases[0][4])


def test_conversation_through_http_on_sqlite(stack):
    sender = _conversation(stack)
    _assert_persisted(stack.database_url, sender)


def test_conversation_through_http_on_postgresql(postgres_stack):
    assert postgres_stack.database_url.startswith("postgresql://")
    sender = _conversation(postgres_stack)
    _assert_persisted(postgres_stack.database_url, sender)


def test_health_reports_every_part(stack):
    status, body = http("GET", f"{stack.bot_url}/healthz")
    checks = json.loads(body)["checks"]
    assert status == 200
    assert checks["rasa"] == {"ok": True, "detail": "model loaded"}
    assert checks["action_server"]["ok"] and checks["database"]["ok"]


def test_honest_about_being_automated_and_school_details_from_config(stack):
    sender = new_sender()
    texts = stack.texts(sender, "am i talking to a real person or a bot")
    assert any("automated" in t and "Mrs Harper" in t and "Monday" in t for t in texts)
    office = stack.texts(sender, "whats the school office phone number")
    assert any("01632 960123" in t for t in office)


def test_gibberish_gets_an_answer_and_an_offer_of_a_person(stack):
    texts = stack.texts(new_sender(), "qwv zzkp flarb")
    assert texts, "a parent is never left without an answer"
    assert any("Mrs Harper" in t for t in texts)


def test_rasa_api_needs_the_token(stack):
    status, _ = http("GET", f"{stack.rasa_url}/conversations/anyone/tracker")
    assert status == 401
    status, _ = http("GET", f"{stack.rasa_url}/conversations/anyone/tracker?token={stack.token}")
    assert status == 200


def test_demo_page_has_the_chat_box(stack):
    status, body = http("GET", f"{stack.bot_url}/")
    page = body.decode()
    assert status == 200
    assert "Harbourside Primary School" in page
    assert '<script src="/widget.js" data-school="harbourside" defer></script>' in page


def test_free_school_meals_check_through_http(stack):
    sender = new_sender()
    assert any("3 short questions" in t for t in stack.texts(sender, "how do i apply for free school meals"))
    assert any("What year is your child in?" in t for t in stack.texts(sender, "yes please"))
    assert any("Universal Credit" in t for t in stack.texts(sender, "hes in year 4"))
    result = stack.texts(sender, "yes")
    assert any("can get free school meals" in t and "Kestrel Bay Council" in t for t in result)
    assert any("Would you like me to pass this to Mrs Harper" in t for t in result)


def test_distress_in_the_middle_of_a_form_is_answered_first_and_the_offer_works(stack):
    sender = new_sender()
    stack.texts(sender, "how do i apply for free school meals")
    assert any("What year is your child in?" in t for t in stack.texts(sender, "yes please"))
    replies = stack.texts(sender, "honestly im not coping with any of it, so exhausted")
    assert any("Mrs Harper" in t and "yes or no" in t for t in replies)
    assert any("When is a good time for Mrs Harper" in t for t in stack.texts(sender, "yes"))


def test_critical_message_in_the_middle_of_a_form_still_gets_999_first(stack):
    sender = new_sender()
    stack.texts(sender, "how do i apply for free school meals")
    stack.texts(sender, "yes please")
    replies = stack.texts(sender, "i have taken all my tablets, i want to die")
    assert "call 999" in replies[0]
