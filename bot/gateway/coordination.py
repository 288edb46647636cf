"""Keeping several gateway processes in step: per-conversation order and wake-ups.

One process (`make run`) needs nothing but memory: `LocalLocks` and `ConversationEvents`.
Several processes behind a load balancer (`make run-scaled`) share Redis:
- `RedisLocks`: a conversation's messages are handled one at a time across all processes, in
  the order they arrived (a queue in Redis; a killed process's place lapses within seconds);
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
    """Fair locks shared by every gateway process through Redis: first come, first served.

    Each message joins its conversation's queue (a Redis list) on arrival and goes when it is
    at the head, so a burst sent to different processes is handled in the order it arrived.
    Every place in a queue has a lease its process renews; the place of a process that died
    is skipped once its lease runs out.
    """

    def __init__(self, *, redis, lease_seconds: float = 10.0, wait_seconds: float = 120.0,
                 poll_seconds: float = 0.01):
        self._redis = redis
        self._lease_ms = int(lease_seconds * 1000)
        self._wait = wait_seconds
        self._poll = poll_seconds

    def lock(self, conversation_id: str) -> AbstractAsyncContextManager[None]:
        return self._hold(conversation_id)

    @contextlib.asynccontextmanager
    async def _hold(self, conversation_id: str) -> AsyncIterator[None]:
        queue = f"{KEY_PREFIX}queue:{conversation_id}"
        place = uuid.uuid4().hex
        # why one transaction: the place is taken in a single round trip on arrival (order is
        # decided here), and it never shows in the queue without its lease.
        async with self._redis.pipeline(transaction=True) as joining:
            joining.set(_lease_key(place), 1, px=self._lease_ms)
            joining.rpush(queue, place)
            # why an expiry: a queue nobody is in any more disappears from Redis on its own.
            joining.pexpire(queue, self._lease_ms * 3)
            await joining.execute()
        done = asyncio.Event()
        renewal = asyncio.create_task(self._renew(queue, place, done))
        try:
            await self._wait_for_turn(queue, place)
            yield
        finally:
            # why an event, not cancel(): a cancelled Redis command may surface as another error
            # and the renewal would go on, keeping the conversation's turn for ever.
            done.set()
            await asyncio.wait([renewal], timeout=self._lease_ms / 1000)
            renewal.cancel()
            with contextlib.suppress(Exception):  # the lease runs out on its own anyway
                await self._redis.lrem(queue, 1, place)
                await self._redis.delete(_lease_key(place))

    async def _wait_for_turn(self, queue: str, place: str) -> None:
        deadline = asyncio.get_running_loop().time() + self._wait
        while True:
            head = await self._redis.lindex(queue, 0)
            head = head.decode() if isinstance(head, bytes) else head
            if head == place:
                return
            if head is None:  # the queue expired under us: take our place again
                await self._redis.rpush(queue, place)
                continue
            if not await self._redis.exists(_lease_key(head)):
                await self._redis.lrem(queue, 1, head)  # its process died: skip its turn
                continue
            if asyncio.get_running_loop().time() > deadline:
                raise LockTimeout("a conversation stayed busy too long")
            await asyncio.sleep(self._poll)

    async def _renew(self, queue: str, place: str, done: asyncio.Event) -> None:
        """Keep the place while waiting and working (an engine reply may take its timeout)."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), self._lease_ms / 3000)
            if done.is_set():
                return
            try:
                await self._redis.set(_lease_key(place), 1, px=self._lease_ms)
                await self._redis.pexpire(queue, self._lease_ms * 3)
            except Exception:  # noqa: BLE001 - Redis away: the work still finishes and is stored
                log.warning("could not renew a place in a conversation's queue")


def _lease_key(place: str) -> str:
    return f"{KEY_PREFIX}lease:{place}"


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
