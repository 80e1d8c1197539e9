"""Small builders for valid domain models, so tests state only the fields they care about."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from skill.history import SessionRecord, SessionStatus, SetRecord
from skill.profile import Equipment, Level, Profile, Unit
from skill.workout import PlannedExercise, WorkoutState

T0 = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
"""A fixed, timezone-aware base time: tests must not depend on the wall clock."""


def at(minutes: float = 0, *, days: float = 0) -> datetime:
    """``T0`` shifted, to write times as offsets ("five minutes in")."""
    return T0 + timedelta(days=days, minutes=minutes)


def make_profile(
    equipment: Sequence[Equipment] = (Equipment.BARBELL, Equipment.DUMBBELLS),
    level: Level | None = Level.SOME,
    unit: Unit = Unit.LB,
    disclaimer_given: bool = True,
) -> Profile:
    return Profile(
        equipment=list(equipment), level=level, unit=unit, disclaimer_given=disclaimer_given
    )


def make_plan(*exercise_ids: str, sets: int = 3, target_reps: int = 10) -> list[PlannedExercise]:
    """One planned exercise per id; defaults to a single barbell RDL."""
    return [
        PlannedExercise(exercise_id=exercise_id, sets=sets, target_reps=target_reps)
        for exercise_id in exercise_ids or ("rdl_barbell",)
    ]


def make_workout(
    workout_id: str = "w1",
    started_at: datetime = T0,
    plan: list[PlannedExercise] | None = None,
    lighter: bool = False,
    **changes: object,
) -> WorkoutState:
    """``changes`` sets any other WorkoutState field (validated)."""
    return WorkoutState.model_validate(
        {
            "workout_id": workout_id,
            "started_at": started_at,
            "plan": plan if plan is not None else make_plan(),
            "lighter": lighter,
            **changes,
        }
    )


def make_set(
    workout_id: str = "w1",
    exercise_index: int = 0,
    set_number: int = 1,
    exercise_id: str = "rdl_barbell",
    reps: int = 10,
    target_reps: int = 10,
    logged_at: datetime | None = None,
    **changes: object,
) -> SetRecord:
    """By default logged a few minutes after ``T0``, later for later sets, so order is natural."""
    if logged_at is None:
        logged_at = at(5 + 10 * exercise_index + 3 * set_number)
    return SetRecord.model_validate(
        {
            "workout_id": workout_id,
            "exercise_id": exercise_id,
            "exercise_index": exercise_index,
            "set_number": set_number,
            "target_reps": target_reps,
            "reps": reps,
            "logged_at": logged_at,
            **changes,
        }
    )


def make_session(
    workout_id: str = "w1",
    started_at: datetime = T0,
    status: SessionStatus = SessionStatus.FINISHED,
    ended_at: datetime | None = None,
    sets: Sequence[SetRecord] = (),
    exercise_ids: Sequence[str] = ("rdl_barbell",),
    lighter: bool = False,
) -> SessionRecord:
    """An ended session; ``ended_at`` defaults to 45 minutes after the start unless active."""
    if ended_at is None and status is not SessionStatus.ACTIVE:
        ended_at = started_at + timedelta(minutes=45)
    return SessionRecord(
        workout_id=workout_id,
        started_at=started_at,
        ended_at=ended_at,
        status=status,
        lighter=lighter,
        exercise_ids=list(exercise_ids),
        sets=list(sets),
    )
