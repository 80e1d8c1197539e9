"""When neither weight nor variation can go up, progression slows the lowering, and the next
session really does: the plan carries it, the set announcement says it, the count is slower."""

from __future__ import annotations

from datetime import timedelta

from skill.core import events as ev
from skill.core import workout as wk
from skill.core.advice import Change
from skill.core.catalog import load_catalog
from skill.core.history import Effort, HistorySummary
from skill.core.plan import plan_session
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.progression import advise, summarize
from skill.core.rules import SLOW_LOWERING
from skill.speech.pacing import counted_set
from skill.speech.ssml import words
from skill.speech.workout import render
from tests.factories import T0, break_seconds, make_session, make_set

CATALOG = load_catalog()
EXERCISE = "single_leg_rdl"  # dumbbells, no harder variation in the catalog
PROFILE = Profile(equipment=[Equipment.DUMBBELLS], level=Level.SOME, unit=Unit.LB)


def maxed_out(days_ago: float) -> list:  # type: ignore[type-arg]
    """Two weeks at 12 lb: the top of the range plus the two earned reps, all easy."""
    sessions = []
    for n, ago in enumerate((days_ago + 9, days_ago)):
        start = T0 - timedelta(days=ago)
        sets = [
            make_set(
                workout_id=f"w{n}",
                exercise_id=EXERCISE,
                set_number=k + 1,
                reps=14,
                target_reps=14,
                load=12,
                target_load=12,
                unit=Unit.LB,
                effort=Effort.EASY,
                logged_at=start + timedelta(minutes=5 + k),
            )
            for k in range(3)
        ]
        sessions.append(make_session(f"w{n}", started_at=start, sets=sets))
    return sorted(sessions, key=lambda s: s.started_at, reverse=True)


def test_a_light_dumbbell_at_its_ceiling_holds_with_a_slower_lowering() -> None:
    assert CATALOG.get(EXERCISE).harder is None
    a = advise(CATALOG, EXERCISE, maxed_out(3), PROFILE, T0)
    assert a.change is Change.HOLD and a.load == 12
    assert a.tempo_scale == SLOW_LOWERING
    plain = advise(CATALOG, "rdl_dumbbell", [], PROFILE, T0)
    assert plain.tempo_scale == 1.0


def test_the_next_session_plans_announces_and_counts_the_slower_lowering() -> None:
    history: HistorySummary = summarize(CATALOG, maxed_out(3), PROFILE, T0)
    history.recent_exercises = []  # no rotation: the planner's first pick is this exercise
    plan = plan_session(CATALOG, PROFILE, history)
    [planned] = [p for p in plan.exercises if p.exercise_id == EXERCISE]
    assert planned.tempo_scale == SLOW_LOWERING and planned.load == 12

    e = CATALOG.get(EXERCISE)
    ctx = wk.Context(CATALOG, T0, Unit.LB, frozenset({Equipment.DUMBBELLS, Equipment.BODYWEIGHT}))
    started = wk.start("w9", [planned], False, 20, ctx)
    state, speech = started.state, render(started.say, CATALOG)
    seconds = round(e.tempo.lower * SLOW_LOWERING)
    assert f"lower for {words(seconds)} seconds" in speech.ssml()

    counted = wk.step(state, ev.Ready(), ctx)
    usual = counted_set(e, 1, planned.target_reps, 1.0).ssml()
    assert sum(break_seconds(render(counted.say, CATALOG).ssml())) > sum(break_seconds(usual))
    logged = wk.step(counted.state, ev.LogSet(effort=Effort.RIGHT), ctx)
    assert logged.log is not None and logged.log.tempo_scale == round(SLOW_LOWERING, 2)
