"""Everything the skill says, rendered as SSML.

Alexa's limits are enforced here, once: at most 8,000 characters of speech, no single break over
10 seconds, every inserted value escaped. Pacing (rep tempo, rest countdown) is built from breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from xml.sax.saxutils import escape

MAX_BREAK_SECONDS = 10.0
MAX_SSML_CHARS = 8000
WORD_SECONDS = 0.33
"""Rough time Alexa takes to say one word (about 180 words a minute, her normal rate); breaks
are shortened by the speech around them."""
MAX_RESPONSE_SECONDS = 90.0
"""The longest one response may take to say, breaks included (a rest countdown aside: its
length is the rest itself, and it is only waiting). Past a minute and a half the person is kept
waiting on a voice they cannot easily cut into, mid-count, with the microphone shut; so a long
counted set goes in turns (skill.core.tempo.count_parts) and session intros stay short. Tests
hold every exercise's longest counted turn and every session intro under it."""

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def words(n: int) -> str:
    """Whole numbers as words, so counts read naturally in the chat and in SSML alike."""
    if n < 0:
        return "minus " + words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("" if ones == 0 else "-" + _ONES[ones])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + " hundred" + ("" if rest == 0 else " " + words(rest))
    thousands, rest = divmod(n, 1000)
    return words(thousands) + " thousand" + ("" if rest == 0 else " " + words(rest))


def amount(value: float) -> str:
    """A load as spoken: 60 -> "sixty", 22.5 -> "twenty-two and a half", 2.25 -> "2.25"."""
    if value == int(value):
        return words(int(value))
    if (value * 2) == int(value * 2):
        return words(int(value)) + " and a half"
    return f"{value:g}"


def cap(text: str) -> str:
    """Capitalise the first letter only ("Romanian" keeps its capital, unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


def weight(load: float, unit: str) -> str:
    """ "sixty pounds", "twenty-two and a half kilos" (unit is "lb" or "kg")."""
    one = load == 1
    name = ("pound" if one else "pounds") if unit == "lb" else ("kilo" if one else "kilos")
    return f"{amount(load)} {name}"


def hours_words(hours: float) -> str:
    """A span of time as a coach says it: "less than an hour", "an hour", "twenty hours", "about
    a day", "a day and a half", "almost two days", "two days", "three days". Never "zero hours",
    and never a count that rounds up past the truth (47 h 59 min is "almost two days", not
    "forty-eight hours")."""
    if hours < 1:
        return "less than an hour"
    if hours < 1.5:
        return "an hour"
    if hours < 21.5:
        return plural(int(hours + 0.5), "hour")
    if hours < 27:
        return "about a day"
    if hours < 33:
        return "just over a day"
    if hours < 40:
        return "a day and a half"
    if hours < 48:
        return "almost two days"
    days = int(hours // 24)
    half = hours - days * 24 >= 12
    return f"{words(days)} and a half days" if half else f"{words(days)} days"


def hours_ago(hours: float, since: str = "ago") -> str:
    """ "only twenty hours ago", "less than an hour ago", "almost two days ago": ``only`` where a
    plain count is said, never before "less than", "about" or "almost". ``since`` is the word
    after the span ("ago", "apart")."""
    span = hours_words(hours)
    hedged = span.startswith(("less than", "about", "almost", "just over"))
    return f"{span} {since}" if hedged or hours >= 48 else f"only {span} {since}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{words(n)} {one if n == 1 else (many or one + 's')}"


def join_names(names: Sequence[str], last: str = "and") -> str:
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        comma = "," if last == "then" else ""  # "bridges, then curls" reads as two steps
        return f"{items[0]}{comma} {last} {items[1]}"
    return ", ".join(items[:-1]) + f", {last} " + items[-1]


def day_phrase(then: datetime, now: datetime) -> str:
    """ "today", "yesterday", "on Monday" or "eight days ago", relative to ``now``'s calendar."""
    days = (now.date() - then.astimezone(now.tzinfo).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return "on " + _DAYS[then.astimezone(now.tzinfo).weekday()]
    return f"{words(days)} days ago"


def _estimate(text: str) -> float:
    return len(text.split()) * WORD_SECONDS


def speaking_seconds(ssml: str) -> float:
    """About how long SSML takes to say: its words at WORD_SECONDS each, plus every break."""
    pauses = sum(int(ms) for ms in _BREAK.findall(ssml)) / 1000
    return _estimate(_TAG.sub(" ", ssml)) + pauses


class Speech:
    """An SSML document under construction; text is escaped as it goes in."""

    def __init__(self, *sentences: str) -> None:
        self._parts: list[str] = []
        for s in sentences:
            self.say(s)

    @classmethod
    def rendered(cls, ssml: str) -> Speech:
        """SSML we produced earlier (stored for "repeat"), replayed exactly as it was."""
        body = ssml.removeprefix("<speak>").removesuffix("</speak>")
        speech = cls()
        speech._parts.append(body)
        return speech

    def say(self, text: str) -> Speech:
        text = text.strip()
        if text:
            self._parts.append(escape(text))
        return self

    def pause(self, seconds: float) -> Speech:
        """A silence, split so no single break exceeds Alexa's 10 second limit."""
        remaining = round(max(0.0, seconds), 1)
        while remaining > 0.05:
            step = min(remaining, MAX_BREAK_SECONDS)
            self._parts.append(f'<break time="{round(step * 1000)}ms"/>')
            remaining = round(remaining - step, 1)
        return self

    def timed(self, text: str, seconds: float) -> Speech:
        """Say ``text`` and fill the rest of ``seconds`` with silence."""
        self.say(text)
        return self.pause(seconds - _estimate(text))

    def extend(self, other: Speech) -> Speech:
        self._parts.extend(other._parts)
        return self

    def seconds(self) -> float:
        """About how long this takes to say (see ``speaking_seconds``)."""
        return speaking_seconds(" ".join(self._parts))

    def __bool__(self) -> bool:
        return bool(self._parts)

    def ssml(self) -> str:
        body = " ".join(self._parts)
        doc = f"<speak>{body}</speak>"
        if len(doc) > MAX_SSML_CHARS:
            raise ValueError(f"speech is {len(doc)} characters, over Alexa's {MAX_SSML_CHARS}")
        return doc


_BREAK = re.compile(r'<break time="(\d+)ms"/>')
_TAG = re.compile(r"<[^>]+>")


def readable(ssml: str) -> str:
    """SSML as a person would read it in a terminal: pauses shown as (…3s)."""

    def show(match: re.Match[str]) -> str:
        seconds = int(match.group(1)) / 1000
        return "" if seconds < 0.75 else f" (…{seconds:.0f}s) "

    text = _BREAK.sub(show, ssml)
    text = _TAG.sub("", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = re.sub(r"\)\s+\(", ") (", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def sentences(texts: Iterable[str]) -> Speech:
    return Speech(*texts)
