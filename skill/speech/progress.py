"""How progression advice, the weekly checks and "last time" are said: short, with the number
and the unit, one breath a sentence."""

from __future__ import annotations

from datetime import datetime

from skill.core.advice import Advice, Change, LastTime, Reason, WeekReport
from skill.core.catalog import Catalog, Exercise, LoadType
from skill.core.profile import Unit
from skill.core.rules import WEEKLY_SETS_TARGET
from skill.core.weekly import RestClock
from skill.speech.ssml import cap, day_phrase, join_names, plural, weight, words
from skill.speech.week import fix_lines

MAX_SPOKEN = 3
"""Exercises of the last session said in one answer."""


def load_words(load: float, unit: Unit | None) -> str:
    return weight(load, unit or Unit.LB)


def _at(load: float | None, unit: Unit | None) -> str:
    return f" at {load_words(load, unit)}" if load is not None else ""


def _band(a: Advice, catalog: Catalog) -> bool:
    """Band loads are estimates: a band is "the next band up", not a pound figure."""
    return catalog.get(a.exercise_id).load_type is LoadType.BAND and a.switch_to is None


def advice_line(a: Advice, catalog: Catalog) -> str:
    """One recommendation, worded from what changes and why."""
    name = cap(catalog.get(a.exercise_id).name)
    sets_of = f"{plural(a.sets, 'set')} of {words(a.target_reps)}"
    if _band(a, catalog) and a.load is not None:
        band = _band_line(a, name, sets_of)
        if band is not None:
            return band
    match a.change, a.reason:
        case Change.START, Reason.NEW_BLOCK:
            return f"{name}: a new block. Start with {sets_of}{_at(a.load, a.unit)}."
        case Change.START, _ if catalog.get(a.exercise_id).load_type is LoadType.BODYWEIGHT:
            return f"{name}: nothing logged yet. Start with {sets_of}."
        case Change.START, _:
            return f"{name}: nothing logged yet. Start with {sets_of} and tell me the weight."
        case Change.ADD_LOAD, _ if a.load is not None:
            return f"{name}: go up to {load_words(a.load, a.unit)} for {sets_of}."
        case Change.ADD_LOAD, _:
            return f"{name}: top of the range. Go up one small weight step for {sets_of}."
        case Change.ADD_REPS, Reason.BIG_JUMP:
            return (
                f"{name}: the next weight is a big jump, so stay{_at(a.load, a.unit)} "
                f"and build to {words(a.target_reps)} reps first."
            )
        case Change.ADD_REPS, _:
            lead = "same weight, aim" if a.load is not None else "aim"
            return f"{name}: {lead} for {words(a.target_reps)} reps a set{_at(a.load, a.unit)}."
        case Change.HOLD, _:
            return _hold_line(a, name)
        case Change.HARDER, _ if a.switch_to:
            other = catalog.get(a.switch_to).name
            return (
                f"{name}: you've outgrown it. Move on to {other}, {sets_of}{_at(a.load, a.unit)}."
            )
    return _step_back_line(a, name, sets_of, catalog)


def _band_line(a: Advice, name: str, sets_of: str) -> str | None:
    """Band advice in bands: next band up, same band, an easier band."""
    reps = f"{words(a.target_reps)} reps"
    match a.change:
        case Change.ADD_LOAD:
            return f"{name}: go up to the next band for {sets_of}."
        case Change.ADD_REPS:
            return f"{name}: same band, aim for {reps} a set."
        case Change.HOLD if a.reason is Reason.SLOW_LOWERING:
            return (
                f"{name}: stay at {reps} with the same band, and slow the lowering to four seconds."
            )
        case Change.HOLD:
            return f"{name}: hold at {reps} with the same band until every set feels smooth."
        case Change.REGRESS if a.reason is Reason.TWO_HARD_FEWER_REPS:
            return f"{name}: {_why(a)}, so stay with the same band and aim for {reps} a set."
        case Change.REGRESS if a.reason.layoff:
            return f"{name}: {_why(a)}, so ease back in with a lighter band for {sets_of}."
        case Change.REGRESS if a.reason in (Reason.PAIN, Reason.TWO_HARD):
            tail = " and stop if it hurts again" if a.reason.hurt else ""
            return f"{name}: {_why(a)}, so drop to a lighter band{tail}."
    return None


def _why(a: Advice) -> str:
    if a.reason.hurt:
        return "it hurt last time"
    if a.reason is Reason.LONG_LAYOFF:
        return "after a long break"
    if a.reason is Reason.LAYOFF:
        return "after some time off"
    return "you missed reps two sessions running"


def _hold_line(a: Advice, name: str) -> str:
    where = f"{words(a.target_reps)} reps{_at(a.load, a.unit)}"
    match a.reason:
        case Reason.SLOW_LOWERING:
            return f"{name}: stay at {where}, and slow the lowering to four seconds."
        case _:
            return f"{name}: hold at {where} until every set feels smooth."


