"""A weight far from the plan is read back through the real handler before anything is stored."""

from __future__ import annotations

from skill.core.catalog import Movement, load_catalog
from skill.core.effort import Effort
from skill.core.history import SetRecord
from skill.core.profile import Unit
from skill.core.workout import Phase, WorkoutState
from skill.speech.ssml import words
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock

CATALOG = load_catalog()


def stored_sets(store: SQLiteStore, user_id: str) -> list[SetRecord]:
    return [s for session in store.recent_sessions(user_id, limit=100) for s in session.sets]


def current(alexa: Alexa) -> WorkoutState:
    workout = alexa.workout
    assert workout is not None, "no workout in the session attributes"
    return workout


def to_the_curl(alexa: Alexa) -> WorkoutState:
    """Machines only: skip ahead to the leg curl the plan holds."""
    alexa.onboard(equipment=("machines",), level="some")
    while CATALOG.get(current(alexa).current.exercise_id).movement is not Movement.CURL:
        alexa.say("SkipExerciseIntent")
    return current(alexa)


def test_a_hundred_thirty_five_pounds_on_a_twenty_pound_curl_is_confirmed_before_it_is_stored(
    alexa: Alexa, sqlite_store: SQLiteStore, clock: MutableClock
) -> None:
    workout = to_the_curl(alexa)
    name = CATALOG.get(workout.current.exercise_id).name
    # Set one at twenty pounds: that is the plan for set two.
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")
    assert "twenty pounds" in alexa.text
    assert current(alexa).current.load == 20
    (first,) = stored_sets(sqlite_store, alexa.user_id)

    alexa.count_set()
    clock.advance(minutes=2)
    alexa.say("LogSetIntent", effort="hard", load="135", unit="pounds")
    assert f"A hundred thirty-five pounds on {name}, is that right?" in alexa.text
    assert not alexa.ended
    assert current(alexa).phase is Phase.CONFIRM
    assert stored_sets(sqlite_store, alexa.user_id) == [first], "nothing stored before yes"

    yes = alexa.envelope("AMAZON.YesIntent")
    alexa.send(yes, remember=False)  # the answer was lost on its way back
    alexa.send(yes)  # Alexa retries the very same request
    reps = words(workout.current.target_reps)
    assert f"Logged {reps} at one hundred thirty-five pounds" in alexa.text
    sets = stored_sets(sqlite_store, alexa.user_id)
    assert [(s.set_number, s.load, s.unit, s.effort) for s in sets] == [
        (1, 20, Unit.LB, Effort.RIGHT),
        (2, 135, Unit.LB, Effort.HARD),
    ]


def test_no_then_the_right_weight_stores_only_the_right_weight(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    to_the_curl(alexa)
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right", load="135", unit="pounds")
    alexa.say("AMAZON.NoIntent")
    assert "What weight did you use?" in alexa.text
    assert len(stored_sets(sqlite_store, alexa.user_id)) == 1
    alexa.say("LogSetIntent", load="25", unit="pounds")
    assert [s.load for s in stored_sets(sqlite_store, alexa.user_id)] == [20, 25]


def test_the_question_survives_the_session_ending(alexa: Alexa, sqlite_store: SQLiteStore) -> None:
    to_the_curl(alexa)
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right", load="135", unit="pounds")
    alexa.leave()
    saved = sqlite_store.load_user(alexa.user_id).active
    assert saved is not None and saved.phase is Phase.CONFIRM

    alexa.launch()
    alexa.say("AMAZON.YesIntent")  # pick it up
    assert "A hundred thirty-five pounds" in alexa.text and "is that right" in alexa.text
    assert len(stored_sets(sqlite_store, alexa.user_id)) == 1
    alexa.say("AMAZON.YesIntent")
    assert [s.load for s in stored_sets(sqlite_store, alexa.user_id)] == [20, 135]
