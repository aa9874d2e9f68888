"""Signed-in sessions, kept in the database: a random token in the cookie, its hash stored.

A session ends after IDLE_LIMIT without a request or MAX_AGE in all, whichever comes first.
Functions take a SQLAlchemy session and never commit.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.db.models import StaffSession, StaffUser, utcnow

IDLE_LIMIT = dt.timedelta(minutes=60)
MAX_AGE = dt.timedelta(hours=12)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: StaffUser) -> str:
    """A new session for the user; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(StaffSession(token_hash=_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                             created_at=now, last_seen_at=now, expires_at=now + MAX_AGE))
    return token


def resume(session: Session, token: Optional[str]) -> Optional[Tuple[StaffSession, StaffUser]]:
    """The live session and its active user for a cookie token, touching it; None otherwise."""
    if not token or len(token) > 200:
        return None
    row = session.get(StaffSession, _hash(token))
    if row is None:
        return None
    now = utcnow()
    user = session.get(StaffUser, row.user_id)
    if now >= row.expires_at or now - row.last_seen_at >= IDLE_LIMIT or user is None or not user.active:
        session.delete(row)
        return None
    row.last_seen_at = now
    return row, user


def end(session: Session, token: Optional[str]) -> None:
    if token:
        session.execute(sa.delete(StaffSession).where(StaffSession.token_hash == _hash(token)))


def end_all_for(session: Session, user: StaffUser) -> None:
    session.execute(sa.delete(StaffSession).where(StaffSession.user_id == user.id))


def remove_expired(session: Session) -> int:
    now = utcnow()
    result = session.execute(sa.delete(StaffSession).where(
        sa.or_(StaffSession.expires_at <= now, StaffSession.last_seen_at <= now - IDLE_LIMIT)))
    return result.rowcount or 0


def csrf_matches(expected: str, given: Optional[str]) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())
