"""The daily retention run inside the bot service (like the alert worker): shortly after start,
then every day. Several bot services may run it: a lock makes the runs take turns."""
from __future__ import annotations

import asyncio
import logging
from typing import Dict

from sqlalchemy.orm import sessionmaker

from bot.db.engine import transaction
from bot.privacy.retention import apply_retention
from bot.schools import School

log = logging.getLogger(__name__)
FIRST_RUN_AFTER = 60.0     # seconds after start: start-up stays quick
EVERY = 24 * 3600.0


def run_retention(sessions: sessionmaker, schools: Dict[str, School]) -> Dict[str, int]:
    with transaction(sessions) as session:
        return apply_retention(session, schools)


async def retention_forever(sessions: sessionmaker, schools: Dict[str, School], stop: asyncio.Event,
                            first_after: float = FIRST_RUN_AFTER, every: float = EVERY) -> None:
    delay = first_after
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), delay)
            return
        except asyncio.TimeoutError:
            pass
        try:
            report = await asyncio.to_thread(run_retention, sessions, schools)
            log.info("retention: deleted %s", report)
        except Exception:  # the database may be away: try again in an hour
            log.exception("retention run failed")
            delay = min(every, 3600.0)
            continue
        delay = every
