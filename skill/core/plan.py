"""Today's session, planned from equipment, level and recent history.

The guide's session rules (skill.core.rules) are applied here: about three exercises (a hinge, a
curl, a bridge/Nordic/power move), at most ten sets, reps between six and twenty, 48 hours between
sessions. What it prescribes, ``PlannedExercise``, is what the guided workout then coaches.
"""

from __future__ import annotations

import math
from datetime import datetime

from pydantic import BaseModel, Field

from skill.core.catalog import Catalog, Exercise, Slot
from skill.core.history import HistorySummary
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.rules import (
    EXERCISES_PER_SESSION,
    LEVEL_REACH,
    LIGHTER_EXERCISES,
    LIGHTER_SETS,
    MAX_SETS_PER_EXERCISE,
    MAX_SETS_PER_SESSION,
    MIN_REST,
    SET_BUDGET,
    WEEKLY_SETS_TARGET,
    clamp_reps,
    target_reps,
)

SLOT_ORDER = (Slot.HINGE, Slot.CURL, Slot.BRIDGE_POWER)


class PlannedExercise(BaseModel):
    """One exercise of a session as prescribed: sets, reps and load the workout will coach."""

    exercise_id: str
    sets: int = Field(ge=1, le=5)
    target_reps: int = Field(ge=1, le=30)
    load: float | None = Field(default=None, ge=0)
    unit: Unit | None = None
    replaced: str | None = None
    """The exercise this one stands in for (after pain, the easier variation)."""
    tempo_scale: float = Field(default=1.0, ge=1.0, le=1.6)
    """Planned slower lowering (progression), on top of the person's own slower/faster."""


class SessionPlan(BaseModel):
    exercises: list[PlannedExercise]
    lighter: bool = False

    @property
    def total_sets(self) -> int:
        return sum(p.sets for p in self.exercises)


def hours_since_last(history: HistorySummary, now: datetime) -> float | None:
    if history.last_session_at is None:
        return None
    return (now - history.last_session_at).total_seconds() / 3600


def too_soon(history: HistorySummary, now: datetime) -> bool:
    """Inside 48 hours of the last hamstring session (one with a logged set)."""
    hours = hours_since_last(history, now)
    return hours is not None and hours < MIN_REST.total_seconds() / 3600


def ready_at(history: HistorySummary) -> datetime | None:
    return None if history.last_session_at is None else history.last_session_at + MIN_REST


def available(catalog: Catalog, profile: Profile, stretch: int = 0) -> list[Exercise]:
    """What they can do with their kit at their level (or ``stretch`` levels above it)."""
    level = profile.level or Level.NEW
    return [
        e
        for e in catalog.exercises
        if level.rank + stretch >= e.level.rank and e.doable_with(profile.equipment)
    ]


def _related(a: Exercise, b: Exercise) -> bool:
    """Neighbouring steps (bridge and single-leg bridge, linked easier/harder) make a dull
    pairing. Direct links only, not whole families (Catalog.variations)."""
    return a.id in (b.easier, b.harder) or b.id in (a.easier, a.harder)


def advised_switches(exercise_id: str, history: HistorySummary) -> list[str]:
    """The exercise, then each variation progression *advice* moved it on to, in order (loops
    cut). Not the catalog family (Catalog.variations): this follows what the history earned."""
    chain = [exercise_id]
    while (advice := history.advice_for(chain[-1])) and advice.switch_to:
        if advice.switch_to in chain:
            break
        chain.append(advice.switch_to)
    return chain


def _sessions_since_used(exercise_id: str, history: HistorySummary) -> float:
    """Doing the variation an exercise was advised on to counts as doing the exercise."""
    chain = advised_switches(exercise_id, history)
    for age, done in enumerate(history.recent_exercises):
        if any(i in done for i in chain):
            return age
    return math.inf


def _rank(
    e: Exercise, profile: Profile, history: HistorySummary, related: bool
) -> tuple[float, bool, int, int]:
    """Least recently done first, then not a step of a chosen move's progression, then kit
    they told us about, then the closest level match."""
    level = profile.level or Level.NEW
    uses_owned = any(q in profile.equipment and q is not Equipment.BODYWEIGHT for q in e.equipment)
    return (
        -_sessions_since_used(e.id, history),
        related,
        0 if uses_owned else 1,
        level.rank - e.level.rank,
    )


