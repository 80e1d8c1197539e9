"""The guide's training rules as numbers, in one place for planning, workouts and progression.

Each number cites the rule it comes from, so a coach changing one knows what they are changing.
Kit sizes (dumbbell racks, band ladders, plates) are not rules: they live in skill.core.loads.
"""

from __future__ import annotations

from datetime import timedelta

from skill.core.catalog import Exercise
from skill.core.profile import Level

# --- the week ----------------------------------------------------------------------------------

MIN_REST = timedelta(hours=48)
"""At least 48 hours between hamstring sessions."""
SESSIONS_PER_WEEK = 2
"""Train hamstrings about twice a week."""
WEEKLY_SETS_TARGET = 12
"""At least 12 hamstring sets a week."""

# --- one session -------------------------------------------------------------------------------

MAX_SETS_PER_SESSION = 10
"""Up to 10 sets in one session, spread over about 3 exercises."""
EXERCISES_PER_SESSION = 3
"""About three exercises a session: a hinge, a curl, a bridge/Nordic/power move."""
MAX_SETS_PER_EXERCISE = 4
"""Twelve a week is "4 sets each of three exercises": no exercise gets more than 4 in a session."""
SET_BUDGET = {Level.NEW: 8, Level.SOME: 9, Level.EXPERIENCED: 10}
"""Sets a normal session starts from, by level: under the 10 cap, nearer it with experience."""
LIGHTER_EXERCISES, LIGHTER_SETS = 2, 2
"""A lighter session inside the 48 hours: two exercises of two sets, well under the usual work."""
LEVEL_REACH = 1
"""Begin with one or two moves and build: a move may be at most one level above theirs."""

# --- reps --------------------------------------------------------------------------------------

REP_MIN, REP_MAX = 6, 20
"""Reps between 6 and 20 depending on the goal."""
REP_STEP, EASY_REP_STEP = 1, 2
"""Add reps only when sets feel smooth: one more a set, two when every set felt easy."""
EARN_EXTRA_REPS = 2
"""When the next weight is too big a step, earn it with two reps past the top of the range."""

# --- progression -------------------------------------------------------------------------------

CHANGE_LOCK = timedelta(days=7)
"""Progress gradually: one change per exercise per week."""
MAX_STEP = 0.10
"""Small load steps: a step up is at most about 10% of the current load."""
REGRESS_FRACTION = 0.10
"""Back off after pain or two hard sessions: about 10% less load."""
SLOW_LOWERING = 4 / 3
"""Slow reps as a progression: lower in four seconds instead of three when nothing else can go
up (staying at the same load forever is the mistake to avoid)."""


def clamp_reps(reps: int) -> int:
    """Any rep target, kept inside the guide's 6-20."""
    return min(REP_MAX, max(REP_MIN, reps))


def rep_range(exercise: Exercise) -> tuple[int, int]:
    """The exercise's own rep range, kept inside the guide's 6-20."""
    return clamp_reps(exercise.rep_low), clamp_reps(exercise.rep_high)


def target_reps(exercise: Exercise) -> int:
    """Start at the bottom of the exercise's range, kept inside the guide's 6-20."""
    return clamp_reps(exercise.rep_low)
