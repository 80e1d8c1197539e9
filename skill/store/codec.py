"""What both stores (and the shells around them) agree on: the clock, how a moment is written,
how a workout id is made and read back, and how a stored model is read without trusting it.

One module, so SQLite and DynamoDB cannot drift apart on any of them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
""""Now", injected everywhere (the chat's ``--now``, tests' hand-moved clocks)."""

_M = TypeVar("_M", bound=BaseModel)


def utc_now() -> datetime:
    """The wall clock: the default wherever a ``Clock`` is not injected."""
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    """UTC with fixed width, so text order is time order whatever offset the caller used."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


ID_TIME_FORMAT = "%Y%m%dT%H%M%S"
_ID_TIME = re.compile(r"(\d{8}T\d{6})(?!\d)")


def workout_id(now: datetime, request_id: str | None = None) -> str:
    """Time-sortable ("20261201T180000-1a2b3c4d"), so stores can keep sessions in time order.
    With the id of the request that starts the workout (and its time as ``now``), the same
    request always makes the same id: a replayed start finds the workout the first one made."""
    tail = (
        hashlib.sha256(request_id.encode()).hexdigest()[:8] if request_id else uuid.uuid4().hex[:8]
    )
    return f"{now.astimezone(UTC).strftime(ID_TIME_FORMAT)}-{tail}"


def id_time(workout_id: str) -> datetime | None:
    """The UTC time a workout id starts with, if it does (ids made by ``workout_id`` do)."""
    found = _ID_TIME.match(workout_id)
    if not found:
        return None
    try:
        return datetime.strptime(found.group(1), ID_TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def parse(model: type[_M], data: str | None, what: str, *, lenient: bool = False) -> _M | None:
    """A missing or corrupt record is logged and treated as absent, so one bad write (or a record
    an older release wrote) can't lock a user out. ``what`` names it in the log ("profile row",
    "set item"). ``lenient``: see ``read``."""
    return read(model, data, what, lenient=lenient)[0]


def read(
    model: type[_M], data: str | None, what: str, *, lenient: bool = False
) -> tuple[_M | None, bool]:
    """``parse``, and whether anything stored was set aside (the record dropped, or values of it
    dropped in migration), so the skill can say so instead of silently forgetting.

    ``lenient`` migrates instead where it safely can: values this release no longer knows (an
    equipment name since renamed, a field since retyped) are dropped one by one and the defaults
    stand in for them. Only for records whose fields are independent (a profile): in a workout,
    dropping one planned exercise would shift every index that points past it."""
    if data is None:
        log.warning("Ignoring %s without data", what)
        return None, True
    try:
        return model.model_validate_json(data), False
    except ValidationError as exc:
        errors = exc.error_count()
        if lenient:
            migrated = _migrate(model, data)
            if migrated is not None:
                log.warning("Migrated %s: dropped unreadable values (%d errors)", what, errors)
                return migrated, True
        log.warning("Ignoring unreadable %s (%d errors)", what, errors)
        return None, True


MIGRATION_ROUNDS = 8
"""How many passes ``_migrate`` makes, each dropping every value pydantic named as wrong."""


def _migrate(model: type[_M], data: str) -> _M | None:
    """The record with each value that fails validation removed (a field, or one list item),
    until it validates; None when it is not a JSON object or still fails."""
    try:
        raw = json.loads(data)
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None
    for _ in range(MIGRATION_ROUNDS):
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            # Deepest first and list items from the end, so earlier removals don't shift later ones.
            locations = sorted((e["loc"] for e in exc.errors()), key=_removal_order, reverse=True)
            if not locations or not all(_remove(raw, loc) for loc in locations):
                return None
    return None


def _removal_order(loc: tuple[int | str, ...]) -> tuple[int, tuple[str, ...]]:
    return len(loc), tuple(f"{part:>10}" if isinstance(part, int) else part for part in loc)


def _remove(raw: Any, loc: tuple[int | str, ...]) -> bool:
    """Remove the value at ``loc``; False when there is nothing there to remove (a required
    field is missing: no default can stand in)."""
    if not loc:
        return False
    parent = raw
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    if isinstance(parent, dict) and isinstance(last, str) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        del parent[last]
        return True
    return False
