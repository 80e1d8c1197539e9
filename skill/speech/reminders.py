"""Reminder words: the offer, the answers, and the reminder's own text. Short, one breath each."""

from __future__ import annotations

from datetime import datetime

from skill.speech.ssml import words

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

REMINDER_TEXT = "Time for hamstring day. Say: Alexa, open Hamstring Coach."
"""What the reminder itself says when it goes off."""

DECLINED = "Okay, no reminder this week."
CANCELLED = "Done. I've cancelled your reminder."
NOTHING_TO_CANCEL = "You don't have a reminder from me right now."
NOT_SET = "Sorry, I couldn't set the reminder just now."
NOT_ALLOWED = "Okay. I won't set a reminder without your permission."
NO_ANSWER = "No problem. No reminder for now."
CARD_SENT = "To let me set reminders, allow them in the card I've sent to your Alexa app."
TOO_SOON = "That's too soon after today's session. Your hamstrings need two days."
DIDNT_CATCH = "Sorry, I didn't catch the day or time."
NOTHING_OFFERED = "You can ask for a reminder at the end of your next workout."


def clock_time(when: datetime) -> str:
    """6:00 -> "six", 7:30 -> "seven thirty", 9:05 -> "nine oh five", with "in the morning"
    before noon."""
    hour = when.hour % 12 or 12
    minute = when.minute
    spoken = words(hour)
    if minute:
        spoken += (" oh " if minute < 10 else " ") + words(minute)
    if when.hour < 12:
        spoken += " in the morning"
    return spoken


def moment(when: datetime) -> str:
    """ "Thursday at six"."""
    return f"{_DAYS[when.weekday()]} at {clock_time(when)}"


def offer(when: datetime) -> str:
    return f"Want a reminder for your next hamstring day, {moment(when)}?"


def offer_again(when: datetime) -> str:
    return f"How about {moment(when)}? Say yes, or name another day or time."


def next_day(when: datetime) -> str:
    """Asked mid-workout: the day, and the reminder left for the end."""
    return f"Your next hamstring day can be {moment(when)}. Ask me for a reminder when we're done."


def set_for(when: datetime) -> str:
    return f"Done. I'll remind you {moment(when)}."


def moved_to(when: datetime) -> str:
    return f"I've moved your reminder to {moment(when)}."
