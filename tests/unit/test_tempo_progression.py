"""When neither weight nor variation can go up, progression slows the lowering, and the next
session really does: the plan carries it, the set announcement says it, the count is slower."""

from __future__ import annotations

from datetime import timedelta

from skill.core import events as ev
from skill.core import workout as wk
from skill.core.advice import Change
from skill.core.blocks import summarize
from skill.core.catalog import load_catalog
from skill.core.effort import Effort
from skill.core.history import HistorySummary
from skill.core.plan import plan_session
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.progression import advise
from skill.core.rules import SLOW_LOWERING
from skill.speech.pacing import counted_set
from skill.speech.ssml import words
from skill.speech.workout import render
from tests.factories import T0, break_seconds, make_session, make_set

CATALOG = load_catalog()
EXERCISE = "hip_thrust"  # bodyweight; its harder variation needs dumbbells, which they lack
PROFILE = Profile(equipment=[Equipment.BODYWEIGHT], level=Level.SOME, unit=Unit.LB)
# Until issue 9 this was single-leg RDLs at 12 lb; a dumbbell now always steps to the next size.


def maxed_out(days_ago: float) -> list:  # type: ignore[type-arg]
    """Two weeks at twenty reps (the guide's most), all easy, nothing harder within reach."""
    sessions = []
    for n, ago in enumerate((days_ago + 9, days_ago)):
        start = T0 - timedelta(days=ago)
        sets = [
            make_set(
                workout_id=f"w{n}",
                exercise_id=EXERCISE,
                set_number=k + 1,
                reps=20,
                target_reps=20,
                effort=Effort.EASY,
                logged_at=start + timedelta(minutes=5 + k),
            )
            for k in range(3)
        ]
        sessions.append(make_session(f"w{n}", started_at=start, sets=sets))
    return sorted(sessions, key=lambda s: s.started_at, reverse=True)


def test_a_move_at_its_ceiling_holds_with_a_slower_lowering() -> None:
    harder = CATALOG.get(EXERCISE).harder
    assert harder is not None and not CATALOG.get(harder).doable_with(PROFILE.equipment)
    a = advise(CATALOG, EXERCISE, maxed_out(3), PROFILE, T0)
    assert a.change is Change.HOLD and a.load is None
    assert a.tempo_scale == SLOW_LOWERING
    plain = advise(CATALOG, "rdl_dumbbell", [], PROFILE, T0)
    assert plain.tempo_scale == 1.0


def test_the_next_session_plans_announces_and_counts_the_slower_lowering() -> None:
    history: HistorySummary = summarize(CATALOG, maxed_out(3), PROFILE, T0)
    assert history.programme.entry_for(EXERCISE) is not None, "the programme keeps it"
    plan = plan_session(CATALOG, PROFILE, history)
    [planned] = [p for p in plan.exercises if p.exercise_id == EXERCISE]
    assert planned.tempo_scale == SLOW_LOWERING and planned.load is None

    e = CATALOG.get(EXERCISE)
    ctx = wk.Context(CATALOG, T0, Unit.LB, frozenset({Equipment.DUMBBELLS, Equipment.BODYWEIGHT}))
    started = wk.start("w9", [planned], False, 20, ctx)
    state, speech = started.state, render(started.say, CATALOG)
    seconds = round(e.tempo.lower * SLOW_LOWERING)
    assert f"lower for {words(seconds)} seconds" in speech.ssml()

    counted = wk.step(state, ev.Ready(), ctx)
    said = list(counted.say)
    while counted.state.count_part:  # slowed, a long set is counted in turns
        counted = wk.step(counted.state, ev.Ready(), ctx)
        said += counted.say
    usual = counted_set(e, 1, planned.target_reps, 1.0).ssml()
    assert sum(break_seconds(render(said, CATALOG).ssml())) > sum(break_seconds(usual))
    logged = wk.step(counted.state, ev.LogSet(effort=Effort.RIGHT), ctx)
    assert logged.log is not None and logged.log.tempo_scale == round(SLOW_LOWERING, 2)


def test_a_ballistic_move_never_gets_a_slower_lowering() -> None:
    """Swings progress by the next bell or reps: a slow swing is not a swing (issue 9)."""
    swing = CATALOG.get("kettlebell_swing")
    assert swing.movement.ballistic
    kit = Profile(equipment=[Equipment.KETTLEBELL], level=Level.EXPERIENCED, unit=Unit.KG)
    for load in (None, 8.0, 24.0, 40.0, 48.0):
        for reps in (12, 15, 17, 20):
            sets = [
                make_set(
                    workout_id="w0",
                    exercise_id=swing.id,
                    set_number=k + 1,
                    reps=reps,
                    target_reps=reps,
                    load=load,
                    target_load=load,
                    unit=Unit.KG if load else None,
                    effort=Effort.EASY,
                    logged_at=T0 - timedelta(days=3, minutes=-k),
                )
                for k in range(3)
            ]
            done = [make_session("w0", started_at=T0 - timedelta(days=3, minutes=5), sets=sets)]
            a = advise(CATALOG, swing.id, done, kit, T0)
            assert a.tempo_scale == 1.0, (load, reps, a)
            history = summarize(CATALOG, done, kit, T0)
            planned = plan_session(CATALOG, kit, history).exercises
            assert swing.id in [p.exercise_id for p in planned], "the swing is kept"
            for p in planned:
                if CATALOG.get(p.exercise_id).movement.ballistic:
                    assert p.tempo_scale == 1.0
