"""Unauthenticated endpoints that cost money or create state are limited per client address,
with the counts in the database (the bot service alone, as a real process, on SQLite)."""
from __future__ import annotations

import json
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
from tests.inbox.conftest import second_school
from tests.support import ROOT, free_port, http

SECRET = "test-secret-key-for-web-limits"


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
    yield url
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
        assert post(bot, "/chat/session", {"school": "harbourside"}, "198.51.100.40")[0] == 200
    status, headers, body = post_with_headers(bot, "/chat/session", {"school": "harbourside"}, "198.51.100.40")
    assert status == 429 and "try again later" in body["error"] and "token" not in body
    assert 0 < int(headers["Retry-After"]) <= 3600 and body["retry_after"] == int(headers["Retry-After"])
    assert post(bot, "/chat/session", {"school": "harbourside"}, "198.51.100.41")[0] == 200  # someone else


def test_check_in_requests_that_text_a_number_are_limited_per_client_address(bot, fake_twilio):
    school = load_schools(ROOT / "schools")["harbourside"]
    text = wording.web_wording(school)
    request = {"school": "harbourside", "day": "monday", "time": "18:00",
               "wording_version": wording.wording_version(text)}
    phones = [f"07700 900{n}" for n in range(930, 934)]
    assert post(bot, "/checkins", {**request, "phone": phones[0]}, "198.51.100.50")[0] == 202
    assert post(bot, "/checkins", {**request, "phone": phones[1]}, "198.51.100.50")[0] == 202
    status, body = post(bot, "/checkins", {**request, "phone": phones[2]}, "198.51.100.50")
    assert status == 429 and body["retry_after"] > 0
    assert post(bot, "/checkins", {**request, "phone": "not a phone"}, "198.51.100.50")[0] == 400  # not counted
    assert post(bot, "/checkins", {**request, "phone": phones[3]}, "198.51.100.51")[0] == 202
    deadline = time.monotonic() + 20
    while len([m for m in fake_twilio.messages if m["to"] in ("+447700900930", "+447700900931", "+447700900933")]) < 3:
        assert time.monotonic() < deadline, "the accepted requests were not texted"
        time.sleep(0.2)
    assert fake_twilio.to("+447700900932") == []  # the refused one texted nobody
