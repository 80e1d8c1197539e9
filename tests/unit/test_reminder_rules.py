"""When the next hamstring day's reminder is for: 48 hours kept, the person's usual time, and
days and times as Alexa (or the chat) gives them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from skill.core import reminders as rem
from skill.core.profile import Profile
from skill.core.rules import MIN_REST
from skill.speech.reminders import moment

TUESDAY = datetime(2026, 12, 1, 18, 25, tzinfo=UTC)


def test_the_suggestion_keeps_48_hours_near_the_usual_time() -> None:
    started = TUESDAY - timedelta(minutes=25)
    when = rem.suggest(TUESDAY, [started], TUESDAY)
    assert when - TUESDAY >= MIN_REST
    assert moment(when) == "Thursday at six thirty"
    late = rem.suggest(TUESDAY + timedelta(hours=2), [started], TUESDAY + timedelta(hours=2))
    assert moment(late) == "Friday at six"


@pytest.mark.parametrize(
    ("said", "expected"),
    [("19:30", time(19, 30)), ("MO", time(8)), ("seven thirty", time(7, 30)),
     ("six", time(18)), ("8 in the morning", time(8)), ("six pm", time(18)), ("25:99", None),
     ("soon", None)],
)  # fmt: skip
def test_times_as_alexa_or_the_chat_give_them(said: str, expected: time | None) -> None:
    assert rem.parse_time(said) == expected


def test_days_as_alexa_or_the_chat_give_them() -> None:
    today = TUESDAY.date()
    assert rem.parse_day("2026-12-04", today) == date(2026, 12, 4)
    assert rem.parse_day("friday", today) == date(2026, 12, 4)
    assert rem.parse_day("tuesday", today) == date(2026, 12, 8)
    assert rem.parse_day("2026-W49", today) is None


def test_a_choice_inside_48_hours_is_refused() -> None:
    offered = rem.suggest(TUESDAY, [], TUESDAY)
    assert rem.choose(offered, rem.ChooseReminder(day="2026-12-02"), TUESDAY, TUESDAY) is None
    friday = rem.choose(offered, rem.ChooseReminder(day="2026-12-04", at="MO"), TUESDAY, TUESDAY)
    assert friday == datetime(2026, 12, 4, 8, tzinfo=UTC)
    # A time alone moves to the first day it keeps 48 hours.
    early = rem.choose(offered, rem.ChooseReminder(at="07:30"), TUESDAY, TUESDAY)
    assert early == datetime(2026, 12, 4, 7, 30, tzinfo=UTC)


def test_a_no_lasts_the_calendar_week() -> None:
    profile = Profile(reminder_declined_week=rem.week_of(TUESDAY.date()))
    assert rem.declined_this_week(profile, TUESDAY + timedelta(days=5))
    assert not rem.declined_this_week(profile, TUESDAY + timedelta(days=6))
