"""What to do next time, per exercise: double progression inside the rep range.

Pure. Reads logged sessions (newest first) and answers add load, add reps, hold, regress, or change
variation, with the guide's safety rails: one change per exercise per week, load steps of about
10% at most, pain or two hard sessions running always step back.
"""

from __future__ import annotations

import itertools
import math
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from skill.core.advice import Advice, Change, LastTime
from skill.core.catalog import Catalog, Exercise, LoadType
from skill.core.history import Effort, HistorySummary, SessionRecord, SetRecord
from skill.core.profile import Level, Profile, Unit
from skill.core.rules import REP_MAX, REP_MIN, target_reps
from skill.core.weekly import week_report

CHANGE_LOCK = timedelta(days=7)
MAX_STEP = 0.10
"""A load step is at most this fraction of the current load (plus rounding to a real plate)."""
STEP_TOLERANCE = 0.005
REGRESS_FRACTION = 0.10
LB_PER_KG = 2.20462
EARN_EXTRA_REPS = 2
SLOW_LOWERING = 4 / 3
"""When neither weight nor variation can go up: lower in four seconds instead of three."""

# Sizes people actually own. Bands go by resistance level, so the 10% cap does not apply to
# them: the guide's progression for bands is the next band.
# fmt: off
_LADDERS: dict[tuple[LoadType, Unit], tuple[float, ...]] = {
    (LoadType.DUMBBELL, Unit.LB): (
        5, 8, 10, 12, 15, 17.5, 20, 22.5, 25, 27.5, 30, 32.5, 35, 37.5, 40, 42.5, 45, 47.5, 50,
        55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 105, 110, 115, 120,
    ),
    (LoadType.DUMBBELL, Unit.KG): (
        2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17.5, 20, 22.5, 25, 27.5, 30, 32.5,
        35, 37.5, 40, 42.5, 45, 47.5, 50,
    ),
    (LoadType.KETTLEBELL, Unit.KG): (4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 32, 36, 40),
    (LoadType.KETTLEBELL, Unit.LB): (
        10, 15, 20, 25, 30, 35, 40, 45, 50, 53, 55, 60, 62, 70, 80, 88, 97, 106,
    ),
    (LoadType.BAND, Unit.LB): (10, 15, 20, 25, 35, 50, 65, 80, 100, 125, 150),
    (LoadType.BAND, Unit.KG): (5, 7, 10, 15, 20, 25, 35, 45, 55, 70),
}
# fmt: on

_PLATE_STEPS: dict[Unit, tuple[float, ...]] = {Unit.LB: (5.0, 2.5), Unit.KG: (2.5, 1.25)}
"""Barbell and machine steps, largest first: the smallest plates most gyms have."""


class _Outing(BaseModel):
    """One session's worth of one exercise."""

    at: datetime
    sets: list[SetRecord]
    pain: bool

    @property
    def target(self) -> tuple[int, float | None]:
        first = self.sets[0] if self.sets else None
        return (first.target_reps, first.target_load) if first else (0, None)

    @property
    def hard(self) -> bool:
        return any(s.effort is Effort.HARD for s in self.sets) or self.missed

    @property
    def missed(self) -> bool:
        return any(s.reps < s.target_reps for s in self.sets)


def outings(exercise_id: str, sessions: list[SessionRecord]) -> list[_Outing]:
    """Every session that touched the exercise (sets logged or stopped for pain), newest first."""
    found = []
    for session in sessions:
        sets = [s for s in session.sets if s.exercise_id == exercise_id]
        pain = exercise_id in session.pain
        if sets or pain:
            when = session.last_activity if sets else (session.ended_at or session.started_at)
            found.append(_Outing(at=when, sets=sets, pain=pain))
    found.sort(key=lambda o: o.at, reverse=True)
    return found


def convert(load: float, from_unit: Unit, to_unit: Unit) -> float:
    if from_unit is to_unit:
        return load
    return load * LB_PER_KG if to_unit is Unit.LB else load / LB_PER_KG


def _round_to(value: float, step: float) -> float:
    return round(math.floor(value / step + 1e-9) * step, 2)


def next_load(load_type: LoadType, load: float, unit: Unit) -> float | None:
    """The smallest sensible step up, or None when even that would be more than about 10%."""
    ladder = _LADDERS.get((load_type, unit))
    if ladder is not None:
        bigger = [w for w in ladder if w > load + 1e-9]
        step_up = bigger[0] if bigger else load + (5.0 if unit is Unit.LB else 2.5)
        if load_type is LoadType.BAND:
            return step_up
        return step_up if step_up - load <= load * MAX_STEP + STEP_TOLERANCE * load else None
    for step in _PLATE_STEPS[unit]:
        if step <= load * MAX_STEP + STEP_TOLERANCE * load:
            return round(load + step, 2)
    return None


