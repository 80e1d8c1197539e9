"""The guide's training rules as numbers, in one place for planning, workouts and progression.

Each number cites the rule it comes from, so a coach changing one knows what they are changing.
Kit sizes (dumbbell racks, band ladders, plates) are not rules: they live in skill.core.loads.
"""

from __future__ import annotations

from datetime import datetime, timedelta

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
NORDIC_MAX_SETS = 2
"""Nordics start at the guide's "1 set of up to 10"; once done before, a spare set of the
session's budget may make it two (never more: they are intense)."""
"""Twelve a week is "4 sets each of three exercises": no exercise gets more than 4 in a session."""
SET_BUDGET = {Level.NEW: 8, Level.SOME: 10, Level.EXPERIENCED: 10}
"""Sets a normal session starts from, by level: under the 10 cap, nearer it with experience."""
LIGHTER_EXERCISES, LIGHTER_SETS = 2, 2
"""A lighter session inside the 48 hours: two exercises of two sets, well under the usual work."""
LEVEL_REACH = 1
"""A progression (harder variation) may reach one level above theirs; a plan slot never does."""
LIGHTER_REP_CUT = 2
"""A lighter session is lighter: two reps fewer when there is no lighter weight to use."""
BLOCK_SESSIONS = 10
"""Main exercises stay for a block of ten sessions, about five weeks at twice a week (unless
outgrown or stalled): progression needs the same lift to come back. Counted in sessions, so the
programme after the last one already names the next block, and the advice can say so."""
BLOCK_WEEKS = 5
"""How the block's length is said: "for about five weeks"."""
NEW_EXERCISE_STEPS = 2
"""A harder variation, or another lift of the same kind, starts two light steps (about 20%)
under the load of the one before: derived from what they lifted, not from nothing."""
NEW_EXERCISE_SHARE = 0.20
"""The same "about 20% under" for a band move taking over from another: band sizes are 20-40%
apart, so the reps set it, at the heaviest band where a rep count in the new move's range asks
about 20% less than the last set did (one-rep max by Epley)."""

# --- beginners build up ------------------------------------------------------------------------

BEGINNER_FIRST_SLOTS = 2
"""The guide: "begin with one or two moves" (Romanian deadlifts and glute bridges)."""
BUILD_UP_SESSIONS = 2
"""Comfortable sessions (not hard, see HARD_SESSION_SHARE) before a new beginner adds a curl:
"once those feel comfortable" add a curl or a swing."""
NORDIC_AFTER_SESSIONS = 6
"""Nordics are "intense": a new trainee gets none until six comfortable sessions (three weeks
twice a week) of hinge and bridge work."""

# --- reps --------------------------------------------------------------------------------------

REP_MIN, REP_MAX = 6, 20
"""Reps between 6 and 20 depending on the goal."""
REP_STEP, EASY_REP_STEP = 1, 2
"""Add reps only when sets feel smooth: one more a set, two when every set felt easy."""
EASY_AGAIN_REP_STEP = 3
"""In a session, a second easy set in a row at the same weight: the two reps added were not
enough (easy is four or more in reserve), so three more, one fewer than that reserve for the
tiredness of another set."""
SAME_DAY_REP_CUT = 1
"""After a hard or missed set, the next set of the same exercise asks a rep fewer (than the target,
or than the reps made): the next set is done tired, and a grinding miss teaches nothing."""
EASY_RESERVE = 2
"""Reps counted as still in hand after a set said to be easy, when a bigger next weight is
weighed against it: easy is four or more in reserve, less two for the sets already done."""
EARN_EXTRA_REPS = 2
"""When the next weight is too big a step, earn it with two reps past the top of the range."""

# --- progression -------------------------------------------------------------------------------

MAX_STEP = 0.10
"""Small load steps: a step up is at most about 10% of the current load."""
FIRST_GO_STEP = 0.15
"""On an exercise's first go the weight is a guess (their pick, or derived from another lift):
an easy set takes the next weight that exists for the next set when it is at most about 15%
heavier (the next machine plate on a light stack is 11%), same reps."""
EFFECTIVE_STEP = 0.10
"""With the reps dropped, a step to the next weight asks at most about 5% more than the reps
just done (one-rep max by Epley): "increase weight or band resistance in small steps" even when
the next band or dumbbell is 40% heavier. When no rep count in the guide's 6-20 keeps it that
small, the reps rise first (up to 20)."""
REGRESS_FRACTION = 0.10
"""Back off after pain or missed targets twice running: about 10% less load."""
HARD_SESSION_SHARE = 0.5
"""A hard session is missed reps, or more than half the sets hard: one hard last set is the
normal end of a good set, not a sign to back off."""
MISSED_TO_REGRESS = 2
"""Step back only after missed targets in two outings running (or pain): progress gradually,
but never back off on one bad day."""
NEAR_TOP_REPS = 1
"""Every set easy and within one rep of the top: take the load step now ("add a small amount of
weight when sets feel easy")."""
LAYOFF = timedelta(days=10)
"""About ten days off: start back one step below the last prescription (hamstrings re-injure
when loads jump; "progress gradually")."""
LONG_LAYOFF = timedelta(days=28)
"""About four weeks off: step back further (two steps, or the easier variation)."""
LAYOFF_REP_CUT = 2
"""Fewer reps after a layoff when there is no lighter weight: two a set."""
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


# --- what is reported after a set -----------------------------------------------------------------

CHECK_LOAD_OFF_BY = 0.5
"""A weight more than 50% above or below the planned one is read back before it is logged."""
CHECK_REPS_TIMES = 2
"""Reps more than double the target are read back before they are logged..."""
CHECK_REPS_OVER = REP_MAX
"""...and so are reps past the top of the guide's 6-20."""


def load_is_surprising(load: float, planned: float) -> bool:
    """Far from the plan (both in the same unit): worth a "is that right?" before logging."""
    return planned > 0 and abs(load - planned) > CHECK_LOAD_OFF_BY * planned


def reps_are_surprising(reps: int, target: int) -> bool:
    """Far beyond the target, or past the guide's range: worth a "is that right?"."""
    return reps > CHECK_REPS_TIMES * target or reps > CHECK_REPS_OVER


# --- unfinished workouts -----------------------------------------------------------------------

RESUME_WITHIN = timedelta(hours=12)
"""An unfinished workout is offered again within 12 hours of its last step (the same training
day); an older one is closed as a partial session at launch: its sets are kept, the day is not."""
FULL_SESSION_SETS = 3
"""A session with fewer logged sets (started, then stopped) is not a hamstring day for the 48-hour
rest: a set or two leaves nothing to recover from. Its sets still count toward the week."""


def worth_resuming(last_step: datetime, now: datetime) -> bool:
    """Whether an unfinished workout last touched ``last_step`` is still today's to pick up."""
    return now - last_step <= RESUME_WITHIN


def needs_rest_after(sets: int, hurt: bool) -> bool:
    """Whether a session counts for the 48-hour rest: enough sets, or anything hurt in it (after
    pain or a pull the next session is never a full one by default)."""
    return hurt or sets >= FULL_SESSION_SETS
