"""A whole hamstring day through the Lambda-style handler, with real Alexa envelopes.

Everything goes through ``build_handler(SQLiteStore(...), clock)`` exactly as the Lambda runs it;
the ``alexa`` fixture plays Alexa's part (carrying session attributes, opening new sessions) and
checks every response against Alexa's limits (SSML parses, <= 8000 chars, breaks <= 10 s, a
reprompt on every question). What was stored is then read back through the store.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from skill.core.catalog import load_catalog
from skill.core.effort import Effort
from skill.core.history import SessionStatus, SetRecord
from skill.core.profile import Unit
from skill.core.workout import Phase, WorkoutState
from skill.speech.ssml import words
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, FakeLambdaContext, MutableClock, break_seconds, plain_text

CATALOG = load_catalog()
LAMBDA_APP = Path(__file__).resolve().parents[2] / "lambda" / "app.py"


@dataclass(frozen=True)
class Expected:
    reps: int
    load: float | None
    unit: Unit | None
    effort: Effort | None


def stored_sets(store: SQLiteStore, user_id: str) -> list[SetRecord]:
    return [s for session in store.recent_sessions(user_id, limit=100) for s in session.sets]


def current(alexa: Alexa) -> WorkoutState:
    workout = alexa.workout
    assert workout is not None, "no workout in the session attributes"
    return workout


def assert_counted_set(alexa: Alexa, ssml: str, workout: WorkoutState) -> None:
    """The response to "ready" is the set itself: every rep counted aloud, paced by breaks."""
    exercise = CATALOG.get(workout.current.exercise_id)
    reps = workout.current.target_reps
    text = plain_text(ssml)  # a set counted in turns: all of them
    sides = 2 if exercise.per_side else 1
    for rep in range(1, reps + 1):
        count_word = f"{words(rep).capitalize()}."
        assert text.count(count_word) >= sides, f"{count_word!r} not counted: {text}"
    assert ssml.count("<break") >= reps * sides, "reps are not paced with breaks"
    assert sum(break_seconds(ssml)) >= reps * sides * 2, "a slow set takes seconds per rep"
    assert "easy, just right, or hard" in text
    assert alexa.body["shouldEndSession"] is False


def asks_for_weight(text: str) -> bool:
    """The skill asks once per loaded exercise for a weight it was never told."""
    return "What weight did you use" in text or "how heavy" in text.lower()


def finish_workout(alexa: Alexa, effort: str = "right", load: str = "20") -> int:
    """Every remaining set: ready, then how it felt with the weight. Returns the sets done."""
    done = 0
    while not alexa.ended:
        assert done < 12, f"the workout does not end: {alexa.text}"
        alexa.count_set()
        alexa.say("LogSetIntent", effort=effort, load=load, unit="pounds")
        done += 1
    return done


def start_day(alexa: Alexa) -> WorkoutState:
    alexa.onboard(("dumbbells", "bands"), "some")
    workout = current(alexa)
    assert workout.phase is Phase.SETUP
    return workout


def test_a_new_users_whole_hamstring_day(
    alexa: Alexa, sqlite_store: SQLiteStore, clock: MutableClock
) -> None:
    welcome = alexa.launch()
    assert "Welcome" in welcome and "equipment" in alexa.text
    assert sqlite_store.load_user(alexa.user_id).profile is None

    alexa.say("SetEquipmentIntent", equipmentOne="dumbbells", equipmentTwo="bands")
    assert "dumbbells and bands" in alexa.text
    assert "experience" in alexa.text  # the level question follows
    alexa.say("SetLevelIntent", level="some")

    profile = sqlite_store.load_user(alexa.user_id).profile
    assert profile is not None and profile.complete
    assert {q.value for q in profile.equipment} == {"dumbbells", "bands"}
    assert profile.level is not None and profile.level.value == "some"

    active = sqlite_store.load_user(alexa.user_id).active
    assert active is not None, "the started workout is saved straight away"
    total = sum(p.sets for p in active.plan)
    names = [CATALOG.get(p.exercise_id).name for p in active.plan]
    overview = alexa.text
    assert f"{words(total)} sets" in overview
    for name in names:
        assert name in overview
    assert "Say ready" in overview

    styles = ("effort", "everything", "reps-then-effort")
    expected: dict[tuple[int, int], Expected] = {}
    last_load: dict[int, tuple[float, Unit]] = {}
    number = 0
    while not alexa.ended:
        workout = current(alexa)
        assert workout.phase is Phase.SETUP, alexa.text
        key = (workout.exercise_index, workout.set_number)
        assert key not in expected, f"set {key} came round twice"
        target = workout.current.target_reps

        ssml = alexa.count_set()
        assert_counted_set(alexa, ssml, workout)
        assert current(alexa).phase is Phase.FEEDBACK
        clock.advance(minutes=2)

        style = styles[number % len(styles)]
        before = len(stored_sets(sqlite_store, alexa.user_id))
        if style == "effort":
            effort = (Effort.RIGHT, Effort.EASY)[number % 2]
            alexa.say("LogSetIntent", effort=effort.value)
            load, unit = last_load.get(workout.exercise_index, (None, None))
            expected[key] = Expected(target, load, unit, effort)
            if asks_for_weight(alexa.text):
                assert load is None, "asked for a weight it was already told"
                assert len(stored_sets(sqlite_store, alexa.user_id)) == before, "logged too early"
                alexa.say("LogSetIntent", load="35", unit="pounds")
                last_load[workout.exercise_index] = (35.0, Unit.LB)
                expected[key] = Expected(target, 35.0, Unit.LB, effort)
        elif style == "everything":
            load, unit = 20.0 + 5 * number, (Unit.LB, Unit.KG)[number % 2]
            spoken_unit = "pounds" if unit is Unit.LB else "kilograms"
            alexa.say(
                "LogSetIntent",
                reps=str(target - 1),
                load=f"{load:g}",
                unit=spoken_unit,
                effort="hard",
            )
            if "is that right?" in alexa.text:
                # Over half off the weight before it (lb and kg alternate): read back first.
                assert len(stored_sets(sqlite_store, alexa.user_id)) == before, "logged too early"
                alexa.say("AMAZON.YesIntent")
            assert f"Logged {words(target - 1)}" in alexa.text
            last_load[workout.exercise_index] = (load, unit)
            expected[key] = Expected(target - 1, load, unit, Effort.HARD)
        else:
            alexa.say("LogSetIntent", reps=str(target))
            assert f"Got {words(target)} rep" in alexa.text
            assert "easy, just right, or hard" in alexa.text
            assert len(stored_sets(sqlite_store, alexa.user_id)) == before, "logged too early"
            alexa.say("LogSetIntent", effort="just right")
            load, unit = last_load.get(workout.exercise_index, (None, None))
            if asks_for_weight(alexa.text):
                assert load is None, "asked for a weight it was already told"
                alexa.say("AMAZON.NoIntent")  # no weight to give: the set is logged without
            expected[key] = Expected(target, load, unit, Effort.RIGHT)
        assert len(stored_sets(sqlite_store, alexa.user_id)) == before + 1
        number += 1
        assert number <= total, "more sets than the plan had"

    assert number == total
    assert "hamstring day done" in alexa.text
    assert "reprompt" not in alexa.body

    sessions = sqlite_store.recent_sessions(alexa.user_id)
    assert len(sessions) == 1
    session = sessions[0]
    assert session.status is SessionStatus.FINISHED
    assert session.workout_id == active.workout_id
    assert session.ended_at == clock.now
    assert session.exercise_ids == [p.exercise_id for p in active.plan]
    assert len(session.sets) == total
    assert len({s.key for s in session.sets}) == total
    for record in session.sets:
        want = expected[(record.exercise_index, record.set_number)]
        got = Expected(record.reps, record.load, record.unit, record.effort)
        assert got == want, f"set {record.key}"
        assert record.exercise_id == active.plan[record.exercise_index].exercise_id
    assert sqlite_store.load_user(alexa.user_id).active is None


def test_a_form_cue_mid_set_answers_and_keeps_the_phase(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    workout = start_day(alexa)
    exercise = CATALOG.get(workout.current.exercise_id)

    alexa.say("FormCueIntent")  # before the set: setup cues are fair game too
    assert any(cue in alexa.text for cue in exercise.setup_cues + exercise.mid_set_cues)
    assert current(alexa).phase is Phase.SETUP
    assert "Say ready" in alexa.text

    alexa.count_set()
    first = alexa.say("FormCueIntent")
    assert any(cue in alexa.text for cue in exercise.mid_set_cues), alexa.text
    assert "how that set felt" in alexa.text  # offers to carry on from the same place
    after = current(alexa)
    assert (after.phase, after.exercise_index, after.set_number) == (Phase.FEEDBACK, 0, 1)
    second = alexa.say("FormCueIntent")
    assert second != first, "asking again gives other cues"

    alexa.say("LogSetIntent", effort="hard", load="15", unit="pounds")
    (record,) = stored_sets(sqlite_store, alexa.user_id)
    assert (record.exercise_index, record.set_number, record.effort) == (0, 1, Effort.HARD)
    assert current(alexa).set_number == 2


def test_a_retried_log_request_stores_the_set_once(
    alexa: Alexa, sqlite_store: SQLiteStore, clock: MutableClock
) -> None:
    start_day(alexa)
    alexa.count_set()
    clock.advance(minutes=1)
    envelope = alexa.envelope("LogSetIntent", reps="7", load="25", unit="pounds", effort="hard")

    alexa.send(envelope, remember=False)  # the response was lost on the way back
    first = alexa.last
    alexa.send(envelope)  # Alexa sends the very same request again
    assert alexa.last["response"] == first["response"]
    (record,) = stored_sets(sqlite_store, alexa.user_id)
    assert (record.set_number, record.reps, record.load) == (1, 7, 25.0)

    # and the workout carries on at the next set, once
    assert current(alexa).set_number == 2
    alexa.count_set()
    alexa.say("LogSetIntent", effort="easy")
    sets = stored_sets(sqlite_store, alexa.user_id)
    # Seven of eight: the next set asked for a rep fewer than were made (six).
    assert [(s.set_number, s.reps) for s in sets] == [(1, 7), (2, 6)]
    assert len(current(alexa).logged) == 2


@pytest.mark.parametrize("stop_in", [Phase.SETUP, Phase.FEEDBACK])
def test_stop_mid_workout_then_a_later_launch_resumes_at_the_same_set(
    alexa: Alexa, sqlite_store: SQLiteStore, clock: MutableClock, stop_in: Phase
) -> None:
    workout = start_day(alexa)
    exercise = CATALOG.get(workout.current.exercise_id)
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", load="30", unit="pounds", effort="right")
    if stop_in is Phase.FEEDBACK:
        alexa.count_set()
    assert current(alexa).phase is stop_in

    alexa.say("AMAZON.StopIntent")
    assert alexa.ended
    assert "Saved" in alexa.text
    saved = sqlite_store.load_user(alexa.user_id).active
    assert saved is not None
    assert (saved.workout_id, saved.exercise_index, saved.set_number) == (
        workout.workout_id,
        0,
        2,
    )

    clock.advance(hours=3)  # the same day: offered again (rules.RESUME_WITHIN)
    alexa.launch()
    assert alexa.factory.new is False and alexa.last["response"]["shouldEndSession"] is False
    offer = alexa.text
    assert exercise.name in offer
    assert "set two of four" in offer
    assert offer.endswith("?")

    alexa.say("AMAZON.YesIntent")
    resumed = current(alexa)
    assert (resumed.workout_id, resumed.exercise_index, resumed.set_number) == (
        workout.workout_id,
        0,
        2,
    )
    if stop_in is Phase.FEEDBACK:
        # The set counted before the stop is not thrown away: it is reported, or "ready" logs
        # it as planned (never a recount).
        assert resumed.phase is Phase.FEEDBACK
        assert "set two was counted" in alexa.text and "How did it feel" in alexa.text
        alexa.count_set()
        assert "I'll log that one as planned" in alexa.text and "One." not in alexa.text
        assert "Set three of four" in alexa.text
    else:
        assert resumed.phase is Phase.SETUP
        assert "Set two of four" in alexa.text and "thirty pounds" in alexa.text
        ssml = alexa.count_set()
        assert_counted_set(alexa, ssml, resumed)
        alexa.say("LogSetIntent", effort="easy")
    sets = stored_sets(sqlite_store, alexa.user_id)
    assert [(s.workout_id, s.exercise_index, s.set_number) for s in sets] == [
        (workout.workout_id, 0, 1),
        (workout.workout_id, 0, 2),
    ]
    assert sets[1].load == 30.0, "the load logged before the stop carries over"


def test_the_resume_offer_names_the_day_in_plain_words(alexa: Alexa, clock: MutableClock) -> None:
    start_day(alexa)
    alexa.say("AMAZON.StopIntent")
    clock.advance(hours=10)  # past midnight, still inside rules.RESUME_WITHIN
    alexa.launch()
    assert "from on " not in alexa.text, alexa.text
    assert "unfinished yesterday" in alexa.text, alexa.text


@pytest.mark.parametrize("reason", ["USER_INITIATED", "EXCEEDED_MAX_REPROMPTS", "ERROR"])
def test_session_ended_mid_workout_saves_the_active_workout(
    alexa: Alexa, sqlite_store: SQLiteStore, clock: MutableClock, reason: str
) -> None:
    start_day(alexa)
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right", load="15", unit="pounds")
    alexa.say("SlowerIntent")  # changes only the session's copy of the workout
    alexa.count_set()
    in_session = current(alexa)
    assert in_session.tempo_scale > 1.0 and in_session.phase is Phase.FEEDBACK
    stale = sqlite_store.load_user(alexa.user_id).active
    assert stale is not None and stale.tempo_scale == 1.0

    alexa.leave(reason)
    body = alexa.body
    assert "outputSpeech" not in body and "reprompt" not in body

    saved = sqlite_store.load_user(alexa.user_id).active
    assert saved is not None
    assert saved.workout_id == in_session.workout_id
    assert (saved.exercise_index, saved.set_number, saved.phase) == (0, 2, Phase.FEEDBACK)
    assert saved.tempo_scale == in_session.tempo_scale
    assert len(stored_sets(sqlite_store, alexa.user_id)) == 1

    clock.advance(hours=3)
    alexa.launch()
    assert "set two of four" in alexa.text
    alexa.say("AMAZON.YesIntent")
    assert current(alexa).set_number == 2
    assert current(alexa).tempo_scale == in_session.tempo_scale


def test_the_summary_reads_as_proper_sentences(alexa: Alexa) -> None:
    start_day(alexa)
    finish_workout(alexa)
    summary = alexa.text[alexa.text.index("That's hamstring day done") :]
    sentences = [s.strip() for s in summary.split(". ") if s.strip()]
    assert all(s[0].isupper() for s in sentences), summary


def reach_the_weight_question(alexa: Alexa) -> None:
    start_day(alexa)
    alexa.count_set()
    alexa.say("LogSetIntent", effort="hard")
    assert asks_for_weight(alexa.text), alexa.text


@pytest.mark.parametrize("answer", ["AMAZON.NoIntent", "ReadyIntent"])
def test_the_weight_question_can_be_declined(
    alexa: Alexa, sqlite_store: SQLiteStore, answer: str
) -> None:
    reach_the_weight_question(alexa)
    alexa.say(answer)
    (record,) = stored_sets(sqlite_store, alexa.user_id)
    assert (record.set_number, record.effort, record.load) == (1, Effort.HARD, None)
    assert current(alexa).set_number == 2


def test_saying_skip_to_the_weight_question_keeps_the_set(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    reach_the_weight_question(alexa)
    assert "say skip" in alexa.text
    alexa.say("SkipExerciseIntent")
    assert [(s.set_number, s.effort) for s in stored_sets(sqlite_store, alexa.user_id)] == [
        (1, Effort.HARD)
    ]
    assert (current(alexa).exercise_index, current(alexa).set_number) == (0, 2)


def test_a_misheard_answer_to_the_weight_question_asks_for_the_weight_again(
    alexa: Alexa,
) -> None:
    reach_the_weight_question(alexa)
    alexa.say("AMAZON.FallbackIntent")
    assert asks_for_weight(alexa.text), alexa.text


def test_the_deployed_lambda_entry_point_runs_the_same_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """lambda/app.py's module-level ``handler`` with HAMSTRING_DB: onboarding and a first set."""
    db = tmp_path / "lambda.sqlite3"
    monkeypatch.setenv("HAMSTRING_DB", str(db))
    monkeypatch.delenv("HAMSTRING_STORE", raising=False)
    spec = importlib.util.spec_from_file_location("lambda_app_under_test", LAMBDA_APP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    root_level = logging.getLogger().level
    try:
        spec.loader.exec_module(module)  # builds the skill, as on a cold start
    finally:
        logging.getLogger().setLevel(root_level)  # it sets INFO for Lambda; not for us

    def entry(event: dict[str, Any], context: object) -> dict[str, Any]:
        return dict(module.handler(event, FakeLambdaContext()))

    alexa = Alexa(entry, MutableClock())  # the Lambda runs on the real clock
    alexa.onboard()
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", load="20", unit="pounds", effort="right")
    assert "Logged eight at twenty pounds" in alexa.text

    with SQLiteStore(db) as store:
        assert [s.key for s in stored_sets(store, alexa.user_id)] == ["00-01"]
        assert store.load_user(alexa.user_id).active is not None
