"""The widget's HTTP API on the real stack: sessions and tokens, CORS, retries, hostile input."""
import gzip
import json

import pytest

from bot.web.pages import STATIC
from tests.support import http, post_json, query

pytestmark = pytest.mark.servers
SCHOOL_SITE = "https://www.harbourside.example.org"
OTHER_SITE = "https://evil.example.org"


def new_session(stack, headers=None):
    status, body = http("POST", f"{stack.bot_url}/chat/session", json.dumps({"school": "harbourside"}).encode(),
                        {"Content-Type": "application/json", **(headers or {})})
    assert status == 200, body
    return json.loads(body)


def send(stack, session, text, client_id=None, token=None, headers=None):
    payload = {"sender": session["sender"], "token": session["token"] if token is None else token,
               "message": text, "metadata": {"school": "harbourside"}}
    if client_id:
        payload["client_id"] = client_id
    status, body = http("POST", f"{stack.bot_url}/chat/send", json.dumps(payload).encode(),
                        {"Content-Type": "application/json", **(headers or {})})
    return status, json.loads(body)


def poll(stack, session, after=0, token=None):
    return post_json(f"{stack.bot_url}/chat/poll", {"sender": session["sender"], "after": after,
                                                     "token": session["token"] if token is None else token})


def test_send_and_poll_refuse_a_missing_forged_or_other_conversations_token(stack):
    mine, theirs = new_session(stack), new_session(stack)
    assert send(stack, theirs, "hello")[0] == 200
    for token in ("", "forged-token-forged-token-forged-token-xx", mine["token"]):
        status, body = send(stack, theirs, "hello again", token=token)
        assert status == 403 and "not valid" in body["error"]
        status, body = poll(stack, theirs, token=token)
        assert status == 403 and "messages" not in body
    status, body = post_json(f"{stack.bot_url}/chat/poll", {"sender": theirs["sender"]})
    assert status == 403
    assert query(stack, "SELECT count(*) AS n FROM web_inbound WHERE conversation_id = :s",
                 s=theirs["sender"])[0]["n"] == 1


def test_the_log_holds_the_whole_conversation_in_order(stack):
    session = new_session(stack)
    status, body = send(stack, session, "hello", client_id="client-hello-1")
    assert status == 200 and body["messages"] and all(m["from"] == "assistant" for m in body["messages"])
    status, log = poll(stack, session)
    assert status == 200
    messages = log["messages"]
    assert messages[0] == {"id": messages[0]["id"], "from": "parent", "text": "hello", "client_id": "client-hello-1"}
    assert [m["id"] for m in messages[1:]] == [m["id"] for m in body["messages"]]
    assert poll(stack, session, after=messages[-1]["id"])[1]["messages"] == []


def test_a_retried_message_is_processed_once(stack):
    session = new_session(stack)
    assert send(stack, session, "hello", client_id="client-retry-1")[0] == 200
    status, body = send(stack, session, "hello", client_id="client-retry-1")
    assert status == 200 and body["duplicate"] is True and body["messages"] == []
    status, tracker = http("GET", f"{stack.rasa_url}/conversations/{session['sender']}/tracker?token={stack.token}")
    users = [e for e in json.loads(tracker)["events"] if e["event"] == "user"]
    assert [(e["text"], e["message_id"]) for e in users] == [("hello", "client-retry-1")]


@pytest.mark.parametrize("client_id", ["short", "has spaces in it", "x" * 65, 12345678, ["a"]])
def test_bad_client_ids_are_refused(stack, client_id):
    session = new_session(stack)
    status, body = post_json(f"{stack.bot_url}/chat/send", {"sender": session["sender"], "token": session["token"],
                                                            "message": "hi", "client_id": client_id})
    assert status == 400 and "client_id" in body["error"]


@pytest.mark.parametrize("body", [{"after": -1}, {"after": "0"}, {"wait": "long"}, {"after": 1.5}])
def test_bad_poll_cursors_are_refused(stack, body):
    session = new_session(stack)
    status, _ = post_json(f"{stack.bot_url}/chat/poll", {"sender": session["sender"], "token": session["token"], **body})
    assert status == 400


