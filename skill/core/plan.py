"""Today's session, planned from equipment, level and recent history.

The guide's session rules (skill.core.rules) are applied here: about three exercises (a hinge, a
curl, a bridge/Nordic/power move), at most ten sets, reps between six and twenty, 48 hours between
sessions. What it prescribes, ``PlannedExercise``, is what the guided workout then coaches.
"""

from __future__ import annotations

import math
from datetime import datetime

from pydantic import BaseModel, Field

from skill.core.catalog import Catalog, Exercise, LoadType, Movement, Slot
from skill.core.history import HistorySummary
from skill.core.loads import lighter_load
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.progression import laid_off, nordic_ready
from skill.core.rules import (
    BEGINNER_FIRST_SLOTS,
    BUILD_UP_SESSIONS,
    EXERCISES_PER_SESSION,
    LIGHTER_EXERCISES,
    LIGHTER_REP_CUT,
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


def layoff_days(history: HistorySummary, now: datetime) -> int | None:
    """Whole days since the last session when that is a layoff (rules.LAYOFF), else None."""
    away = laid_off(history.last_session_at, now)
    return None if away is None else away.days


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
    """One per slot, least recently done first, then filled up to ``count`` from what is left.

    A slot with nothing at their level stays empty (fewer exercises, never a harder level's). A
    new trainee builds up: a hinge and a bridge, then a curl once BUILD_UP_SESSIONS sessions were
    comfortable, and no Nordic before NORDIC_AFTER_SESSIONS. No Nordic on the first session back
    from a layoff either (the advice is stepping back).
    """
    level = profile.level or Level.NEW
    pool = _with_loaded_variants(catalog, profile, available(catalog, profile))
    comeback = any(a.reason.layoff for a in history.advice)
    if comeback or not nordic_ready(level, history.comfortable_sessions):
        pool = [e for e in pool if e.movement is not Movement.NORDIC]
    slots: tuple[Slot, ...] = SLOT_ORDER
    if level is Level.NEW and history.comfortable_sessions < BUILD_UP_SESSIONS:
        # A hinge and a bridge; a curl stands in only when their kit has no hinge or bridge.
        slots = (Slot.HINGE, Slot.BRIDGE_POWER, Slot.CURL)
        count = min(count, BEGINNER_FIRST_SLOTS)
    chosen: list[Exercise] = []

    def best(candidates: list[Exercise]) -> Exercise:
        return min(
            candidates,
            key=lambda e: _rank(e, profile, history, any(_related(e, c) for c in chosen)),
        )

    for slot in slots:
        candidates = [e for e in pool if slot in e.slots and e not in chosen]
        if candidates:
            chosen.append(best(candidates))
    chosen = chosen[:count]
    leftovers = [e for e in pool if e not in chosen]
    while len(chosen) < count and leftovers:
        pick = best(leftovers)
        chosen.append(pick)
        leftovers.remove(pick)
    return chosen[:count]


def _with_loaded_variants(
    catalog: Catalog, profile: Profile, pool: list[Exercise]
) -> list[Exercise]:
    """With the kit for a loaded variation of a move (barbell or dumbbell hip thrusts), the
    bodyweight version is left out of the rotation: they can add weight, so they should."""
    loaded_families = {e.family for e in pool if e.load_type is not LoadType.BODYWEIGHT}
    return [
        e for e in pool if not (e.load_type is LoadType.BODYWEIGHT and e.family in loaded_families)
    ]


def _sets(exercises: list[Exercise], budget: int, cap: int) -> list[int]:
    sets = [min(e.sets, cap) for e in exercises]
    while sum(sets) > budget:
        i = max(range(len(sets)), key=lambda k: (sets[k], k))
        sets[i] -= 1
    return sets


def plan_session(
    catalog: Catalog,
    profile: Profile,
    history: HistorySummary,
    lighter: bool = False,
    no_hinges: bool = False,
) -> SessionPlan:
    """``no_hinges``: leave out every hinge (the back is still sore from last time)."""
    if no_hinges:
        catalog = without_slot(catalog, Slot.HINGE)
    level = profile.level or Level.NEW
    if lighter:
        exercises = _lighter_choice(catalog, profile, history)
        sets = _sets(exercises, LIGHTER_EXERCISES * LIGHTER_SETS, LIGHTER_SETS)
        lighter_plan = zip(exercises, sets, strict=True)
        planned = [_lighter_targets(e, n, history) for e, n in lighter_plan if n > 0]
        return SessionPlan(exercises=planned, lighter=True)
    exercises = _follow_advice(
        catalog, profile, history, choose_exercises(catalog, profile, history)
    )
    sets = _sets(exercises, _set_budget(level, history), MAX_SETS_PER_EXERCISE)
    planned = [_targets(e, n, history) for e, n in zip(exercises, sets, strict=True) if n > 0]
    return SessionPlan(exercises=planned, lighter=lighter)


def without_slot(catalog: Catalog, slot: Slot) -> Catalog:
    """The catalog without the exercises that fill ``slot`` (links to them left dangling, so
    it is built unchecked; it is only planned from, never linked through)."""
    return Catalog.model_construct(exercises=[e for e in catalog.exercises if slot not in e.slots])


def _lighter_choice(catalog: Catalog, profile: Profile, history: HistorySummary) -> list[Exercise]:
    """A lighter session: only exercises done before, no Nordics, nothing that hurt last time,
    least recently done first (an exercise advised on to a harder variation is still fine)."""
    done_before = {i for ids in history.recent_exercises for i in ids}
    done_before |= {t.exercise_id for t in history.last_times}
    if not done_before:  # nothing to compare with: the usual first moves, minus Nordics
        fresh = [e for e in available(catalog, profile) if e.movement is not Movement.NORDIC]
        return choose_exercises_from(fresh, profile, history, LIGHTER_EXERCISES)
    pool = []
    for e in available(catalog, profile, stretch=len(Level)):
        advice = history.advice_for(e.id)
        hurt = advice is not None and advice.reason.hurt
        if e.id in done_before and e.movement is not Movement.NORDIC and not hurt:
            pool.append(e)
    return choose_exercises_from(pool, profile, history, LIGHTER_EXERCISES)


def choose_exercises_from(
    pool: list[Exercise], profile: Profile, history: HistorySummary, count: int
) -> list[Exercise]:
    """Up to ``count`` of ``pool``, one per slot first, least recently done first."""
    ranked = sorted(pool, key=lambda e: _rank(e, profile, history, False))
    chosen: list[Exercise] = []
    for slot in SLOT_ORDER:
        pick = next((e for e in ranked if slot in e.slots and e not in chosen), None)
        if pick is not None and len(chosen) < count:
            chosen.append(pick)
    return chosen + [e for e in ranked if e not in chosen][: count - len(chosen)]


def _lighter_targets(e: Exercise, sets: int, history: HistorySummary) -> PlannedExercise:
    """Below the advised targets: a weight step lighter, else fewer reps; no slower lowering."""
    usual = _targets(e, sets, history)
    if usual.load is not None and usual.unit is not None and usual.load > 0:
        lighter = lighter_load(e.load_type, usual.load, usual.unit)
        if lighter is not None:
            return usual.model_copy(update={"load": lighter, "tempo_scale": 1.0})
    reps = max(1, usual.target_reps - LIGHTER_REP_CUT)
    return usual.model_copy(update={"target_reps": reps, "tempo_scale": 1.0})


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
    """Swap in the harder or easier variation progression asked for, if it can be done. An
    exercise whose advised variation is already in the plan is left out (fewer, not stale)."""
    out: list[Exercise] = []
    for e in chosen:
        pick: Exercise | None = e
        for swap in advised_switches(e.id, history)[1:]:
            other = catalog.get(swap) if swap in catalog else None
            if other is not None and (other in chosen or other in out):
                pick = None if pick is e else pick
                break
            if other is None:
                break
            if not other.doable_with(profile.equipment):
                break
            nordic = other.movement is Movement.NORDIC
            if nordic and not nordic_ready(
                profile.level or Level.NEW, history.comfortable_sessions
            ):
                break
            pick = other
        if pick is not None:
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
