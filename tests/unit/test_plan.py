"""skill.core.plan: the guide's session rules for every level and any mix of equipment."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

import pytest

from skill.core.advice import Advice, Change, Reason
from skill.core.catalog import Exercise, LoadType, Movement, Slot, load_catalog
from skill.core.history import HistorySummary
from skill.core.plan import (
    PlannedExercise,
    SessionPlan,
    available,
    estimated_minutes,
    hours_since_last,
    plan_session,
    ready_at,
    too_soon,
)
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.rules import BUILD_UP_SESSIONS, NORDIC_AFTER_SESSIONS
from tests.factories import T0, make_profile

CATALOG = load_catalog()
EVERYTHING = tuple(Equipment)
NAMED_KIT: dict[str, tuple[Equipment, ...]] = {
    "nothing-chosen": (),
    "bodyweight-only": (Equipment.BODYWEIGHT,),
    "bands-only": (Equipment.BANDS,),
    "machines-only": (Equipment.MACHINES,),
    "barbell": (Equipment.BARBELL,),
    "dumbbells": (Equipment.DUMBBELLS,),
    "kettlebell": (Equipment.KETTLEBELL,),
    "ball": (Equipment.BALL,),
    "dumbbells+bands": (Equipment.DUMBBELLS, Equipment.BANDS),
    "barbell+machines": (Equipment.BARBELL, Equipment.MACHINES),
    "kettlebell+ball": (Equipment.KETTLEBELL, Equipment.BALL),
    "home: dumbbells+bands+ball": (Equipment.DUMBBELLS, Equipment.BANDS, Equipment.BALL),
    "everything": EVERYTHING,
}
# Every subset of the seven kinds of kit, so no mix slips through.
ALL_KIT = [
    combo for r in range(len(EVERYTHING) + 1) for combo in itertools.combinations(EVERYTHING, r)
]
CASES = [(level, kit) for level in Level for kit in ALL_KIT]
CASE_IDS = [f"{level}-{'+'.join(kit) or 'none'}" for level, kit in CASES]


def _profile(level: Level, kit: tuple[Equipment, ...]) -> Profile:
    return make_profile(equipment=kit, level=level)


def _exercises(plan: SessionPlan) -> list[Exercise]:
    return [CATALOG.get(p.exercise_id) for p in plan.exercises]


def _ids(plan: SessionPlan) -> list[str]:
    return [p.exercise_id for p in plan.exercises]


def _built_up(level: Level) -> HistorySummary:
    """No history yet, except that a new trainee has built up past the first two moves (a new
    trainee's very first sessions are a hinge and a bridge only: see the beginner tests)."""
    return HistorySummary(comfortable_sessions=BUILD_UP_SESSIONS if level is Level.NEW else 0)


def _can_cover_all_slots(pool: list[Exercise]) -> bool:
    """Three distinct exercises, one per slot, exist in ``pool``."""
    hinge, curl, bridge = ([e for e in pool if slot in e.slots] for slot in Slot)
    return any(len({a.id, b.id, c.id}) == 3 for a in hinge for b in curl for c in bridge)


# --- the session rules, for every level x every mix of kit -------------------------------------


@pytest.mark.parametrize(("level", "kit"), CASES, ids=CASE_IDS)
def test_plan_obeys_the_session_rules(level: Level, kit: tuple[Equipment, ...]) -> None:
    profile = _profile(level, kit)
    plan = plan_session(CATALOG, profile, HistorySummary())
    assert 1 <= len(plan.exercises) <= 3
    assert len(set(_ids(plan))) == len(plan.exercises), "no exercise twice"
    assert plan.total_sets <= 10
    assert all(p.sets >= 1 for p in plan.exercises)
    assert all(6 <= p.target_reps <= 20 for p in plan.exercises)
    assert not plan.lighter
    have = profile.available()
    for e in _exercises(plan):
        assert any(q in have for q in e.equipment), f"{e.id} needs {e.equipment}, has {have}"


@pytest.mark.parametrize(("level", "kit"), CASES, ids=CASE_IDS)
def test_plan_stays_at_their_level(level: Level, kit: tuple[Equipment, ...]) -> None:
    """At or below their level, always: a slot nothing at their level can fill stays empty
    (fewer exercises), it never borrows a harder level's move (issue 9, item 4). Until then the
    planner borrowed one level up for an empty slot."""
    profile = _profile(level, kit)
    for history in (HistorySummary(), _built_up(level)):
        for e in _exercises(plan_session(CATALOG, profile, history)):
            assert e.level.rank <= level.rank, f"{e.id} ({e.level}) above {level}"


# "Enough equipment": three distinct exercises at their level can fill the three slots.
COVERABLE = [
    pytest.param(level, kit, id=case_id)
    for (level, kit), case_id in zip(CASES, CASE_IDS, strict=True)
    if _can_cover_all_slots(available(CATALOG, _profile(level, kit)))
]


def test_most_kits_can_cover_every_slot() -> None:
    assert len(COVERABLE) > len(CASES) // 2


@pytest.mark.parametrize(("level", "kit"), COVERABLE)
def test_plan_covers_hinge_curl_and_bridge_when_the_kit_allows(
    level: Level, kit: tuple[Equipment, ...]
) -> None:
    profile = _profile(level, kit)
    plan = _exercises(plan_session(CATALOG, profile, _built_up(level)))
    for slot in Slot:
        assert any(slot in e.slots for e in plan), f"no {slot} in {[e.id for e in plan]}"


@pytest.mark.parametrize("level", list(Level))
def test_a_full_gym_gets_a_hinge_a_curl_and_a_bridge_at_every_level(level: Level) -> None:
    plan = _exercises(plan_session(CATALOG, _profile(level, EVERYTHING), _built_up(level)))
    assert len(plan) == 3
    for slot in Slot:
        assert any(slot in e.slots for e in plan), slot
    assert all(e.level.rank <= level.rank for e in plan)


# --- rotation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize(
    "kit", ["everything", "bands-only", "dumbbells+bands", "barbell+machines"], ids=str
)
def test_last_sessions_exercises_are_rotated_out(level: Level, kit: str) -> None:
    profile = _profile(level, NAMED_KIT[kit])
    first = plan_session(CATALOG, profile, _built_up(level))
    history = _built_up(level)
    history.last_session_at, history.recent_exercises = T0, [sorted(_ids(first))]
    second = plan_session(CATALOG, profile, history)
    assert set(_ids(second)) != set(_ids(first))
    if kit == "everything":
        # A full gym has an unused alternative for every slot: nothing repeats.
        assert not set(_ids(second)) & set(_ids(first))
        for slot in Slot:
            assert any(slot in e.slots for e in _exercises(second)), slot


