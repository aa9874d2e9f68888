"""The bot service started as a real process on a migrated SQLite file, with two schools, staff
of each role, a fake Rasa conversation API, and helpers to sign in and read forms."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.cases import open_case
from bot.db.engine import make_engine, make_session_factory, transaction
from bot.db.migrate import upgrade
from bot.inbox.accounts import create_user
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT
from tests.inbox.fake_rasa import TOKEN, FakeRasa
from tests.support import free_port, query

PASSWORD = "a long enough test password"
USERS = {  # username: (school, role, display name)
    "dee": ("harbourside", "hwbl", "Dee Harper"),
    "ravi": ("harbourside", "dsl", "Ravi Okafor"),
    "ada": ("harbourside", "admin", "Ada Admin"),
    "sam": ("seaview", "hwbl", "Sam Seaview"),
}


def second_school(schools_dir: Path) -> None:
    """A test-only second school, beside a copy of the real one."""
    shutil.copy(PROJECT_ROOT / "schools" / "harbourside.yml", schools_dir / "harbourside.yml")
    text = (PROJECT_ROOT / "schools" / "harbourside.yml").read_text()
    text = text.replace("id: harbourside", "id: seaview").replace("Harbourside Primary School", "Seaview Primary School")
    text = text.replace("short_name: Harbourside", "short_name: Seaview").replace("+447700900001", "+447700900002")
    (schools_dir / "seaview.yml").write_text(text)


@dataclass
class Service:
    url: str
    database_url: str
    rasa: FakeRasa
    process: subprocess.Popen

    def sessions(self):
        engine = make_engine(self.database_url)
        return engine, make_session_factory(engine)

    def new_case(self, school_id="harbourside", level="critical", text="I can't cope", conversation_id=None,
                 category="self_harm", channel="webchat") -> int:
        engine, factory = self.sessions()
        try:
            with transaction(factory) as session:
                case = open_case(session, school_id=school_id, conversation_id=conversation_id or f"conv-{time.time_ns()}",
                                 channel=channel, level=level, category=category, reasons=["rule: test reason"],
                                 trigger_text=text)
                return case.id
        finally:
            engine.dispose()

    def query(self, sql: str, **params):
        return query(self, sql, **params)

    def execute(self, sql: str, **params) -> None:
        import sqlalchemy as sa

        engine = make_engine(self.database_url)
        try:
            with engine.begin() as connection:
                connection.execute(sa.text(sql), params)
        finally:
            engine.dispose()

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=30)

    def login(self, username: str, password: str = PASSWORD, code: str = "") -> httpx.Client:
        client = self.client()
        form = client.get("/inbox/login")
        response = client.post("/inbox/login", data={"csrf": csrf_of(form.text), "username": username,
                                                      "password": password, "code": code})
        assert response.status_code == 303, response.text
        return client


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture(scope="package")
def service(tmp_path_factory):
    directory = tmp_path_factory.mktemp("inbox")
    schools_dir = directory / "schools"
    schools_dir.mkdir()
    second_school(schools_dir)
    database_url = f"sqlite:///{directory / 'inbox.db'}"
    engine = make_engine(database_url)
    upgrade(engine, load_schools(schools_dir))
    with transaction(make_session_factory(engine)) as session:
        for username, (school, role, name) in USERS.items():
            create_user(session, school_id=school, username=username, display_name=name, role=role, password=PASSWORD)
    engine.dispose()
    rasa = FakeRasa().start()
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SCHOOLS_DIR": str(schools_dir), "BOT_PORT": str(port),
           "RASA_URL": rasa.url, "RASA_TOKEN": TOKEN, "PUBLIC_URL": f"http://127.0.0.1:{port}",
           "RASA_TELEMETRY_ENABLED": "false", "TWILIO_ACCOUNT_SID": "", "SMTP_URL": "",
           "TRUSTED_PROXY": "1"}  # tests sign in "from" other addresses with X-Forwarded-For
    log = open(directory / "bot.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=PROJECT_ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/inbox/login", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError((directory / "bot.log").read_text()[-3000:])
        time.sleep(0.3)
    yield Service(url, database_url, rasa, process)
    process.terminate()
    process.wait(30)
    rasa.stop()
