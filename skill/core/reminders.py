"""When to remind someone of their next hamstring day: pure rules, no I/O.

The day respects the 48-hour rule (``rules.MIN_REST``, counted from the last session that needs
rest); the time is when the person usually trains (the newest session times this week, else
now). A "no" is kept for the calendar week: we don't ask again until the next one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from skill.core.profile import Profile
from skill.core.rules import MIN_REST
from skill.core.value import Value

LEAD = timedelta(minutes=15)
"""A reminder is never for the next few minutes."""
NUDGE = timedelta(hours=1)
"""How much later than their usual time a reminder may be, to keep 48 hours that same day."""
SEARCH_DAYS = 7
"""How far ahead a day is looked for."""
PARTS_OF_DAY = {"MO": time(8), "AF": time(14), "EV": time(18), "NI": time(20)}
"""AMAZON.TIME's parts of the day ("Friday morning") as a clock time."""


class Answer(StrEnum):
    """How the person answered Alexa's voice consent request."""

    ACCEPTED = "accepted"
    DENIED = "denied"
    NOT_ANSWERED = "not_answered"
    FAILED = "failed"
    """The device could not ask (the request itself failed): a card in the Alexa app instead."""


class ChooseReminder(Value):
    """ "Friday morning", "at seven thirty": AMAZON.DATE and AMAZON.TIME as said (ISO-ish)."""

    day: str | None = None
    at: str | None = None


class CancelReminder(Value):
    pass


class RemindMe(Value):
    """ "Remind me", "set a reminder for my next workout"."""


class ConsentAnswer(Value):
    answer: Answer


class ReminderGone(Value):
    """Alexa says the reminders with these ids were deleted or have gone off (a skill event)."""

    reminder_ids: tuple[str, ...] = ()


def week_of(day: date) -> date:
    """The Monday starting ``day``'s calendar week."""
    return day - timedelta(days=day.weekday())


def declined_this_week(profile: Profile | None, now: datetime) -> bool:
    return profile is not None and profile.reminder_declined_week == week_of(now.date())


def earliest(last_session_at: datetime | None, now: datetime) -> datetime:
    """The first moment a reminder may be for: 48 hours after the last session, and later
    than now."""
    soonest = now + LEAD
    if last_session_at is None:
        return soonest
    return max(soonest, last_session_at + MIN_REST)


def usual_time(session_times: list[datetime], now: datetime) -> time:
    """The time of day they train: their newest sessions' start, else now, on the half hour."""
    at = session_times[-1].astimezone(now.tzinfo) if session_times else now
    return time(at.hour, 0 if at.minute < 30 else 30)


def fits(when: datetime, last_session_at: datetime | None, now: datetime) -> bool:
    return when >= earliest(last_session_at, now)


def suggest(
    last_session_at: datetime | None, session_times: list[datetime], now: datetime
) -> datetime:
    """The first day, at their usual time, that keeps 48 hours after the last session."""
    return _first_fit(usual_time(session_times, now), now.date(), last_session_at, now)


def _first_fit(at: time, start: date, last_session_at: datetime | None, now: datetime) -> datetime:
    """The first day at ``at`` that keeps the rule; on the day the rule ends, a little later
    than usual (up to ``NUDGE``, on the half hour) rather than a whole day later."""
    first = earliest(last_session_at, now)
    for offset in range(SEARCH_DAYS + 3):
        when = datetime.combine(start + timedelta(days=offset), at, tzinfo=now.tzinfo)
        if fits(when, last_session_at, now):
            return when
        nudged = _half_hour_after(first)
        if nudged.date() == when.date() and nudged - when <= NUDGE:
            return nudged
    return _half_hour_after(first)


def _half_hour_after(moment: datetime) -> datetime:
    base = moment.replace(minute=0, second=0, microsecond=0)
    steps = -(-(moment - base) // timedelta(minutes=30))
    return base + steps * timedelta(minutes=30)


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50,
}  # fmt: skip
_SPOKEN_PARTS = {
    "morning": "MO", "in the morning": "MO", "afternoon": "AF", "in the afternoon": "AF",
    "evening": "EV", "in the evening": "EV", "tonight": "EV", "night": "NI", "at night": "NI",
}  # fmt: skip


