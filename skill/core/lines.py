"""What the workout means to say, as typed values; skill.speech.workout puts them into words.

The state machine decides *that* a set is announced, counted, logged or stopped for pain, and
with which numbers; keeping the sentences out of it lets the wording (and one day the locale)
change without touching a single decision, and lets tests assert decisions without parsing SSML.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TypeVar

from skill.core.effort import Effort
from skill.core.events import Symptom
from skill.core.profile import Unit
from skill.core.tempo import Part
from skill.core.value import Value


class Cue(StrEnum):
    """The fixed lines: nothing in them varies with the workout."""

    LIGHTER = "lighter"
    SAY_READY = "say_ready"
    HOW_DID_THAT_FEEL = "how_did_that_feel"
    """Straight after a counted set."""
    FEEL_OR_GO_ON = "feel_or_go_on"
    """Resuming onto a counted set nobody reported yet ("ready" logs it as planned)."""
    HOW_DID_SET_FEEL = "how_did_set_feel"
    """Reps heard, effort still missing."""
    READY_OR_FEEL = "ready_or_feel"
    EFFORT_SHORT = "effort_short"
    NO_RUSH = "no_rush"
    PAUSED = "paused"
    PAUSED_REPROMPT = "paused_reprompt"
    SAY_RESUME = "say_resume"
    BACK_TO_IT = "back_to_it"
    STILL_PAUSED = "still_paused"
    WE_ARE_PAUSED = "we_are_paused"
    HOW_MANY_REPS = "how_many_reps"
    HOW_MANY_REPS_SHORT = "how_many_reps_short"
    WHAT_WEIGHT = "what_weight"
    WHAT_WEIGHT_SHORT = "what_weight_short"
    DIDNT_GET = "didnt_get"
    """A set report with nothing we could use in it."""
    DIDNT_CATCH = "didnt_catch"
    """An event that means nothing in this phase."""
    SLOWEST = "slowest"
    QUICKEST = "quickest"
    SET_UP_AGAIN = "set_up_again"
    HELP_PAUSED = "help_paused"
    TAKE_YOUR_TIME = "take_your_time"
    MOVING_ON = "moving_on"
    LEAVE_IT = "leave_it"
    STOP_FOR_TODAY = "stop_for_today"
    GENTLY = "gently"
    """Starting the easier variation after pain."""
    PAIN_TWICE = "pain_twice"
    FINISHED = "finished"
    """Anything said to a workout that is already over."""
    SET_DONE_FEEL = "set_done_feel"
    """ "I'm done" after a counted set: how did it feel (or next to log it as planned)."""
    TIRED = "tired"
    FINISH_OR_ONE_MORE = "finish_or_one_more"
    """The wrap-up offer after "I'm tired": finish here, or one last lighter set."""
    HELP_WRAP_UP = "help_wrap_up"
    LAST_SET_ANYWAY = "last_set_anyway"
    """ "I'm tired" after the workout's last set: nothing left to offer."""
    FINISH_OR_OTHER_SIDE = "finish_or_other_side"
    """The wrap-up offer between the sides of a set: finish here, or even up with the other
    side and stop there."""
    SIDE_NOT_LOGGED = "side_not_logged"
    """Finishing between the sides of a set: the one side is not a set, and we say so."""
    LAST_SIDE = "last_side"
    """ "One more" between the sides: the other side ends the day."""
    FINISH_HERE = "finish_here"
    ONE_MORE_LIGHTER = "one_more_lighter"
    """Leads the announcement of the last, lighter set."""
    DO_IT = "do_it"
    """ "No" to skipping the set: back to it."""


class Lead(StrEnum):
    """How an exercise's first announcement opens."""

    FIRST = "first"
    NEXT = "next"
    NONE = "none"


class Target(Value):
    """A set's prescription as announced: reps (each side), at a load when there is one."""

    reps: int
    per_side: bool
    load: float | None
    unit: Unit


class Overview(Value):
    """The session in one breath: exercises in order, total sets, about how long."""

    exercise_ids: tuple[str, ...]
    sets: int
    minutes: int