ROTATION_CASES = [
    pytest.param(
        level,
        kit,
        id=case_id,
        marks=[],
    )
    for (level, kit), case_id in zip(CASES, CASE_IDS, strict=True)
]


@pytest.mark.parametrize(("level", "kit"), ROTATION_CASES)
def test_rotation_changes_the_plan_whenever_an_unused_alternative_exists(
    level: Level, kit: tuple[Equipment, ...]
) -> None:
    profile = _profile(level, kit)
    first = plan_session(CATALOG, profile, HistorySummary())
    used = set(_ids(first))
    slots_used = {slot for e in _exercises(first) for slot in e.slots}
    alternatives = [
        e for e in available(CATALOG, profile) if e.id not in used and set(e.slots) & slots_used
    ]
    history = HistorySummary(last_session_at=T0, recent_exercises=[sorted(used)])
    second = plan_session(CATALOG, profile, history)
    if alternatives:
        assert set(_ids(second)) != used
    assert second.total_sets <= 10


def test_a_beginner_with_a_ball_does_not_repeat_the_identical_session() -> None:
    """Glute bridges are unused and fit the bridge slot, yet last session's plan comes back."""
    profile = _profile(Level.NEW, (Equipment.BALL,))
    first = plan_session(CATALOG, profile, HistorySummary())
    used = sorted(_ids(first))
    unused_bridges = [
        e.id
        for e in available(CATALOG, profile)
        if Slot.BRIDGE_POWER in e.slots and e.id not in used
    ]
    assert unused_bridges, "precondition: an unused bridge exists"
    history = HistorySummary(last_session_at=T0, recent_exercises=[used])
    assert sorted(_ids(plan_session(CATALOG, profile, history))) != used


def test_least_recently_done_wins_over_more_recent() -> None:
    profile = _profile(Level.NEW, (Equipment.BANDS,))
    hinges = [e.id for e in available(CATALOG, profile) if Slot.HINGE in e.slots]
    assert len(hinges) >= 2
    newest, older = hinges[0], hinges[1]
    history = HistorySummary(last_session_at=T0, recent_exercises=[[newest], [older]])
    plan = _ids(plan_session(CATALOG, profile, history))
    assert older in plan and newest not in plan


