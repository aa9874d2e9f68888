"""Engines and sessions. Callers open one engine at start-up and dispose of it at shutdown."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, pooled: bool = False) -> sa.engine.Engine:
    """`pooled` keeps SQLite connections open between sessions (SQLAlchemy 1.4 opens a new one
    each time, with its pragmas): for hot paths such as the SMS webhook's acknowledgement."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        pool = {"poolclass": sa.pool.QueuePool} if pooled else {}
        engine = sa.create_engine(url, future=True, connect_args={"timeout": 15, "check_same_thread": not pooled},
                                  **pool)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, future=True, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Rasa, the action server and the bot service share one file: WAL lets them read while
    # one writes, and the busy timeout makes a writer wait rather than fail.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_session_factory(engine: sa.engine.Engine) -> sessionmaker:
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker) -> Iterator[Session]:
    """One unit of work: committed if the block ends normally, rolled back otherwise."""
    with factory() as session:
        with session.begin():
            yield session