class Setup(Value):
    """An exercise's full setup, before its first set (or set ``set_number`` after a restart)."""

    exercise_id: str
    lead: Lead
    set_number: int
    sets: int
    target: Target
    slow_lowering: int | None
    """Seconds of the planned slower lowering, when the plan slows it."""
    known: bool = False
    """Done before: a short reminder instead of the full setup."""


class SetAhead(Value):
    """The short announcement of a later set; ``named`` when resuming, so the exercise is said."""

    exercise_id: str
    set_number: int
    sets: int
    target: Target
    named: bool


class CountSet(Value):
    """The set counted out at this tempo; ``again`` when it is a redo. ``part``: the one turn
    of a set counted in turns (a side, or a run of reps); None for the whole set at once."""

    exercise_id: str
    set_number: int
    reps: int
    tempo_scale: float
    again: bool
    part: Part | None = None


class NextPart(Value):
    """Between turns of one set: ``switch`` to the other side, or go on after ``counted``
    reps; say ready for it."""

    switch: bool
    counted: int


class Partway(Value):
    """Part of a set was counted and is kept for later (a stop between its turns): ``side``
    when one side of a two-sided set was counted, else ``counted`` reps of it. Said on resume,
    so nobody does a side twice or loses the one they did."""

    exercise_id: str
    set_number: int
    side: bool
    counted: int


class Counted(Value):
    """On resume: this set was counted and is waiting to be reported."""

    exercise_id: str
    set_number: int


class NothingToLog(Value):
    """A set report before a set was counted; ``last_logged`` is 0 when none was."""

    last_logged: int


class TooManyReps(Value):
    reps: int


class TooHeavy(Value):
    load: float
    unit: Unit


class GotReps(Value):
    """Reps heard without the effort: say them back and ask how it felt."""

    reps: int


class CheckReps(Value):
    """Reps far beyond the target, read back before logging; ``hint`` adds "say yes or no"."""

    reps: int
    hint: bool = False


class CheckLoad(Value):
    """A weight far from the plan, read back before logging; ``hint`` adds "say yes or no"."""

    exercise_id: str
    load: float
    unit: Unit
    hint: bool = False


class AskLoad(Value):
    """The weight question, with an example in the person's unit; bands are asked differently."""

    band: bool
    unit: Unit


class Logged(Value):
    """A set logged; ``follows`` when another set comes after it today (so "next set" is true),
    ``seed`` picks the wording's variant (the sets logged so far: it changes every set, and the
    same turn always says the same)."""

    reps: int
    load: float | None
    unit: Unit
    effort: Effort | None
    follows: bool = True
    seed: int = 0
    adjusted: bool = False
    """An ``Adjusted`` line follows: it says what the effort means for the next set."""


class Adjusted(Value):
    """The next set of the same exercise changed after how this one went: up after an easy set
    (more reps, or at the top of the range the next small weight), down after a hard or missed
    one (a rep fewer, or a lighter weight). ``reps`` and ``load`` are the new target."""

    effort: Effort
    missed: bool
    reps: int
    load: float | None
    unit: Unit
    load_change: int
    """+1 heavier, -1 lighter, 0 the same weight."""
    band: bool = False


class FeelReprompt(Value):
    """After a counted set: how was it, with an example report in the person's unit."""

    unit: Unit


class HelpFeedback(Value):
    """Help after a counted set: how to report it, with an example in the person's unit."""

    unit: Unit


class LoggedAsPlanned(Value):
    """A counted set nobody reported, logged at its target as we move on (effort unknown)."""

    reps: int
    load: float | None
    unit: Unit


class Rest(Value):
    """A counted rest; ``seed`` picks the fillers' variants (the sets logged so far)."""

    seconds: int
    seed: int = 0


class Summary(Value):
    """Sets logged per exercise (in order of first set) and how many felt hard."""

    per_exercise: tuple[tuple[str, int], ...]
    hard: int
    saved: bool = True
    """False when the shell could not store the workout yet: nothing "saved" is said."""