def lighter_load(load_type: LoadType, load: float, unit: Unit) -> float | None:
    """About 10% less, on a weight that exists; None when nothing lighter exists."""
    target = load * (1 - REGRESS_FRACTION)
    ladder = _LADDERS.get((load_type, unit))
    if ladder is not None and load <= ladder[-1] + 1e-9:
        lower = [w for w in ladder if w <= target + 1e-9]
        return lower[-1] if lower else None
    # Above the common sizes (or plates): round down to the smallest step that exists.
    step = _PLATE_STEPS[unit][-1] if ladder is None else _PLATE_STEPS[unit][0]
    lighter = _round_to(target, step)
    return lighter if 0 < lighter < load else None


def _can_do(e: Exercise, profile: Profile) -> bool:
    have = profile.available()
    return any(q in have for q in e.equipment)


def _variation(catalog: Catalog, e: Exercise, profile: Profile, harder: bool) -> Exercise | None:
    link = e.harder if harder else e.easier
    if link is None:
        return None
    other = catalog.get(link)
    level = profile.level or Level.NEW
    if harder and other.level.rank > level.rank + 1:
        return None
    return other if _can_do(other, profile) else None


def advise(
    catalog: Catalog,
    exercise_id: str,
    sessions: list[SessionRecord],
    profile: Profile,
    now: datetime,
) -> Advice:
    """The next target for one exercise from what was really done."""
    e = catalog.get(exercise_id)
    low, high = max(REP_MIN, e.rep_low), min(REP_MAX, max(e.rep_high, REP_MIN))
    history = outings(exercise_id, sessions)
    done = [o for o in history if o.sets]
    base_sets = min(e.sets, 4)
    if not history:
        return Advice(
            exercise_id=e.id,
            change=Change.START,
            sets=base_sets,
            target_reps=target_reps(e),
            reason="no data",
        )
    latest = history[0]
    last_sets = done[0].sets if done else []
    unit = next((s.unit for s in reversed(last_sets) if s.unit), None) or profile.unit
    load = _working_load(last_sets, unit)
    sets = max(base_sets, len(last_sets)) if last_sets else base_sets
    reps_now = done[0].target[0] if done else target_reps(e)
    # A target earned past the range (before a big weight jump) is kept, not clamped back.
    ceiling = (
        REP_MAX if e.load_type is LoadType.BODYWEIGHT else min(REP_MAX, high + EARN_EXTRA_REPS)
    )
    reps_now = min(ceiling, max(low, reps_now))
    common = dict(
        exercise_id=e.id,
        sets=min(sets, 4),
        unit=unit if load is not None else None,
        last_done=latest.at,
    )

    two_hard = len(done) >= 2 and done[0].hard and done[1].hard and not latest.pain
    if latest.pain or two_hard:
        reason = "pain" if latest.pain else "two hard sessions"
        lighter = (
            lighter_load(e.load_type, load, unit)
            if load is not None and e.load_type is not LoadType.BODYWEIGHT and load > 0
            else None
        )
        if lighter is not None:
            return Advice(
                change=Change.REGRESS, target_reps=low, load=lighter, reason=reason, **common
            )
        easier = _variation(catalog, e, profile, harder=False)
        if easier is not None:
            return _switch(Change.EASIER, easier, reason, common)
        return Advice(
            change=Change.REGRESS,
            target_reps=low,
            load=load,
            reason=reason + ", shorter range",
            **common,
        )

    if not done:
        return Advice(change=Change.START, target_reps=target_reps(e), reason="no data", **common)
    last = done[0]
    if _changed_recently(done, now):
        return Advice(
            change=Change.HOLD,
            target_reps=reps_now,
            load=load,
            reason="changed this week",
            **common,
        )
    if last.hard:
        reason = "missed reps" if last.missed else "a hard set"
        return Advice(change=Change.HOLD, target_reps=reps_now, load=load, reason=reason, **common)
    reps_done = min(s.reps for s in last.sets)
    at_top = reps_done >= high
    if not at_top:
        easy = all(s.effort is Effort.EASY for s in last.sets)
        add = 2 if easy else 1
        goal = min(high, max(reps_now, reps_done) + add)
        return Advice(
            change=Change.ADD_REPS, target_reps=goal, load=load, reason="reps in range", **common
        )
    if e.load_type is LoadType.BODYWEIGHT:
        harder = _variation(catalog, e, profile, harder=True)
        if harder is not None:
            return _switch(Change.HARDER, harder, "top of range", common)
        if high < REP_MAX and reps_done < REP_MAX:
            goal = min(REP_MAX, reps_done + EARN_EXTRA_REPS)
            return Advice(
                change=Change.ADD_REPS,
                target_reps=goal,
                load=None,
                reason="top of range, no harder variation",
                **common,
            )
        return Advice(
            change=Change.HOLD,
            target_reps=reps_now,
            load=None,
            reason="top of range, slow the lowering",
            tempo_scale=SLOW_LOWERING,
            **common,
        )
    if load is None:
        return Advice(
            change=Change.ADD_LOAD,
            target_reps=low,
            load=None,
            reason="top of range, weight unknown",
            **common,
        )
    heavier = next_load(e.load_type, load, unit)
    if heavier is not None:
        return Advice(
            change=Change.ADD_LOAD, target_reps=low, load=heavier, reason="top of range", **common
        )
    ceiling = min(REP_MAX, high + EARN_EXTRA_REPS)
    if reps_done < ceiling:
        return Advice(
            change=Change.ADD_REPS,
            target_reps=ceiling,
            load=load,
            reason="next weight is a big jump",
            **common,
        )
    harder = _variation(catalog, e, profile, harder=True)
    if harder is not None:
        return _switch(Change.HARDER, harder, "next weight is a big jump", common)
    return Advice(
        change=Change.HOLD,
        target_reps=reps_now,
        load=load,
        reason="top of range, slow the lowering",
        tempo_scale=SLOW_LOWERING,
        **common,
    )


