"""The guide's training rules as numbers, in one place for planning, workouts and progression."""

from __future__ import annotations

from datetime import timedelta

from skill.core.catalog import Exercise

MIN_REST = timedelta(hours=48)
"""At least 48 hours between hamstring sessions."""
SESSIONS_PER_WEEK = 2
"""Train hamstrings about twice a week."""
MAX_SETS_PER_SESSION = 10
"""Up to 10 sets in one session, spread over about 3 exercises."""
EXERCISES_PER_SESSION = 3
WEEKLY_SETS_TARGET = 12
"""At least 12 hamstring sets a week."""
REP_MIN, REP_MAX = 6, 20
"""Reps between 6 and 20 depending on the goal."""


def target_reps(exercise: Exercise) -> int:
    """Start at the bottom of the exercise's range, kept inside the guide's 6-20."""
    return min(REP_MAX, max(REP_MIN, exercise.rep_low))
