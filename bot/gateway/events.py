"""Wake-ups when a conversation changes: long-polling readers and console subscribers."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections import defaultdict
from collections.abc import Awaitable, Callable


class ConversationEvents:
    """Wakes long-polling readers of one conversation, and console subscribers of all of them.

    Each conversation has a change counter, so a reader that looked at the counter
    before reading can never miss a change that lands before it starts waiting.
    """

    def __init__(self) -> None:
        # Set by a relay when several gateway processes share the work (see coordination.py).
        self.publish: Callable[[str], Awaitable[None]] | None = None
        # Conditions exist only while a reader waits (weak); counters only for conversations
        # that changed since start-up.
        self._conditions: weakref.WeakValueDictionary[str, asyncio.Condition] = \
            weakref.WeakValueDictionary()
        self._versions: dict[str, int] = defaultdict(int)
        self._subscribers: set[asyncio.Queue] = set()

    def version(self, conversation_id: str) -> int:
        """The conversation's change counter (read it before reading the messages)."""
        return self._versions.get(conversation_id, 0)  # why: no entry for ids nobody wrote to

    async def notify(self, conversation_id: str, *, publish: bool = True) -> None:
        """Count a change and wake everyone waiting on it (in every process, when relayed)."""
        self._versions[conversation_id] += 1
        condition = self._conditions.get(conversation_id)
        if condition is not None:
            async with condition:
                condition.notify_all()
        for queue in self._subscribers:
            with contextlib.suppress(asyncio.QueueFull):  # a stalled console reloads anyway
                queue.put_nowait(conversation_id)
        if publish and self.publish is not None:
            await self.publish(conversation_id)

    async def wait(self, conversation_id: str, timeout: float, *, since: int | None = None) -> None:
        """Return when the conversation's version differs from `since` (default: now),
        or after `timeout` seconds."""
        since = self.version(conversation_id) if since is None else since
        condition = self._conditions.get(conversation_id)
        if condition is None:
            condition = self._conditions[conversation_id] = asyncio.Condition()
        async with condition:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    condition.wait_for(lambda: self.version(conversation_id) != since), timeout)

    def subscribe(self) -> asyncio.Queue:
        """A queue that receives the id of every conversation that changes."""
        queue: asyncio.Queue = asyncio.Queue(maxsize=1000)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self._subscribers.discard(queue)