def _step_back_line(a: Advice, name: str, sets_of: str, catalog: Catalog) -> str:
    """Pain, missed reps twice or a layoff: the easier variation, a lighter load, fewer reps or a
    shorter range."""
    why = _why(a)
    if a.change is Change.EASIER and a.switch_to:
        other = catalog.get(a.switch_to).name
        return f"{name}: {why}, so switch to {other} for now, {sets_of}{_at(a.load, a.unit)}."
    if a.reason.layoff:
        return f"{name}: {why}, so ease back in with {sets_of}{_at(a.load, a.unit)}."
    if a.reason is Reason.TWO_HARD_FEWER_REPS:
        lead = "stay" if a.load is not None else "keep the move"
        return (
            f"{name}: {why}, so {lead}{_at(a.load, a.unit)} "
            f"and aim for {words(a.target_reps)} reps a set."
        )
    if a.load is not None:
        # A shorter range at a weight that has nothing lighter still names the weight.
        tail = " and stop if it hurts again" if a.reason.hurt else ""
        return f"{name}: {why}, so drop to {load_words(a.load, a.unit)}{tail}."
    return f"{name}: {why}, so use a shorter range for {words(a.target_reps)} reps."


def week_answer(
    week: WeekReport | None,
    now: datetime,
    catalog: Catalog,
    upcoming: int | None = None,
    rest: RestClock | None = None,
) -> list[str]:
    if week is None or week.sessions == 0:
        found = fix_lines(week, now, catalog, upcoming, rest) if week is not None else []
        return found[:2] or ["No hamstring sessions yet this week. Aim for two, two days apart."]
    said = [f"This week: {plural(week.sessions, 'session')}, {plural(week.sets, 'set')}."]
    found = fix_lines(week, now, catalog, upcoming, rest)
    if not found:
        target = words(WEEKLY_SETS_TARGET)
        said.append(f"That's on track: two sessions, and {target} sets or more.")
    return said + found[:2]


def last_time_answer(
    last_times: list[LastTime], exercise_id: str | None, now: datetime, catalog: Catalog
) -> str:
    if not last_times:
        return "I don't have any logged sets from you yet."
    if exercise_id is not None:
        found = next((t for t in last_times if t.exercise_id == exercise_id), None)
        name = catalog.get(exercise_id).name if exercise_id in catalog else "that one"
        if found is None:
            return f"You haven't logged {name} with me yet."
        return _describe(found, now, catalog, with_day=True)
    newest = max(t.at for t in last_times)
    same_day = [t for t in last_times if t.at.date() == newest.date()]
    parts = [_describe(t, now, catalog, with_day=False) for t in same_day[:MAX_SPOKEN]]
    return f"Your last session was {day_phrase(newest, now)}. " + " ".join(parts)


def _describe(t: LastTime, now: datetime, catalog: Catalog, with_day: bool) -> str:
    name = catalog.get(t.exercise_id).name if t.exercise_id in catalog else t.exercise_id
    reps = join_names([words(r) for r in t.reps])
    lead = f"{cap(day_phrase(t.at, now))}, you did" if with_day else "You did"
    sets = plural(len(t.reps), "set")
    return f"{lead} {sets} of {name}: {reps} reps{_at(t.load, t.unit)}."


def _first_load(e: Exercise) -> str:
    """How to pick a first load, by what loads the move: bodyweight has none to pick."""
    near, do = words(e.rep_low + 2), words(e.rep_low)
    if e.load_type is LoadType.BODYWEIGHT:
        return f"No weight needed: it's bodyweight. Start with {plural(e.sets, 'set')} of {do}."
    if e.load_type is LoadType.BAND:
        return f"Pick a band you could do about {near} reps with, do {do}, and tell me how it felt."
    return f"Pick a weight you could lift about {near} times, do {do}, and tell me how it felt."


def load_answer(
    advice: Advice | None, exercise_id: str, catalog: Catalog, unit: Unit = Unit.LB
) -> str:
    e = catalog.get(exercise_id)
    if advice is None:
        return f"I don't have {e.name} logged yet. " + _first_load(e)
    if advice.switch_to:
        return advice_line(advice, catalog)
    if advice.load is None:
        if e.load_type is LoadType.BODYWEIGHT:
            return advice_line(advice, catalog)
        return (
            f"I don't know your weight on {e.name} yet. Tell me after your next set, "
            f"like ten reps at {'sixty pounds' if unit is Unit.LB else 'twenty-five kilos'}."
        )
    return (
        f"For {e.name}, use {load_words(advice.load, advice.unit)} for "
        f"{plural(advice.sets, 'set')} of {words(advice.target_reps)}."
    )