# --- 48 hours between sessions -----------------------------------------------------------------


def _history(hours_ago: float) -> HistorySummary:
    return HistorySummary(last_session_at=T0 - timedelta(hours=hours_ago), recent_exercises=[])


def test_too_soon_at_47_hours() -> None:
    assert too_soon(_history(47), T0)


def test_not_too_soon_at_49_hours() -> None:
    assert not too_soon(_history(49), T0)


def test_exactly_48_hours_is_enough_rest() -> None:
    assert not too_soon(_history(48), T0)


def test_never_too_soon_without_history() -> None:
    assert not too_soon(HistorySummary(), T0)
    assert hours_since_last(HistorySummary(), T0) is None
    assert ready_at(HistorySummary()) is None


def test_ready_at_is_48_hours_after_the_last_session() -> None:
    assert ready_at(_history(10)) == T0 + timedelta(hours=38)
    assert hours_since_last(_history(10), T0) == pytest.approx(10)


# --- lighter sessions --------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "kit"), CASES, ids=CASE_IDS)
def test_lighter_plan_has_fewer_sets_than_the_normal_plan(
    level: Level, kit: tuple[Equipment, ...]
) -> None:
    """Offered inside the 48 hours, so after a session: compared with the next normal one.
    (Until issue 9 this compared against an empty history; a lighter session now only uses
    exercises done before, so it needs one.)"""
    profile = _profile(level, kit)
    first = plan_session(CATALOG, profile, HistorySummary())
    history = HistorySummary(last_session_at=T0, recent_exercises=[sorted(_ids(first))])
    normal = plan_session(CATALOG, profile, history)
    lighter = plan_session(CATALOG, profile, history, lighter=True)
    assert lighter.lighter
    assert 1 <= len(lighter.exercises) <= len(normal.exercises)
    assert lighter.total_sets < normal.total_sets
    assert all(1 <= p.target_reps <= 20 for p in lighter.exercises)
    assert set(_ids(lighter)) <= set(_ids(first)), "only exercises done before"
    assert not any(e.movement is Movement.NORDIC for e in _exercises(lighter))
    have = profile.available()
    assert all(any(q in have for q in e.equipment) for e in _exercises(lighter))


# --- time estimate -----------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "kit"), CASES, ids=CASE_IDS)
def test_estimated_minutes_is_sane(level: Level, kit: tuple[Equipment, ...]) -> None:
    profile = _profile(level, kit)
    for lighter in (False, True):
        plan = plan_session(CATALOG, profile, HistorySummary(), lighter=lighter)
        minutes = estimated_minutes(CATALOG, plan.exercises)
        assert 5 <= minutes <= 90
        assert minutes % 5 == 0, "spoken as a round number"


def test_estimated_minutes_grows_with_the_work() -> None:
    def minutes(sets: int) -> int:
        plan = [PlannedExercise(exercise_id="rdl_barbell", sets=sets, target_reps=10)]
        return estimated_minutes(CATALOG, plan)

    assert minutes(1) <= minutes(3) <= minutes(5)
    assert minutes(1) < minutes(5)
    lighter = plan_session(
        CATALOG, _profile(Level.SOME, EVERYTHING), HistorySummary(), lighter=True
    )
    normal = plan_session(CATALOG, _profile(Level.SOME, EVERYTHING), HistorySummary())
    assert estimated_minutes(CATALOG, lighter.exercises) < estimated_minutes(
        CATALOG, normal.exercises
    )


def test_estimated_minutes_covers_at_least_the_counted_reps_and_rests() -> None:
    """A lower bound from first principles: every rep at tempo plus every rest between sets."""
    plan = plan_session(CATALOG, _profile(Level.SOME, EVERYTHING), HistorySummary()).exercises
    floor = 0.0
    for p in plan:
        e = CATALOG.get(p.exercise_id)
        sides = 2 if e.per_side else 1
        floor += p.sets * p.target_reps * e.tempo.rep_seconds * sides
        floor += (p.sets - 1) * e.rest_seconds
    assert estimated_minutes(CATALOG, plan) * 60 >= floor


def test_the_planner_does_not_depend_on_the_workout() -> None:
    """What a session prescribes lives with the planner; the workout coaches it."""
    import skill.core.plan as plan_module

    source = Path(plan_module.__file__).read_text(encoding="utf-8")
    assert "skill.core.workout" not in source
    assert PlannedExercise.__module__ == "skill.core.plan"


