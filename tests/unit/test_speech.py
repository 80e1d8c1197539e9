"""skill.speech.ssml: escaping, Alexa's SSML limits, numbers as words, the terminal view of SSML;
skill.speech.workout and skill.speech.conversation: every typed line has words."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import get_args
from xml.etree import ElementTree

import pytest

from skill.core import lines as ln
from skill.core import said as sd
from skill.core.advice import Advice, Change, LastTime, Reason, WeekReport
from skill.core.catalog import load_catalog
from skill.core.effort import Effort
from skill.core.events import Symptom
from skill.core.profile import Equipment, Level, Unit
from skill.speech import render as render_any
from skill.speech.conversation import PHRASES
from skill.speech.ssml import (
    MAX_BREAK_SECONDS,
    MAX_SSML_CHARS,
    WORD_SECONDS,
    Speech,
    amount,
    cap,
    day_phrase,
    join_names,
    readable,
    words,
)
from skill.speech.workout import CUES, render
from tests.factories import break_seconds, check_ssml, plain_text

# --- escaping ----------------------------------------------------------------------------------

NASTY = [
    "Tom & Jerry",
    "a < b > c",
    '<break time="20s"/>',
    "</speak><speak>",
    'He said "hips back" twice',
    "it's the 'good' kind of stretch",
    "&amp; is already an entity",
    "<![CDATA[x]]> & <!-- comment -->",
    "5 > 3 && 2 < 4",
]


@pytest.mark.parametrize("text", NASTY)
def test_say_escapes_markup_so_the_document_parses_and_reads_back_verbatim(text: str) -> None:
    ssml = Speech("Before.").say(text).say("After.").ssml()
    root = ElementTree.fromstring(ssml)  # raises on broken SSML
    assert root.tag == "speak"
    assert list(root) == [], "inserted text must never become an element"
    assert "".join(root.itertext()) == f"Before. {text} After."


@pytest.mark.parametrize("text", NASTY)
def test_constructor_sentences_are_escaped_like_say(text: str) -> None:
    root = ElementTree.fromstring(Speech(text).ssml())
    assert list(root) == []
    assert "".join(root.itertext()) == text


def test_no_raw_angle_bracket_or_bare_ampersand_survives_in_the_body() -> None:
    body = Speech("x < y & y > z").ssml().removeprefix("<speak>").removesuffix("</speak>")
    assert "<" not in body and ">" not in body
    assert re.search(r"&(?!amp;|lt;|gt;|quot;|apos;)", body) is None


def test_say_strips_and_ignores_blank_text() -> None:
    assert not Speech().say("").say("   \n")
    assert Speech().say("  Ready.  ").ssml() == "<speak>Ready.</speak>"


# --- pauses ------------------------------------------------------------------------------------


def test_pause_of_25_seconds_is_three_breaks_of_at_most_ten_summing_to_25() -> None:
    breaks = break_seconds(Speech().pause(25).ssml())
    assert len(breaks) == 3
    assert all(0 < b <= MAX_BREAK_SECONDS for b in breaks)
    assert sum(breaks) == pytest.approx(25)


@pytest.mark.parametrize("seconds", [0.3, 1, 4.2, 9.9, 10, 10.1, 19.99, 20, 33.3, 61.5, 100])
def test_pause_never_emits_a_break_over_ten_seconds_and_keeps_the_total(seconds: float) -> None:
    ssml = Speech("Rest.").pause(seconds).ssml()
    check_ssml(ssml)
    breaks = break_seconds(ssml)
    assert all(0 < b <= MAX_BREAK_SECONDS for b in breaks)
    assert sum(breaks) == pytest.approx(seconds, abs=0.06)
    assert len(breaks) == math.ceil(round(seconds, 1) / MAX_BREAK_SECONDS)


@pytest.mark.parametrize("seconds", [0, -3, 0.04])
def test_pause_of_nothing_adds_nothing(seconds: float) -> None:
    assert not Speech().pause(seconds)


def test_timed_fills_the_rest_of_the_time_with_silence() -> None:
    text = "Hips back, not down."
    breaks = break_seconds(Speech().timed(text, 4.0).ssml())
    spoken = len(text.split()) * WORD_SECONDS
    assert sum(breaks) == pytest.approx(4.0 - spoken, abs=0.06)


def test_timed_never_adds_negative_silence_when_the_text_is_longer_than_the_time() -> None:
    ssml = Speech().timed("a sentence with quite a lot of words in it", 0.5).ssml()
    assert break_seconds(ssml) == []
    assert plain_text(ssml) == "a sentence with quite a lot of words in it"


# --- the 8,000 character limit -----------------------------------------------------------------

_WRAPPER = len("<speak></speak>")


def test_ssml_at_exactly_the_limit_is_allowed() -> None:
    ssml = Speech("x" * (MAX_SSML_CHARS - _WRAPPER)).ssml()
    assert len(ssml) == MAX_SSML_CHARS == 8000


def test_ssml_over_the_limit_raises() -> None:
    with pytest.raises(ValueError, match="8000"):
        Speech("x" * (MAX_SSML_CHARS - _WRAPPER + 1)).ssml()


def test_limit_counts_escaped_characters_not_raw_ones() -> None:
    text = "&" * 1600  # 1,600 raw characters, 8,000 once escaped as &amp;
    with pytest.raises(ValueError):
        Speech(text).ssml()


def test_limit_counts_breaks_too() -> None:
    speech = Speech()
    for _ in range(400):  # each break tag is ~25 characters
        speech.say("One.").pause(1)
    with pytest.raises(ValueError):
        speech.ssml()


# --- numbers -----------------------------------------------------------------------------------

_UNITS = {
    name: i
    for i, name in enumerate(
        [
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
            *("seventeen", "eighteen", "nineteen"),
        ]
    )
}
_TENS = {
    name: 10 * i
    for i, name in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2
    )
}


def _parse_english(text: str) -> int:
    """An independent reader for English number words, to check ``words`` round-trips."""
    total = current = 0
    for token in re.split(r"[ -]", text):
        if token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current *= 100
        elif token == "thousand":
            total, current = total + current * 1000, 0
        else:
            raise AssertionError(f"not a number word: {token!r} in {text!r}")
    return total + current


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "zero"),
        (1, "one"),
        (7, "seven"),
        (11, "eleven"),
        (13, "thirteen"),
        (19, "nineteen"),
        (20, "twenty"),
        (21, "twenty-one"),
        (40, "forty"),
        (45, "forty-five"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (110, "one hundred ten"),
        (115, "one hundred fifteen"),
        (120, "one hundred twenty"),
    ],
)
def test_words_spells_numbers_in_english(n: int, expected: str) -> None:
    assert words(n) == expected


def test_words_round_trips_for_every_value_from_0_to_120() -> None:
    seen = set()
    for n in range(121):
        text = words(n)
        assert re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", text), text
        assert _parse_english(text) == n
        seen.add(text)
    assert len(seen) == 121


def test_words_hyphenates_compound_tens_only() -> None:
    for n in range(100):
        assert ("-" in words(n)) == (n > 20 and n % 10 != 0), n


@pytest.mark.parametrize("n", [0, 5, 20, 60, 135])
def test_amount_of_a_whole_number_is_its_words(n: int) -> None:
    assert amount(float(n)) == words(n)
    assert amount(n) == words(n)


def test_amount_of_a_half_says_and_a_half() -> None:
    for n in range(1, 121):
        assert amount(n + 0.5) == f"{words(n)} and a half"


def test_amount_keeps_digits_for_other_fractions() -> None:
    assert amount(2.25) == "2.25"
    assert amount(12.75) == "12.75"


# --- small helpers -----------------------------------------------------------------------------


def test_cap_capitalises_only_the_first_letter() -> None:
    assert cap("dumbbell Romanian deadlifts") == "Dumbbell Romanian deadlifts"
    assert cap("") == ""


def test_join_names_reads_as_a_list() -> None:
    assert join_names([]) == ""
    assert join_names(["bridges"]) == "bridges"
    assert join_names(["curls", "bridges"]) == "curls and bridges"
    assert join_names(["RDLs", "curls", "bridges"], "then") == "RDLs, curls, then bridges"


# --- readable ----------------------------------------------------------------------------------


def test_readable_shows_pauses_and_strips_tags() -> None:
    ssml = Speech("Lower slowly.").pause(3).say("Up.").ssml()
    text = readable(ssml)
    assert "<" not in text and "break" not in text and "speak" not in text
    assert text == "Lower slowly. (…3s) Up."


def test_readable_hides_tiny_pauses_and_shows_long_ones_per_break() -> None:
    assert readable(Speech("a").pause(0.3).say("b").ssml()) == "a b"
    assert readable(Speech("a").pause(25).say("b").ssml()) == "a (…10s) (…10s) (…5s) b"


def test_readable_decodes_entities_back_to_what_was_said() -> None:
    assert readable(Speech("Tom & Jerry <3 >_<").ssml()) == "Tom & Jerry <3 >_<"
    # An escaped entity stays literal: "&lt;" typed by a person is not turned into "<".
    assert readable(Speech("&lt;").ssml()) == "&lt;"


# --- day_phrase --------------------------------------------------------------------------------

WEDNESDAY = datetime(2024, 5, 8, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        (WEDNESDAY - timedelta(hours=3), "today"),
        (WEDNESDAY + timedelta(hours=2), "today"),
        (WEDNESDAY - timedelta(days=1), "yesterday"),
        (WEDNESDAY - timedelta(days=2), "on Monday"),
        (WEDNESDAY - timedelta(days=3), "on Sunday"),
        (WEDNESDAY - timedelta(days=6), "on Thursday"),
        (WEDNESDAY - timedelta(days=7), "seven days ago"),
        (WEDNESDAY - timedelta(days=12), "twelve days ago"),
    ],
)
def test_day_phrase(then: datetime, expected: str) -> None:
    assert day_phrase(then, WEDNESDAY) == expected


def test_day_phrase_uses_calendar_days_not_24_hour_blocks() -> None:
    now = datetime(2024, 5, 8, 0, 10, tzinfo=UTC)
    assert day_phrase(now - timedelta(minutes=20), now) == "yesterday"


def test_day_phrase_reads_the_calendar_in_nows_timezone() -> None:
    eastern = timezone(timedelta(hours=-5))
    now = datetime(2024, 5, 8, 9, 0, tzinfo=eastern)
    # 01:00 UTC on the 8th is still the evening of the 7th in UTC-5.
    then = datetime(2024, 5, 8, 1, 0, tzinfo=UTC)
    assert day_phrase(then, now) == "yesterday"


# --- the workout's lines -----------------------------------------------------------------------

CATALOG = load_catalog()
TARGET = ln.Target(reps=10, per_side=True, load=22.5, unit=Unit.KG)
ONE_OF_EACH: list[ln.Line] = [
    ln.Cue.SAY_READY,
    ln.Overview(("rdl_barbell", "glute_bridge"), 6, 20),
    ln.Setup("single_leg_rdl", ln.Lead.FIRST, 1, 3, TARGET, slow_lowering=4),
    ln.SetAhead("rdl_barbell", 2, 3, TARGET, named=True),
    ln.CountSet("glute_bridge", 1, 8, 1.2, again=True),
    ln.Counted("glute_bridge", 2),
    ln.NothingToLog(0),
    ln.TooManyReps(500),
    ln.TooHeavy(5000, Unit.LB),
    ln.GotReps(8),
    ln.CheckReps(25, hint=True),
    ln.CheckLoad("lying_leg_curl", 135, Unit.LB),
    ln.AskLoad(band=True, unit=Unit.KG),
    ln.Logged(8, 60, Unit.LB, Effort.HARD),
    ln.Adjusted(Effort.EASY, False, 8, 65, Unit.LB, 1),
    ln.LoggedAsPlanned(10, 22.5, Unit.KG),
    ln.Rest(90),
    ln.Summary((("rdl_barbell", 3), ("glute_bridge", 2)), hard=1),
    ln.Skipping("nordic_curl"),
    ln.Paced(slower=True, lowering=4),
    ln.FormCues(("Hips back.", "Brace.")),
    ln.ReadyFor(2),
    ln.HelpSetup("rdl_barbell", 1, 3),
    ln.PainStop("rdl_barbell", "back"),
    ln.PainStop("rdl_barbell", None, "little toe"),
    ln.PullStop("hamstring"),
    ln.RedFlagStop(Symptom.CHEST_PAIN, saved=True),
    ln.RedFlagStop(None, saved=False),
    ln.Soreness("hamstring"),
    ln.OfferEasier("rdl_dumbbell"),
    ln.OfferMoveOn("lying_leg_curl"),
    ln.DoneOnOwn(2),
    ln.SkipSetQuestion(2, hint=True),
    ln.SkippedSet(2),
    ln.FeelCue("rdl_barbell"),
    ln.HowTo("rdl_barbell"),
    ln.OnSet("rdl_barbell", 2, 3, counted=True),
    ln.SetsLeft((("rdl_barbell", 1), ("glute_bridge", 3))),
    ln.RestLength(75),
    ln.ComingUp("glute_bridge", 1, 3, TARGET),
    ln.HelpPain("rdl_barbell", "rdl_dumbbell", "glute_bridge"),
    ln.FeelReprompt(Unit.KG),
    ln.NextPart(switch=True, counted=8),
    ln.Partway("single_leg_rdl", 1, side=True, counted=8),
    ln.HelpFeedback(Unit.LB),
]


def test_every_line_type_and_every_cue_has_words() -> None:
    assert {type(line) for line in ONE_OF_EACH} == set(get_args(ln.Line))
    assert set(CUES) == set(ln.Cue)
    for line in [*ONE_OF_EACH, *ln.Cue]:
        ssml = render([line], CATALOG).ssml()
        check_ssml(ssml)
        assert plain_text(ssml), line


def test_lines_render_in_order_and_no_lines_is_no_speech() -> None:
    assert not render([], CATALOG)
    said = plain_text(
        render([ln.Logged(10, 60, Unit.LB, Effort.RIGHT), ln.ReadyFor(2)], CATALOG).ssml()
    )
    assert said == "Logged ten at sixty pounds. Right where we want it. Say ready for set two."


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            ln.Adjusted(Effort.EASY, False, 12, 60, Unit.LB, 0),
            "That was easy. Next set, go for twelve reps.",
        ),
        (
            ln.Adjusted(Effort.EASY, False, 10, 65, Unit.LB, 1),
            "That was easy. Next set, go up to sixty-five pounds for ten reps.",
        ),
        (
            ln.Adjusted(Effort.EASY, False, 8, 50, Unit.LB, 1, band=True),
            "That was easy. Next set, go up to the next band for eight reps.",
        ),
        (
            ln.Adjusted(Effort.HARD, False, 9, 60, Unit.LB, 0),
            "That was a hard one. Next set, aim for nine reps at the same weight.",
        ),
        (
            ln.Adjusted(Effort.HARD, True, 10, 35, Unit.LB, -1, band=True),
            "A few short, and that's fine. Next set, drop to a lighter band for ten reps.",
        ),
    ],
)
def test_a_change_to_the_next_set_is_said_with_why(line: ln.Adjusted, said: str) -> None:
    assert plain_text(render([line], CATALOG).ssml()) == said
    logged = ln.Logged(10, 60, Unit.LB, Effort.EASY, adjusted=True)
    assert plain_text(render([logged], CATALOG).ssml()) == "Logged ten at sixty pounds."


def test_a_target_says_reps_each_side_and_the_load_in_its_unit() -> None:
    said = plain_text(render([ln.SetAhead("single_leg_rdl", 2, 3, TARGET, False)], CATALOG).ssml())
    assert said == "Set two of three, ten reps each side at twenty-two and a half kilos."


# --- the conversation's lines ------------------------------------------------------------------

THEN = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
LATER = THEN + timedelta(days=1, hours=2)
RDL_UP = Advice(
    exercise_id="rdl_barbell",
    change=Change.ADD_LOAD,
    sets=3,
    target_reps=10,
    load=65,
    unit=Unit.LB,
    reason=Reason.TOP_OF_RANGE,
)
WEEK = WeekReport(
    week_start=THEN.date(),
    session_times=[THEN],
    sets_per_session=[6],
    sets_per_exercise={"rdl_barbell": 6},
)
SAID_ONE_OF_EACH: list[sd.ConversationLine] = [
    sd.Phrase.WELCOME,
    sd.Unfinished("rdl_barbell", 2, 3, THEN, LATER),
    sd.LastSession(THEN, LATER, recovering=True),
    sd.TooSoon(20.4),
    sd.RecoveredBy(THEN + timedelta(days=2), LATER),
    sd.Stopped(logged=2),
    sd.GotEquipment((Equipment.BARBELL, Equipment.BANDS)),
    sd.GotLevel(Level.SOME),
    sd.GotUnit(Unit.KG),
    sd.UnknownEquipment(("a bench",), kept=True),
    sd.UnknownExercise("zercher squats"),
    sd.Examples(sd.Where.FEEDBACK, Unit.KG),
    sd.AboutExercise("glute_bridge"),
    sd.Advised((RDL_UP,)),
    sd.ProgressAnswer((RDL_UP,), WEEK, LATER, upcoming=6),
    sd.WeekAnswer(WEEK, LATER, upcoming=None),
    sd.LastWeekAnswer(WEEK, LATER),
    sd.LastTimeAnswer((LastTime(exercise_id="rdl_barbell", at=THEN, reps=[8, 8]),), None, LATER),
    sd.LoadAnswer("rdl_barbell", RDL_UP),
    sd.NewBlock("good_morning_barbell", "rdl_barbell", 5),
    sd.NewBlock("single_leg_glute_bridge", "glute_bridge", 5, sd.Change.HARDER),
    sd.NewBlock("nordic_curl_assisted", "nordic_curl", 5, sd.Change.EASIER),
    sd.NewBlock("lying_leg_curl", None, 5, sd.Change.JOINS),
]


def test_every_conversation_line_type_and_every_phrase_has_words() -> None:
    assert {type(line) for line in SAID_ONE_OF_EACH} == set(get_args(sd.ConversationLine))
    assert set(PHRASES) == set(sd.Phrase)
    assert not {str(p) for p in sd.Phrase} & {str(c) for c in ln.Cue}, "lines compare as text"
    for line in [*SAID_ONE_OF_EACH, *sd.Phrase]:
        ssml = render_any([line], CATALOG).ssml()
        check_ssml(ssml)
        assert plain_text(ssml), line


def test_one_render_takes_workout_and_conversation_lines_in_order() -> None:
    lines: list[sd.Said] = [sd.Phrase.PICKING_UP, ln.ReadyFor(2), sd.Stopped(logged=0)]
    assert plain_text(render_any(lines, CATALOG).ssml()) == (
        "Great, picking up. Say ready for set two. Saved where you are, before your first set. "
        "Open Hamstring Coach and I'll pick it up from there."
    )
    assert not render_any([], CATALOG)


def test_relative_days_are_worded_from_the_lines_own_now() -> None:
    def text(line: sd.ConversationLine) -> str:
        return plain_text(render_any([line], CATALOG).ssml())

    assert text(sd.LastSession(THEN, LATER, recovering=False)) == (
        "Your last hamstring session was yesterday, so you're rested."
    )
    assert text(sd.RecoveredBy(LATER + timedelta(hours=1), LATER)).endswith("later today.")
    assert text(sd.RecoveredBy(LATER + timedelta(days=1), LATER)).endswith("tomorrow.")
    assert text(sd.RecoveredBy(LATER + timedelta(days=3), LATER)).endswith("on Friday.")
    assert text(sd.TooSoon(0.5)).startswith(
        "Your last hamstring session was less than an hour ago."
    )