def parse_day(said: str | None, today: date) -> date | None:
    """AMAZON.DATE's plain days ("2026-12-04"), or a day as said ("friday", "tomorrow": the
    local chat's words). Weeks, months and the like are not days."""
    if not said:
        return None
    said = said.strip().lower()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", said):
        try:
            return date.fromisoformat(said)
        except ValueError:
            return None
    if said in ("today", "tomorrow"):
        return today + timedelta(days=0 if said == "today" else 1)
    name = said.removeprefix("next ")
    if name in _WEEKDAYS:
        ahead = (_WEEKDAYS.index(name) - today.weekday()) % 7
        return today + timedelta(days=ahead or 7)
    return None


def parse_time(said: str | None) -> time | None:
    """AMAZON.TIME ("19:30", or a part of the day: "MO", "EV"), or a time as said ("seven
    thirty", "six pm", "morning": the local chat's words; a bare hour before seven is pm)."""
    if not said:
        return None
    said = said.strip()
    if said in PARTS_OF_DAY:
        return PARTS_OF_DAY[said]
    spoken = said.lower()
    if spoken in _SPOKEN_PARTS:
        return PARTS_OF_DAY[_SPOKEN_PARTS[spoken]]
    if spoken == "noon":
        return time(12)
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", said)
    if match is not None:
        return _clock(int(match[1]), int(match[2]))
    return _spoken_clock(spoken)


def _clock(hour: int, minute: int) -> time | None:
    return time(hour, minute) if 0 <= hour <= 23 and 0 <= minute <= 59 else None


def _spoken_clock(spoken: str) -> time | None:
    """ "seven thirty", "six pm", "8 in the morning", "nine oh five"."""
    parts = sorted(("am", "a m", "pm", "p m", *_SPOKEN_PARTS), key=len, reverse=True)
    part = next((p for p in parts if spoken.endswith(" " + p)), "")
    rest = spoken.removesuffix(part).removesuffix("o'clock").split()
    numbers = [int(w) if w.isdigit() else _NUMBERS.get(w) for w in rest if w != "oh"]
    if not numbers or None in numbers or len(numbers) > 2:
        return None
    hour, minute = int(numbers[0] or 0), int(numbers[1] or 0) if len(numbers) == 2 else 0
    if not 1 <= hour <= 12:
        return _clock(hour, minute)
    later = part.replace(" ", "") == "pm" or _SPOKEN_PARTS.get(part) in ("AF", "EV", "NI")
    earlier = part.replace(" ", "") == "am" or _SPOKEN_PARTS.get(part) == "MO"
    if later or (not earlier and hour < 7):
        hour = hour % 12 + 12
    elif earlier and hour == 12:
        hour = 0
    return _clock(hour, minute)


def choose(
    offered: datetime,
    choice: ChooseReminder,
    last_session_at: datetime | None,
    now: datetime,
) -> datetime | None:
    """The offer changed as said: a new day, a new time, or both. None when nothing said was
    understood, or the moment breaks the 48-hour rule (or is past)."""
    day = parse_day(choice.day, now.date())
    at = parse_time(choice.at)
    if day is None and at is None:
        return None
    when = datetime.combine(
        day or offered.date(), at or offered.timetz().replace(tzinfo=None), tzinfo=now.tzinfo
    )
    if day is None and when < earliest(last_session_at, now):
        # "At seven thirty" alone: the first day that time keeps 48 hours.
        return _first_fit(when.time(), offered.date(), last_session_at, now)
    return when if fits(when, last_session_at, now) else None


ReminderEvent = ChooseReminder | CancelReminder | RemindMe | ConsentAnswer | ReminderGone
REMINDER_EVENTS = (ChooseReminder, CancelReminder, RemindMe, ConsentAnswer, ReminderGone)
"""What the person (or Alexa) said about reminders; the shell's reminder layer takes these
before the conversation does."""
