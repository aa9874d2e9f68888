"""Client addresses and the fixed-window limits kept in the database (SQLite and PostgreSQL)."""
import datetime as dt

import pytest
import sqlalchemy as sa

from bot.db.engine import make_engine, make_session_factory, transaction
from bot.db.migrate import upgrade
from bot.db.models import RateCount
from bot.ratelimit import Limit, count, forwarded_client, hit, wait_seconds
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT, Settings

HOURLY = Limit("test-hourly", 3, dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 25, 10, 59, 30)


def test_the_client_is_the_socket_peer_unless_a_trusted_proxy_says_otherwise():
    assert forwarded_client("203.0.113.5", "198.51.100.1, 10.0.0.1", trust_proxy=False) == "203.0.113.5"
    assert forwarded_client("10.0.0.1", " 198.51.100.1 , 10.0.0.2", trust_proxy=True) == "198.51.100.1"
    assert forwarded_client("10.0.0.1", "2001:DB8::1", trust_proxy=True) == "2001:db8::1"
    for junk in ("", "not-an-address, 198.51.100.1", "' OR 1=1 --"):
        assert forwarded_client("10.0.0.1", junk, trust_proxy=True) == "10.0.0.1"
    assert Settings.from_env(env={"TRUSTED_PROXY": "1"}).trusted_proxy
    assert not Settings.from_env(env={}).trusted_proxy


@pytest.fixture(params=["sqlite", "postgresql"])
def sessions(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'rate.db'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    upgrade(engine, load_schools(PROJECT_ROOT / "schools"))
    yield make_session_factory(engine)
    with engine.begin() as connection:
        connection.execute(sa.delete(RateCount.__table__))
    engine.dispose()


def _hit(sessions, client, now, limit=HOURLY):
    with transaction(sessions) as session:
        return hit(session, limit, client, now)


def test_a_client_over_the_limit_waits_until_the_window_ends_and_others_are_not_counted(sessions):
    assert [_hit(sessions, "198.51.100.1", T0) for _ in range(3)] == [None, None, None]
    assert _hit(sessions, "198.51.100.1", T0) == 30  # the window ends at 11:00
    assert _hit(sessions, "198.51.100.2", T0) is None
    assert _hit(sessions, "198.51.100.1", T0 + dt.timedelta(seconds=31)) is None  # a new window
    with sessions() as session:
        keys = session.execute(sa.select(RateCount.key, RateCount.window_start)).all()
    assert all("198.51" not in key for key, _ in keys)  # addresses are kept only as hashes
    assert {start for _, start in keys} == {dt.datetime(2026, 11, 25, 11, 0)}  # past windows are gone


def test_counting_without_hitting_is_what_the_sign_in_throttle_uses(sessions):
    limit = Limit("test-failures", 2, dt.timedelta(minutes=15))
    with transaction(sessions) as session:
        assert wait_seconds(session, limit, "198.51.100.3", T0) is None
        count(session, limit, "198.51.100.3", T0)
        assert wait_seconds(session, limit, "198.51.100.3", T0) is None
        assert count(session, limit, "198.51.100.3", T0) == 2
        assert wait_seconds(session, limit, "198.51.100.3", T0) == 30
