"""Command line: `python -m bot <command>`.

  serve            run the gateway (web chat, API, channels)
  kb load          validate data/knowledge/ (every entry, source and place) and count entries
  kb check         list entries past their review age and unsourced numbers
  kb coverage      print the topic x jurisdiction coverage table (docs/knowledge-coverage.md)
  users add NAME   add a console account (--role advocate|commissioner|admin)
  purge            delete transcripts older than RETENTION_DAYS (the gateway also does this hourly)
  anonymise        read text on standard input, print it with personal details replaced
  demo-data        add made-up trends and queued conversations, for demonstrations only
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.settings import ROOT, Settings


def _serve(settings: Settings, _args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.app import create_app

    web.run_app(create_app(settings), host=settings.gateway_host, port=settings.gateway_port,
                print=lambda _msg: None, access_log=None)
    return 0


def _kb_load(settings: Settings) -> int:
    from kb import load_knowledge_base

    knowledge_base = load_knowledge_base(settings.knowledge_dir)
    print(f"knowledge base valid: {len(knowledge_base.entries)} entries")
    return 0


def _kb(settings: Settings, args: argparse.Namespace) -> int:
    from kb import KnowledgeBaseError
    from kb.check import check_knowledge_base

    try:
        if args.kb_command == "load":
            return _kb_load(settings)
        if args.kb_command == "coverage":
            from kb.check import coverage_table

            print(coverage_table(settings.knowledge_dir), end="")
            return 0
        if args.kb_command == "welsh":
            from kb.welsh import report

            print(report(ROOT), end="")
            return 0
        problems = check_knowledge_base(settings.knowledge_dir, max_age_days=args.max_age_days)
    except KnowledgeBaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    print(_welsh_summary())
    return 1 if problems else 0


def _welsh_summary() -> str:
    from kb.welsh import to_review

    strings, todo = to_review(ROOT)
    return (f"Welsh strings: {len(strings)}, {len(strings) - len(todo)} reviewed by a fluent "
            f"speaker; `python -m bot kb welsh` lists the {len(todo)} to review")


async def _with_session(settings: Settings, work):
    from bot.store.engine import create_schema, make_engine, make_sessionmaker

    engine = make_engine(settings.database_url)
    try:
        await create_schema(engine)
        async with make_sessionmaker(engine)() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()


def _users(settings: Settings, args: argparse.Namespace) -> int:
    from bot.store import staff

    if args.users_command == "list":
        users = asyncio.run(_with_session(settings, lambda s: staff.list_users(s)))
        for user in users:
            print(f"{user.username}\t{user.role}\t{user.display_name}")
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        import getpass

        password = getpass.getpass("Password (12+ characters): ")
    try:
        asyncio.run(_with_session(settings, lambda s: staff.create_user(
            s, username=args.username, password=password, role=args.role,
            display_name=args.name)))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"added {args.role} {args.username}")
    return 0


def _purge(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.store.engine import create_schema, make_engine, make_sessionmaker
    from bot.store.retention import purge_all

    async def run() -> tuple[int, int]:
        engine = make_engine(settings.database_url)
        try:
            await create_schema(engine)
            return await purge_all(make_sessionmaker(engine),
                                   retention_days=settings.retention_days,
                                   rasa_tracker_url=settings.rasa_tracker_url)
        finally:
            await engine.dispose()

    count, events = asyncio.run(run())
    print(f"deleted {count} conversation(s) and {events} Rasa tracker event(s) older than "
          f"{settings.retention_days} days")
    return 0


def _anonymise(_settings: Settings, _args: argparse.Namespace) -> int:
    from bot.privacy import main_anonymise

    return main_anonymise(sys.stdin, sys.stdout)


def _demo_data(settings: Settings, args: argparse.Namespace) -> int:
    from bot.store.engine import create_schema, make_engine, make_sessionmaker
    from bot.trends.demo import write_demo_data

    async def run() -> int:
        engine = make_engine(settings.database_url)
        await create_schema(engine)
        async with make_sessionmaker(engine)() as session, session.begin():
            added = await write_demo_data(session, weeks=args.weeks, seed=args.seed)
        await engine.dispose()
        return added

    added = asyncio.run(run())
    print(f"added {added} made-up events over {args.weeks} weeks, and a few queued "
          "conversations (demonstration data, not real)")
    return 0


def private_log_file(path: str) -> logging.Handler:
    """A rotating log file (1 MB x 5) that only the service's user can read."""
    from logging.handlers import RotatingFileHandler
    from pathlib import Path

    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.touch(mode=0o600, exist_ok=True)
    file.chmod(0o600)
    return RotatingFileHandler(file, maxBytes=1_000_000, backupCount=5, encoding="utf-8")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Care Rights Assistant")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the gateway").set_defaults(run=_serve)
    kb = commands.add_parser("kb", help="knowledge base tools")
    kb.set_defaults(run=_kb)
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    kb_commands.add_parser("load", help="validate data/knowledge and count its entries")
    check = kb_commands.add_parser("check", help="entries past review age; unsourced numbers")
    check.add_argument("--max-age-days", type=int, default=365)
    kb_commands.add_parser("coverage", help="print entries per topic and jurisdiction (Markdown)")
    kb_commands.add_parser("welsh", help="list the Welsh strings no fluent speaker has reviewed")
    users = commands.add_parser("users", help="staff accounts for the console")
    users.set_defaults(run=_users)
    users_commands = users.add_subparsers(dest="users_command", required=True)
    add = users_commands.add_parser("add", help="add an advocate, commissioner or admin")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("advocate", "commissioner", "admin"))
    add.add_argument("--name", help="display name")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input instead of prompting")
    users_commands.add_parser("list", help="list accounts")
    commands.add_parser("purge", help="delete transcripts past RETENTION_DAYS").set_defaults(
        run=_purge)
    anonymise = commands.add_parser("anonymise", help="scrub personal details from standard input")
    anonymise.set_defaults(run=_anonymise)
    demo = commands.add_parser("demo-data", help="made-up trends for demonstrations")
    demo.add_argument("--weeks", type=int, default=12)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(run=_demo_data)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    handlers = [private_log_file(settings.log_file)] if settings.log_file else None
    logging.basicConfig(level=settings.log_level, handlers=handlers,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # why: these log SQL and its parameters, which include what young people wrote.
    for name in ("aiosqlite", "sqlalchemy.engine"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return args.run(settings, args)


if __name__ == "__main__":
    sys.exit(main())
