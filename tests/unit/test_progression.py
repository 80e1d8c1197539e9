"""What to increase next week: double progression, the safety rails, the weekly checks and how the
answers are said. Pure functions over small hand-built histories (``make_set``/``make_session``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.core import conversation as dg
from skill.core import events as ev
from skill.core.advice import Advice, Change, LastTime, Reason, WeekReport
from skill.core.blocks import summarize
from skill.core.catalog import LoadType, Slot, load_catalog
from skill.core.effort import Effort
from skill.core.history import HistorySummary, SessionRecord
from skill.core.loads import (
    LADDERS,
    LB_PER_KG,
    STEP_TOLERANCE,
    convert,
    effort_of,
    lighter_load,
    nearest_existing,
    next_load,
)
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.programme import DoneSet, Entry, Programme, Track
from skill.core.progression import (
    advise,
    advise_all,
    comfortable_sessions,
    decide,
    last_times,
)
from skill.core.rules import EFFECTIVE_STEP, REP_MIN, clamp_reps, rep_range, target_reps
from skill.core.said import Phrase, ProgressAnswer
from skill.core.weekly import (
    NextSession,
    SessionMissing,
    SessionsTooClose,
    ShortOfSets,
    TooManySets,
    TopUp,
    issues,
    next_session_day,
    week_report,
    week_start,
)
from skill.speech import render
from skill.speech.progress import advice_line, last_time_answer, load_answer, week_answer
from skill.speech.ssml import amount, cap, weight, words
from skill.speech.week import fix_lines
from tests.factories import at, make_profile, make_session, make_set, plain_text

CATALOG = load_catalog()
NOW = at(days=30)
"""Wednesday 2024-06-05, 18:00 UTC."""
MONDAY = at(days=28)
"""Monday 2024-06-03, 18:00 UTC: the start of NOW's week is that morning at midnight."""
EVERYTHING = make_profile(
    equipment=(
        Equipment.BARBELL,
        Equipment.DUMBBELLS,
        Equipment.MACHINES,
        Equipment.KETTLEBELL,
        Equipment.BANDS,
        Equipment.BALL,
    ),
    level=Level.SOME,
)
LOADED = [t for t in LoadType if t is not LoadType.BODYWEIGHT]
STEPPED = [t for t in LOADED if t is not LoadType.BAND]
PLATED = [LoadType.BARBELL]
"""Loads stepped by plates, where a step is at most about 10% (machine stacks have a ladder)."""
MAX_STEP = 0.105
"""A step up is about 10% at most: 10% plus a half-point of rounding."""

_counter = iter(range(10_000))


def outing(
    exercise_id: str,
    days_ago: float,
    reps: int | Sequence[int],
    *,
    target: int | None = None,
    load: float | None = None,
    unit: Unit | None = Unit.LB,
    target_load: float | None = None,
    effort: Effort | Sequence[Effort | None] | None = Effort.RIGHT,
    sets: int = 3,
    pain: bool = False,
    now: datetime = NOW,
) -> SessionRecord:
    """One session of one exercise, ``days_ago`` before ``now``. ``reps`` and ``effort`` are one
    value for every set or one per set; the target defaults to what was planned (reps and load)."""
    reps_list = [reps] * sets if isinstance(reps, int) else list(reps)
    efforts = list(effort) if isinstance(effort, list | tuple) else [effort] * len(reps_list)
    workout_id = f"w{next(_counter)}"
    start = now - timedelta(days=days_ago)
    records = [
        make_set(
            workout_id=workout_id,
            exercise_id=exercise_id,
            set_number=n + 1,
            reps=r,
            target_reps=target if target is not None else reps_list[0],
            target_load=target_load if target_load is not None else load,
            load=load,
            unit=unit if load is not None else None,
            effort=e,
            logged_at=start + timedelta(minutes=5 + 3 * n),
        )
        for n, (r, e) in enumerate(zip(reps_list, efforts, strict=True))
    ]
    session = make_session(
        workout_id=workout_id, started_at=start, sets=records, exercise_ids=[exercise_id]
    )
    if pain:
        session.pain.append(exercise_id)
    return session


def history(*sessions: SessionRecord) -> list[SessionRecord]:
    """Newest first, as the store gives them."""
    return sorted(sessions, key=lambda s: s.started_at, reverse=True)


def advice_for(
    exercise_id: str, *sessions: SessionRecord, profile: Profile = EVERYTHING, now: datetime = NOW
) -> Advice:
    return advise(CATALOG, exercise_id, history(*sessions), profile, now)


# --- no data yet -------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", ["rdl_barbell", "lying_leg_curl", "glute_bridge"])
def test_no_data_yet_says_what_to_do_first(exercise_id: str) -> None:
    e = CATALOG.get(exercise_id)
    a = advise(CATALOG, exercise_id, [], EVERYTHING, NOW)
    assert a.change is Change.START
    assert a.target_reps == max(6, e.rep_low) and a.load is None
    assert a.sets == min(e.sets, 4)
    line = advice_line(a, CATALOG)
    assert line.startswith(cap(e.name)) and "nothing logged yet" in line
    bodyweight = e.load_type is LoadType.BODYWEIGHT
    assert ("tell me the weight" in line) is not bodyweight, line
    assert f"{words(a.sets)} sets of {words(a.target_reps)}" in line


def test_no_data_for_one_exercise_ignores_the_others_history() -> None:
    other = outing("lying_leg_curl", 3, 12, load=50)
    assert advice_for("rdl_barbell", other).change is Change.START


# --- double progression: top of the range -> the smallest load step ---------------------------


@pytest.mark.parametrize(
    ("exercise_id", "load", "unit", "expected"),
    [
        ("rdl_barbell", 60, Unit.LB, 65),
        ("rdl_barbell", 45, Unit.LB, 47.5),  # 5 lb on 45 would be 11%
        ("rdl_barbell", 40, Unit.KG, 42.5),
        ("lying_leg_curl", 50, Unit.LB, 55),
        ("seated_leg_curl", 30, Unit.KG, 32.5),
        ("rdl_dumbbell", 30, Unit.LB, 32.5),
        ("rdl_dumbbell", 25, Unit.KG, 27.5),
        ("kettlebell_swing", 53, Unit.LB, 55),
    ],
)
@pytest.mark.parametrize("effort", [Effort.EASY, Effort.RIGHT])
def test_top_of_the_range_without_a_hard_set_adds_the_smallest_load_step(
    exercise_id: str, load: float, unit: Unit, expected: float, effort: Effort
) -> None:
    e = CATALOG.get(exercise_id)
    top = min(20, e.rep_high)
    a = advice_for(
        exercise_id,
        outing(exercise_id, 3, top, target=max(6, e.rep_low), load=load, unit=unit, effort=effort),
    )
    assert a.change is Change.ADD_LOAD, a
    assert (a.load, a.unit) == (expected, unit)
    assert a.target_reps == max(6, e.rep_low), "back to the bottom of the range"
    assert a.switch_to is None
    assert expected - load <= MAX_STEP * load


def test_one_set_short_of_the_top_is_not_the_top() -> None:
    a = advice_for("rdl_barbell", outing("rdl_barbell", 3, [12, 12, 11], target=11, load=60))
    assert a.change is Change.ADD_REPS
    assert (a.target_reps, a.load) == (12, 60)


def test_top_of_range_with_the_weight_never_told_still_says_go_up() -> None:
    a = advice_for("rdl_barbell", outing("rdl_barbell", 3, 12, target=10))
    assert a.change is Change.ADD_LOAD and a.load is None
    assert "small weight step" in advice_line(a, CATALOG)


@pytest.mark.parametrize(
    ("exercise_id", "level", "harder"),
    [
        ("glute_bridge", Level.NEW, "single_leg_glute_bridge"),  # two-leg to single-leg bridge
        ("nordic_curl_assisted", Level.SOME, "nordic_curl"),  # assisted to full Nordic
        ("nordic_curl_assisted", Level.EXPERIENCED, "nordic_curl"),
        ("stability_ball_curl", Level.SOME, "nordic_curl_assisted"),
    ],
)
def test_bodyweight_at_the_top_moves_to_the_harder_variation(
    exercise_id: str, level: Level, harder: str
) -> None:
    e = CATALOG.get(exercise_id)
    profile = make_profile(equipment=(Equipment.BALL,), level=level)
    a = advice_for(
        exercise_id, outing(exercise_id, 3, e.rep_high, sets=e.sets, unit=None), profile=profile
    )
    assert a.change is Change.HARDER
    assert a.switch_to == harder and a.load is None
    assert a.target_reps == max(6, CATALOG.get(harder).rep_low)
    line = advice_line(a, CATALOG)
    assert CATALOG.get(harder).name in line and cap(e.name) in line


def test_a_beginner_is_not_sent_two_levels_up() -> None:
    """Full Nordics are for experienced lifters; a new trainee earns more assisted reps instead."""
    profile = make_profile(equipment=(), level=Level.NEW)
    a = advice_for(
        "nordic_curl_assisted", outing("nordic_curl_assisted", 3, 10, sets=1), profile=profile
    )
    assert a.change is Change.ADD_REPS and a.switch_to is None
    assert a.target_reps == 12


def test_a_harder_variation_needing_missing_kit_is_not_offered() -> None:
    """Bodyweight hip thrusts at the top: dumbbell hip thrusts need dumbbells. (Was dumbbell RDLs
    stuck at 20 lb; dumbbells now always have a next size, see the next tests.)"""
    profile = make_profile(equipment=(Equipment.BODYWEIGHT,), level=Level.SOME)
    a = advice_for("hip_thrust", outing("hip_thrust", 3, 12, unit=None), profile=profile)
    assert a.switch_to is None
    assert a.change is Change.ADD_REPS and a.reason is Reason.TOP_NO_HARDER