def choose_exercises(
    catalog: Catalog, profile: Profile, history: HistorySummary, count: int = EXERCISES_PER_SESSION
) -> list[Exercise]:
    """One per slot, least recently done first, then filled up to ``count`` from what is left."""
    pool = available(catalog, profile)
    reach = available(catalog, profile, stretch=LEVEL_REACH)
    chosen: list[Exercise] = []

    def best(candidates: list[Exercise]) -> Exercise:
        return min(
            candidates,
            key=lambda e: _rank(e, profile, history, any(_related(e, c) for c in chosen)),
        )

    for slot in SLOT_ORDER:
        # A slot empty at their level borrows one level up (a beginner with a barbell still
        # gets the guide's starter RDL), never two.
        for source in (pool, reach):
            candidates = [e for e in source if slot in e.slots and e not in chosen]
            if candidates:
                chosen.append(best(candidates))
                break
    leftovers = [e for e in pool if e not in chosen]
    while len(chosen) < count and leftovers:
        pick = best(leftovers)
        chosen.append(pick)
        leftovers.remove(pick)
    return chosen[:count]


def _sets(exercises: list[Exercise], budget: int, cap: int) -> list[int]:
    sets = [min(e.sets, cap) for e in exercises]
    while sum(sets) > budget:
        i = max(range(len(sets)), key=lambda k: (sets[k], k))
        sets[i] -= 1
    return sets


def plan_session(
    catalog: Catalog, profile: Profile, history: HistorySummary, lighter: bool = False
) -> SessionPlan:
    level = profile.level or Level.NEW
    if lighter:
        exercises = choose_exercises(catalog, profile, history, LIGHTER_EXERCISES)
        exercises = _follow_advice(catalog, profile, history, exercises)
        sets = _sets(exercises, LIGHTER_EXERCISES * LIGHTER_SETS, LIGHTER_SETS)
    else:
        exercises = _follow_advice(
            catalog, profile, history, choose_exercises(catalog, profile, history)
        )
        sets = _sets(exercises, _set_budget(level, history), MAX_SETS_PER_EXERCISE)
    planned = [_targets(e, n, history) for e, n in zip(exercises, sets, strict=True) if n > 0]
    return SessionPlan(exercises=planned, lighter=lighter)


def _set_budget(level: Level, history: HistorySummary) -> int:
    """The level's usual sets, raised toward the weekly twelve when the week is running short."""
    budget = SET_BUDGET[level]
    week = history.week
    if week is not None and week.sessions >= 1:
        budget = max(budget, WEEKLY_SETS_TARGET - week.sets)
    return min(budget, MAX_SETS_PER_SESSION)


def _follow_advice(
    catalog: Catalog, profile: Profile, history: HistorySummary, chosen: list[Exercise]
) -> list[Exercise]:
    """Swap in the harder or easier variation progression asked for, if it can be done."""
    out: list[Exercise] = []
    for e in chosen:
        pick = e
        for swap in advised_switches(e.id, history)[1:]:
            other = catalog.get(swap) if swap in catalog else None
            if other is None or other in chosen or other in out:
                break
            if not other.doable_with(profile.equipment):
                break
            pick = other
        out.append(pick)
    return out


def _targets(e: Exercise, sets: int, history: HistorySummary) -> PlannedExercise:
    """Next session's targets are the advised ones; a first go starts at the range's bottom."""
    advice = history.advice_for(e.id)
    if advice is None:
        for other in history.advice:
            if other.switch_to == e.id:
                return PlannedExercise(exercise_id=e.id, sets=sets, target_reps=other.target_reps)
        return PlannedExercise(exercise_id=e.id, sets=sets, target_reps=target_reps(e))
    reps = clamp_reps(advice.target_reps)
    if advice.switch_to:
        return PlannedExercise(exercise_id=e.id, sets=sets, target_reps=target_reps(e))
    return PlannedExercise(
        exercise_id=e.id,
        sets=sets,
        target_reps=reps,
        load=advice.load,
        unit=advice.unit,
        tempo_scale=advice.tempo_scale,
    )


def estimated_minutes(catalog: Catalog, plan: list[PlannedExercise]) -> int:
    seconds = 0.0
    for p in plan:
        e = catalog.get(p.exercise_id)
        sides = 2 if e.per_side else 1
        seconds += 60 + p.sets * (p.target_reps * e.tempo.rep_seconds * sides + e.rest_seconds + 20)
    return max(5, 5 * math.ceil(seconds / 300))
