"""A Redis lock store that holds across Rasa processes: `type: bot.lock_store.RedisQueueLockStore`.

Rasa 3.6's own RedisLockStore issues tickets by reading the lock, changing it and writing it
back (RasaHQ/rasa#9213). Two replicas given messages for one conversation at the same moment
both get ticket 0 and both run; the SQL tracker store then keeps only one turn's events
(measured in tests/test_replicas.py: two of four messages lost). Here each turn joins a Redis
list in one atomic step and runs when it is first in the list, so turns for one conversation
run one at a time, in the order they arrived. A turn whose process died is passed over once
its liveness key expires (the lock lifetime, TICKET_LOCK_LIFETIME as in Rasa, default 60 s).
"""
from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockStore, _get_lock_lifetime
from rasa.utils.endpoints import EndpointConfig

POLL_SECONDS = 0.02
# The first live turn in the queue, after dropping dead ones from its head.
_HEAD = """
while true do
  local head = redis.call('LINDEX', KEYS[1], 0)
  if not head then return false end
  if redis.call('EXISTS', ARGV[1] .. head) == 1 then return head end
  redis.call('LPOP', KEYS[1])
end
"""


class RedisQueueLockStore(LockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, *, host: Text = "localhost",
                 port: int = 6379, db: int = 1, password: Optional[Text] = None, key_prefix: Text = "",
                 poll_seconds: float = POLL_SECONDS) -> None:
        import redis.asyncio

        if endpoint_config is not None:
            options = endpoint_config.kwargs
            host = endpoint_config.url or host
            port, db = int(options.get("port", port)), int(options.get("db", db))
            password, key_prefix = options.get("password", password), str(options.get("key_prefix") or "")
        self.red = redis.asyncio.Redis(host=host, port=port, db=db, password=password, decode_responses=True)
        self.prefix = f"{key_prefix}:lock:" if key_prefix else "lock:"
        self.poll_seconds = poll_seconds
        self._head = self.red.register_script(_HEAD)

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = None,
                   wait_time_in_seconds: float = None) -> AsyncGenerator[None, None]:
        lifetime_ms = int(1000 * (lock_lifetime or _get_lock_lifetime()))
        token = uuid.uuid4().hex
        queue, alive = f"{self.prefix}{conversation_id}", f"{self.prefix}alive:{token}"
        await self.red.set(alive, 1, px=lifetime_ms)
        await self.red.rpush(queue, token)
        await self.red.pexpire(queue, lifetime_ms * 10)
        try:
            while await self._head(keys=[queue], args=[f"{self.prefix}alive:"]) != token:
                await self.red.pexpire(alive, lifetime_ms)  # still waiting, still alive
                await asyncio.sleep(self.poll_seconds)
            yield None
        finally:
            await self.red.lrem(queue, 1, token)
            await self.red.delete(alive)

    # Rasa's ticket-lock interface: only lock() is used by Rasa 3.6.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        raise NotImplementedError("RedisQueueLockStore only supports lock()")

    def delete_lock(self, conversation_id: Text) -> None:
        raise NotImplementedError("RedisQueueLockStore only supports lock()")

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("RedisQueueLockStore only supports lock()")
