"""Hostile or broken input gets a clear 4xx or a safe answer: never a 500, never a crash."""
import json

import pytest

from tests.support import http, new_sender, post_json

pytestmark = pytest.mark.servers
JSON = {"Content-Type": "application/json"}


def test_empty_message_is_refused_clearly(stack):
    status, body = post_json(f"{stack.bot_url}/chat/send", {"sender": new_sender(), "message": "   "})
    assert status == 400 and "empty" in body["error"]


def test_ten_thousand_characters_refused_with_a_reason(stack):
    status, body = post_json(f"{stack.bot_url}/chat/send", {"sender": new_sender(), "message": "a" * 10_000})
    assert status == 413 and "too long" in body["error"]


def test_long_but_allowed_message_is_answered(stack):
    status, body = stack.say(new_sender(), "i need help with the free school meals form " * 80)
    assert status == 200 and body["messages"]


def test_binary_junk_is_refused(stack):
    for url in (f"{stack.bot_url}/chat/send", f"{stack.rasa_url}/webhooks/webchat/webhook"):
        status, _ = http("POST", url, bytes(range(256)) * 4, JSON)
        assert status == 400, url


def test_control_characters_and_emoji_are_answered(stack):
    status, body = stack.say(new_sender(), "hello\x00\x07 \U0001F600")
    assert status == 200 and body["messages"]


def test_slash_restart_does_not_restart_or_trigger_an_intent(stack):
    sender = new_sender()
    stack.texts(sender, "hello")
    status, body = stack.say(sender, "/restart")
    assert status == 200 and body["messages"]
    status, tracker = http("GET", f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}")
    events = json.loads(tracker)["events"]
    assert not [e for e in events if e["event"] == "restart"]
    user_texts = [e["text"] for e in events if e["event"] == "user"]
    assert user_texts[-1] == "restart"
    status, body = stack.say(sender, "/greet")
    intents = [e["parse_data"]["intent"]["name"] for e in json.loads(
        http("GET", f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}")[1])["events"]
        if e["event"] == "user"]
    assert status == 200 and len(intents) == 3


def test_invalid_json_to_every_endpoint_is_a_4xx(stack):
    token = f"?token={stack.token}"
    endpoints = [
        f"{stack.bot_url}/chat/send",
        f"{stack.rasa_url}/webhooks/webchat/webhook",
        f"{stack.rasa_url}/model/parse{token}",
        f"{stack.rasa_url}/conversations/x-12345678/messages{token}",
        f"{stack.rasa_url}/conversations/x-12345678/tracker/events{token}",
        f"{stack.rasa_url}/conversations/x-12345678/trigger_intent{token}",
        f"{stack.actions_url}/webhook",
    ]
    for url in endpoints:
        for body in (b"{not json", b"[]", b"null", b'"text"', b'{"sender": 5, "message": ["x"]}'):
            status, _ = http("POST", url, body, JSON)
            assert 400 <= status < 500, (url, body, status)


def test_malformed_events_to_the_tracker_api_are_a_4xx(stack):
    url = f"{stack.rasa_url}/conversations/x-12345678/tracker/events?token={stack.token}"
    for body in ([{"event": "no_such_event"}], [{"no": "event"}], {"event": "bot"}, [1, 2]):
        status, _ = post_json(url, body)
        assert 400 <= status < 500 or status == 200, (body, status)
        assert status != 500


def test_bad_sender_ids_are_refused(stack):
    for sender in ("", "short", "../../etc/passwd", "x" * 500, 12345678, None):
        status, body = post_json(f"{stack.bot_url}/chat/send", {"sender": sender, "message": "hi"})
        assert status == 400, sender


def test_unknown_routes_and_methods_are_4xx_json(stack):
    status, body = http("GET", f"{stack.bot_url}/no-such-page")
    assert status == 404 and "error" in json.loads(body)
    status, _ = http("GET", f"{stack.bot_url}/chat/send")
    assert status == 405
