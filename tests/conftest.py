import os
import socket
import uuid
from pathlib import Path

import pytest

from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.runtime import close_runtime, open_runtime
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT, Settings
from tests.support import start_stack

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _model_exists() -> bool:
    return any((PROJECT_ROOT / "models").glob("*.tar.gz"))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def runtime_db(sqlite_url):
    """A migrated SQLite database opened as the action server would open it."""
    settings = Settings.from_env(env={"DATABASE_URL": sqlite_url})
    engine = make_engine(sqlite_url)
    upgrade(engine, load_schools(settings.schools_dir))
    engine.dispose()
    yield open_runtime(settings)
    close_runtime()


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this run, dropped afterwards."""
    import psycopg2

    try:
        admin = psycopg2.connect(POSTGRES_ADMIN_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        if IN_CI:
            raise
        pytest.skip(f"PostgreSQL is not reachable here: {error}")
    admin.autocommit = True
    name = f"parent_support_test_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


def _require_model():
    if not _model_exists():
        if IN_CI:
            pytest.fail("no trained model in models/: run `make train` first")
        pytest.skip("no trained model in models/ (run `make train`)")


@pytest.fixture(scope="session")
def fake_twilio():
    from tests.fakes.twilio_api import FakeTwilio

    fake = FakeTwilio().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def fake_smtp():
    from tests.fakes.smtp import FakeSmtp

    fake = FakeSmtp().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, fake_twilio, fake_smtp):
    """Rasa, actions and the bot service on a fresh SQLite file, started as `make run` does,
    with Twilio's REST API and an SMTP server faked on loopback."""
    _require_model()
    directory = tmp_path_factory.mktemp("stack")
    env = {**fake_twilio.env(), "SMTP_URL": fake_smtp.url, "PUBLIC_URL": "https://support.example.org",
           "CHAT_SESSIONS_PER_HOUR": "100000", "CHECKIN_REQUESTS_PER_HOUR": "100000"}  # every test is 127.0.0.1
    running = start_stack(f"sqlite:///{directory / 'parent_support.db'}", directory, env)
    yield running
    assert_stops_cleanly(running)


@pytest.fixture(scope="session")
def postgres_stack(tmp_path_factory, postgres_url):
    _require_model()
    directory = tmp_path_factory.mktemp("pgstack")
    running = start_stack(postgres_url, directory)
    yield running
    assert_stops_cleanly(running)


def assert_stops_cleanly(running):
    """One Ctrl-C (SIGINT) stops all three processes: exit 0 and every port free again."""
    assert running.stop() == 0, running.log_path.read_text()[-3000:]
    for url in (running.bot_url, running.rasa_url, running.actions_url):
        port = int(url.rsplit(":", 1)[1])
        with socket.socket() as sock:  # fails while anything still listens on the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (its own browser download is never used)."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make system-deps`")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()
