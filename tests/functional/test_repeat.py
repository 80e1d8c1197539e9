"""AMAZON.RepeatIntent replays the shell's copy of what was last said: word for word, or in short
when the turn took minutes to say (a counted set, a rest countdown: the core's ``Outcome.again``).
The conversation keeps no copy of its own speech, so this is where replaying is tested."""

from __future__ import annotations

import pytest

from skill.core.effort import Effort
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, break_seconds


def in_place(alexa: Alexa, where: str) -> None:
    if where == "onboarding":
        alexa.launch()
        return
    alexa.onboard(("dumbbells",), "some")  # leaves the first exercise's setup announced
    if where == "counted-set":
        alexa.count_set()
    elif where == "pending-start":
        alexa.say("AMAZON.StopIntent")
        alexa.launch()
        alexa.say("AMAZON.NoIntent")  # closes the old workout: "start a new hamstring day?"


@pytest.mark.parametrize("where", ["onboarding", "setup", "pending-start"])
def test_repeat_replays_the_previous_speech_exactly(
    alexa: Alexa, sqlite_store: SQLiteStore, where: str
) -> None:
    in_place(alexa, where)
    # A card (after onboarding) is sent once, with the turn it records: repeat replays speech.
    previous = {k: v for k, v in alexa.body.items() if k != "card"}
    coach = alexa.last["sessionAttributes"]["coach"]
    stored = sqlite_store.load_user(alexa.user_id)

    alexa.say("AMAZON.RepeatIntent")

    assert alexa.body == previous
    assert alexa.last["sessionAttributes"]["coach"] == coach, "nothing moves on"
    assert sqlite_store.load_user(alexa.user_id) == stored, "nothing is written"
    alexa.say("AMAZON.RepeatIntent")
    assert alexa.body == previous, "twice in a row still replays the original"


def test_repeat_with_nothing_said_yet_answers_like_help(alexa: Alexa, clock: MutableClock) -> None:
    alexa.say("AMAZON.RepeatIntent")
    helped = Alexa(alexa.handler, clock, user_id="amzn1.ask.account.SOMEONE-ELSE")
    helped.say("AMAZON.HelpIntent")
    assert alexa.body == helped.body
    assert "I'm your hamstring coach" in alexa.text


def test_repeat_after_a_counted_set_asks_the_question_again_without_recounting(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    in_place(alexa, "counted-set")
    previous = alexa.body
    coach = alexa.last["sessionAttributes"]["coach"]
    stored = sqlite_store.load_user(alexa.user_id)

    alexa.say("AMAZON.RepeatIntent")

    assert alexa.text == "How did that feel: easy, just right, or hard?"
    assert break_seconds(alexa.body["outputSpeech"]["ssml"]) == [], "no count, no pauses"
    assert alexa.body["reprompt"] == previous["reprompt"]
    assert alexa.last["sessionAttributes"]["coach"] == coach, "nothing moves on"
    assert sqlite_store.load_user(alexa.user_id) == stored, "nothing is written"
    alexa.say("AMAZON.RepeatIntent")
    assert alexa.text == "How did that feel: easy, just right, or hard?"

    alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")
    workout = alexa.workout
    assert workout is not None
    assert [(s.set_number, s.effort) for s in workout.logged] == [(1, Effort.RIGHT)]
    assert workout.set_number == 2, "the set counted before the repeats is the one reported"


@pytest.mark.parametrize("report", ["effort", "ready"])
def test_repeat_after_a_logged_set_gives_the_next_set_without_the_rest_countdown(
    alexa: Alexa, report: str
) -> None:
    in_place(alexa, "counted-set")
    if report == "ready":
        alexa.count_set()  # logged as planned
    else:
        alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")
    logged = alexa.text
    assert "Rest" in logged and "Set two of four" in logged

    alexa.say("AMAZON.RepeatIntent")

    again = alexa.text
    assert "Rest" not in again and "Fifty" not in again
    assert sum(break_seconds(alexa.body["outputSpeech"]["ssml"])) < 2, "no countdown pauses"
    assert again.startswith(logged.split(". ")[0]), "what was logged, said back"
    assert "Set two of four" in again and again.endswith("Say ready when you're set.")
