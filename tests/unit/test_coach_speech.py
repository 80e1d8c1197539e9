"""Issue 10, items 5 and 6: speech that sounds like a coach, and responses kept short enough.

Times read naturally, stock phrases vary (reproducibly), the grammar slips are gone, kilogram
users hear kilograms, the end of a rest is counted one a second, every response stays under
MAX_RESPONSE_SECONDS (long counted sets go in turns, nothing lost), and an exercise done before
gets a short setup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from skill.core import events as ev
from skill.core import lines as ln
from skill.core import said as sd
from skill.core import workout as wk
from skill.core.catalog import load_catalog
from skill.core.effort import Effort
from skill.core.profile import Equipment, Unit
from skill.core.rules import rep_range
from skill.core.tempo import MAX_TEMPO_SCALE, count_parts, two_sided
from skill.core.weekly import SessionsTooClose
from skill.core.workout import Context, Phase, PlannedExercise
from skill.speech import render as render_any
from skill.speech.pacing import FINAL_COUNT, counted_set, rest_countdown
from skill.speech.ssml import (
    MAX_RESPONSE_SECONDS,
    WORD_SECONDS,
    hours_ago,
    hours_words,
    words,
)
from skill.speech.week import issue_line
from skill.speech.workout import render
from tests.factories import T0, plain_text

CATALOG = load_catalog()
ALL_KIT = frozenset(Equipment)


def ctx(unit: Unit = Unit.LB, done_before: Iterable[str] = ()) -> Context:
    return Context(CATALOG, T0, unit, ALL_KIT, frozenset(done_before))


def text(lines: Iterable[sd.Said]) -> str:
    return plain_text(render_any(lines, CATALOG).ssml())


def plan(exercise_id: str, sets: int = 3, reps: int = 10) -> list[PlannedExercise]:
    return [PlannedExercise(exercise_id=exercise_id, sets=sets, target_reps=reps)]


# --- times --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (0.4, "less than an hour"),
        (1.0, "an hour"),
        (5.2, "five hours"),
        (23.0, "about a day"),
        (36.0, "a day and a half"),
        (47 + 59 / 60, "almost two days"),
        (48.0, "two days"),
        (50.0, "two days"),
        (72.0, "three days"),
    ],
)
def test_spans_of_time_read_as_a_coach_says_them(hours: float, expected: str) -> None:
    assert hours_words(hours) == expected


def test_never_forty_eight_hours_just_before_two_days() -> None:
    assert "forty-eight" not in hours_words(47 + 59 / 60)
    assert "hours" not in hours_words(47.5)


def test_too_soon_never_says_only_less_than() -> None:
    said = text([sd.TooSoon(0.5)])
    assert said.startswith("Your last hamstring session was less than an hour ago.")
    assert "only less" not in said
    assert text([sd.TooSoon(1.0)]).startswith("Your last hamstring session was only an hour ago.")
    assert text([sd.TooSoon(47 + 59 / 60)]).startswith(
        "Your last hamstring session was almost two days ago."
    )
    assert hours_ago(49) == "two days ago"


def test_the_weekly_fix_says_the_gap_naturally() -> None:
    close = issue_line(SessionsTooClose(gap_hours=47 + 59 / 60, across_weekend=False), CATALOG)
    assert close.startswith("Two sessions this week were almost two days apart.")
    assert "only less" not in issue_line(SessionsTooClose(0.5, across_weekend=True), CATALOG)


# --- stock phrases vary, reproducibly -----------------------------------------------------------


@pytest.mark.parametrize("effort", list(Effort))
def test_effort_comments_vary_from_set_to_set(effort: Effort) -> None:
    said = [text([ln.Logged(10, None, Unit.LB, effort, seed=seed)]) for seed in range(3)]
    assert len(set(said)) == 3, said
    again = [text([ln.Logged(10, None, Unit.LB, effort, seed=seed)]) for seed in range(3)]
    assert said == again, "the same line is always said the same way"


def test_rests_vary_from_set_to_set_and_repeat_exactly() -> None:
    rests = [rest_countdown(90, seed).ssml() for seed in range(3)]
    assert len(set(rests)) == 3
    assert rests == [rest_countdown(90, seed).ssml() for seed in range(3)]


def test_consecutive_sets_get_different_comments_through_the_workout() -> None:
    state = wk.start("w1", plan("glute_bridge"), False, 20, ctx()).state
    comments = []
    for _ in range(3):
        counted = wk.step(state, ev.Ready(), ctx())
        logged = wk.step(counted.state, ev.LogSet(effort=Effort.RIGHT), ctx())
        comments.append(logged.say[0])
        state = logged.state
    assert [line.seed for line in comments if isinstance(line, ln.Logged)] == [0, 1, 2]
    assert len({text([c]) for c in comments}) == 3


# --- grammar ------------------------------------------------------------------------------------


def test_a_hard_last_set_says_nothing_about_a_next_set() -> None:
    state = wk.start("w1", plan("glute_bridge", sets=1), False, 10, ctx()).state
    counted = wk.step(state, ev.Ready(), ctx())
    logged = wk.step(counted.state, ev.LogSet(effort=Effort.HARD), ctx())
    assert logged.finished
    line = logged.say[0]
    assert isinstance(line, ln.Logged) and not line.follows
    said = text(logged.say)
    assert "next set" not in said and "on the next" not in said, said
    assert said.startswith("Logged ten. ")


def test_a_hard_set_with_more_to_come_can_mention_the_next() -> None:
    state = wk.start("w1", plan("glute_bridge", sets=2), False, 10, ctx()).state
    counted = wk.step(state, ev.Ready(), ctx())
    logged = wk.step(counted.state, ev.LogSet(effort=Effort.HARD), ctx())
    line = logged.say[0]
    assert isinstance(line, ln.Logged) and line.follows


def test_the_summary_of_one_exercise_reads_as_a_sentence() -> None:
    said = text([ln.Summary((("rdl_barbell", 3),), hard=0)])
    assert "Three sets of Romanian deadlifts." in said
    assert "three of" not in said
    two = text([ln.Summary((("rdl_barbell", 3), ("glute_bridge", 2)), hard=0)])
    assert "Five sets: three of Romanian deadlifts and two of glute bridges." in two


def test_stopping_after_a_counted_set_never_says_before_your_first_set() -> None:
    assert "after your first set" in text([sd.Stopped(0, counted=True)])
    assert "before your first set" in text([sd.Stopped(0, counted=False)])
    assert "two sets logged and the one you just did" in text([sd.Stopped(2, counted=True)])


def test_the_nordic_setup_cues_are_sentences() -> None:
    for exercise_id in ("nordic_curl", "nordic_curl_assisted"):
        first = CATALOG.get(exercise_id).setup_cues[0]
        assert "or your heels hooked under something solid" in first


def test_pause_says_how_to_come_back_once_the_microphone_closes() -> None:
    said = text([ln.Cue.PAUSED])
    assert said.startswith("Paused.")
    assert "say resume" in said and "Alexa, open Hamstring Coach" in said


# --- the person's unit --------------------------------------------------------------------------


def test_a_kilogram_user_hears_kilogram_examples() -> None:
    for line in (ln.FeelReprompt(Unit.KG), ln.HelpFeedback(Unit.KG)):
        said = text([line])
        assert "kilos" in said and "pounds" not in said, said
    assert "pounds" in text([ln.FeelReprompt(Unit.LB)])
    load = text([sd.LoadAnswer("rdl_barbell", None, Unit.KG)])
    assert "pounds" not in load


def test_the_workout_reprompts_in_the_persons_unit() -> None:
    kg = ctx(Unit.KG)
    state = wk.start("w1", plan("glute_bridge"), False, 20, kg).state
    counted = wk.step(state, ev.Ready(), kg)
    assert "kilos" in text(counted.reprompt)
    helped = wk.step(counted.state, ev.Help(), kg)
    assert "kilos" in text(helped.say) and "pounds" not in text(helped.say)


# --- the last five seconds of a rest ------------------------------------------------------------


def test_the_end_of_a_rest_is_counted_one_a_second() -> None:
    ssml = rest_countdown(60).ssml()
    tail = ssml[ssml.index(FINAL_COUNT[0]) :]
    gaps = [int(ms) / 1000 for ms in re.findall(r'<break time="(\d+)ms"/>', tail)]
    assert len(gaps) == len(FINAL_COUNT) - 1
    for gap in gaps:
        assert gap + WORD_SECONDS == pytest.approx(1.0, abs=0.1)
    assert plain_text(ssml).endswith("Five, four, three, two, one.")


# --- length -------------------------------------------------------------------------------------


def _turn_seconds(exercise_id: str, reps: int, scale: float) -> list[float]:
    e = CATALOG.get(exercise_id)
    parts = count_parts(e, reps, scale)
    out = []
    for index, part in enumerate(parts):
        after: ln.Line
        if index + 1 < len(parts):
            after = ln.NextPart(parts[index + 1].side != part.side, part.last)
        else:
            after = ln.FeelReprompt(Unit.LB)
        counted = counted_set(e, 1, reps, scale, part if len(parts) > 1 else None)
        out.append(counted.extend(render([after], CATALOG)).seconds())
    return out


@pytest.mark.parametrize("scale", [1.0, 1.2, MAX_TEMPO_SCALE])
@pytest.mark.parametrize("exercise_id", [e.id for e in CATALOG.exercises])
def test_every_counted_turn_stays_under_the_cap(exercise_id: str, scale: float) -> None:
    reps = rep_range(CATALOG.get(exercise_id))[1]
    for seconds in _turn_seconds(exercise_id, reps, scale):
        assert seconds <= MAX_RESPONSE_SECONDS, (exercise_id, scale, seconds)


def test_a_long_two_sided_set_goes_a_side_per_turn_and_is_logged_once() -> None:
    e = CATALOG.get("band_lying_curl")
    assert two_sided(e)
    reps = 14
    state = wk.start("w1", plan(e.id, sets=2, reps=reps), False, 20, ctx()).state
    first = wk.step(state, ev.Ready(), ctx())
    assert first.state.phase is Phase.SETUP and first.log is None
    assert isinstance(first.say[-1], ln.NextPart) and first.say[-1].switch
    said = text(first.say)
    assert "Left side first." in said and "other side" in said and "Set done" not in said
    between = wk.step(first.state, ev.LogSet(effort=Effort.RIGHT), ctx())
    assert between.log is None and "other side" in text(between.say)
    second = wk.step(first.state, ev.Ready(), ctx())
    assert second.state.phase is Phase.FEEDBACK
    assert "Now the right side." in text(second.say) and "Set done" in text(second.say)
    report = ev.LogSet(effort=Effort.RIGHT, load=20, unit=Unit.LB)
    logged = wk.step(second.state, report, ctx())
    assert logged.log is not None and logged.log.reps == reps
    assert len(logged.state.logged) == 1
    whole = plain_text(render(first.say + second.say, CATALOG).ssml())
    for rep in range(1, reps + 1):
        assert len(re.findall(rf"\b{words(rep).capitalize()}\.", whole)) >= 2


def _intro_seconds(exercise_id: str, known: bool) -> float:
    e = CATALOG.get(exercise_id)
    reps = rep_range(e)[1]
    done = [exercise_id] if known else []
    others = [p for p in ("glute_bridge", "rdl_barbell", "lying_leg_curl") if p != exercise_id]
    session = [
        PlannedExercise(exercise_id=i, sets=3, target_reps=reps) for i in [exercise_id, *others]
    ]
    started = wk.start("w1", session, True, 25, ctx(done_before=done))
    return render(started.say, CATALOG).seconds()


INTRO_SECONDS = 30.0
"""A session intro (lighter lead, overview, first setup, "say ready") is one breath and a few
cues: well inside the cap."""


@pytest.mark.parametrize("exercise_id", [e.id for e in CATALOG.exercises])
def test_every_session_intro_is_short(exercise_id: str) -> None:
    assert _intro_seconds(exercise_id, known=False) <= INTRO_SECONDS <= MAX_RESPONSE_SECONDS
    assert _intro_seconds(exercise_id, known=True) < _intro_seconds(exercise_id, known=False)


def test_a_known_exercise_gets_a_short_setup() -> None:
    started = wk.start("w1", plan("glute_bridge"), False, 20, ctx(done_before=["glute_bridge"]))
    setup = next(line for line in started.say if isinstance(line, ln.Setup))
    assert setup.known
    said = text(started.say)
    assert "You know this one: arms by your sides" in said
    assert "Lie on your back" not in said
    fresh = text(wk.start("w1", plan("glute_bridge"), False, 20, ctx()).say)
    assert "You know this one" not in fresh and "Lie on your back" in fresh
