"""Wake the widget's long polls in every process: Redis pub/sub when REDIS_URL is set.

The database is the truth (the conversation's log); a wake-up only says "look now". Without
Redis a long poll still sees a reply stored by another process at its next check (1 s), so a
lost wake-up delays a message, never loses it.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Optional

import redis
import redis.asyncio as aioredis

logger = logging.getLogger(__name__)
CHANNEL = "parent-support:webchat"
RECONNECT_DELAY_S = 2.0


class RedisWakeups:
    """Publishes this process's wake-ups and passes on every other process's to `notifier`."""

    def __init__(self, url: str, notifier) -> None:
        self._client = aioredis.from_url(url)
        self._notifier = notifier
        self._task: Optional[asyncio.Task] = None

    def start(self) -> None:
        self._notifier.publisher = self.publish
        self._task = asyncio.ensure_future(self._listen_forever())

    async def publish(self, conversation_id: str) -> None:
        try:
            await self._client.publish(CHANNEL, conversation_id)
        except redis.RedisError as error:
            logger.warning("web chat wake-up not published: %s", type(error).__name__)

    async def _listen_forever(self) -> None:
        while True:
            pubsub = self._client.pubsub()
            try:
                await pubsub.subscribe(CHANNEL)
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        self._notifier.notify_local(message["data"].decode("utf-8", "replace"))
            except redis.RedisError as error:
                logger.warning("web chat wake-ups from Redis stopped (%s); trying again", type(error).__name__)
            finally:
                await pubsub.close()
            await asyncio.sleep(RECONNECT_DELAY_S)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        await self._client.close()


def publish_blocking(client: Optional[redis.Redis], conversation_id: str) -> None:
    """For code running in a worker thread (the Rasa process's web chat output)."""
    if client is None:
        return
    try:
        client.publish(CHANNEL, conversation_id)
    except redis.RedisError as error:
        logger.warning("web chat wake-up not published: %s", type(error).__name__)
