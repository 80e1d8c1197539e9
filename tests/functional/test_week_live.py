""" "How am I doing this week" counts the workout in progress, once, whether it was just
logged, resumed in a new session, or closed."""

from __future__ import annotations

from tests.factories import Alexa


def two_sets(alexa: Alexa) -> None:
    alexa.onboard(("bodyweight",), "new")
    for _ in range(2):
        alexa.count_set()
        alexa.say("LogSetIntent", reps="8", load="20", unit="pounds", effort="right")


def test_the_sets_just_logged_count_this_week(alexa: Alexa) -> None:
    two_sets(alexa)
    alexa.say("WeekIntent")
    assert "This week: one session, two sets." in alexa.text, alexa.text


def test_a_resumed_workout_is_counted_once(alexa: Alexa) -> None:
    two_sets(alexa)
    alexa.say("AMAZON.StopIntent")
    alexa.clock.advance(hours=1)
    alexa.launch()
    assert "unfinished" in alexa.text
    alexa.say("WeekIntent")
    assert "This week: one session, two sets." in alexa.text, alexa.text
    alexa.say("AMAZON.YesIntent")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", effort="right")
    alexa.say("WeekIntent")
    assert "This week: one session, three sets." in alexa.text, alexa.text


def test_a_closed_workout_still_counts(alexa: Alexa) -> None:
    two_sets(alexa)
    alexa.say("AMAZON.StopIntent")
    alexa.clock.advance(hours=1)
    alexa.launch()
    alexa.say("AMAZON.NoIntent")
    assert "closed that one" in alexa.text
    alexa.say("WeekIntent")
    assert "This week: one session, two sets." in alexa.text, alexa.text
