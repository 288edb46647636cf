"""Staff accounts, sign-in with lock-out, server-side sessions and the audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import AuditEntry, StaffSession, StaffUser, utcnow

ROLES = ("advocate", "commissioner", "admin")
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=8)
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# A real hash to verify against when the username is unknown, so timing does not tell.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class SignInError(Exception):
    """Sign-in refused; the message is safe to show."""


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; everything here is UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


async def create_user(session: AsyncSession, *, username: str, password: str, role: str,
                      display_name: str | None = None) -> StaffUser:
    """Add a staff account; the password is stored only as an argon2id hash."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    existing = await session.execute(select(StaffUser).where(StaffUser.username == username))
    if existing.scalar_one_or_none():
        raise ValueError(f"user {username!r} already exists")
    user = StaffUser(username=username, display_name=display_name or username,
                     password_hash=_hasher.hash(password), role=role, failed_attempts=0)
    session.add(user)
    await session.flush()
    return user


async def authenticate(session: AsyncSession, *, username: str, password: str,
                       now: dt.datetime | None = None) -> StaffUser:
    """The user, if the password is right and the account is not locked; else SignInError."""
    now = now or utcnow()
    result = await session.execute(select(StaffUser).where(StaffUser.username == username))
    user = result.scalar_one_or_none()
    if user is None:
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        raise SignInError("Wrong username or password.")
    locked_until = _aware(user.locked_until)
    if locked_until and locked_until > now:
        raise SignInError("Too many failed attempts. Try again in 15 minutes.")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        await _count_failure(session, user_id=user.id, now=now)
        raise SignInError("Wrong username or password.") from None
    user.failed_attempts = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


async def _count_failure(session: AsyncSession, *, user_id: int, now: dt.datetime) -> None:
    """One more failed sign-in, counted in the database itself so parallel guesses all count;
    the fifth locks the account."""
    failures = (await session.execute(
        update(StaffUser).where(StaffUser.id == user_id)
        .values(failed_attempts=StaffUser.failed_attempts + 1)
        .returning(StaffUser.failed_attempts))).scalar_one()
    if failures >= MAX_FAILED_ATTEMPTS:
        await session.execute(update(StaffUser).where(StaffUser.id == user_id)
                              .values(locked_until=now + LOCKOUT, failed_attempts=0))


async def start_session(session: AsyncSession, *, user: StaffUser) -> tuple[str, str]:
    """A new session: returns (cookie token, CSRF token). Only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(StaffSession(token_hash=_hash_token(token), user_id=user.id, csrf_token=csrf,
                             expires_at=utcnow() + SESSION_LIFETIME))
    await session.flush()
    return token, csrf


async def find_session(session: AsyncSession, *, token: str) -> StaffSession | None:
    """The live session for a cookie token, with its user; None if unknown or expired."""
    staff_session = await session.get(StaffSession, _hash_token(token))
    if staff_session is None:
        return None
    if _aware(staff_session.expires_at) <= utcnow():
        await session.delete(staff_session)
        return None
    await session.refresh(staff_session, ["user"])
    return staff_session


async def end_session(session: AsyncSession, *, token: str) -> None:
    await session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash_token(token)))


async def audit(session: AsyncSession, *, user: StaffUser, action: str,
                conversation_id: str | None = None, detail: str = "") -> None:
    """Write one audit-log line (who, what, when)."""
    session.add(AuditEntry(user_id=user.id, username=user.username, action=action,
                           conversation_id=conversation_id, detail=detail[:200]))


async def list_users(session: AsyncSession, *, role: str | None = None) -> list[StaffUser]:
    query = select(StaffUser).order_by(StaffUser.username)
    if role:
        query = query.where(StaffUser.role == role)
    return list((await session.execute(query)).scalars())


async def signed_in_users(session: AsyncSession, *, roles: tuple[str, ...]) -> list[StaffUser]:
    """Staff with these roles who have a live console session now."""
    live = select(StaffSession.user_id).where(StaffSession.expires_at > utcnow())
    query = (select(StaffUser).where(StaffUser.role.in_(roles), StaffUser.id.in_(live))
             .order_by(StaffUser.username))
    return list((await session.execute(query)).scalars())
