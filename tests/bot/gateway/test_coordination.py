"""Order and wake-ups shared by several gateway processes, on this machine's real Redis."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from redis.asyncio import Redis

from bot.gateway.coordination import KEY_PREFIX, LockTimeout, RedisLocks, RedisRelay
from bot.gateway.events import ConversationEvents

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
async def redis_pair():
    """Two connections, as two gateway processes would have."""
    first, second = Redis.from_url(REDIS_URL), Redis.from_url(REDIS_URL)
    try:
        await first.ping()
    except Exception:  # noqa: BLE001
        pytest.fail("Redis is not running on 127.0.0.1:6379 (the scaled set-up needs it)")
    yield first, second
    await first.aclose()
    await second.aclose()


async def test_one_conversation_is_handled_by_one_process_at_a_time(redis_pair):
    locks = [RedisLocks(redis=r, lease_seconds=2) for r in redis_pair]
    conversation = f"conv-{uuid.uuid4().hex}"
    inside, overlaps, order = 0, 0, []

    async def handle(n: int) -> None:
        nonlocal inside, overlaps
        async with locks[n % 2].lock(conversation):
            inside += 1
            overlaps += inside > 1
            await asyncio.sleep(0.02)
            order.append(n)
            inside -= 1

    await asyncio.gather(*(handle(n) for n in range(20)))
    assert overlaps == 0 and sorted(order) == list(range(20))


async def test_messages_are_handled_in_the_order_they_arrived(redis_pair):
    locks = [RedisLocks(redis=r) for r in redis_pair]
    conversation = f"conv-{uuid.uuid4().hex}"
    order = []

    async def handle(n: int) -> None:
        # Arrives in this order, alternating between processes; 50 ms apart because joining a
        # queue is one round trip, but a busy machine can delay a task's start by tens of ms.
        await asyncio.sleep(0.05 * n)
        async with locks[n % 2].lock(conversation):
            await asyncio.sleep(0.12)
            order.append(n)

    await asyncio.gather(*(handle(n) for n in range(12)))
    assert order == list(range(12))


async def test_a_lease_outlives_its_timeout_while_the_holder_works(redis_pair):
    holder, other = (RedisLocks(redis=r, lease_seconds=0.6, wait_seconds=0.3) for r in redis_pair)
    conversation = f"conv-{uuid.uuid4().hex}"
    async with holder.lock(conversation):
        await asyncio.sleep(1.5)  # longer than the lease: renewed meanwhile
        with pytest.raises(LockTimeout):
            async with other.lock(conversation):
                pass


async def test_a_killed_holder_frees_the_conversation_within_its_lease(redis_pair):
    first, second = redis_pair
    conversation = f"conv-{uuid.uuid4().hex}"
    # A process that died holding the conversation: its lease is never renewed.
    await first.set(f"{KEY_PREFIX}lease:dead-process", 1, px=1000)
    await first.rpush(f"{KEY_PREFIX}queue:{conversation}", "dead-process")
    started = time.monotonic()
    async with RedisLocks(redis=second, lease_seconds=1).lock(conversation):
        waited = time.monotonic() - started
    assert 0.5 < waited < 3
    assert not await first.exists(f"{KEY_PREFIX}queue:{conversation}")  # nothing left behind


async def test_a_change_in_one_process_wakes_readers_in_another(redis_pair):
    events_a, events_b = ConversationEvents(), ConversationEvents()
    relays = [RedisRelay(redis=r, events=e) for r, e in zip(redis_pair, (events_a, events_b))]
    events_a.publish = relays[0].publish
    ready = [asyncio.Event(), asyncio.Event()]
    listeners = [asyncio.create_task(r.listen(e)) for r, e in zip(relays, ready)]
    await asyncio.gather(*(e.wait() for e in ready))
    console = events_b.subscribe()
    try:
        seen = events_b.version("conv-1")
        waiter = asyncio.create_task(events_b.wait("conv-1", timeout=5, since=seen))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        await events_a.notify("conv-1")
        await waiter
        assert time.monotonic() - started < 1
        assert events_b.version("conv-1") == seen + 1
        assert await asyncio.wait_for(console.get(), 1) == "conv-1"
        await asyncio.sleep(0.1)
        assert events_a.version("conv-1") == 1  # its own echo is ignored
    finally:
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)


async def test_leaving_a_conversation_stops_its_renewal_and_frees_its_place(redis_pair):
    first, _ = redis_pair
    locks = RedisLocks(redis=first, lease_seconds=0.3)
    conversation = f"conv-{uuid.uuid4().hex}"
    leases_before = set(await first.keys(f"{KEY_PREFIX}lease:*"))
    for _ in range(3):
        async with locks.lock(conversation):
            await asyncio.sleep(0.25)  # a renewal is under way or just done
    await asyncio.sleep(0.05)
    renewing = [t for t in asyncio.all_tasks() if t.get_coro().__qualname__.endswith("._renew")]
    assert renewing == []
    assert set(await first.keys(f"{KEY_PREFIX}lease:*")) <= leases_before
    assert not await first.exists(f"{KEY_PREFIX}queue:{conversation}")
