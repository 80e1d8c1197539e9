"""Real speech, not only our samples: typed text through the chat's matcher (which takes words
outside a slot's values unresolved, as Alexa does), real envelopes with ER_SUCCESS_NO_MATCH, the
real handler. Known words are kept, unknown ones said back, and repeated misunderstandings get
examples of what to say instead of the same question again.
"""

from __future__ import annotations

from functools import cache

from skill.core.profile import Equipment
from skill.core.workout import Phase
from skill.local.nlu import Matcher
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa


@cache
def matcher() -> Matcher:
    return Matcher.for_locale()


def say(alexa: Alexa, text: str) -> str:
    alexa.send(alexa.factory.intent(matcher().match(text), now=alexa.clock()))
    return alexa.text


def test_a_barbell_and_a_bench_keeps_the_barbell_and_says_the_bench(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    alexa.launch()
    said = say(alexa, "I have a barbell and a bench")
    assert "Got it: a barbell. I don't know a bench, so I'll plan without it." in said
    profile = sqlite_store.load_user(alexa.user_id).profile
    assert profile is not None and profile.equipment == [Equipment.BARBELL]
    say(alexa, "some experience")
    assert alexa.workout is not None and alexa.workout.phase is Phase.SETUP


def test_only_unknown_equipment_asks_again_saying_what_was_not_known(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    alexa.launch()
    said = say(alexa, "I have a bench")
    assert "I don't know a bench." in said
    assert "What equipment do you have?" in said
    profile = sqlite_store.load_user(alexa.user_id).profile
    assert profile is None or not profile.equipment
    said = say(alexa, "I've got a squat rack")
    assert "I don't know a squat rack." in said
    assert "You can say: dumbbells and bands." in said, "the second miss gives examples"
    assert "What equipment do you have?" not in said
    assert "Got it: a barbell and gym machines" in say(
        alexa, "I have a barbell and a leg curl machine"
    )


def test_an_exercise_we_do_not_know_is_said_back(alexa: Alexa) -> None:
    alexa.onboard()
    said = say(alexa, "tell me about zercher squats")
    assert "I don't know zercher squats." in said
    said = say(alexa, "how much should I lift on zercher squats")
    assert "I don't know zercher squats." in said


def test_a_unit_we_do_not_know_keeps_the_numbers(alexa: Alexa) -> None:
    alexa.onboard(equipment=("bodyweight",), level="new")
    say(alexa, "ready")
    assert alexa.workout is not None and alexa.workout.phase is Phase.FEEDBACK
    said = say(alexa, "twelve reps at sixty stones it was hard")
    assert "stones" not in said
    assert alexa.workout is not None
    [logged] = alexa.workout.logged
    assert logged.reps == 12


def test_two_misunderstandings_in_a_row_give_examples_for_the_set_feedback(alexa: Alexa) -> None:
    alexa.onboard(equipment=("bodyweight",), level="new")
    say(alexa, "ready")
    first = say(alexa, "purple monkey dishwasher")
    assert "You can say" not in first
    second = say(alexa, "purple monkey dishwasher")
    assert "You can say: easy, just right, or hard. Or: ten reps at sixty pounds." in second
    reprompt = alexa.body["reprompt"]["outputSpeech"]["ssml"]
    assert "You can say" in reprompt
    say(alexa, "twelve")  # understood (reps, then the effort is asked): the count starts over
    assert "You can say" not in say(alexa, "purple monkey dishwasher")


def test_a_load_said_before_the_reps_is_heard(alexa: Alexa) -> None:
    alexa.onboard(equipment=("bodyweight",), level="new")
    say(alexa, "ready")
    said = say(alexa, "a hundred thirty-five pounds for ten reps")
    assert "didn't" not in said.lower()
    assert alexa.workout is not None and alexa.workout.draft is not None
    assert (alexa.workout.draft.reps, alexa.workout.draft.load) == (10, 135)


def test_week_and_last_week_questions_are_answered(alexa: Alexa) -> None:
    alexa.onboard(equipment=("bodyweight",), level="new")
    week = say(alexa, "how many sessions this week")
    assert "week" in week.lower()
    last = say(alexa, "how did I do last week")
    assert "didn't catch" not in last.lower()