def test_a_plate_step_too_big_earns_reps_first_then_the_harder_variation() -> None:
    """A 20 lb bar: 2.5 lb would be 12.5%, so build to two reps past the range first. (Was a
    20 lb dumbbell, which now moves to 22.5 lb: the next size people own.)"""
    a = advice_for("rdl_barbell", outing("rdl_barbell", 3, 12, target=10, load=20))
    assert a.change is Change.ADD_REPS and a.reason is Reason.BIG_JUMP
    assert (a.target_reps, a.load, a.unit) == (14, 20, Unit.LB)
    assert "big jump" in advice_line(a, CATALOG)
    a = advice_for("rdl_barbell", outing("rdl_barbell", 3, 14, target=14, load=20))
    assert a.change is Change.HARDER and a.switch_to == "deadlift"


@pytest.mark.parametrize(("load", "heavier"), [(20, 22.5), (22.5, 25), (10, 12), (12, 15)])
def test_a_light_dumbbell_moves_to_the_next_size_with_reps_at_the_bottom(
    load: float, heavier: float
) -> None:
    """Issue 9: a 22.5 lb dumbbell never went up. The next size, even over 10%, with the reps
    back at the bottom of the range so the work done barely changes."""
    a = advice_for("rdl_dumbbell", outing("rdl_dumbbell", 3, 12, target=12, load=load))
    assert (a.change, a.load) == (Change.ADD_LOAD, heavier)
    # The bottom of the range (10), or fewer (not under the guide's six) when even that would
    # ask more than about 10% over twelve reps at the old size (one-rep max by Epley).
    reps = a.target_reps
    assert REP_MIN <= reps <= 10
    assert effort_of(heavier, reps) <= effort_of(load, 12) * (1 + EFFECTIVE_STEP) + 1e-9
    assert reps == 10 or effort_of(heavier, reps + 1) > effort_of(load, 12) * (1 + EFFECTIVE_STEP)


@pytest.mark.parametrize(("load", "unit", "heavier"), [(35, Unit.LB, 50), (15, Unit.KG, 20)])
def test_a_big_band_step_is_earned_with_reps_then_taken_with_fewer(
    load: float, unit: Unit, heavier: float
) -> None:
    """Bands come in big steps (35 to 50 lb is 43%). The next band when its reps, dropped as low
    as the guide's six, keep the step within about 10% (one-rep max by Epley); until then the
    reps rise past the range, up to the guide's 20."""
    e = CATALOG.get("rdl_band")
    low, high = rep_range(e)
    for reps in range(high, 21):
        a = advice_for("rdl_band", outing("rdl_band", 3, reps, target=reps, load=load, unit=unit))
        if a.change is Change.ADD_REPS:
            assert a.reason is Reason.BIG_JUMP and (a.load, a.target_reps) == (load, reps + 1)
            continue
        assert (a.change, a.load, a.unit) == (Change.ADD_LOAD, heavier, unit)
        assert REP_MIN <= a.target_reps <= low
        assert effort_of(heavier, a.target_reps) <= effort_of(load, reps) * (1 + EFFECTIVE_STEP)
        break
    else:
        raise AssertionError("never the next band")
    if load == 35:
        assert reps == 20, "35 to 50 lb waits for twenty reps"


def test_a_kettlebell_swing_moves_to_the_next_bell_never_a_slower_swing() -> None:
    profile = make_profile(equipment=(Equipment.KETTLEBELL,), level=Level.EXPERIENCED)
    for bell in LADDERS[(LoadType.KETTLEBELL, Unit.KG)]:
        for reps in (15, 17, 20):
            a = advice_for(
                "kettlebell_swing",
                outing("kettlebell_swing", 3, reps, target=reps, load=bell, unit=Unit.KG),
                profile=profile,
            )
            assert a.tempo_scale == 1.0 and a.reason is not Reason.SLOW_LOWERING, (bell, a)
            if reps < 20 and a.change is Change.ADD_REPS:
                # The next bell is a big step (4 to 6 kg is 50%): reps first, up to 20.
                assert a.reason is Reason.BIG_JUMP and a.load == bell and a.target_reps > reps
                continue
            assert a.change is Change.ADD_LOAD and a.load is not None and a.load > bell


# --- double progression: inside the range -> add reps -----------------------------------------


@pytest.mark.parametrize(
    ("done", "effort", "expected"),
    [
        (10, Effort.RIGHT, 11),
        (11, Effort.RIGHT, 12),  # never past the top of the range
    ],
)
def test_reps_inside_the_range_that_felt_fine_add_reps(
    done: int, effort: Effort, expected: int
) -> None:
    a = advice_for("rdl_barbell", outing("rdl_barbell", 3, done, target=10, load=60, effort=effort))
    assert a.change is Change.ADD_REPS
    assert (a.target_reps, a.load, a.unit) == (expected, 60, Unit.LB)
    line = advice_line(a, CATALOG)
    assert f"{words(expected)} reps" in line and "sixty pounds" in line


def test_every_set_easy_in_the_range_takes_a_small_load_step_keeping_the_reps() -> None:
    """Easy on every set: the small plate step now (60 -> 65 lb, 8%), at the same reps."""
    a = advice_for(
        "rdl_barbell", outing("rdl_barbell", 3, 10, target=10, load=60, effort=Effort.EASY)
    )
    assert (a.change, a.reason) == (Change.ADD_LOAD, Reason.EASY_NEAR_TOP)
    assert (a.target_reps, a.load, a.unit) == (10, 65, Unit.LB)


def test_every_set_easy_with_a_big_next_size_adds_reps_first() -> None:
    """The next dumbbell is over 10% (20 -> 22.5 lb): reps first, two at a time."""
    a = advice_for(
        "rdl_dumbbell", outing("rdl_dumbbell", 3, 10, target=10, load=20, effort=Effort.EASY)
    )
    assert (a.change, a.target_reps, a.load) == (Change.ADD_REPS, 12, 20)


def test_every_set_easy_one_rep_short_of_the_top_takes_the_load_step() -> None:
    """Easy on every set and near the top: the weight goes up now (was: 11 easy -> 12 reps)."""
    a = advice_for(
        "rdl_barbell", outing("rdl_barbell", 3, 11, target=10, load=60, effort=Effort.EASY)
    )
    assert (a.change, a.reason, a.load, a.target_reps) == (
        Change.ADD_LOAD,
        Reason.EASY_NEAR_TOP,
        65,
        10,
    )
    assert (
        advice_line(a, CATALOG)
        == "Romanian deadlifts: go up to sixty-five pounds for three sets of ten."
    )


def test_mixed_easy_and_right_adds_one_rep() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 3, 10, load=60, effort=[Effort.EASY, Effort.RIGHT, Effort.EASY]),
    )
    assert (a.change, a.target_reps) == (Change.ADD_REPS, 11)


def test_sets_without_an_effort_count_as_fine() -> None:
    a = advice_for("rdl_barbell", outing("rdl_barbell", 3, 10, load=60, effort=None))
    assert (a.change, a.target_reps) == (Change.ADD_REPS, 11)


# --- hold -------------------------------------------------------------------------------------


def test_a_hard_set_holds_the_target() -> None:
    """One hard set (not the last) holds."""
    hard_middle = [Effort.RIGHT, Effort.HARD, Effort.RIGHT]
    a = advice_for(
        "rdl_barbell", outing("rdl_barbell", 3, 12, target=12, load=60, effort=hard_middle)
    )
    assert a.change is Change.HOLD and a.reason is Reason.HARD_SET
    assert (a.target_reps, a.load, a.unit) == (12, 60, Unit.LB)
    line = advice_line(a, CATALOG)
    assert line.startswith("Romanian deadlifts:") and "twelve reps at sixty pounds" in line


def test_missed_reps_hold_the_target() -> None:
    a = advice_for("rdl_barbell", outing("rdl_barbell", 3, [10, 10, 8], target=10, load=60))
    assert a.change is Change.HOLD and a.reason is Reason.MISSED_REPS
    assert (a.target_reps, a.load) == (10, 60)


def test_one_hard_session_after_a_good_one_is_only_a_hold() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 10, 10, load=60),
        outing("rdl_barbell", 3, 10, load=60, effort=Effort.HARD),
    )
    assert a.change is Change.HOLD


def test_holding_keeps_a_rep_target_earned_past_the_range() -> None:
    """20 lb dumbbell RDLs earned a target of 14 ('the next weight is a big jump'); a hard set at
    14 must hold 14, not silently drop the target back to 12 (and flip-flop 12/14 forever)."""
    a = advice_for(
        "rdl_dumbbell",
        outing("rdl_dumbbell", 12, 14, target=14, load=20),
        outing("rdl_dumbbell", 3, [14, 14, 13], target=14, load=20, effort=Effort.HARD),
        profile=make_profile(equipment=(Equipment.DUMBBELLS,)),
    )
    assert a.change is Change.HOLD and a.reason is Reason.MISSED_REPS
    assert (a.target_reps, a.load) == (14, 20)


def test_a_target_earned_past_the_range_keeps_moving_next_session() -> None:
    """Assisted Nordics (range 5-10) for a beginner went 6 -> 12 reps two days ago. There is no
    weekly lock any more (issue 9): the next session moves on from 12 (never back to the range
    top of 10), and with no harder variation in reach, by reps past the range."""
    profile = make_profile(equipment=(), level=Level.NEW)
    a = advice_for(
        "nordic_curl_assisted",
        outing("nordic_curl_assisted", 6, 10, target=6, sets=1),
        outing("nordic_curl_assisted", 2, 12, target=12, sets=1, effort=Effort.EASY),
        profile=profile,
    )
    assert a.change is Change.ADD_REPS and a.reason is Reason.TOP_NO_HARDER
    assert a.target_reps == 14 and a.switch_to is None


# --- regress: pain, or two hard sessions running -----------------------------------------------


def test_pain_regresses_to_a_lighter_load() -> None:
    a = advice_for("rdl_barbell", outing("rdl_barbell", 3, 10, load=100, pain=True))
    assert a.change is Change.REGRESS and a.reason is Reason.PAIN
    assert (a.load, a.unit, a.target_reps) == (90, Unit.LB, 10)
    line = advice_line(a, CATALOG)
    assert "hurt" in line and "ninety pounds" in line and "stop if it hurts again" in line


