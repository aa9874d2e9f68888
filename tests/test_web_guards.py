"""The bot service alone, as a real process on SQLite (no Rasa): unauthenticated endpoints that
cost money or create state are limited per client address, with the counts in the database;
web chat tokens are refused for another school and once too old, and the widget starts anew."""
from __future__ import annotations

import json
from dataclasses import dataclass
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from bot.checkins import wording
from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.schools import load_schools
from bot.web import widget_session
from tests.inbox.conftest import second_school
from tests.support import ROOT, free_port, http, query

SECRET = "test-secret-key-for-web-limits"


@dataclass
class Bot:
    url: str
    database_url: str

    def query(self, sql: str, **params):
        return query(self, sql, **params)


@pytest.fixture(scope="module")
def bot(tmp_path_factory, fake_twilio):
    directory = tmp_path_factory.mktemp("limits")
    schools_dir = directory / "schools"
    schools_dir.mkdir()
    second_school(schools_dir)
    database_url = f"sqlite:///{directory / 'limits.db'}"
    engine = make_engine(database_url)
    upgrade(engine, load_schools(schools_dir))
    engine.dispose()
    port = free_port()
    env = {**os.environ, **fake_twilio.env(), "DATABASE_URL": database_url, "SCHOOLS_DIR": str(schools_dir),
           "BOT_PORT": str(port), "RASA_URL": f"http://127.0.0.1:{free_port()}", "RASA_TOKEN": "unused",
           "SECRET_KEY": SECRET, "PUBLIC_URL": f"http://127.0.0.1:{port}", "RASA_TELEMETRY_ENABLED": "false",
           "SMTP_URL": "", "TRUSTED_PROXY": "1", "CHAT_SESSIONS_PER_HOUR": "3", "CHECKIN_REQUESTS_PER_HOUR": "2"}
    log = open(directory / "bot.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not _up(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError((directory / "bot.log").read_text()[-3000:])
        time.sleep(0.3)
    yield Bot(url, database_url)
    process.terminate()
    process.wait(30)
    log.close()


def _up(url: str) -> bool:
    try:
        return http("GET", f"{url}/chat/config/harbourside", timeout=2)[0] == 200
    except OSError:
        return False


def post(url: str, path: str, body: dict, address: str):
    status, _, answer = post_with_headers(url, path, body, address)
    return status, answer


def post_with_headers(url: str, path: str, body: dict, address: str):
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "X-Forwarded-For": address})
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, resp.headers, json.loads(resp.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def test_chat_sessions_are_limited_per_client_address(bot):
    for _ in range(3):
        assert post(bot.url, "/chat/session", {"school": "harbourside"}, "198.51.100.40")[0] == 200
    status, headers, body = post_with_headers(bot.url, "/chat/session", {"school": "harbourside"}, "198.51.100.40")
    assert status == 429 and "try again later" in body["error"] and "token" not in body
    assert 0 < int(headers["Retry-After"]) <= 3600 and body["retry_after"] == int(headers["Retry-After"])
    assert post(bot.url, "/chat/session", {"school": "harbourside"}, "198.51.100.41")[0] == 200  # someone else


def test_check_in_requests_that_text_a_number_are_limited_per_client_address(bot, fake_twilio):
    school = load_schools(ROOT / "schools")["harbourside"]
    text = wording.web_wording(school)
    request = {"school": "harbourside", "day": "monday", "time": "18:00",
               "wording_version": wording.wording_version(text)}
    phones = [f"07700 900{n}" for n in range(930, 934)]
    assert post(bot.url, "/checkins", {**request, "phone": phones[0]}, "198.51.100.50")[0] == 202
    assert post(bot.url, "/checkins", {**request, "phone": phones[1]}, "198.51.100.50")[0] == 202
    status, body = post(bot.url, "/checkins", {**request, "phone": phones[2]}, "198.51.100.50")
    assert status == 429 and body["retry_after"] > 0
    assert post(bot.url, "/checkins", {**request, "phone": "not a phone"}, "198.51.100.50")[0] == 400  # not counted
    assert post(bot.url, "/checkins", {**request, "phone": phones[3]}, "198.51.100.51")[0] == 202
    deadline = time.monotonic() + 20
    while len([m for m in fake_twilio.messages if m["to"] in ("+447700900930", "+447700900931", "+447700900933")]) < 3:
        assert time.monotonic() < deadline, "the accepted requests were not texted"
        time.sleep(0.2)
    assert fake_twilio.to("+447700900932") == []  # the refused one texted nobody


def token(sender, school="harbourside", days_old=0):
    return widget_session.sign(SECRET, sender, school, issued_at=int(time.time() - days_old * 86400))


def test_a_token_works_for_its_own_schools_chat_only(bot):
    sender = widget_session.new_conversation_id()
    theirs = {"sender": sender, "token": token(sender, "seaview"), "message": "hello", "client_id": "client-own-1"}
    status, body = post(bot.url, "/chat/send", {**theirs, "metadata": {"school": "harbourside"}}, "198.51.100.60")
    assert status == 403 and "another school" in body["error"]
    status, body = post(bot.url, "/chat/send", theirs, "198.51.100.60")  # no school named: the token's
    assert status == 202 and body["queued"] is True  # Rasa is away here: kept for later
    assert [dict(r) for r in bot.query("SELECT school_id, text FROM web_inbound WHERE conversation_id = :s",
                                       s=sender)] == [{"school_id": "seaview", "text": "hello"}]
    gone = widget_session.new_conversation_id()
    status, body = post(bot.url, "/chat/poll", {"sender": gone, "token": token(gone, "closed-school")},
                        "198.51.100.60")
    assert status == 403 and "not valid" in body["error"]


def test_a_token_older_than_30_days_is_refused_with_a_clear_error(bot):
    sender = widget_session.new_conversation_id()
    fresh = {"sender": sender, "token": token(sender, days_old=29), "after": 0}
    assert post(bot.url, "/chat/poll", fresh, "198.51.100.61") == (200, {"messages": []})
    old = {"sender": sender, "token": token(sender, days_old=31)}
    for path, body in (("/chat/poll", {**old, "after": 0}), ("/chat/send", {**old, "message": "hello"})):
        status, answer = post(bot.url, path, body, "198.51.100.61")
        assert status == 403 and answer["expired"] is True and "new one" in answer["error"], path
    assert bot.query("SELECT count(*) AS n FROM web_inbound WHERE conversation_id = :s", s=sender)[0]["n"] == 0


def test_the_widget_starts_a_new_conversation_when_its_stored_one_has_expired(bot, browser):
    from playwright.sync_api import expect

    old_sender = widget_session.new_conversation_id()
    stored = json.dumps({"sender": old_sender, "token": token(old_sender, days_old=31)})
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(f"sessionStorage.setItem('parent-support-chat:harbourside', {json.dumps(stored)})")
        page.goto(f"{bot.url}/")
        page.wait_for_selector("#parent-support-chat[data-ready=true]", state="attached")
        page.get_by_role("button", name="Chat with us").click()
        page.get_by_label("Your message").fill("hello after a long time")
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("saved", timeout=20_000)  # taken (Rasa is away)
        now = json.loads(page.evaluate("() => sessionStorage.getItem('parent-support-chat:harbourside')"))
    finally:
        context.close()
    assert now["sender"] != old_sender
    rows = bot.query("SELECT conversation_id, text FROM web_inbound WHERE text = 'hello after a long time'")
    assert [(r["conversation_id"], r["text"]) for r in rows] == [(now["sender"], "hello after a long time")]
