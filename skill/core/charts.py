"""Each exercise's sessions over the weeks, as numbers a progress chart can draw.

Taken from the recent sessions when a session starts (``HistorySummary.from_sessions``), so
"show my progress" needs no storage read; small enough to ride in session attributes. Per
session the measure is the heaviest load lifted for a set, or, for bodyweight and band work
(no load logged), the most reps in a set. How it is drawn is skill.speech.screens.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from skill.core.model import Model, new_list
from skill.core.profile import Unit

if TYPE_CHECKING:
    from skill.core.history import SessionRecord

MAX_POINTS = 8
"""Sessions kept per exercise: about a month at two sessions a week."""
MAX_SERIES = 4
"""Exercises kept (the most recently trained): the three charted and one more, small enough to
ride in every response's session attributes."""


class Series(Model):
    """One exercise's measure per session, oldest first: ``points`` are (day, value)."""

    exercise_id: str
    measure: Literal["load", "reps"]
    unit: Unit | None = None
    points: list[tuple[date, float]] = Field(default_factory=new_list)


def series_of(sessions: Sequence[SessionRecord]) -> list[Series]:
    """Each exercise's top set per session, newest exercises first. A session with any load
    logged for the exercise counts its heaviest load, in the unit of the newest such session
    (a session logged in the other unit is left out, not converted); an exercise never loaded
    counts its most reps."""
    done = sorted((s for s in sessions if s.sets), key=lambda s: s.started_at)
    per: dict[str, list[tuple[date, list[tuple[int, float | None, Unit | None]]]]] = {}
    for session in done:
        sets: dict[str, list[tuple[int, float | None, Unit | None]]] = {}
        for record in session.sets:
            sets.setdefault(record.exercise_id, []).append((record.reps, record.load, record.unit))
        for exercise_id, logged in sets.items():
            per.setdefault(exercise_id, []).append((session.started_at.date(), logged))
    newest = sorted(per, key=lambda i: per[i][-1][0], reverse=True)[:MAX_SERIES]
    return [_series(i, per[i][-MAX_POINTS * 2 :]) for i in newest]


def _series(
    exercise_id: str, outings: list[tuple[date, list[tuple[int, float | None, Unit | None]]]]
) -> Series:
    loaded = [(day, sets) for day, sets in outings if any(load for _, load, _ in sets)]
    if not loaded:
        points = [(day, float(max(reps for reps, _, _ in sets))) for day, sets in outings]
        return Series(exercise_id=exercise_id, measure="reps", points=points[-MAX_POINTS:])
    unit = next(u for _, load, u in reversed(loaded[-1][1]) if load) or Unit.LB
    points = []
    for day, sets in loaded:
        loads = [load for _, load, u in sets if load and (u or Unit.LB) is unit]
        if loads:
            points.append((day, max(loads)))
    return Series(exercise_id=exercise_id, measure="load", unit=unit, points=points[-MAX_POINTS:])


__all__ = ["MAX_POINTS", "MAX_SERIES", "Series", "series_of"]
