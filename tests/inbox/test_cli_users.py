"""`python -m bot users ...`: accounts from the command line, the password never in argv."""
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from bot.cli import build_parser
from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT


@pytest.fixture
def database(sqlite_url):
    engine = make_engine(sqlite_url)
    upgrade(engine, load_schools(PROJECT_ROOT / "schools"))
    engine.dispose()
    return sqlite_url


def users(database, *args, stdin=""):
    env = {**os.environ, "DATABASE_URL": database}
    return subprocess.run([sys.executable, "-m", "bot", "users", *args], cwd=PROJECT_ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=60)


def rows(database, sql):
    engine = make_engine(database)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql)).mappings().all()
    finally:
        engine.dispose()


def test_add_reads_the_password_from_stdin_and_stores_an_argon2_hash(database):
    result = users(database, "add", "Dee", "--name", "Dee Harper", "--role", "hwbl", "--school", "harbourside",
                   "--password-stdin", stdin="correct horse battery staple\n")
    assert result.returncode == 0, result.stderr
    row = rows(database, "SELECT * FROM staff_users")[0]
    assert (row["username"], row["role"], row["school_id"], row["active"]) == ("dee", "hwbl", "harbourside", 1)
    assert row["password_hash"].startswith("$argon2id$") and "horse" not in row["password_hash"]
    listing = users(database, "list")
    assert "dee" in listing.stdout and "Dee Harper" in listing.stdout and "horse" not in listing.stdout


def test_there_is_no_way_to_put_a_password_on_the_command_line():
    with pytest.raises(SystemExit):
        build_parser().parse_args(["users", "add", "x", "--name", "X", "--role", "hwbl", "--school", "harbourside",
                                   "--password", "secret123456"])


@pytest.mark.parametrize("args, stdin, message", [
    (["add", "ok", "--name", "A", "--role", "hwbl", "--school", "harbourside", "--password-stdin"], "short\n",
     "at least 10"),
    (["add", "ok", "--name", "A", "--role", "hwbl", "--school", "nowhere", "--password-stdin"],
     "long enough password\n", "no school"),
    (["add", "bad name!", "--name", "A", "--role", "hwbl", "--school", "harbourside", "--password-stdin"],
     "long enough password\n", "username"),
    (["disable", "nobody"], "", "no user"),
])
def test_bad_requests_are_refused_with_a_reason(database, args, stdin, message):
    result = users(database, *args, stdin=stdin)
    assert result.returncode == 1 and message in result.stderr
    assert rows(database, "SELECT * FROM staff_users") == []


def test_a_taken_username_is_refused_and_disable_ends_sessions(database):
    add = ["add", "ravi", "--name", "Ravi Okafor", "--role", "dsl", "--school", "harbourside", "--password-stdin"]
    assert users(database, *add, stdin="long enough password\n").returncode == 0
    again = users(database, *add, stdin="long enough password\n")
    assert again.returncode == 1 and "taken" in again.stderr
    engine = make_engine(database)
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO staff_sessions VALUES ('h', 1, 'c', '2026-01-01 00:00:00', "
                                   "'2026-01-01 00:00:00', '2099-01-01 00:00:00')"))
    engine.dispose()
    assert users(database, "disable", "ravi").returncode == 0
    assert rows(database, "SELECT active FROM staff_users")[0]["active"] == 0
    assert rows(database, "SELECT * FROM staff_sessions") == []