def test_a_long_poll_waits_and_returns_when_nothing_comes(stack):
    import time

    session = new_session(stack)
    started = time.monotonic()
    status, body = post_json(f"{stack.bot_url}/chat/poll", {**session, "after": 0, "wait": 2})
    assert status == 200 and body["messages"] == [] and 1.8 < time.monotonic() - started < 10


def test_sessions_only_for_known_schools(stack):
    for body in ({"school": "nowhere"}, {}, {"school": ["harbourside"]}):
        status, _ = post_json(f"{stack.bot_url}/chat/session", body)
        assert status == 404
    status, _ = http("POST", f"{stack.bot_url}/chat/session", b"{not json", {"Content-Type": "application/json"})
    assert status == 400


def test_config_for_the_widget(stack):
    status, body = http("GET", f"{stack.bot_url}/chat/config/harbourside")
    config = json.loads(body)
    assert status == 200 and config["name"] == "Harbourside Primary School" and config["hwbl_name"] == "Mrs Harper"
    assert config["colour"] == "#1d5c63" and config["exit_url"] == "https://www.bbc.co.uk/weather"
    assert http("GET", f"{stack.bot_url}/chat/config/nowhere")[0] == 404


def test_cors_allows_the_school_site_and_nothing_else(stack):
    preflight = {"Origin": SCHOOL_SITE, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    status, _ = http("OPTIONS", f"{stack.bot_url}/chat/send", headers=preflight)
    assert status == 204
    headers = _headers(stack, "OPTIONS", "/chat/send", preflight)
    assert headers["Access-Control-Allow-Origin"] == SCHOOL_SITE
    assert "POST" in headers["Access-Control-Allow-Methods"] and "content-type" in headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in headers

    evil = dict(preflight, Origin=OTHER_SITE)
    assert http("OPTIONS", f"{stack.bot_url}/chat/send", headers=evil)[0] == 403
    assert "Access-Control-Allow-Origin" not in _headers(stack, "OPTIONS", "/chat/send", evil)
    assert "Access-Control-Allow-Origin" not in _headers(stack, "GET", "/chat/config/harbourside", {"Origin": OTHER_SITE})
    assert _headers(stack, "GET", "/widget.css", {"Origin": SCHOOL_SITE})["Access-Control-Allow-Origin"] == SCHOOL_SITE
    assert _headers(stack, "GET", "/", {"Origin": SCHOOL_SITE}).get("Access-Control-Allow-Origin") is None

    # A page on another site cannot start or write to a conversation, even where CORS would not stop it.
    status, _ = http("POST", f"{stack.bot_url}/chat/session", json.dumps({"school": "harbourside"}).encode(),
                     {"Content-Type": "text/plain", "Origin": OTHER_SITE})
    assert status == 403
    from_school = new_session(stack, {"Origin": SCHOOL_SITE})
    assert send(stack, from_school, "hello", headers={"Origin": SCHOOL_SITE})[0] == 200
    status, _ = send(stack, from_school, "hello", headers={"Origin": OTHER_SITE})
    assert status == 403


def _headers(stack, method, path, headers):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{stack.bot_url}{path}", method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.headers
    except urllib.error.HTTPError as error:
        return error.headers


def test_widget_files_are_served_small_and_cacheable(stack):
    for path, kind in (("/widget.js", "javascript"), ("/widget.css", "text/css")):
        status, body = http("GET", f"{stack.bot_url}{path}")
        assert status == 200 and body == (STATIC / path.lstrip("/")).read_bytes()
        assert kind in _headers(stack, "GET", path, {})["Content-Type"]
    total = sum(len(gzip.compress((STATIC / name).read_bytes(), 9)) for name in ("widget.js", "widget.css"))
    assert total < 15 * 1024
    script = (STATIC / "widget.js").read_text()
    for forbidden in ("eval(", "new Function", "innerHTML", "document.cookie", "insertAdjacentHTML", "outerHTML"):
        assert forbidden not in script