def _switch(change: Change, to: Exercise, reason: str, common: dict[str, Any]) -> Advice:
    """Move to another variation: its own starting reps, and no load carried over."""
    return Advice(
        change=change,
        target_reps=target_reps(to),
        load=None,
        switch_to=to.id,
        reason=reason,
        **common | {"unit": None},
    )


def _working_load(sets: list[SetRecord], unit: Unit) -> float | None:
    """The load of the last set that had one, in ``unit``."""
    for s in reversed(sets):
        if s.load is not None:
            return round(convert(s.load, s.unit or unit, unit), 1)
    return None


def _changed_recently(done: list[_Outing], now: datetime) -> bool:
    """Was a new target (reps or load) first used less than a week ago?"""
    for newer, older in itertools.pairwise(done):
        # Calendar days, so a Thursday change frees the next Thursday whatever the hour.
        if (now.date() - newer.at.date()).days >= CHANGE_LOCK.days:
            return False
        if newer.target != older.target:
            return True
    return False


def advise_all(
    catalog: Catalog, sessions: list[SessionRecord], profile: Profile, now: datetime
) -> list[Advice]:
    """Advice for every exercise done in these sessions, most important first."""
    seen: list[str] = []
    for session in sorted(sessions, key=lambda s: s.started_at, reverse=True):
        for exercise_id in [*(s.exercise_id for s in session.sets), *session.pain]:
            if exercise_id not in seen and exercise_id in catalog:
                seen.append(exercise_id)
    advice = [advise(catalog, i, sessions, profile, now) for i in seen]
    advice = [a for a in advice if not _moved_on(a, sessions)]
    return sorted(advice, key=lambda a: (a.priority, seen.index(a.exercise_id)))


def family(catalog: Catalog, exercise_id: str) -> list[str]:
    """Variations of one movement: linked easier/harder steps that share its name.

    "Romanian deadlifts" names the barbell version; someone who only did the dumbbell one
    still wants their dumbbell numbers.
    """
    start = catalog.get(exercise_id)
    base = start.name.lower()
    found, queue = [exercise_id], [start]
    while queue:
        e = queue.pop(0)
        for link in (e.easier, e.harder):
            if link is None or link in found or link not in catalog:
                continue
            other = catalog.get(link)
            name = other.name.lower()
            if base in name or name in base:
                found.append(link)
                queue.append(other)
    return found


def _moved_on(advice: Advice, sessions: list[SessionRecord]) -> bool:
    """ "Move on to X" is done once X was trained after the exercise it replaces."""
    if advice.switch_to is None or advice.last_done is None:
        return False
    taken_up = outings(advice.switch_to, sessions)
    return bool(taken_up) and taken_up[0].at > advice.last_done


__all__ = ["Advice", "Change", "advise", "advise_all", "next_load", "summarize"]


def last_times(sessions: list[SessionRecord]) -> list[LastTime]:
    """For every exercise in these sessions, what was done the most recent time."""
    found: dict[str, LastTime] = {}
    for session in sorted(sessions, key=lambda s: s.last_activity, reverse=True):
        for exercise_id in dict.fromkeys(s.exercise_id for s in session.sets):
            if exercise_id in found:
                continue
            sets = [s for s in session.sets if s.exercise_id == exercise_id]
            loaded = [s for s in sets if s.load is not None]
            found[exercise_id] = LastTime(
                exercise_id=exercise_id,
                at=max(s.logged_at for s in sets),
                reps=[s.reps for s in sets],
                load=loaded[-1].load if loaded else None,
                unit=loaded[-1].unit if loaded else None,
            )
    return list(found.values())


def summarize(
    catalog: Catalog,
    sessions: list[SessionRecord],
    profile: Profile | None,
    now: datetime,
    active_id: str | None = None,
) -> HistorySummary:
    """Everything a session needs from history, computed once when the session starts.

    The week report leaves out the workout still in progress (``active_id``): its sets ride
    with it and are added live, so resuming it never counts them twice.
    """
    base = HistorySummary.from_sessions(sessions)
    base.advice = advise_all(catalog, sessions, profile or Profile(), now)
    base.last_times = last_times(sessions)
    base.week = week_report(sessions, now, leave_out=active_id)
    return base
