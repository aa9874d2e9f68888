"""Who is asking (the client's address) and fixed-window limits counted in the database.

Counts live in `rate_counts`, so every replica of the bot service sees the same ones. Client
addresses are stored only as hashes, and only until their window ends. Functions take a
SQLAlchemy session and never commit.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import ipaddress
import math
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa
from sanic import response
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.db.engine import transaction
from bot.db.models import RateCount, utcnow
from bot.settings import Settings


HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Limit:
    name: str
    max_count: int
    window: dt.timedelta


def forwarded_client(peer: Optional[str], forwarded_for: Optional[str], trust_proxy: bool) -> str:
    """The socket peer, or with a trusted proxy the first X-Forwarded-For entry (if it is an address)."""
    if trust_proxy and forwarded_for:
        first = forwarded_for.split(",")[0].strip()
        try:
            return str(ipaddress.ip_address(first))
        except ValueError:
            pass
    return peer or "unknown"


def client_address(request, settings: Settings) -> str:
    """The address of the client making a Sanic request (see TRUSTED_PROXY)."""
    return forwarded_client(request.ip, request.headers.get("x-forwarded-for"), settings.trusted_proxy)


def _key(limit: Limit, client: str) -> str:
    return hashlib.sha256(f"{limit.name}|{client}".encode()).hexdigest()


def _window_start(limit: Limit, now: dt.datetime) -> dt.datetime:
    seconds = int(limit.window.total_seconds())
    epoch = int(now.replace(tzinfo=dt.timezone.utc).timestamp())
    return dt.datetime.utcfromtimestamp(epoch - epoch % seconds)


def _retry_after(limit: Limit, now: dt.datetime) -> int:
    ends = _window_start(limit, now) + limit.window
    return max(1, math.ceil((ends - now).total_seconds()))


def current_count(session: Session, limit: Limit, client: str, now: Optional[dt.datetime] = None) -> int:
    now = now or utcnow()
    return session.execute(sa.select(RateCount.count).where(
        RateCount.name == limit.name, RateCount.key == _key(limit, client),
        RateCount.window_start == _window_start(limit, now))).scalar_one_or_none() or 0


def wait_seconds(session: Session, limit: Limit, client: str, now: Optional[dt.datetime] = None) -> Optional[int]:
    """Seconds until this client may go on, if it has used up the current window; else None."""
    now = now or utcnow()
    if current_count(session, limit, client, now) >= limit.max_count:
        return _retry_after(limit, now)
    return None


def count(session: Session, limit: Limit, client: str, now: Optional[dt.datetime] = None) -> int:
    """Count one more for this client in the current window (atomically); the new count."""
    now = now or utcnow()
    start = _window_start(limit, now)
    session.execute(sa.delete(RateCount).where(RateCount.name == limit.name, RateCount.window_start < start))
    row = dict(name=limit.name, key=_key(limit, client), window_start=start, count=1)
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = (postgresql if dialect == "postgresql" else sqlite).insert(RateCount.__table__).values(**row)
        session.execute(insert.on_conflict_do_update(
            index_elements=["name", "key", "window_start"], set_={"count": RateCount.__table__.c.count + 1}))
    else:
        updated = session.execute(sa.update(RateCount).where(
            RateCount.name == row["name"], RateCount.key == row["key"], RateCount.window_start == start,
        ).values(count=RateCount.count + 1)).rowcount
        if not updated:
            session.execute(sa.insert(RateCount).values(**row))
    return current_count(session, limit, client, now)


def hit(session: Session, limit: Limit, client: str, now: Optional[dt.datetime] = None) -> Optional[int]:
    """Count this request; seconds to wait (for Retry-After) if it is over the limit, else None."""
    now = now or utcnow()
    if count(session, limit, client, now) > limit.max_count:
        return _retry_after(limit, now)
    return None


async def refuse_if_over(request, limit: Limit):
    """For a Sanic handler: a 429 answer (JSON, Retry-After) if this request is one too many for
    its client, else None. The request is counted either way."""
    client = client_address(request, request.app.ctx.settings)
    sessions = request.app.ctx.runtime.sessions

    def run() -> Optional[int]:
        with transaction(sessions) as session:
            return hit(session, limit, client)

    wait = await asyncio.to_thread(run)
    if wait is None:
        return None
    return response.json({"error": "Too many requests from this connection. Please try again later.",
                          "retry_after": wait}, status=429, headers={"Retry-After": str(wait)})
