"""The SQLite engine of `make run`: writes wait their turn instead of failing under load."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from bot.store.engine import SQLITE_BUSY_SECONDS, create_schema, make_engine


async def test_sqlite_waits_for_the_writer_instead_of_failing(tmp_path):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
    await create_schema(engine)
    async with engine.connect() as conn:
        busy = (await conn.execute(text("PRAGMA busy_timeout"))).scalar()
    assert busy == SQLITE_BUSY_SECONDS * 1000 and SQLITE_BUSY_SECONDS >= 30

    # One connection holds the write lock for longer than SQLite's default 5 s would wait...
    async def hold_the_lock() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("BEGIN IMMEDIATE"))
            await asyncio.sleep(6)
            await conn.execute(text("COMMIT"))

    holder = asyncio.create_task(hold_the_lock())
    await asyncio.sleep(0.3)
    # ...and another write still goes through once it is released.
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE waited (n INTEGER)"))
    await holder
    await engine.dispose()
