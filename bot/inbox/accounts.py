"""Staff accounts: creating them, checking passwords and one-time codes, the sign-in throttle.

Functions take a SQLAlchemy session and never commit.
"""
from __future__ import annotations

import datetime as dt
import hmac
import re
import time
from functools import lru_cache
from typing import Optional

import pyotp
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from bot import ratelimit
from bot.db.models import LoginFailure, School, StaffUser, utcnow

ROLES = ("hwbl", "dsl", "admin")
MIN_PASSWORD_LENGTH = 10
FAILURE_WINDOW = dt.timedelta(minutes=15)
# Per username: high, so that nobody can lock a colleague out by guessing on purpose.
MAX_FAILURES = 50
# Per client address (fixed windows): what stops one machine guessing.
CLIENT_FAILURES = ratelimit.Limit("sign-in-failures", 10, FAILURE_WINDOW)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_hasher = PasswordHasher()


class AccountError(ValueError):
    """An account that cannot be created as asked; the message says why."""


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked against when the username is unknown, so a wrong name takes as long as a wrong password."""
    return _hasher.hash("not a real password")


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def create_user(session: Session, *, school_id: str, username: str, display_name: str, role: str,
                password: str) -> StaffUser:
    username = normalise_username(username)
    if not _USERNAME.match(username):
        raise AccountError("the username must be 2-64 lower-case letters, digits, dots, dashes or underscores")
    if role not in ROLES:
        raise AccountError(f"the role must be one of: {', '.join(ROLES)}")
    if not display_name.strip() or len(display_name) > 200:
        raise AccountError("the display name must be 1-200 characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if session.get(School, school_id) is None:
        raise AccountError(f"there is no school {school_id!r} (run `python -m bot db upgrade` after adding it)")
    if find_user(session, username) is not None:
        raise AccountError(f"the username {username!r} is taken")
    user = StaffUser(school_id=school_id, username=username, display_name=display_name.strip(), role=role,
                     password_hash=_hasher.hash(password), active=True)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> Optional[StaffUser]:
    return session.execute(
        sa.select(StaffUser).where(StaffUser.username == normalise_username(username))
    ).scalar_one_or_none()


def is_throttled(session: Session, username: str, client: str, now: Optional[dt.datetime] = None) -> bool:
    """Too many failed sign-ins lately for this username, or from this client address."""
    now = now or utcnow()
    count = session.execute(
        sa.select(sa.func.count(LoginFailure.id)).where(
            LoginFailure.username == normalise_username(username)[:64], LoginFailure.at >= now - FAILURE_WINDOW)
    ).scalar_one()
    return count >= MAX_FAILURES or ratelimit.wait_seconds(session, CLIENT_FAILURES, client, now) is not None


def record_failure(session: Session, username: str, client: str) -> None:
    session.add(LoginFailure(username=normalise_username(username)[:64]))
    ratelimit.count(session, CLIENT_FAILURES, client)


def clear_failures(session: Session, username: str) -> None:
    session.execute(sa.delete(LoginFailure).where(LoginFailure.username == normalise_username(username)))


def check_credentials(session: Session, username: str, password: str, code: str = "") -> Optional[StaffUser]:
    """The active user whose password (and one-time code, if they use one) match, else None."""
    user = find_user(session, username)
    try:
        ok = _hasher.verify(user.password_hash if user else _dummy_hash(), password or "")
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or not user.active:
        return None
    if user.totp_secret:
        step = accepted_step(user.totp_secret, code, user.totp_last_step)
        if step is None:
            return None
        user.totp_last_step = step
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def set_password(user: StaffUser, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    user.password_hash = _hasher.hash(password)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: StaffUser, secret: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=issuer)


def accepted_step(secret: str, code: str, last_step: Optional[int], now: Optional[float] = None) -> Optional[int]:
    """The time step (this one or either beside it) whose code this is, if it is later than the
    last step accepted: a code that worked once never works again."""
    totp = pyotp.TOTP(secret)
    given = (code or "").strip().encode()
    current = totp.timecode(time.time() if now is None else now)
    for step in (current - 1, current, current + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(totp.generate_otp(step).encode(), given):
            return step
    return None


def enable_totp(user: StaffUser, secret: str, code: str) -> bool:
    """Turn on one-time codes once the member of staff has shown a code from their app."""
    try:
        step = accepted_step(secret, code, None)
    except ValueError:  # not a base32 secret
        return False
    if step is None:
        return False
    user.totp_secret, user.totp_last_step = secret, step
    return True
