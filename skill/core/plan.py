"""Today's session, planned from equipment, level and recent history.

The guide's session rules (skill.core.rules) are applied here: about three exercises (a hinge, a
curl, a bridge/Nordic/power move), at most ten sets, reps between six and twenty, 48 hours between
sessions. What it prescribes, ``PlannedExercise``, is what the guided workout then coaches.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from pydantic import Field

from skill.core.advice import Change
from skill.core.catalog import Catalog, Exercise, Movement, Slot
from skill.core.history import HistorySummary
from skill.core.loads import lighter_load
from skill.core.model import Model
from skill.core.profile import Level, Profile, Unit
from skill.core.programme import Entry
from skill.core.progression import laid_off
from skill.core.rules import (
    LIGHTER_EXERCISES,
    LIGHTER_REP_CUT,
    LIGHTER_SETS,
    MAX_SETS_PER_EXERCISE,
    MAX_SETS_PER_SESSION,
    MIN_REST,
    NORDIC_MAX_SETS,
    SET_BUDGET,
    WEEKLY_SETS_TARGET,
    clamp_reps,
)


class PlannedExercise(Model):
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


class SessionPlan(Model):
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


def _sets(
    exercises: list[Exercise],
    budget: int,
    cap: int,
    fill: bool = False,
    practised: frozenset[str] = frozenset(),
) -> list[int]:
    """Each exercise's usual sets, trimmed to the budget (the most sets lose one first).
    ``fill``: when they fall short of it (a one-set Nordic), the other moves take the spare
    sets, one at a time in plan order, up to ``cap`` each: the guide's "up to 10 sets spread
    over 3 exercises" is the work that builds strength. A Nordic starts at the guide's one set;
    one done before (``practised``) may take a second when the others are full."""
    sets = [min(e.sets, cap) for e in exercises]
    while sum(sets) > budget:
        i = max(range(len(sets)), key=lambda k: (sets[k], k))
        sets[i] -= 1

    def room(i: int) -> bool:
        e = exercises[i]
        if e.movement is not Movement.NORDIC:
            return sets[i] < cap
        return e.id in practised and sets[i] < NORDIC_MAX_SETS

    while fill and sum(sets) < budget:
        open_ = [i for i in range(len(sets)) if room(i)]
        if not open_:
            break
        nordic_last = [i for i in open_ if exercises[i].movement is not Movement.NORDIC] or open_
        i = min(nordic_last, key=lambda k: (sets[k], k))
        sets[i] += 1
    return sets


def plan_session(
    catalog: Catalog,
    profile: Profile,
    history: HistorySummary,
    lighter: bool = False,
    no_hinges: bool = False,
) -> SessionPlan:
    """Today's session: the programme's entries (skill.core.blocks), each at its prescription.

    ``no_hinges``: leave out every hinge (the back is still sore from last time). ``lighter``:
    fewer sets, a lighter load or fewer reps, only moves done before, and no Nordics.
    """
    entries = history.programme.entries
    if no_hinges:
        entries = [e for e in entries if Slot.HINGE not in catalog.get(e.exercise_id).slots]
    if lighter:
        return _lighter(catalog, entries)
    sets = planned_sets(catalog, entries, profile.level or Level.NEW, history)
    planned = [_planned(e, n) for e, n in zip(entries, sets, strict=True) if n > 0]
    return SessionPlan(exercises=planned)


def planned_sets(
    catalog: Catalog, entries: Sequence[Entry], level: Level, history: HistorySummary
) -> list[int]:
    """Each entry's sets in a full session: the level's budget (raised for a short week), spread
    as ``_sets`` spreads it. The plan counts these, and the programme's advice names them
    (``blocks.fit``), so "four sets of nine" is what the next session does."""
    exercises = [catalog.get(e.exercise_id) for e in entries]
    practised = frozenset(e.exercise_id for e in entries if e.track is not None)
    budget = _set_budget(level, history)
    return _sets(exercises, budget, MAX_SETS_PER_EXERCISE, fill=True, practised=practised)


def _planned(entry: Entry, sets: int) -> PlannedExercise:
    """The entry's prescription, as the workout coaches it."""
    a = entry.advice
    return PlannedExercise(
        exercise_id=entry.exercise_id,
        sets=sets,
        target_reps=clamp_reps(a.target_reps),
        load=a.load,
        unit=a.unit if a.load is not None else None,
        tempo_scale=a.tempo_scale,
    )


def _lighter(catalog: Catalog, entries: list[Entry]) -> SessionPlan:
    """Moves done before (all of them for someone new), no Nordics, nothing that hurt last time;
    two sets each, below the prescription: a weight step lighter, else fewer reps."""
    doable = [_known(catalog, e) for e in entries if not e.advice.reason.hurt]
    calm = [
        (p, new) for p, new in doable if catalog.get(p.exercise_id).movement is not Movement.NORDIC
    ]
    known = [p for p, new in calm if not new] or [p for p, _ in calm]
    chosen = known[:LIGHTER_EXERCISES]
    exercises = [catalog.get(p.exercise_id) for p in chosen]
    sets = _sets(exercises, LIGHTER_EXERCISES * LIGHTER_SETS, LIGHTER_SETS)
    planned = [
        _lighter_targets(catalog.get(p.exercise_id), p.model_copy(update={"sets": n}))
        for p, n in zip(chosen, sets, strict=True)
        if n > 0
    ]
    return SessionPlan(exercises=planned, lighter=True)


def _known(catalog: Catalog, entry: Entry) -> tuple[PlannedExercise, bool]:
    """The entry as a lighter day does it, and whether it would be new to them: a variation
    moved on to but not tried yet gives way to the one it was outgrown from."""
    if entry.track is not None:
        return _planned(entry, 1), False
    a = entry.advice
    if a.switch_to == entry.exercise_id and a.change is Change.HARDER:
        before = catalog.get(a.exercise_id)
        return PlannedExercise(exercise_id=before.id, sets=1, target_reps=before.rep_high), False
    return _planned(entry, 1), True


def _lighter_targets(e: Exercise, usual: PlannedExercise) -> PlannedExercise:
    """Below the prescription: a weight step lighter, else fewer reps; no slower lowering."""
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


def estimated_minutes(catalog: Catalog, plan: list[PlannedExercise]) -> int:
    seconds = 0.0
    for p in plan:
        e = catalog.get(p.exercise_id)
        sides = 2 if e.per_side else 1
        seconds += 60 + p.sets * (p.target_reps * e.tempo.rep_seconds * sides + e.rest_seconds + 20)
    return max(5, 5 * math.ceil(seconds / 300))