def test_pain_before_the_first_set_uses_the_last_known_load() -> None:
    stopped = make_session(workout_id="hurt", started_at=NOW - timedelta(days=1), sets=[])
    stopped.pain.append("rdl_barbell")
    a = advice_for("rdl_barbell", outing("rdl_barbell", 5, 10, load=100), stopped)
    assert a.change is Change.REGRESS and a.load == 90


def test_pain_on_a_bodyweight_exercise_moves_to_the_easier_variation() -> None:
    a = advice_for(
        "single_leg_glute_bridge", outing("single_leg_glute_bridge", 3, 10, unit=None, pain=True)
    )
    assert a.change is Change.EASIER and a.switch_to == "glute_bridge"
    assert a.load is None and a.unit is None
    assert "glute bridges" in advice_line(a, CATALOG)


def test_pain_with_no_easier_variation_shortens_the_range() -> None:
    a = advice_for("glute_bridge", outing("glute_bridge", 3, 12, unit=None, pain=True))
    assert a.change is Change.REGRESS and a.switch_to is None
    assert a.reason is Reason.PAIN_SHORTER_RANGE and a.reason.hurt
    assert "shorter range" in advice_line(a, CATALOG)


def test_two_hard_sessions_with_nothing_lighter_or_easier_shorten_the_range() -> None:
    """5 lb is the lightest dumbbell, and without bands the band RDL is out of reach."""
    a = advice_for(
        "rdl_dumbbell",
        outing("rdl_dumbbell", 6, [10, 10, 8], target=10, load=5, effort=Effort.HARD),
        outing("rdl_dumbbell", 2, [10, 9, 8], target=10, load=5, effort=Effort.HARD),
        profile=make_profile(equipment=(Equipment.DUMBBELLS,), level=Level.SOME),
    )
    assert (a.change, a.reason, a.load) == (Change.REGRESS, Reason.TWO_HARD_SHORTER_RANGE, 5)
    assert not a.reason.hurt
    # The weight is named again (word for word as before typed reasons).
    assert advice_line(a, CATALOG) == (
        "Dumbbell Romanian deadlifts: you missed reps two sessions running, so drop to five pounds."
    )


def test_hard_sessions_with_every_rep_made_hold_never_regress() -> None:
    """Issue 9: lying curls went 95 -> 85 lb though every rep was made. Hard sets alone hold;
    only missed targets twice running (or pain) step back. (Was: REGRESS to 90.)"""
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 6, 10, load=100, effort=Effort.HARD),
        outing("rdl_barbell", 2, 10, load=100, effort=[Effort.RIGHT, Effort.HARD, Effort.HARD]),
    )
    assert a.change is Change.HOLD and a.load == 100


def test_a_hard_last_set_alone_is_not_a_hard_session() -> None:
    last_hard = [Effort.RIGHT, Effort.RIGHT, Effort.HARD]
    sessions = history(
        outing("lying_leg_curl", 6, 10, target=10, load=95, effort=last_hard),
        outing("lying_leg_curl", 2, 10, target=10, load=95, effort=last_hard),
    )
    a = advise(CATALOG, "lying_leg_curl", sessions, EVERYTHING, NOW)
    # Every rep made, only the last set hard: a well-loaded session. One more rep, not two,
    # and not more load inside the range.
    assert (a.change, a.reason, a.load, a.target_reps) == (
        Change.ADD_REPS,
        Reason.HARD_LAST_SET,
        95,
        11,
    )
    assert comfortable_sessions(sessions) == 2, "neither was a hard session"
    most_hard = [Effort.HARD, Effort.RIGHT, Effort.HARD]
    hard = history(outing("lying_leg_curl", 2, 10, target=10, load=95, effort=most_hard))
    assert comfortable_sessions(hard) == 0, "most sets hard is a hard session"


def test_two_hard_sessions_running_with_missed_reps_regress() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 6, [10, 9, 9], target=10, load=100, effort=Effort.HARD),
        outing("rdl_barbell", 2, [10, 10, 8], target=10, load=100, effort=Effort.HARD),
    )
    assert a.change is Change.REGRESS and a.reason is Reason.TWO_HARD
    assert a.load == 90
    assert "missed reps two sessions running" in advice_line(a, CATALOG)


def test_a_near_miss_twice_at_the_bottom_steps_down_one_weight_not_ten_percent() -> None:
    """Deadlifts 6, 6, 6, 5 at 210 lb twice: one plate off (205), not about 10% (187.5). The
    next dumbbell down for dumbbells. A bigger miss, or an earlier set short, is still ~10%."""
    near = advice_for(
        "deadlift",
        outing("deadlift", 6, [6, 6, 6, 5], target=6, load=210, effort=Effort.HARD),
        outing("deadlift", 2, [6, 6, 6, 5], target=6, load=210, effort=Effort.HARD),
    )
    assert (near.change, near.reason, near.load, near.target_reps) == (
        Change.REGRESS,
        Reason.TWO_HARD,
        205,
        6,
    )
    dumbbell = advice_for(
        "rdl_dumbbell",
        outing("rdl_dumbbell", 6, [10, 10, 9], target=10, load=50, effort=Effort.HARD),
        outing("rdl_dumbbell", 2, [10, 10, 9], target=10, load=50, effort=Effort.HARD),
    )
    assert (dumbbell.change, dumbbell.load) == (Change.REGRESS, 47.5)  # the next size down
    for reps in ([6, 6, 6, 4], [6, 5, 6, 6]):
        far = advice_for(
            "deadlift",
            outing("deadlift", 6, [6, 6, 6, 5], target=6, load=210, effort=Effort.HARD),
            outing("deadlift", 2, reps, target=6, load=210, effort=Effort.HARD),
        )
        assert (far.change, far.load) == (Change.REGRESS, 187.5), (reps, far)


def test_missed_reps_once_only_hold() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 6, 10, target=10, load=100),
        outing("rdl_barbell", 2, [10, 10, 8], target=10, load=100),
    )
    assert (a.change, a.reason, a.load) == (Change.HOLD, Reason.MISSED_REPS, 100)


def test_missed_reps_twice_running_regress() -> None:
    a = advice_for(
        "lying_leg_curl",
        outing("lying_leg_curl", 6, [8, 8, 6], target=8, load=80),
        outing("lying_leg_curl", 2, [8, 7, 6], target=8, load=80),
    )
    assert a.change is Change.REGRESS and a.load == 70  # 72 rounded down to a plate


def test_two_hard_sessions_with_a_good_one_between_do_not_regress() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 12, 10, load=100, effort=Effort.HARD),
        outing("rdl_barbell", 8, 10, load=100),
        outing("rdl_barbell", 2, 10, load=100, effort=Effort.HARD),
    )
    assert a.change is Change.HOLD


def test_two_hard_bodyweight_sessions_move_to_the_easier_variation() -> None:
    """Missed at the guide's floor of six twice: the same Nordic lowered only part way, which
    needs no kit (the stability ball comes after it), at the bottom of its range."""
    a = advice_for(
        "nordic_curl_assisted",
        outing("nordic_curl_assisted", 6, 4, target=6, sets=1, effort=Effort.HARD, unit=None),
        outing("nordic_curl_assisted", 2, 5, target=6, sets=1, effort=Effort.HARD, unit=None),
    )
    assert a.change is Change.EASIER and a.switch_to == "nordic_curl_partial"
    assert a.target_reps == 6 and a.load is None
    assert "switch to part-way Nordic curls for now, one set of six" in advice_line(a, CATALOG)


def test_the_assisted_nordic_at_six_steps_back_without_a_ball() -> None:
    """Dumbbells only, no ball: missing the six-rep floor twice still gives a real easier step
    (part way), not "a shorter range" at the same six reps forever."""
    dumbbells = Profile(equipment=[Equipment.DUMBBELLS], level=Level.SOME)
    a = advice_for(
        "nordic_curl_assisted",
        outing("nordic_curl_assisted", 6, 5, target=6, sets=2, effort=Effort.HARD, unit=None),
        outing("nordic_curl_assisted", 2, 5, target=6, sets=2, effort=Effort.HARD, unit=None),
        profile=dumbbells,
    )
    assert (a.change, a.switch_to) == (Change.EASIER, "nordic_curl_partial")
    # Two sets were done of the assisted one; a move not done yet opens with the one set the
    # next session gives it, and the advice says so.
    assert a.sets == 1
    assert "for now, one set of six." in advice_line(a, CATALOG)


def test_the_part_way_nordic_builds_back_to_the_assisted_one() -> None:
    """Every rep of the top of its range made: back to the full assisted Nordic."""
    dumbbells = Profile(equipment=[Equipment.DUMBBELLS], level=Level.SOME)
    a = advice_for(
        "nordic_curl_partial",
        outing("nordic_curl_partial", 2, 10, target=10, sets=2, unit=None),
        profile=dumbbells,
    )
    assert (a.change, a.switch_to) == (Change.HARDER, "nordic_curl_assisted")


def test_the_part_way_nordic_missed_twice_goes_to_the_ball_when_there_is_one() -> None:
    a = advice_for(
        "nordic_curl_partial",
        outing("nordic_curl_partial", 6, 4, target=6, sets=1, effort=Effort.HARD, unit=None),
        outing("nordic_curl_partial", 2, 5, target=6, sets=1, effort=Effort.HARD, unit=None),
    )
    assert a.change is Change.EASIER and a.switch_to == "stability_ball_curl"


def test_missed_twice_on_a_big_band_step_steps_back_a_band_at_matching_reps() -> None:
    """Seven of eight twice on the 50 lb band: the 35 lb band (30% lighter) at the reps that ask
    about 10% less than the seven made, not the bottom of the range (about 40% less)."""
    a = advice_for(
        "rdl_band",
        outing("rdl_band", 6, 7, target=8, load=50, effort=Effort.HARD),
        outing("rdl_band", 2, 7, target=8, load=50, effort=Effort.HARD),
    )
    assert (a.change, a.reason, a.load) == (Change.REGRESS, Reason.TWO_HARD, 35)
    assert a.target_reps == 17
    assert effort_of(35, 17) <= 0.9 * effort_of(50, 7) < effort_of(35, 18)
    assert advice_line(a, CATALOG) == (
        "Band Romanian deadlifts: you missed reps two sessions running, so drop to a lighter band."
    )


