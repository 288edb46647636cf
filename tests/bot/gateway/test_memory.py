"""The gateway keeps no per-conversation state once nobody is using it."""

from __future__ import annotations

import asyncio
import gc

from bot.gateway.events import ConversationEvents
from bot.gateway.outbox import Outbox


async def test_locks_and_wake_ups_are_forgotten_when_unused():
    events = ConversationEvents()
    outbox = Outbox(sessionmaker=None, events=events)
    for n in range(1000):
        async with outbox.lock(f"conv-{n:06d}"):
            pass
        await events.wait(f"conv-{n:06d}", timeout=0)
    gc.collect()
    assert len(outbox._locks._locks) == 0 and len(events._conditions) == 0
    assert events.version("never-written-to") == 0 and len(events._versions) == 0


async def test_one_lock_per_conversation_while_in_use():
    outbox = Outbox(sessionmaker=None, events=ConversationEvents())
    first = outbox.lock("conv-000001")
    async with first:
        assert outbox.lock("conv-000001") is first
        waiter = asyncio.create_task(outbox.lock("conv-000001").acquire())
        await asyncio.sleep(0)
        assert not waiter.done()
    await waiter
    outbox.lock("conv-000001").release()
