"""Create the async engine and session factory for a SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from bot.store.models import Base

SQLITE_BUSY_SECONDS = 60


def make_engine(database_url: str) -> AsyncEngine:
    """An engine for `database_url`; SQLite files get their folder and foreign keys."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    sqlite = url.get_backend_name() == "sqlite"
    # why a long busy timeout: under load many writes queue for SQLite's one writer; the
    # default 5 s made a young person's message fail to store (found by `make bench`).
    engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS}
                                 if sqlite else {})
    if sqlite:

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # why: SQLite ignores FKs by default
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    return engine


async def create_schema(engine: AsyncEngine) -> None:
    """Create any missing tables, and add columns newer code expects (idempotent)."""
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.run_sync(_add_missing_columns)


def _add_missing_columns(connection) -> None:
    """Add nullable columns a newer model has to tables an older release created.

    why: databases under var/ outlive releases; only additive, nullable changes are made here.
    """
    inspector = inspect(connection)
    for table in Base.metadata.sorted_tables:
        existing = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in existing and column.nullable:
                kind = column.type.compile(dialect=connection.dialect)
                connection.execute(text(
                    f'ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}'))


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)