def test_a_band_step_back_said_in_kilograms_stays_in_kilograms() -> None:
    a = advice_for(
        "rdl_band",
        outing("rdl_band", 6, [8, 7, 6], target=9, load=25, unit=Unit.KG, effort=Effort.HARD),
        outing("rdl_band", 2, [8, 7, 6], target=9, load=25, unit=Unit.KG, effort=Effort.HARD),
    )
    assert (a.change, a.load, a.unit) == (Change.REGRESS, 20, Unit.KG)
    # The best set (eight), not the tired last one, sets the reps: about 10% under it.
    assert a.target_reps == 12
    assert effort_of(20, 12) <= 0.9 * effort_of(25, 8) < effort_of(20, 13)


def test_pain_on_a_band_steps_back_a_band_at_the_bottom_of_the_range() -> None:
    a = advice_for("rdl_band", outing("rdl_band", 2, 8, target=8, load=50, pain=True))
    low, _high = rep_range(CATALOG.get("rdl_band"))
    assert (a.change, a.load, a.target_reps) == (Change.REGRESS, 35, low)


def test_regressing_from_the_lightest_dumbbell_really_gets_easier() -> None:
    """Pain on 5 lb dumbbell RDLs: there is no lighter dumbbell, so the advice must be the easier
    variation (bands are there), not 'drop to five pounds'."""
    a = advice_for("rdl_dumbbell", outing("rdl_dumbbell", 3, 10, load=5, pain=True))
    assert (a.load is not None and a.load < 5) or a.change is Change.EASIER, a


# --- progression by session: no weekly lock (issue 9) -------------------------------------------


def test_a_load_changed_last_session_may_change_again_next_session() -> None:
    """60 -> 65 lb three days ago, every rep made and easy: the next session takes the next
    step (the weekly lock that held it at 65 is gone)."""
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 10, 12, target=10, load=60),
        outing("rdl_barbell", 3, 12, target=10, load=65, effort=Effort.EASY),
    )
    assert (a.change, a.reason) == (Change.ADD_LOAD, Reason.TOP_OF_RANGE)
    assert (a.target_reps, a.load, a.unit) == (10, 70, Unit.LB)
    assert "moved up recently" not in advice_line(a, CATALOG)


def test_a_rep_target_changed_last_session_may_change_again_next_session() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 6, 10, target=10, load=60),
        outing("rdl_barbell", 2, 11, target=11, load=60),
    )
    assert (a.change, a.reason) == (Change.ADD_REPS, Reason.REPS_IN_RANGE)
    assert (a.target_reps, a.load) == (12, 60)


def test_a_hard_set_right_after_a_change_still_holds() -> None:
    """Per-session progression still follows the rules: a hard set holds the new target."""
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 6, 12, target=10, load=60),
        outing("rdl_barbell", 2, 10, target=10, load=65, effort=[Effort.HARD] + [Effort.RIGHT] * 2),
    )
    assert (a.change, a.reason) == (Change.HOLD, Reason.HARD_SET)
    assert (a.target_reps, a.load) == (10, 65)


def test_missed_targets_two_outings_running_step_back_even_days_apart() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 4, [10, 9, 8], target=10, load=65),
        outing("rdl_barbell", 2, [10, 9, 9], target=10, load=65),
    )
    assert (a.change, a.reason) == (Change.REGRESS, Reason.TWO_HARD)
    assert a.load is not None and a.load < 65


def test_after_seven_days_the_next_change_is_allowed() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 15, 12, target=10, load=60),
        outing("rdl_barbell", 8, 12, target=10, load=65),
    )
    assert (a.change, a.load) == (Change.ADD_LOAD, 70)


def test_the_same_target_again_is_no_change() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 5, 10, target=10, load=60),
        outing("rdl_barbell", 2, 12, target=10, load=60),
    )
    assert (a.change, a.load) == (Change.ADD_LOAD, 65)


def test_the_lock_counts_from_the_session_that_used_the_new_target() -> None:
    sessions = [
        outing("rdl_barbell", 20, 12, target=10, load=60),
        outing("rdl_barbell", 13, 12, target=10, load=65),  # changed 13 days ago
        outing("rdl_barbell", 9, 12, target=10, load=65),
        outing("rdl_barbell", 2, 12, target=10, load=65),
    ]
    assert advice_for("rdl_barbell", *sessions).change is Change.ADD_LOAD


def test_pain_regresses_even_inside_the_lock() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 6, 12, target=10, load=60),
        outing("rdl_barbell", 2, 10, target=10, load=65, pain=True),
    )
    assert a.change is Change.REGRESS and a.load == 57.5


def test_two_hard_sessions_regress_even_inside_the_lock() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 5, 8, target=10, load=60, effort=Effort.HARD),
        outing("rdl_barbell", 2, 9, target=10, load=55, effort=Effort.HARD),
    )
    assert a.change is Change.REGRESS and a.load == 47.5


def test_a_step_back_is_followed_by_progress_when_the_next_session_goes_well() -> None:
    """Pain at 100 lb, then every rep easy at 90 two days ago: no lock, the next step up (one
    smallest plate step, not straight back to 100)."""
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 6, 10, target=10, load=100, pain=True),
        outing("rdl_barbell", 2, 12, target=10, load=90, effort=Effort.EASY),
    )
    assert (a.change, a.reason) == (Change.ADD_LOAD, Reason.TOP_OF_RANGE)
    assert (a.target_reps, a.load) == (10, 95)


def test_a_step_back_followed_by_a_hard_set_holds() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 6, 10, target=10, load=100, pain=True),
        outing(
            "rdl_barbell",
            2,
            10,
            target=10,
            load=90,
            effort=[Effort.RIGHT, Effort.HARD, Effort.RIGHT],
        ),
    )
    assert (a.change, a.reason) == (Change.HOLD, Reason.HARD_SET)
    assert (a.target_reps, a.load) == (10, 90)


# --- next_load and lighter_load ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("load_type", "unit", "load", "expected"),
    [
        (LoadType.BARBELL, Unit.LB, 45, 47.5),
        (LoadType.BARBELL, Unit.LB, 50, 55),
        (LoadType.BARBELL, Unit.LB, 135, 140),
        (LoadType.BARBELL, Unit.LB, 20, None),
        (LoadType.BARBELL, Unit.KG, 20, 21.25),
        (LoadType.BARBELL, Unit.KG, 25, 27.5),
        (LoadType.BARBELL, Unit.KG, 100, 102.5),
        (LoadType.MACHINE, Unit.LB, 30, 35),  # stacks go up in 5 lb plates
        (LoadType.MACHINE, Unit.LB, 90, 95),
        (LoadType.MACHINE, Unit.KG, 40, 42.5),
        (LoadType.MACHINE, Unit.KG, 10, 12.5),
        (LoadType.DUMBBELL, Unit.LB, 25, 27.5),
        (LoadType.DUMBBELL, Unit.LB, 50, 55),
        (LoadType.DUMBBELL, Unit.LB, 20, 22.5),  # 12.5%, reps back to the bottom
        (LoadType.DUMBBELL, Unit.LB, 120, 125),  # past the rack: five more
        (LoadType.DUMBBELL, Unit.KG, 10, 12),  # kilogram racks go 2 kg apart to 20
        (LoadType.DUMBBELL, Unit.KG, 16, 18),
        (LoadType.DUMBBELL, Unit.KG, 20, 22.5),  # then 2.5 kg
        (LoadType.DUMBBELL, Unit.KG, 50, 52.5),
        (LoadType.KETTLEBELL, Unit.KG, 24, 28),  # the next common bell, even at 17%
        (LoadType.KETTLEBELL, Unit.KG, 8, 12),
        (LoadType.KETTLEBELL, Unit.LB, 53, 55),
        (LoadType.KETTLEBELL, Unit.LB, 35, 40),
        (LoadType.BAND, Unit.LB, 25, 35),
        (LoadType.BAND, Unit.LB, 10, 15),
        (LoadType.BAND, Unit.LB, 150, 155),
        (LoadType.BAND, Unit.KG, 10, 15),
        (LoadType.BAND, Unit.KG, 5, 7),
    ],
)
def test_next_load_for_every_kind_of_weight(
    load_type: LoadType, unit: Unit, load: float, expected: float | None
) -> None:
    assert next_load(load_type, load, unit) == expected


@pytest.mark.parametrize("unit", list(Unit))
@pytest.mark.parametrize("load_type", PLATED)
def test_no_step_up_is_more_than_about_ten_percent(load_type: LoadType, unit: Unit) -> None:
    """Plates only since issue 9: dumbbells and kettlebells go to the next size people own."""
    ladder = LADDERS.get((load_type, unit), ())
    grid = [x / 4 for x in range(4, 4 * 400)] + list(ladder)
    for load in grid:
        heavier = next_load(load_type, load, unit)
        if heavier is None:
            continue
        assert heavier > load, (load_type, unit, load)
        assert heavier - load <= MAX_STEP * load + 1e-9, (load_type, unit, load, heavier)


@given(
    load_type=st.sampled_from(PLATED),
    unit=st.sampled_from(list(Unit)),
    load=st.floats(min_value=0.5, max_value=600, allow_nan=False, allow_infinity=False),
)
def test_no_step_up_is_more_than_about_ten_percent_property(
    load_type: LoadType, unit: Unit, load: float
) -> None:
    heavier = next_load(load_type, load, unit)
    if heavier is not None:
        # "About" 10%: the documented rounding slack lets 2.5 lb on 23.85 lb (10.48%) through.
        assert load < heavier <= load * (1 + MAX_STEP + STEP_TOLERANCE) + 1e-9


