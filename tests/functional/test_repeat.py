"""AMAZON.RepeatIntent replays the shell's copy of what was last said, word for word: the
conversation keeps no copy of its own speech, so this is where replaying is tested."""

from __future__ import annotations

import pytest

from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock


def in_place(alexa: Alexa, where: str) -> None:
    if where == "onboarding":
        alexa.launch()
        return
    alexa.onboard(("dumbbells",), "some")  # leaves the first exercise's setup announced
    if where == "counted-set":
        alexa.say("ReadyIntent")
    elif where == "pending-start":
        alexa.say("AMAZON.StopIntent")
        alexa.launch()
        alexa.say("AMAZON.NoIntent")  # closes the old workout: "start a new hamstring day?"


@pytest.mark.parametrize("where", ["onboarding", "setup", "counted-set", "pending-start"])
def test_repeat_replays_the_previous_speech_exactly(
    alexa: Alexa, sqlite_store: SQLiteStore, where: str
) -> None:
    in_place(alexa, where)
    previous = alexa.body
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
