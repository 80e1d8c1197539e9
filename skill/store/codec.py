"""What both stores (and the shells around them) agree on: the clock, how a moment is written,
how a workout id is made and read back, and how a stored model is read without trusting it.

One module, so SQLite and DynamoDB cannot drift apart on any of them.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

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


def workout_id(now: datetime) -> str:
    """Time-sortable ("20261201T180000-1a2b3c4d"), so stores can keep sessions in time order."""
    return f"{now.astimezone(UTC).strftime(ID_TIME_FORMAT)}-{uuid.uuid4().hex[:8]}"


def id_time(workout_id: str) -> datetime | None:
    """The UTC time a workout id starts with, if it does (ids made by ``workout_id`` do)."""
    found = _ID_TIME.match(workout_id)
    if not found:
        return None
    try:
        return datetime.strptime(found.group(1), ID_TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def parse(model: type[_M], data: str | None, what: str) -> _M | None:
    """A missing or corrupt record is logged and treated as absent, so one bad write can't lock
    a user out. ``what`` names it in the log ("profile row", "set item")."""
    if data is None:
        log.warning("Ignoring %s without data", what)
        return None
    try:
        return model.model_validate_json(data)
    except ValidationError as exc:
        log.warning("Ignoring unreadable %s (%d errors)", what, exc.error_count())
        return None