@pytest.mark.parametrize("unit", list(Unit))
@pytest.mark.parametrize(
    "load_type", [LoadType.DUMBBELL, LoadType.KETTLEBELL, LoadType.BAND, LoadType.MACHINE]
)
def test_owned_weights_step_to_the_next_size_up(load_type: LoadType, unit: Unit) -> None:
    """Dumbbells, kettlebells, bands and machine stacks go to the next size that exists (never
    skip one, never a 2.5 lb step a stack doesn't have)."""
    ladder = LADDERS[(load_type, unit)]
    for smaller, bigger in itertools.pairwise(ladder):
        assert next_load(load_type, smaller, unit) == bigger, "always the next size (issue 9)"


@pytest.mark.parametrize("unit", list(Unit))
def test_plates_add_the_smallest_step_that_fits(unit: Unit) -> None:
    big, small = (5.0, 2.5) if unit is Unit.LB else (2.5, 1.25)
    assert next_load(LoadType.BARBELL, 100, unit) == 100 + big
    assert next_load(LoadType.BARBELL, big * 9, unit) == big * 9 + small  # big step: 11%


@pytest.mark.parametrize(
    ("load_type", "unit", "load", "expected"),
    [
        (LoadType.BARBELL, Unit.LB, 100, 90),
        (LoadType.BARBELL, Unit.LB, 135, 120),
        (LoadType.BARBELL, Unit.KG, 60, 53.75),
        (LoadType.MACHINE, Unit.LB, 50, 45),
        (LoadType.DUMBBELL, Unit.LB, 30, 25),
        (LoadType.DUMBBELL, Unit.LB, 50, 45),
        (LoadType.DUMBBELL, Unit.KG, 20, 18),
        (LoadType.KETTLEBELL, Unit.KG, 24, 20),
        (LoadType.BAND, Unit.LB, 35, 25),  # the band below
    ],
)
def test_lighter_load_is_about_ten_percent_less(
    load_type: LoadType, unit: Unit, load: float, expected: float
) -> None:
    assert lighter_load(load_type, load, unit) == expected


@pytest.mark.parametrize("unit", list(Unit))
@pytest.mark.parametrize("load_type", [LoadType.BARBELL])
def test_lighter_plate_loads_are_ten_to_fifteen_percent_less(
    load_type: LoadType, unit: Unit
) -> None:
    smallest = 50 if unit is Unit.LB else 25  # below that, one plate step is over 5%
    for load in [x / 2 for x in range(2 * smallest, 1000)]:
        lighter = lighter_load(load_type, load, unit)
        assert lighter is not None, load
        assert 0.85 * load <= lighter <= 0.9 * load + 1e-9, (load, lighter)


@pytest.mark.parametrize("unit", list(Unit))
@pytest.mark.parametrize(
    "load_type", [LoadType.DUMBBELL, LoadType.KETTLEBELL, LoadType.BAND, LoadType.MACHINE]
)
def test_lighter_owned_weight_is_the_heaviest_size_at_least_ten_percent_less(
    load_type: LoadType, unit: Unit
) -> None:
    ladder = LADDERS[(load_type, unit)]
    for load in ladder[1:]:
        lighter = lighter_load(load_type, load, unit)
        assert lighter in ladder and lighter < load
        assert lighter <= 0.9 * load + 1e-9
        assert not [w for w in ladder if lighter < w <= 0.9 * load], (load, lighter)


@pytest.mark.parametrize(
    ("load_type", "unit", "load"),
    [
        (LoadType.KETTLEBELL, Unit.LB, 8),
        (LoadType.BAND, Unit.LB, 5),
        (LoadType.DUMBBELL, Unit.KG, 1),
    ],
)
def test_lighter_load_is_never_heavier(load_type: LoadType, unit: Unit, load: float) -> None:
    """Below the smallest size there is nothing lighter: None, and advise() changes variation."""
    lighter = lighter_load(load_type, load, unit)
    assert lighter is None or lighter < load


@pytest.mark.parametrize(
    ("load_type", "unit", "steps_from"),
    [(LoadType.KETTLEBELL, Unit.KG, 40), (LoadType.DUMBBELL, Unit.KG, 50)],
)
def test_lighter_load_above_the_rack_is_still_about_ten_percent_less(
    load_type: LoadType, unit: Unit, steps_from: float
) -> None:
    """next_load keeps going past the ladder's top (+2.5 kg); lighter_load must come back down
    about 10% from there, not fall to the ladder's top."""
    load: float = steps_from
    for _ in range(5):
        stepped = next_load(load_type, load, unit)
        assert stepped is not None
        load = stepped
    lighter = lighter_load(load_type, load, unit)
    assert lighter is not None and lighter >= 0.85 * load, load


# --- units ------------------------------------------------------------------------------------


def test_convert_between_pounds_and_kilograms() -> None:
    assert convert(100, Unit.KG, Unit.LB) == pytest.approx(100 * LB_PER_KG)
    assert convert(220.462, Unit.LB, Unit.KG) == pytest.approx(100, abs=1e-3)
    assert convert(42, Unit.LB, Unit.LB) == 42
    assert convert(convert(60, Unit.KG, Unit.LB), Unit.LB, Unit.KG) == pytest.approx(60)


def test_advice_follows_the_unit_of_the_last_sets() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 10, 12, target=10, load=135, unit=Unit.LB),
        outing("rdl_barbell", 3, 12, target=10, load=60, unit=Unit.KG),
        profile=make_profile(unit=Unit.LB),
    )
    assert a.unit is Unit.KG
    assert a.load is not None and a.load <= 60 * (1 + MAX_STEP)
    # Per session, no lock: 60 kg at the top of the range takes the next kilogram plate step.
    assert (a.change, a.load) == (Change.ADD_LOAD, 62.5)
    assert "kilos" in advice_line(a, CATALOG) and "pounds" not in advice_line(a, CATALOG)


def test_kilograms_step_with_kilogram_plates() -> None:
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 10, 12, target=10, load=60, unit=Unit.KG),
        outing("rdl_barbell", 9, 12, target=10, load=60, unit=Unit.KG),
    )
    assert (a.change, a.load, a.unit) == (Change.ADD_LOAD, 62.5, Unit.KG)
    assert "sixty-two and a half kilos" in advice_line(a, CATALOG)


def test_mixing_units_in_one_session_uses_the_last_sets_unit_and_number() -> None:
    session = outing("rdl_barbell", 3, 12, target=10, load=135, unit=Unit.LB)
    session.sets[1] = session.sets[1].model_copy(update={"load": 62.5, "unit": Unit.KG})
    session.sets[2] = session.sets[2].model_copy(update={"load": 62.5, "unit": Unit.KG})
    a = advice_for("rdl_barbell", session)
    assert (a.change, a.load, a.unit) == (Change.ADD_LOAD, 65, Unit.KG)


def test_a_load_without_a_unit_is_read_in_the_recorded_unit() -> None:
    session = outing("rdl_barbell", 3, 12, target=10, load=60, unit=Unit.KG)
    session.sets[2] = session.sets[2].model_copy(update={"unit": None})
    a = advice_for("rdl_barbell", session)
    assert (a.load, a.unit) == (62.5, Unit.KG)


def test_no_unit_anywhere_falls_back_to_the_profile() -> None:
    session = outing("rdl_barbell", 3, 12, target=10, load=60, unit=None)
    for s in session.sets:
        s.unit = None
    a = advice_for("rdl_barbell", session, profile=make_profile(unit=Unit.KG))
    assert (a.load, a.unit) == (62.5, Unit.KG)


# --- advise_all and summarize -----------------------------------------------------------------


def test_advise_all_covers_every_exercise_done_safety_first() -> None:
    sessions = history(
        outing("rdl_barbell", 3, 12, target=10, load=60),
        outing("lying_leg_curl", 3, 8, target=8, load=50, pain=True),
        outing("glute_bridge", 2, 11, target=10, unit=None),
    )
    advice = advise_all(CATALOG, sessions, EVERYTHING, NOW)
    assert [a.exercise_id for a in advice] == ["lying_leg_curl", "rdl_barbell", "glute_bridge"]
    assert [a.change for a in advice] == [Change.REGRESS, Change.ADD_LOAD, Change.ADD_REPS]


def test_advise_all_skips_exercises_missing_from_the_catalog() -> None:
    sessions = [outing("retired_move", 2, 10, load=20), outing("rdl_barbell", 3, 10, load=60)]
    assert [a.exercise_id for a in advise_all(CATALOG, sessions, EVERYTHING, NOW)] == [
        "rdl_barbell"
    ]


def test_summarize_gives_advice_last_times_and_the_week() -> None:
    monday = outing("rdl_barbell", 2, [12, 12, 11], target=10, load=60)
    monday.sets += outing("lying_leg_curl", 2, 10, load=50).sets
    for s in monday.sets:
        s.workout_id = monday.workout_id
    old = outing("rdl_barbell", 9, 10, load=55)
    summary = summarize(CATALOG, history(monday, old), EVERYTHING, NOW)

    # The advice is the programme's: one entry per slot, what was done kept in its slot.
    programme = summary.programme
    assert summary.advice == programme.advice
    assert [(e.slot, e.exercise_id) for e in programme.entries][:2] == [
        (Slot.HINGE, "rdl_barbell"),
        (Slot.CURL, "lying_leg_curl"),
    ]
    assert {a.exercise_id for a in summary.advice} == set(programme.exercise_ids)
    assert len(programme.entries) == 3 and programme.entries[2].slot is Slot.BRIDGE_POWER
    bridge = summary.advice_for(programme.entries[2].exercise_id)
    assert bridge is not None and bridge.change is Change.START, "not done yet: its start"
    rdl = summary.advice_for("rdl_barbell")
    # 55 -> 60 lb two days ago does not lock it: 12, 12, 11 of 10-12 add a rep.
    assert rdl is not None and (rdl.change, rdl.target_reps) == (Change.ADD_REPS, 12)
    assert (rdl.load, rdl.unit, rdl.reason) == (60, Unit.LB, Reason.REPS_IN_RANGE)
    curl = summary.advice_for("lying_leg_curl")
    assert curl is not None and (curl.change, curl.target_reps, curl.load) == (
        Change.ADD_REPS,
        11,
        50,
    )
    assert summary.last_session_at == monday.last_activity

    last = summary.last_time("rdl_barbell")
    assert last is not None
    assert (last.reps, last.load, last.unit) == ([12, 12, 11], 60, Unit.LB)
    assert last.at == max(s.logged_at for s in monday.sets if s.exercise_id == "rdl_barbell")

    assert summary.week is not None
    assert summary.week.week_start == MONDAY.date()
    assert (summary.week.sessions, summary.week.sets) == (1, 6)
    assert summary.week.sets_per_exercise == {"rdl_barbell": 3, "lying_leg_curl": 3}