def test_a_lighter_session_is_lighter_in_load_or_reps_not_just_sets() -> None:
    """Fewer sets AND a lighter weight (or fewer reps): never the same targets."""
    profile = _profile(Level.SOME, (Equipment.DUMBBELLS,))
    history = HistorySummary(
        last_session_at=T0,
        recent_exercises=[["glute_bridge", "nordic_curl_assisted", "rdl_dumbbell"]],
        advice=[
            Advice(
                exercise_id="rdl_dumbbell",
                change=Change.ADD_LOAD,
                sets=3,
                target_reps=10,
                load=30,
                unit=Unit.LB,
                reason=Reason.TOP_OF_RANGE,
            ),
            Advice(
                exercise_id="glute_bridge",
                change=Change.ADD_REPS,
                sets=3,
                target_reps=14,
                reason=Reason.REPS_IN_RANGE,
            ),
        ],
    )
    normal = {p.exercise_id: p for p in plan_session(CATALOG, profile, history).exercises}
    lighter = plan_session(CATALOG, profile, history, lighter=True)
    assert {p.exercise_id for p in lighter.exercises} == {"rdl_dumbbell", "glute_bridge"}
    for p in lighter.exercises:
        usual = normal.get(p.exercise_id)
        assert p.sets <= 2
        if p.exercise_id == "rdl_dumbbell":
            assert (p.load, p.target_reps) == (25, 10), "about 10% lighter than 30 lb"
        else:
            assert p.load is None and p.target_reps == 12, "two reps fewer than the 14 advised"
        assert usual is None or p.sets < usual.sets


# --- beginners build up -------------------------------------------------------------------------


@pytest.mark.parametrize("kit", ["everything", "dumbbells", "home: dumbbells+bands+ball"])
def test_a_beginners_first_sessions_are_a_hinge_and_a_bridge(kit: str) -> None:
    profile = _profile(Level.NEW, NAMED_KIT[kit])
    for comfortable in range(BUILD_UP_SESSIONS):
        plan = _exercises(
            plan_session(CATALOG, profile, HistorySummary(comfortable_sessions=comfortable))
        )
        assert len(plan) <= 2
        assert {s for e in plan for s in e.slots} == {Slot.HINGE, Slot.BRIDGE_POWER}
        assert not any(e.movement is Movement.NORDIC for e in plan)
    built = _exercises(
        plan_session(CATALOG, profile, HistorySummary(comfortable_sessions=BUILD_UP_SESSIONS))
    )
    curls = [e for e in available(CATALOG, profile) if Slot.CURL in e.slots]
    assert len(built) == 3
    assert any(Slot.CURL in e.slots for e in built) == bool(curls), "then a curl, kit allowing"


def test_a_beginner_gets_no_nordic_until_hinge_and_bridge_have_progressed() -> None:
    """Even advised on to assisted Nordics (a stability-ball curl at the top of its range)."""
    profile = _profile(Level.NEW, (Equipment.BALL,))
    advice = [
        Advice(
            exercise_id="stability_ball_curl",
            change=Change.HARDER,
            sets=3,
            target_reps=5,
            switch_to="nordic_curl_assisted",
            reason=Reason.TOP_OF_RANGE,
        )
    ]
    for comfortable in range(NORDIC_AFTER_SESSIONS):
        history = HistorySummary(
            comfortable_sessions=comfortable,
            advice=advice,
            recent_exercises=[["glute_bridge", "stability_ball_curl"]],
        )
        for lighter in (False, True):
            plan = _exercises(plan_session(CATALOG, profile, history, lighter=lighter))
            assert not any(e.movement is Movement.NORDIC for e in plan), (comfortable, plan)


@pytest.mark.parametrize("kit", [(Equipment.BARBELL,), (Equipment.DUMBBELLS,)], ids=str)
def test_a_barbell_or_dumbbell_user_gets_a_loaded_hip_thrust(kit: tuple[Equipment, ...]) -> None:
    profile = _profile(Level.SOME, kit)
    bridges = [e for e in available(CATALOG, profile) if Slot.BRIDGE_POWER in e.slots]
    loaded = [
        e for e in bridges if e.family == "hip_thrust" and e.load_type is not LoadType.BODYWEIGHT
    ]
    assert loaded, bridges
    plan = _exercises(plan_session(CATALOG, profile, HistorySummary()))
    assert any(e in loaded for e in plan), [e.id for e in plan]
