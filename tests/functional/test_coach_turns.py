"""Issue 10, items 5 and 6 through the real handler: a known exercise's short setup, a set
counted a side per turn and logged once, and the kilogram user's examples."""

from __future__ import annotations

from skill.core.workout import Phase
from tests.factories import Alexa, MutableClock


def test_an_exercise_done_before_gets_the_short_setup(alexa: Alexa, clock: MutableClock) -> None:
    alexa.onboard(("bodyweight",), "some")
    first = alexa.text
    assert "First up: single-leg Romanian deadlifts" in first
    assert "You know this one" not in first
    full_setup = first.split("single-leg Romanian deadlifts", 2)[-1]
    alexa.say("ReadyIntent")
    alexa.say("ReadyIntent")  # the other side
    alexa.say("LogSetIntent", effort="right")
    alexa.say("AMAZON.StopIntent")
    assert alexa.ended

    clock.advance(days=3)
    alexa.launch()
    alexa.say("AMAZON.YesIntent")
    again = alexa.text  # the programme keeps its moves: the one done before, in short
    assert "First up: single-leg Romanian deadlifts" in again
    assert "You know this one:" in again, again
    assert len(again) < len(first) and full_setup not in again
    alexa.say("SkipExerciseIntent")
    new = alexa.text  # never logged yet: its full setup
    assert "Next: assisted Nordic curls" in new and "You know this one" not in new


def test_a_two_sided_set_is_counted_a_side_per_turn_and_logged_once(alexa: Alexa) -> None:
    alexa.onboard(("bodyweight",), "some")
    workout = alexa.workout
    assert workout is not None and workout.current.exercise_id == "single_leg_rdl"
    logged = len(workout.logged)

    alexa.say("ReadyIntent")
    assert "Left side first." in alexa.text
    assert alexa.text.endswith("Switch sides, and say ready for the other side.")
    side = alexa.workout
    assert side is not None and side.phase is Phase.SETUP and len(side.logged) == logged
    assert alexa.body["shouldEndSession"] is False

    alexa.say("ReadyIntent")
    assert alexa.text.startswith("Now the right side.")
    assert "easy, just right, or hard" in alexa.text
    alexa.say("LogSetIntent", effort="hard")
    after = alexa.workout
    assert after is not None and len(after.logged) == logged + 1


def test_a_kilogram_user_hears_kilos_in_the_feel_reprompt(alexa: Alexa) -> None:
    alexa.factory.locale = "en-GB"
    alexa.onboard(("dumbbells",), "new")
    alexa.count_set()
    reprompt = alexa.body["reprompt"]["outputSpeech"]["ssml"]
    assert "kilos" in reprompt and "pounds" not in reprompt
    alexa.say("AMAZON.HelpIntent")
    assert "kilos" in alexa.text and "pounds" not in alexa.text


def test_the_first_plan_announces_no_news_but_a_new_move_later_is_said(
    alexa: Alexa, clock: MutableClock
) -> None:
    """Right after onboarding everything is new, so nothing is announced as new; a beginner's
    curl joining after two comfortable sessions is."""
    alexa.onboard(("machines",), "new")
    assert "New this time" not in alexa.text and "New block" not in alexa.text
    for day in (0, 3, 7):
        if day:
            clock.advance(days=3 if day == 3 else 4)
            alexa.launch()
            alexa.say("AMAZON.YesIntent")
        if "join your programme" in alexa.text:
            break
        while alexa.workout is not None:
            alexa.count_set()
            alexa.say("LogSetIntent", effort="right", load="40", unit="pounds")
            if "What weight" in alexa.text:
                alexa.say("LogSetIntent", load="40", unit="pounds")
    assert "New this time: lying leg curls join your programme." in alexa.text