def test_summarize_without_a_profile_or_history() -> None:
    summary = summarize(CATALOG, [], None, NOW)
    assert summary.advice == [] and summary.last_times == []
    assert summary.week is not None and summary.week.sessions == 0


def test_last_times_take_the_newest_session_per_exercise() -> None:
    older = outing("rdl_barbell", 9, 10, load=55)
    newer = outing("rdl_barbell", 2, [11, 10], load=30, unit=Unit.KG)
    found = last_times(history(older, newer))
    assert [(t.exercise_id, t.reps, t.load, t.unit) for t in found] == [
        ("rdl_barbell", [11, 10], 30, Unit.KG)
    ]


# --- weekly checks ----------------------------------------------------------------------------


def session_at(when: datetime, rdl: int = 3, curls: int = 3) -> SessionRecord:
    """A session at ``when``: ``rdl`` sets of Romanian deadlifts, then ``curls`` of leg curls."""
    workout_id = f"w{next(_counter)}"
    plan = [("rdl_barbell", 0, n) for n in range(rdl)] + [
        ("lying_leg_curl", 1, n) for n in range(curls)
    ]
    records = [
        make_set(
            workout_id=workout_id,
            exercise_id=exercise_id,
            exercise_index=index,
            set_number=n + 1,
            logged_at=when + timedelta(minutes=3 * k),
        )
        for k, (exercise_id, index, n) in enumerate(plan)
    ]
    return make_session(workout_id=workout_id, started_at=when, sets=records)


def report(*sessions: SessionRecord, now: datetime) -> WeekReport:
    return week_report(list(sessions), now)


def test_week_start_is_monday_midnight() -> None:
    assert week_start(NOW) == MONDAY.replace(hour=0)
    assert week_start(MONDAY.replace(hour=0)) == MONDAY.replace(hour=0)


def test_the_week_counts_only_this_weeks_sessions_with_sets() -> None:
    last_sunday = session_at(MONDAY - timedelta(days=1))
    empty = make_session(started_at=MONDAY, sets=[])
    week = report(last_sunday, empty, session_at(MONDAY), now=NOW)
    assert (week.sessions, week.sets, week.sets_per_session) == (1, 6, [6])
    assert week.sets_per_exercise == {"rdl_barbell": 3, "lying_leg_curl": 3}


def test_no_sessions_names_a_day_to_start() -> None:
    (fix,) = fix_lines(report(now=MONDAY), MONDAY, CATALOG)
    assert "No hamstring sessions yet this week" in fix and "Start today" in fix, fix


def test_one_session_asks_for_a_second_two_days_later() -> None:
    week = report(session_at(MONDAY, 4, 4), now=NOW)
    found = fix_lines(week, NOW, CATALOG)
    assert found[0] == "Fit a second session in today or later."
    assert "short of twelve" in found[1]


def test_one_session_too_late_in_the_week_points_to_next_week() -> None:
    saturday = MONDAY + timedelta(days=5)
    now = saturday + timedelta(hours=2)
    week = report(session_at(saturday, 3, 7), now=now)
    found = fix_lines(week, now, CATALOG)
    assert found == [
        "Next week, aim for two sessions, like Monday and Thursday.",
        "You're at ten sets this week, short of twelve. "
        "Next week, add another set of lying leg curls to each session.",
    ]


def test_two_good_sessions_need_no_fix() -> None:
    thursday = MONDAY + timedelta(days=3)
    now = thursday + timedelta(hours=3)
    week = report(session_at(MONDAY), session_at(thursday), now=now)
    assert fix_lines(week, now, CATALOG) == []
    said = week_answer(week, now, CATALOG)
    assert said[0] == "This week: two sessions, twelve sets."
    assert "on track" in said[1]


def test_sessions_under_48_hours_apart_are_flagged() -> None:
    tuesday = MONDAY + timedelta(days=1, hours=-2)
    now = tuesday + timedelta(hours=2)
    week = report(session_at(MONDAY), session_at(tuesday), now=now)
    found = fix_lines(week, now, CATALOG)
    assert found[0] == (
        "Two sessions this week were about a day apart. Leave two full days between them."
    )
    said = week_answer(week, now, CATALOG)
    assert said[1] == found[0]


def test_sunday_then_monday_is_flagged_as_too_close() -> None:
    sunday = MONDAY - timedelta(hours=26)  # Sunday 16:00
    monday = MONDAY - timedelta(hours=8)  # Monday 10:00, eighteen hours later
    now = MONDAY + timedelta(hours=3)
    week = week_report([session_at(monday), session_at(sunday)], now)
    assert any("apart" in fix for fix in fix_lines(week, now, CATALOG))


def test_a_session_over_ten_sets_is_flagged() -> None:
    thursday = MONDAY + timedelta(days=3)
    now = thursday + timedelta(hours=2)
    week = report(session_at(MONDAY, 4, 7), session_at(thursday), now=now)
    assert fix_lines(week, now, CATALOG) == [
        "One session had eleven sets. Keep each one to ten at most."
    ]


@pytest.mark.parametrize(
    ("rdl", "curls", "expected"),
    [
        (
            3,
            2,
            "You're at ten sets this week, short of twelve. "
            "Add another set of Romanian deadlifts on Friday.",
        ),
        (
            2,
            1,
            "You're at six sets this week, short of twelve. "
            "Make Friday's session at least six sets, with a fifth set of Romanian deadlifts.",
        ),
    ],
)
def test_too_few_sets_names_a_day_and_an_exercise(rdl: int, curls: int, expected: str) -> None:
    """Monday morning and Wednesday morning, 50 hours apart; asked Wednesday evening."""
    monday = MONDAY - timedelta(hours=12)
    wednesday = monday + timedelta(hours=50)
    week = report(session_at(monday, rdl, curls), session_at(wednesday, rdl, curls), now=NOW)
    assert fix_lines(week, NOW, CATALOG) == [expected]


def test_too_few_sets_after_one_session_also_names_the_day() -> None:
    week = report(session_at(MONDAY, 3, 2), now=NOW)
    found = fix_lines(week, NOW, CATALOG)
    assert len(found) == 2
    sets_fix = found[1]
    assert "today" in sets_fix and "Romanian deadlifts" in sets_fix
    assert "five sets this week" in sets_fix


def test_the_next_session_day_is_48_hours_after_the_last() -> None:
    week = report(session_at(MONDAY), now=NOW)
    day = next_session_day(week, NOW)
    assert day is not None and day.strftime("%A") == "Wednesday"
    assert next_session_day(report(now=NOW), NOW) == NOW


# --- how it is said -----------------------------------------------------------------------------

NUMBER_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred)\b"
)


USUAL_REASON = {
    Change.START: Reason.NO_DATA,
    Change.ADD_LOAD: Reason.TOP_OF_RANGE,
    Change.ADD_REPS: Reason.REPS_IN_RANGE,
    Change.HOLD: Reason.HARD_SET,
    Change.REGRESS: Reason.PAIN,
    Change.HARDER: Reason.TOP_OF_RANGE,
    Change.EASIER: Reason.PAIN,
}
"""The reason progression most often gives each change, for tests that don't care which."""


def _advice(change: Change, **fields: object) -> Advice:
    base: dict[str, object] = {
        "exercise_id": "rdl_barbell",
        "change": change,
        "sets": 3,
        "target_reps": 10,
        "reason": USUAL_REASON[change],
    }
    return Advice.model_validate(base | fields)


@pytest.mark.parametrize(
    ("advice", "must_say"),
    [
        (
            _advice(Change.ADD_LOAD, load=65, unit=Unit.LB),
            ["Romanian deadlifts", "sixty-five pounds", "three sets of ten"],
        ),
        (
            _advice(Change.ADD_LOAD, load=27.5, unit=Unit.KG),
            ["Romanian deadlifts", "twenty-seven and a half kilos"],
        ),
        (
            _advice(Change.ADD_REPS, target_reps=12, load=60, unit=Unit.LB),
            ["Romanian deadlifts", "twelve reps", "sixty pounds"],
        ),
        (
            _advice(Change.HOLD, load=60, unit=Unit.LB, reason=Reason.HARD_SET),
            ["Romanian deadlifts", "ten reps", "sixty pounds"],
        ),
        (
            _advice(Change.REGRESS, load=55, unit=Unit.LB, reason=Reason.PAIN),
            ["Romanian deadlifts", "fifty-five pounds", "hurt"],
        ),
        (
            _advice(Change.REGRESS, load=55, unit=Unit.KG, reason=Reason.TWO_HARD),
            ["Romanian deadlifts", "fifty-five kilos", "missed reps two sessions running"],
        ),
        (
            _advice(Change.HARDER, switch_to="deadlift", target_reps=6),
            ["Romanian deadlifts", "deadlifts", "three sets of six"],
        ),
        (
            _advice(Change.EASIER, switch_to="rdl_dumbbell", reason=Reason.PAIN),
            ["Romanian deadlifts", "dumbbell Romanian deadlifts", "three sets of ten"],
        ),
    ],
    ids=lambda v: f"{v.change.value}-{v.reason.name.lower()}" if isinstance(v, Advice) else "",
)
def test_advice_lines_name_the_exercise_the_number_and_the_unit(
    advice: Advice, must_say: list[str]
) -> None:
    line = advice_line(advice, CATALOG)
    assert line.startswith("Romanian deadlifts:")
    for part in must_say:
        assert part in line, line
    assert NUMBER_WORDS.search(line), line
    assert not re.search(r"\d", line), "numbers are spoken as words"
    assert len(line.split()) <= 25, "one breath"


