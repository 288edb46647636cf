"""Keeping several gateway processes in step: per-conversation order and wake-ups.

One process (`make run`) needs nothing but memory: `LocalLocks` and `ConversationEvents`.
Several processes behind a load balancer (`make run-scaled`) share Redis:
- `RedisLocks`: a conversation's messages are handled one at a time across all processes
  (a lease that the holder renews, so a killed process frees it within seconds);
- `RedisRelay`: "conversation X changed" is published, and every other process wakes its own
  long-polls and console WebSockets as if the change had happened there.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
import weakref
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager

from bot.gateway.events import ConversationEvents

log = logging.getLogger(__name__)

KEY_PREFIX = "care-rights:"
CHANGES_CHANNEL = KEY_PREFIX + "changed"


class LockTimeout(RuntimeError):
    """Another process held a conversation for longer than anyone should wait."""


class LocalLocks:
    """In-process locks, one per conversation while someone holds or waits for it."""

    def __init__(self) -> None:
        # why weak: a lock lives only while someone holds or waits for it, so the gateway does
        # not keep one for every conversation it has ever seen.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = \
            weakref.WeakValueDictionary()

    def lock(self, conversation_id: str) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = self._locks[conversation_id] = asyncio.Lock()
        return lock


class RedisLocks:
    """Locks shared by every gateway process through Redis (redis-py's Lock, renewed)."""

    def __init__(self, *, redis, lease_seconds: float = 10.0, wait_seconds: float = 120.0):
        self._redis = redis
        self._local = LocalLocks()
        self._lease = lease_seconds
        self._wait = wait_seconds

    def lock(self, conversation_id: str) -> AbstractAsyncContextManager[None]:
        return self._hold(conversation_id)

    @contextlib.asynccontextmanager
    async def _hold(self, conversation_id: str) -> AsyncIterator[None]:
        # why the local lock first: callers in this process queue in memory, not by polling Redis.
        async with self._local.lock(conversation_id):
            lock = self._redis.lock(f"{KEY_PREFIX}lock:{conversation_id}", timeout=self._lease,
                                    sleep=0.02, blocking_timeout=self._wait)
            if not await lock.acquire():
                raise LockTimeout("a conversation stayed busy too long")
            renewal = asyncio.create_task(self._renew(lock))
            try:
                yield
            finally:
                renewal.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewal
                try:
                    await lock.release()
                except Exception:  # noqa: BLE001 - expired meanwhile; the work is stored already
                    log.warning("a conversation lock had expired before it was released")

    async def _renew(self, lock) -> None:
        """Keep the lease while the work goes on (an engine reply may take its whole timeout)."""
        while True:
            await asyncio.sleep(self._lease / 3)
            try:
                await lock.extend(self._lease, replace_ttl=True)
            except Exception:  # noqa: BLE001 - lost the lease: the work still finishes and is stored
                log.warning("could not renew a conversation lock")
                return


class RedisRelay:
    """Publishes this process's changes and replays other processes' changes locally."""

    def __init__(self, *, redis, events: ConversationEvents):
        self._redis = redis
        self._events = events
        self._origin = uuid.uuid4().hex  # why: a process ignores the echo of its own changes

    async def publish(self, conversation_id: str) -> None:
        try:
            await self._redis.publish(CHANGES_CHANNEL, json.dumps(
                {"origin": self._origin, "conversation": conversation_id}))
        except Exception:  # noqa: BLE001 - readers on other processes still wake at their timeout
            log.warning("could not publish a conversation change to Redis")

    async def listen(self, ready: asyncio.Event | None = None) -> None:
        """Replay other processes' changes until cancelled; reconnect after an error."""
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(CHANGES_CHANNEL)
                    if ready is not None:
                        ready.set()
                    async for message in pubsub.listen():
                        await self._replay(message)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - Redis went away: try again shortly
                log.warning("lost the Redis change feed; reconnecting")
                await asyncio.sleep(1)

    async def _replay(self, message: dict) -> None:
        if message.get("type") != "message":
            return
        try:
            change = json.loads(message["data"])
        except (TypeError, ValueError):
            return
        if change.get("origin") != self._origin and isinstance(change.get("conversation"), str):
            await self._events.notify(change["conversation"], publish=False)
