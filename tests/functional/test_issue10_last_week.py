"""Issue 10: "how did I do last week" is answered about the previous calendar week (its
sessions and sets, Monday to Sunday in the person's time zone), not about the last session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

from skill.alexa.app import build_handler
from skill.core.history import SessionStatus
from skill.core.weekly import last_week_report
from skill.local.nlu import Matcher
from skill.speech.week import last_week_lines
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, make_session, make_set
from tests.functional.test_timezone import FakeSettingsApi

TUESDAY = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
"""Tuesday 10:00 in Los Angeles; that week runs Monday 30 November to Sunday 6 December."""
SUNDAY_EVENING = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
"""Sunday 6 December, 20:00 in Los Angeles: already Monday in UTC."""
WEDNESDAY = datetime(2026, 12, 9, 18, 0, tzinfo=UTC)
"""The week after."""


@cache
def matcher() -> Matcher:
    return Matcher.for_locale()


def say(alexa: Alexa, text: str) -> str:
    """Typed as the chat does, through the interaction model's samples; what was said back."""
    alexa.send(alexa.factory.intent(matcher().match(text), now=alexa.clock()))
    return alexa.text


def in_los_angeles(store: SQLiteStore) -> Alexa:
    clock = MutableClock(TUESDAY)
    return Alexa(build_handler(store, clock, api_client=FakeSettingsApi()), clock)


def two_sets_then_finish(alexa: Alexa) -> None:
    """Today's first two sets, then "I'm tired", "yes": a short session, closed."""
    for _ in range(2):
        alexa.count_set()
        alexa.say("LogSetIntent", effort="right")
    alexa.say("TiredIntent")
    alexa.say("AMAZON.YesIntent")
    assert alexa.ended


def test_last_week_is_the_previous_calendar_week_in_the_persons_zone(
    sqlite_store: SQLiteStore,
) -> None:
    alexa = in_los_angeles(sqlite_store)
    alexa.onboard(("bodyweight",), "new")
    two_sets_then_finish(alexa)
    alexa.clock.now = SUNDAY_EVENING
    alexa.launch()
    alexa.say("AMAZON.YesIntent")
    two_sets_then_finish(alexa)

    alexa.clock.now = WEDNESDAY
    alexa.launch()
    reply = say(alexa, "how did I do last week")
    assert reply.startswith(
        "Last week: two sessions, on Tuesday and Sunday, with four sets. "
        "That's short of the guide's twelve sets a week."
    ), reply
    assert "Your last session was" not in reply
    assert not alexa.ended and reply.endswith("?")  # then the offer to train

    # This week has nothing yet: Sunday evening was last week where the person lives.
    assert say(alexa, "how am i doing this week").startswith("No hamstring sessions yet")


def test_a_week_on_target_says_so(sqlite_store: SQLiteStore, clock: MutableClock) -> None:
    """Two sessions two days apart with twelve sets: on target (stored history, then asked)."""
    monday = datetime(2026, 11, 30, 18, tzinfo=UTC)
    sessions = [
        make_session(
            workout_id=f"w{day}",
            started_at=monday + timedelta(days=day),
            sets=[
                make_set(f"w{day}", set_number=n, logged_at=monday + timedelta(days=day, minutes=n))
                for n in range(1, 7)
            ],
        )
        for day in (0, 3)
    ]
    report = last_week_report(sessions, WEDNESDAY)
    assert (report.sessions, report.sets) == (2, 12)
    assert last_week_lines(report, WEDNESDAY) == [
        "Last week: two sessions, on Monday and Thursday, with twelve sets.",
        "That's right on target: two sessions, and twelve sets or more.",
    ]
    assert [s.status for s in sessions] == [SessionStatus.FINISHED] * 2


def test_no_session_last_week(alexa: Alexa) -> None:
    alexa.onboard(("bodyweight",), "new")
    reply = say(alexa, "how did I do last week")
    assert reply.startswith("You didn't log a hamstring session last week."), reply
    assert alexa.workout is not None and "Say ready" in reply  # back to the set announced


def test_last_time_still_answers_about_the_last_session(alexa: Alexa) -> None:
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right")
    alexa.say("AMAZON.StopIntent")
    alexa.launch()
    alexa.say("AMAZON.NoIntent")
    assert "Your last session was" in say(alexa, "what did i do last time")