def test_bodyweight_rep_advice_does_not_talk_about_weight() -> None:
    a = advice_for("glute_bridge", outing("glute_bridge", 3, 11, target=10, unit=None))
    assert a.change is Change.ADD_REPS
    assert "weight" not in advice_line(a, CATALOG)


def test_progress_answer_says_the_first_few_then_offers_the_rest() -> None:
    advice = [
        _advice(
            Change.REGRESS, exercise_id="lying_leg_curl", load=45, unit=Unit.LB, reason=Reason.PAIN
        ),
        _advice(Change.ADD_LOAD, load=65, unit=Unit.LB),
        _advice(Change.HARDER, exercise_id="glute_bridge", switch_to="single_leg_glute_bridge"),
        _advice(
            Change.ADD_REPS, exercise_id="seated_leg_curl", target_reps=9, load=50, unit=Unit.LB
        ),
        _advice(Change.HOLD, exercise_id="hip_thrust", target_reps=10, reason=Reason.HARD_SET),
        _advice(Change.START, exercise_id="nordic_curl"),
    ]
    week = report(session_at(MONDAY), now=NOW)
    programme = Programme(
        entries=[
            Entry(
                slot=CATALOG.get(a.exercise_id).slots[0],
                exercise_id=a.exercise_id,
                block_started=MONDAY,
                advice=a,
            )
            for a in advice
        ]
    )
    summary = HistorySummary(programme=programme, week=week)
    assert summary.advice[:3] == advice[:3], "safety first, then changes, then holds"
    out = _ask_progress(summary)
    answer = out.speech[0]
    assert isinstance(answer, ProgressAnswer)
    said = [advice_line(a, CATALOG) for a in answer.advice]
    # Safety first, then changes, then holds; a plain first go (START) is not advice.
    order = ["Lying leg curls", "Romanian deadlifts", "Glute bridges", "Seated leg curls"]
    order.append("Hip thrusts")
    assert 2 <= dg.ADVICE_AT_ONCE < len(order)
    assert [line.split(":")[0] for line in said] == order[: dg.ADVICE_AT_ONCE]
    text = plain_text(render([answer], CATALOG).ssml())
    assert text == " ".join([*said, "Fit a second session in today or later."]), "and one fix"
    assert out.conversation.pending is dg.Pending.MORE
    rest = [advice_line(a, CATALOG) for a in out.conversation.more]
    assert [line.split(":")[0] for line in rest] == order[dg.ADVICE_AT_ONCE :]
    assert not any("Nordic" in line for line in [text, *rest]), "no advice for no data"


def test_progress_answer_with_no_history_has_no_advice() -> None:
    out = _ask_progress(HistorySummary())
    assert out.speech[0] is Phrase.NO_SETS_YET
    assert not out.conversation.more and out.conversation.pending is not dg.Pending.MORE


def _ask_progress(history: HistorySummary) -> dg.Outcome:
    """ "What should I increase?" asked with this history and no profile."""
    conv = dg.Conversation(loaded=True, history=history)
    return dg.respond(conv, ev.AskProgress(), dg.Turn(now=NOW, catalog=CATALOG))


def test_last_time_without_an_exercise_tells_the_whole_last_session() -> None:
    monday = MONDAY + timedelta(minutes=30)
    times = [
        LastTime(exercise_id="rdl_barbell", at=monday, reps=[10, 10, 9], load=60, unit=Unit.LB),
        LastTime(exercise_id="glute_bridge", at=monday, reps=[12, 12]),
        LastTime(exercise_id="lying_leg_curl", at=monday - timedelta(days=4), reps=[8], load=40),
    ]
    said = last_time_answer(times, None, NOW, CATALOG)
    assert said.startswith("Your last session was on Monday.")
    assert "three sets of Romanian deadlifts: ten, ten, and nine reps at sixty pounds" in said
    assert "two sets of glute bridges: twelve and twelve reps." in said
    assert "leg curls" not in said


def test_last_time_for_one_exercise_names_the_day_the_reps_and_the_load() -> None:
    times = [
        LastTime(
            exercise_id="rdl_barbell",
            at=NOW - timedelta(days=1),
            reps=[8, 8],
            load=27.5,
            unit=Unit.KG,
        )
    ]
    said = last_time_answer(times, "rdl_barbell", NOW, CATALOG)
    assert said == (
        "Yesterday, you did two sets of Romanian deadlifts: eight and eight reps at "
        "twenty-seven and a half kilos."
    )
    assert "haven't logged lying leg curls" in last_time_answer(
        times, "lying_leg_curl", NOW, CATALOG
    )
    assert "don't have any logged sets" in last_time_answer([], None, NOW, CATALOG)


def test_load_answer_gives_the_number_and_the_unit() -> None:
    said = load_answer(_advice(Change.ADD_LOAD, load=65, unit=Unit.LB), "rdl_barbell", CATALOG)
    assert said == "For Romanian deadlifts, use sixty-five pounds for three sets of ten."
    fresh = load_answer(None, "rdl_barbell", CATALOG)
    assert "don't have Romanian deadlifts logged" in fresh and "twelve" in fresh
    assert "Pick a weight" in fresh
    nordic = load_answer(None, "nordic_curl", CATALOG)
    assert "Pick a weight" not in nordic and "bodyweight" in nordic, "a bodyweight move has none"
    assert nordic.endswith("Start with one set of three."), nordic
    band = load_answer(None, "rdl_band", CATALOG)
    assert "Pick a band" in band and "weight" not in band, band
    unknown = load_answer(
        _advice(Change.ADD_LOAD, reason=Reason.WEIGHT_UNKNOWN), "rdl_barbell", CATALOG
    )
    assert "don't know your weight" in unknown
    bridge = _advice(Change.ADD_REPS, exercise_id="glute_bridge", target_reps=12)
    assert load_answer(bridge, "glute_bridge", CATALOG).startswith("Glute bridges:")


def test_week_answer_with_nothing_yet() -> None:
    said = week_answer(report(now=MONDAY), MONDAY, CATALOG)
    assert said[0].startswith("No hamstring sessions yet this week")
    assert week_answer(None, NOW, CATALOG)[0].startswith("No hamstring sessions yet")


def test_spoken_amounts_are_words() -> None:
    assert weight(65, "lb") == "sixty-five pounds"
    assert weight(22.5, "kg") == "twenty-two and a half kilos"
    assert amount(47.5) == "forty-seven and a half"


# --- typed reasons, and the words chosen from them ---------------------------------------------


@pytest.mark.parametrize(
    ("advice", "expected"),
    [
        (
            _advice(Change.ADD_LOAD, reason=Reason.WEIGHT_UNKNOWN),
            "Romanian deadlifts: top of the range. Go up one small weight step for "
            "three sets of ten.",
        ),
        (
            _advice(Change.ADD_REPS, target_reps=14, load=60, unit=Unit.LB, reason=Reason.BIG_JUMP),
            "Romanian deadlifts: the next weight is a big jump, so stay at sixty pounds and build "
            "to fourteen reps first.",
        ),
        (
            _advice(Change.HOLD, load=60, unit=Unit.LB, reason=Reason.SLOW_LOWERING),
            "Romanian deadlifts: stay at ten reps at sixty pounds, and slow the lowering to four "
            "seconds.",
        ),
        (
            _advice(Change.HOLD, load=60, unit=Unit.LB, reason=Reason.MISSED_REPS),
            "Romanian deadlifts: hold at ten reps at sixty pounds until every set feels smooth.",
        ),
        (
            _advice(Change.REGRESS, reason=Reason.PAIN_SHORTER_RANGE),
            "Romanian deadlifts: it hurt last time, so use a shorter range for ten reps.",
        ),
        (
            _advice(Change.REGRESS, reason=Reason.TWO_HARD_SHORTER_RANGE),
            "Romanian deadlifts: you missed reps two sessions running, so use a shorter range for "
            "ten reps.",
        ),
        (
            _advice(Change.EASIER, switch_to="rdl_dumbbell", reason=Reason.TWO_HARD),
            "Romanian deadlifts: you missed reps two sessions running, so switch to dumbbell "
            "Romanian deadlifts for now, three sets of ten.",
        ),
    ],
    ids=lambda v: f"{v.change.value}-{v.reason.name.lower()}" if isinstance(v, Advice) else "",
)
def test_the_reason_picks_the_words(advice: Advice, expected: str) -> None:
    assert advice_line(advice, CATALOG) == expected


def test_advice_rides_in_session_attributes_with_its_reason() -> None:
    a = advice_for("rdl_barbell", outing("rdl_barbell", 3, 10, load=100, pain=True))
    stored = a.model_dump(mode="json")
    assert stored["reason"] == "pain"
    assert Advice.model_validate(stored) == a
    with pytest.raises(ValueError, match="reason"):
        Advice.model_validate(stored | {"reason": "because"})


def test_reps_are_clamped_to_the_guides_six_to_twenty() -> None:
    assert [clamp_reps(n) for n in (1, 6, 12, 20, 30)] == [6, 6, 12, 20, 20]
    assert rep_range(CATALOG.get("rdl_barbell")) == (10, 12)
    assert target_reps(CATALOG.get("nordic_curl")) >= REP_MIN


# --- weekly checks as values --------------------------------------------------------------------


def test_weekly_issues_are_values_with_what_the_fix_needs() -> None:
    tuesday = MONDAY + timedelta(days=1, hours=-2)
    now = tuesday + timedelta(hours=2)
    week = report(session_at(MONDAY, 4, 7), session_at(tuesday), now=now)
    too_close, too_many = issues(week, now)
    assert isinstance(too_close, SessionsTooClose) and not too_close.across_weekend
    assert round(too_close.gap_hours) == 22
    assert too_many == TooManySets(count=11)


