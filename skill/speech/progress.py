"""How progression advice, the weekly checks and "last time" are said: short, with the number
and the unit, one breath a sentence."""

from __future__ import annotations

from datetime import datetime

from skill.core.advice import Advice, Change, LastTime, WeekReport
from skill.core.catalog import Catalog
from skill.core.profile import Unit
from skill.core.weekly import fixes
from skill.speech.ssml import cap, day_phrase, join_names, plural, weight, words

MAX_SPOKEN = 3


def load_words(load: float, unit: Unit | None) -> str:
    return weight(load, unit or Unit.LB)


def _at(load: float | None, unit: Unit | None) -> str:
    return f" at {load_words(load, unit)}" if load is not None else ""


def advice_line(a: Advice, catalog: Catalog) -> str:
    e = catalog.get(a.exercise_id)
    name = cap(e.name)
    sets_of = f"{plural(a.sets, 'set')} of {words(a.target_reps)}"
    if a.change is Change.START:
        return f"{name}: nothing logged yet. Start with {sets_of} and tell me the weight."
    if a.change is Change.ADD_LOAD:
        if a.load is None:
            return f"{name}: top of the range. Go up one small weight step for {sets_of}."
        return f"{name}: go up to {load_words(a.load, a.unit)} for {sets_of}."
    if a.change is Change.ADD_REPS:
        if "big jump" in a.reason:
            return (
                f"{name}: the next weight is a big jump, so stay{_at(a.load, a.unit)} "
                f"and build to {words(a.target_reps)} reps first."
            )
        lead = "same weight, aim" if a.load is not None else "aim"
        return f"{name}: {lead} for {words(a.target_reps)} reps a set{_at(a.load, a.unit)}."
    if a.change is Change.HOLD:
        where = f"{words(a.target_reps)} reps{_at(a.load, a.unit)}"
        if "this week" in a.reason:
            return f"{name}: you moved up recently, so hold at {where} this week."
        if "slow" in a.reason:
            return f"{name}: stay at {where}, and slow the lowering to four seconds."
        return f"{name}: hold at {where} until every set feels smooth."
    hurt = "pain" in a.reason
    why = "It hurt last time" if hurt else "Two hard sessions running"
    if a.change is Change.EASIER and a.switch_to:
        other = catalog.get(a.switch_to)
        return f"{name}: {why.lower()}, so switch to {other.name} for now, {sets_of}."
    if a.change is Change.HARDER and a.switch_to:
        other = catalog.get(a.switch_to)
        return f"{name}: you've outgrown it. Move on to {other.name}, {sets_of}."
    if a.load is not None:
        tail = " and stop if it hurts again" if hurt else ""
        return f"{name}: {why.lower()}, so drop to {load_words(a.load, a.unit)}{tail}."
    return f"{name}: {why.lower()}, so use a shorter range for {words(a.target_reps)} reps."


def progress_answer(
    advice: list[Advice],
    week: WeekReport | None,
    now: datetime,
    catalog: Catalog,
    upcoming: int | None = None,
) -> tuple[list[str], list[str]]:
    """What to say now (at most three recommendations and one weekly fix) and what is left."""
    real = [a for a in advice if a.change is not Change.START]
    if not real:
        return [], []
    lines = [advice_line(a, catalog) for a in real]
    week_fix = fixes(week, now, catalog, upcoming)[:1] if week is not None else []
    return lines[:MAX_SPOKEN] + week_fix, lines[MAX_SPOKEN:]


def week_answer(
    week: WeekReport | None, now: datetime, catalog: Catalog, upcoming: int | None = None
) -> list[str]:
    if week is None or week.sessions == 0:
        found = fixes(week, now, catalog, upcoming) if week is not None else []
        return found[:2] or ["No hamstring sessions yet this week. Aim for two, two days apart."]
    said = [f"This week: {plural(week.sessions, 'session')}, {plural(week.sets, 'set')}."]
    found = fixes(week, now, catalog, upcoming)
    if not found:
        said.append("That's on track: two sessions, and twelve sets or more.")
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


def load_answer(advice: Advice | None, exercise_id: str, catalog: Catalog) -> str:
    e = catalog.get(exercise_id)
    if advice is None:
        return (
            f"I don't have {e.name} logged yet. Pick a weight you could lift about "
            f"{words(e.rep_low + 2)} times, do {words(e.rep_low)}, and tell me how it felt."
        )
    if advice.switch_to:
        return advice_line(advice, catalog)
    if advice.load is None:
        if e.load_type.value == "bodyweight":
            return advice_line(advice, catalog)
        return (
            f"I don't know your weight on {e.name} yet. Tell me after your next set, "
            "like ten reps at sixty pounds."
        )
    return (
        f"For {e.name}, use {load_words(advice.load, advice.unit)} for "
        f"{plural(advice.sets, 'set')} of {words(advice.target_reps)}."
    )
