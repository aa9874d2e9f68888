"""The check-ins' part of the bot service: the scheduler's task and the texts the web sends."""
from __future__ import annotations

import asyncio
from typing import Optional

import aiohttp

from bot.alerts.routing import sms_enabled
from bot.checkins.scheduler import FIRST_AFTER, CheckinScheduler, RasaCheckinTrigger
from bot.runtime import Runtime
from bot.sms.sender import SmsSender


class CheckinService:
    def __init__(self, runtime: Runtime, http: aiohttp.ClientSession) -> None:
        self.runtime = runtime
        self.sender: Optional[SmsSender] = (SmsSender(runtime.settings, runtime.sessions)
                                            if sms_enabled(runtime.settings) else None)
        self.scheduler = CheckinScheduler(runtime.sessions, runtime.schools,
                                          RasaCheckinTrigger(runtime.settings, http))
        self._stop = asyncio.Event()
        self._task: Optional[asyncio.Task] = None

    def start(self) -> None:
        if self.sender is not None:
            self.sender.open()
        self._task = asyncio.ensure_future(self.scheduler.run_forever(self._stop, first_after=FIRST_AFTER))

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
        if self.sender is not None:
            await self.sender.close()