class Skipping(Value):
    exercise_id: str


class Paced(Value):
    """The pace changed; the lowering now takes about ``lowering`` seconds."""

    slower: bool
    lowering: int


class FormCues(Value):
    """Catalog cues chosen for this ask (the first ask also says what to feel)."""

    cues: tuple[str, ...]


class ReadyFor(Value):
    set_number: int


class HelpSetup(Value):
    exercise_id: str
    set_number: int
    sets: int


class PainStop(Value):
    """The exercise stops now; ``area`` picks the first-aid advice (None: not said, or a place
    we have no id for, kept as ``spoken`` to say back)."""

    exercise_id: str
    area: str | None
    spoken: str | None = None


class PullStop(Value):
    """A felt pull or sharp pain: the workout ends now (saved), rest and get it checked."""

    area: str | None
    spoken: str | None = None
    saved: bool = True
    """False when the shell could not store the workout yet: nothing "saved" is said."""


class RedFlagStop(Value):
    """A red flag: stop, get medical help (chest pain: call emergency services). ``saved`` when
    a workout was closed and what was logged kept; ``symptom`` None when not known which."""

    symptom: Symptom | None
    saved: bool


class Soreness(Value):
    """Muscle soreness, not pain: normal after training; carry on gently, stop if it turns
    sharp."""

    area: str | None


class OfferEasier(Value):
    exercise_id: str


class OfferMoveOn(Value):
    exercise_id: str


class DoneOnOwn(Value):
    """ "I'm done" before the set was counted: they did it at their own pace."""

    set_number: int


class SkipSetQuestion(Value):
    """ "Skip set two?"; ``hint`` adds how to answer."""

    set_number: int
    hint: bool = False


class SkippedSet(Value):
    set_number: int


class FeelCue(Value):
    """ "What should I feel?": the exercise's feel cue."""

    exercise_id: str


class HowTo(Value):
    """ "How do I do this?": the exercise's setup cues."""

    exercise_id: str


class OnSet(Value):
    """ "What set am I on?"; ``counted`` when that set was just counted."""

    exercise_id: str
    set_number: int
    sets: int
    counted: bool


class SetsLeft(Value):
    """Sets still to do, per exercise in order (the current one first)."""

    per_exercise: tuple[tuple[str, int], ...]


class RestLength(Value):
    seconds: int


class ComingUp(Value):
    """ "What's next?": the next set to do, or (exercise None) nothing: this is the last."""

    exercise_id: str | None
    set_number: int = 1
    sets: int = 1
    target: Target | None = None


class HelpPain(Value):
    """Help after a pain stop: what stopped, and what can be said now."""

    stopped_id: str
    easier_id: str | None
    next_id: str | None


Line = (
    Cue
    | Overview
    | Setup
    | SetAhead
    | CountSet
    | NextPart
    | Partway
    | Counted
    | NothingToLog
    | TooManyReps
    | TooHeavy
    | GotReps
    | CheckReps
    | CheckLoad
    | AskLoad
    | Logged
    | Adjusted
    | FeelReprompt
    | HelpFeedback
    | LoggedAsPlanned
    | Rest
    | Summary
    | Skipping
    | Paced
    | FormCues
    | ReadyFor
    | HelpSetup
    | PainStop
    | PullStop
    | RedFlagStop
    | Soreness
    | OfferEasier
    | OfferMoveOn
    | DoneOnOwn
    | SkipSetQuestion
    | SkippedSet
    | FeelCue
    | HowTo
    | OnSet
    | SetsLeft
    | RestLength
    | ComingUp
    | HelpPain
)


T = TypeVar("T")


def in_short(said: Sequence[T]) -> list[T]:
    """What "repeat" says again: the turn without its timed lines (a whole counted set, a rest
    countdown), so it is the question asked or the set announced, never the minutes before it.
    A turn that was all timed lines is said again as it was."""
    short = [line for line in said if not isinstance(line, CountSet | Rest)]
    return short or list(said)