def test_a_short_week_names_the_top_up_the_exercise_and_the_day() -> None:
    week = report(session_at(MONDAY, 3, 2), now=NOW)
    missing, short = issues(week, NOW)
    assert isinstance(missing, SessionMissing) and missing.sessions == 1
    assert missing.next_session.today, "48 hours after Monday evening is Wednesday evening"
    assert isinstance(short, ShortOfSets) and short.next_session == missing.next_session
    assert (short.sets, short.missing, short.top_up) == (5, 7, TopUp.BIGGER_SESSION)
    assert (short.exercise_id, short.exercise_sets, short.session_sets) == ("rdl_barbell", 3, 7)
    (_, planned) = issues(week, NOW, upcoming=9)
    assert isinstance(planned, ShortOfSets) and planned.top_up is TopUp.NEXT_SESSION_ENOUGH


def test_an_empty_week_with_no_room_left_points_to_next_week() -> None:
    sunday_night = MONDAY + timedelta(days=6, hours=5)
    week = report(session_at(sunday_night - timedelta(hours=1)), now=sunday_night)
    (missing, short) = issues(week, sunday_night)
    assert missing == SessionMissing(sessions=1, next_session=NextSession(at=None, today=False))
    assert isinstance(short, ShortOfSets) and short.top_up is TopUp.NEXT_WEEK


# --- issue 9: layoffs and bands -------------------------------------------------------------------


def test_ten_days_off_starts_back_below_the_last_prescription() -> None:
    """About two weeks off costs a few percent: two reps fewer at the same weight when the range
    allows (a weight step is 10%), else one step lighter."""
    a = advice_for("rdl_barbell", outing("rdl_barbell", 11, 12, target=12, load=100))
    assert (a.change, a.reason, a.load, a.target_reps) == (Change.REGRESS, Reason.LAYOFF, 100, 10)
    assert advice_line(a, CATALOG) == (
        "Romanian deadlifts: after some time off, so ease back in with three sets of ten at "
        "one hundred pounds."
    )
    low = advice_for("rdl_barbell", outing("rdl_barbell", 11, 10, target=10, load=100))
    assert (low.change, low.reason, low.load, low.target_reps) == (
        Change.REGRESS,
        Reason.LAYOFF,
        90,
        10,
    )


def test_nine_days_off_is_not_a_layoff() -> None:
    a = advice_for("rdl_barbell", outing("rdl_barbell", 9, 12, target=12, load=100))
    assert a.change is Change.ADD_LOAD and a.load == 105


def test_four_weeks_off_steps_back_further() -> None:
    a = advice_for("rdl_barbell", outing("rdl_barbell", 30, 12, target=12, load=100))
    assert (a.change, a.reason, a.load, a.target_reps) == (
        Change.REGRESS,
        Reason.LONG_LAYOFF,
        80,
        10,
    )
    bridge = advice_for(
        "single_leg_glute_bridge", outing("single_leg_glute_bridge", 30, 12, unit=None)
    )
    assert (bridge.change, bridge.switch_to) == (Change.EASIER, "glute_bridge")
    short = advice_for("glute_bridge", outing("glute_bridge", 12, 14, unit=None))
    assert (short.change, short.target_reps) == (Change.REGRESS, 12), "two reps fewer"


def test_a_layoff_counts_from_the_last_session_not_the_exercises_last_turn() -> None:
    """Rotation can leave an exercise out for two weeks; that is not time off."""
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 14, 12, target=12, load=100),
        outing("lying_leg_curl", 2, 10, target=10, load=80),
    )
    assert a.change is Change.ADD_LOAD


def test_band_advice_speaks_in_bands() -> None:
    more = advice_for("rdl_band", outing("rdl_band", 3, 15, target=15, load=25))
    assert advice_line(more, CATALOG) == (
        "Band Romanian deadlifts: same band, aim for sixteen reps a set."
    )
    up = advice_for("rdl_band", outing("rdl_band", 3, 20, target=20, load=25))
    assert advice_line(up, CATALOG) == (
        "Band Romanian deadlifts: go up to the next band for three sets of nine."
    )
    hold = advice_for("rdl_band", outing("rdl_band", 3, 12, target=12, load=25, effort=Effort.HARD))
    assert advice_line(hold, CATALOG) == (
        "Band Romanian deadlifts: hold at twelve reps with the same band until every set feels "
        "smooth."
    )


def test_a_new_trainee_earns_nordics_with_comfortable_sessions() -> None:
    profile = make_profile(equipment=(Equipment.BALL,), level=Level.NEW)
    top = [outing("stability_ball_curl", 3, 12, unit=None)]
    a = advise(CATALOG, "stability_ball_curl", history(*top), profile, NOW)
    assert a.switch_to is None, "no Nordic after one session"
    many = [outing("stability_ball_curl", 3 + 3.5 * n, 12, unit=None) for n in range(6)]
    a = advise(CATALOG, "stability_ball_curl", history(*many), profile, NOW)
    assert a.switch_to == "nordic_curl_assisted"


# --- reading a session that was adjusted as it went (issue 9, item 10) ------------------------


def _adjusted_outing(
    exercise_id: str, sets: Sequence[tuple[int, float, int, Effort]], days_ago: float = 2
) -> SessionRecord:
    """One session whose sets had their own targets: (target reps, load, reps done, effort)."""
    workout_id = f"w{next(_counter)}"
    start = NOW - timedelta(days=days_ago)
    records = [
        make_set(
            workout_id=workout_id,
            exercise_id=exercise_id,
            set_number=n + 1,
            reps=done,
            target_reps=target,
            target_load=load,
            load=load,
            unit=Unit.LB,
            effort=effort,
            logged_at=start + timedelta(minutes=5 + 3 * n),
        )
        for n, (target, load, done, effort) in enumerate(sets)
    ]
    return make_session(
        workout_id=workout_id, started_at=start, sets=records, exercise_ids=[exercise_id]
    )


def test_a_step_up_mid_session_is_where_the_next_session_starts() -> None:
    """Easy, so the next sets went for two more reps: the next session builds from there."""
    raised = [(10, 100, 10, Effort.EASY), (12, 100, 12, Effort.RIGHT), (12, 100, 12, Effort.RIGHT)]
    a = advice_for("rdl_barbell", _adjusted_outing("rdl_barbell", raised))
    assert (a.change, a.load, a.target_reps) == (Change.ADD_LOAD, 105, 10), "12 is the top"


def test_easing_off_mid_session_holds_the_prescription_it_opened_with() -> None:
    """A hard set, so the last one asked a rep fewer: one hard set holds, at the opening
    prescription (not the eased one)."""
    eased = [(11, 100, 11, Effort.RIGHT), (11, 100, 11, Effort.HARD), (10, 100, 10, Effort.HARD)]
    a = advice_for("rdl_barbell", _adjusted_outing("rdl_barbell", eased))
    assert (a.change, a.reason, a.load, a.target_reps) == (
        Change.HOLD,
        Reason.HARD_SET,
        100,
        11,
    )


def test_missed_twice_above_the_bottom_of_the_range_steps_back_in_reps_not_weight() -> None:
    """One step back, not two: twelve reps missed twice at 125 lb goes back to the ten made, at
    the same weight (before, it was 10% lighter and back to ten reps at once)."""
    a = advice_for(
        "rdl_barbell",
        outing("rdl_barbell", 5, [12, 11, 10], target=12, load=125, effort=Effort.HARD),
        outing("rdl_barbell", 2, [12, 12, 10], target=12, load=125, effort=Effort.HARD),
    )
    assert (a.change, a.reason, a.load, a.target_reps) == (
        Change.REGRESS,
        Reason.TWO_HARD_FEWER_REPS,
        125,
        10,
    )
    assert advice_line(a, CATALOG) == (
        "Romanian deadlifts: you missed reps two sessions running, so stay at one hundred "
        "twenty-five pounds and aim for ten reps a set."
    )


def test_a_single_hard_set_holds_even_when_it_is_the_last() -> None:
    """One Nordic set: the only set is the session, so hard holds."""
    a = advice_for(
        "nordic_curl_assisted",
        outing("nordic_curl_assisted", 2, 7, target=7, sets=1, effort=Effort.HARD, unit=None),
    )
    assert (a.change, a.reason, a.target_reps) == (Change.HOLD, Reason.HARD_SET, 7)


# --- a set said in the other unit -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("load_type", "load", "unit", "expected"),
    [
        (LoadType.DUMBBELL, 44.09, Unit.LB, 45),  # twenty kilos in pounds
        (LoadType.DUMBBELL, 15.88, Unit.KG, 16),  # 35 lb
        (LoadType.DUMBBELL, 15.0, Unit.KG, 14),  # as near 14 as 16: the lighter
        (LoadType.BARBELL, 99.2, Unit.LB, 100),  # 45 kg on the bar
        (LoadType.BARBELL, 61.2, Unit.KG, 61.25),  # 135 lb
        (LoadType.DUMBBELL, 1.0, Unit.KG, 2),  # nothing lighter: the lightest
    ],
)
def test_a_converted_weight_is_one_that_exists(
    load_type: LoadType, load: float, unit: Unit, expected: float
) -> None:
    assert nearest_existing(load_type, load, unit) == expected


def test_a_hold_after_a_set_in_the_other_unit_names_a_weight_that_exists() -> None:
    """Someone in kilos opened at a 35 lb prescription (from before they switched), made it
    hard, and eased to 14 kg: the hold is at the opening weight as a kilogram dumbbell, not at
    15.9 kg."""
    sets = [
        DoneSet(target_reps=10, reps=10, load=35, unit=Unit.LB, effort=Effort.HARD),
        DoneSet(target_reps=9, reps=9, load=14, unit=Unit.KG, effort=Effort.RIGHT),
        DoneSet(target_reps=9, reps=9, load=14, unit=Unit.KG, effort=Effort.RIGHT),
    ]
    profile = make_profile(equipment=(Equipment.DUMBBELLS,), level=Level.SOME, unit=Unit.KG)
    a = decide(CATALOG, "rdl_dumbbell", Track(at=NOW, sets=sets), profile, 3, timedelta(days=3))
    assert a.unit is Unit.KG
    assert a.load in LADDERS[(LoadType.DUMBBELL, Unit.KG)], a
