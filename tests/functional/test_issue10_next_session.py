"""Issue 10: the weekly check's next session starts its 48 hours only from a session that needs
rest (``SessionRecord.needs_rest``), as the planner's "too soon" does: after a one-set partial
session the next one can be today, and starting it plans a full day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from skill.core.advice import WeekReport
from skill.core.history import SessionStatus
from skill.core.rules import MIN_REST
from skill.core.weekly import RestClock, next_session_day
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock


def sets_then_finish(alexa: Alexa, sets: int) -> None:
    for _ in range(sets):
        alexa.count_set()
        alexa.say("LogSetIntent", effort="right")
    alexa.say("TiredIntent")
    alexa.say("AMAZON.YesIntent")
    assert alexa.ended


def test_after_a_one_set_session_the_next_session_is_today(
    alexa: Alexa, clock: MutableClock, sqlite_store: SQLiteStore
) -> None:
    alexa.onboard(("bodyweight",), "new")
    sets_then_finish(alexa, 1)
    (session,) = sqlite_store.load_user(alexa.user_id).recent_sessions
    assert session.status is SessionStatus.PARTIAL and not session.needs_rest

    clock.advance(hours=1)
    alexa.launch()
    alexa.say("WeekIntent")
    week = alexa.text
    assert "This week: one session, one set." in week
    assert "Fit a second session in today or later." in week, week
    assert f"{clock.now:%A}" not in week.replace("today", "")
    # The planner agrees: starting now is a full day, with no lighter offer.
    alexa.say("StartWorkoutIntent")
    assert "lighter" not in alexa.text.lower() and alexa.workout is not None


def test_after_a_session_that_needs_rest_the_next_is_two_days_on(
    alexa: Alexa, clock: MutableClock
) -> None:
    # Glute bridges only: the level's eight sets fill to four (the most one move gets).
    alexa.onboard(("bodyweight",), "new")
    for _ in range(4):
        alexa.count_set()
        alexa.say("LogSetIntent", effort="right")
    assert alexa.ended and "two days" in alexa.text
    clock.advance(hours=1)
    alexa.launch()
    alexa.say("WeekIntent")
    later = clock.now + timedelta(days=2)
    assert f"Fit a second session in on {later:%A} or later." in alexa.text, alexa.text


def test_mid_workout_one_set_logged_the_rest_of_today_is_the_next_session(alexa: Alexa) -> None:
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right")
    alexa.say("WeekIntent")
    assert "Today's session has" in alexa.text, alexa.text


def test_mid_workout_a_second_session_is_two_days_after_this_one(
    alexa: Alexa, clock: MutableClock
) -> None:
    """One set in, the workout under way is the week's first: the second comes 48 hours after
    it, never "today" (the rest of today's session is not a second one)."""
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right")
    later = clock.now + timedelta(days=2)
    for intent in ("WeekIntent", "ProgressIntent"):
        alexa.say(intent)
        assert "today or later" not in alexa.text, alexa.text
        assert f"Fit a second session in on {later:%A} or later." in alexa.text, alexa.text


def test_a_full_day_after_a_one_set_session_is_not_too_close(
    alexa: Alexa, clock: MutableClock
) -> None:
    """The planner let them train the next day: the weekly check does not then call it too
    close."""
    alexa.onboard(("bodyweight",), "new")
    sets_then_finish(alexa, 1)
    clock.advance(hours=20)
    alexa.launch()
    alexa.say("AMAZON.YesIntent")
    assert "lighter" not in alexa.text.lower()
    for _ in range(4):  # glute bridges only: the level's eight sets fill to four
        alexa.count_set()
        alexa.say("LogSetIntent", effort="right")
    assert alexa.ended
    clock.advance(hours=1)
    alexa.launch()
    alexa.say("WeekIntent")
    assert "This week: two sessions, five sets." in alexa.text, alexa.text
    assert "apart" not in alexa.text


def test_the_rest_clock_decides_the_next_day_across_the_weekend() -> None:
    """Pure: a session that needs rest on Sunday evening makes Tuesday evening the next, even
    with nothing this week yet; with no clock running, the next is now."""
    monday = datetime(2026, 12, 7, 9, tzinfo=UTC)
    sunday_evening = monday - timedelta(hours=15)
    empty = WeekReport(week_start=monday.date(), previous_session=sunday_evening)
    assert next_session_day(empty, monday, RestClock(sunday_evening)) == sunday_evening + MIN_REST
    assert next_session_day(empty, monday, RestClock(None)) == monday


def test_mid_workout_before_any_set_what_to_increase_asks_for_a_set_first(alexa: Alexa) -> None:
    """A first workout with nothing logged yet: not "do a session first" (one is going), and
    back to the set waiting."""
    alexa.onboard(("bodyweight",), "new")
    alexa.say("ProgressIntent")
    said = alexa.text
    assert "Finish a set first, and I'll tell you what to increase." in said, said
    assert "Do a session first" not in said and "ready" in said.lower()
    assert not alexa.ended and alexa.workout is not None
