"""What the conversation means to say, as typed values; skill.speech.conversation words them.

The conversation decides *that* it welcomes someone back, offers the unfinished workout, advises
or says goodbye, and with which facts (days, hours, advice, equipment heard); the sentences live
in skill.speech, so the core holds no words. Relative times ("yesterday", "twenty hours") travel
as datetimes and numbers with the ``now`` they are relative to, and speech words them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from skill.core.advice import Advice, LastTime, WeekReport
from skill.core.lines import Line, Partway
from skill.core.profile import Equipment, Level, Unit
from skill.core.value import Value
from skill.core.weekly import RestClock


class Phrase(StrEnum):
    """The conversation's fixed lines: nothing in them varies with the person's data."""

    WELCOME = "welcome"
    """A first launch."""
    WELCOME_BACK = "welcome_back"
    INTRODUCTION = "introduction"
    """What the coach does, and that it is not medical advice: said once, when onboarding."""
    SET_UP_FIRST = "set_up_first"
    ASK_EQUIPMENT = "ask_equipment"
    ASK_LEVEL = "ask_level"
    ASK_UNIT = "ask_unit"
    """Onboarding where people train in both (Canada): pounds or kilos?"""
    HELP_UNIT = "help_unit"
    """Help at the unit question: why we ask, and how to answer."""
    SETUP_WHY = "setup_why"
    """Help while asking for equipment or level: why we ask."""
    HELP_EQUIPMENT = "help_equipment"
    """Help at the equipment question: why we ask, and examples of answers."""
    HELP_LEVEL = "help_level"
    """Help at the level question: why we ask, and what each level means."""
    TAKE_IT_EASY = "take_it_easy"
    """ "I'm tired" outside a workout: before offering a lighter session."""
    SET_UP_LATER = "set_up_later"
    SURE = "sure"
    DIDNT_CATCH_EQUIPMENT = "didnt_catch_equipment"
    ALL_SET = "all_set"
    PLAN_FROM_NEXT_SESSION = "plan_from_next_session"
    PLAN_FROM_NOW = "plan_from_now"
    START_QUESTION = "start_question"
    START_NOW_QUESTION = "start_now_question"
    START_NEW_QUESTION = "start_new_question"
    READY_QUESTION = "ready_question"
    """At launch, to someone set up and not mid-workout."""
    PICK_IT_UP_QUESTION = "pick_it_up_question"
    """At launch, after naming the unfinished workout."""
    RESUME_QUESTION = "resume_question"
    LIGHTER_QUESTION = "lighter_question"
    ALREADY_GOING = "already_going"
    PICKING_UP = "picking_up"
    NO_EXERCISES = "no_exercises"
    CLOSED_KEPT = "closed_kept"
    """Declined the resume: the old workout is closed, its sets kept."""
    OLD_WORKOUT_KEPT = "old_workout_kept"
    """At launch: an unfinished workout too old to pick up was closed; its sets are kept."""
    REASK_RESUME = "reask_resume"
    REASK_START = "reask_start"
    REASK_LIGHTER = "reask_lighter"
    REASK_MORE = "reask_more"
    REASK_DELETE = "reask_delete"
    REASK_RETRY_SAVE = "reask_retry_save"
    SAY_YES_OR_NO = "say_yes_or_no"
    NOT_NOW = "not_now"
    """Declined to start at launch."""
    COME_BACK = "come_back"
    """Declined to start outside a workout."""
    REST_IS_TRAINING = "rest_is_training"
    DELETE_WARNING = "delete_warning"
    DELETE_QUESTION = "delete_question"
    DELETED = "deleted"
    NOTHING_DELETED = "nothing_deleted"
    SAVED = "saved"
    """The retried save worked: goodbye."""
    MAY_BE_LOST = "may_be_lost"
    OKAY = "okay"
    TRAIN_WELL = "train_well"
    UNKNOWN_EXERCISE = "unknown_exercise"
    NO_SETS_YET = "no_sets_yet"
    NO_SETS_TODAY_YET = "no_sets_today_yet"
    """Asked what to increase mid-workout, with nothing logged before or today."""
    HEAR_THE_REST = "hear_the_rest"
    WHICH_EXERCISE = "which_exercise"
    IDLE_HELP = "idle_help"
    PAIN_OUTSIDE_WORKOUT = "pain_outside_workout"
    PULL_OUTSIDE_WORKOUT = "pull_outside_workout"
    """A felt pull or sharp pain, with no workout going."""
    SORE_IS_NORMAL = "sore_is_normal"
    """Muscle soreness, with no workout going: normal after training."""
    PULL_CHECK_QUESTION = "pull_check_question"
    """At launch, after a pull last time: how does it feel today?"""
    BACK_CHECK_QUESTION = "back_check_question"
    """At launch, after back pain last time: is it okay today?"""
    REASK_PULL_CHECK = "reask_pull_check"
    REASK_BACK_CHECK = "reask_back_check"
    GLAD_ITS_BETTER = "glad_its_better"
    BACK_IS_FINE = "back_is_fine"
    NO_HINGES_TODAY = "no_hinges_today"
    """The back is still sore: today's plan leaves hinges out."""
    NOT_TODAY_PULL = "not_today_pull"
    """The pull still hurts: no training today; see a professional."""
    NO_WORKOUT = "no_workout"
    SAY_START = "say_start"
    ASK_ABOUT_MOVES = "ask_about_moves"
    """After an exercise name we don't know: which ones we do."""


class Unfinished(Value):
    """At launch: a workout was left at this set, last touched ``at``."""

    exercise_id: str
    set_number: int
    sets: int
    at: datetime
    now: datetime
    partway: Partway | None = None
    """Part of that set was counted (one side, say), to finish first."""


class LastSession(Value):
    """At launch: when the last hamstring session was, and whether they are still recovering."""

    at: datetime
    now: datetime
    recovering: bool
    layoff: bool = False
    """A layoff (rules.LAYOFF or more): never "rested", say we'll ease back in."""


class TooSoon(Value):
    """Asked to train inside the rest window: this many hours since the last session."""

    hours: float


class RecoveredBy(Value):
    """Resting today: fully recovered ``at`` (later today, tomorrow or on a weekday)."""

    at: datetime
    now: datetime


class Stopped(Value):
    """Stopped mid-workout: saved, with this many sets logged; ``counted`` when a set was just
    counted and not yet logged (it waits for its report when they come back)."""

    logged: int
    counted: bool = False
    partway: Partway | None = None
    """Part of the current set was counted (one side, say): kept, to finish on resume."""


class GotEquipment(Value):
    equipment: tuple[Equipment, ...]


class UnknownEquipment(Value):
    """Equipment said in words we don't know. ``kept``: other equipment was heard and kept,
    so we plan without these; otherwise the question is asked again."""

    words: tuple[str, ...]
    kept: bool


class UnknownExercise(Value):
    """An exercise named in words we don't know (the words, to say back)."""

    spoken: str


class Where(StrEnum):
    """Where the person is, for examples of what to say after repeated misunderstandings."""

    EQUIPMENT = "equipment"
    LEVEL = "level"
    UNIT = "unit"
    YES_NO = "yes_no"
    CHECK_IN = "check_in"
    """How an old hurt feels today."""
    IDLE = "idle"
    SETUP = "setup"
    """A set is announced."""
    FEEDBACK = "feedback"
    """How did that set feel?"""
    CONFIRM = "confirm"
    """A number is read back."""
    PAUSED = "paused"
    WRAP_UP = "wrap_up"
    """Finish here, or one more lighter set?"""


class Examples(Value):
    """Examples of what to say here, in place of the same question again (``unit``: the
    person's, for weights)."""

    where: Where
    unit: Unit


class GotLevel(Value):
    level: Level


class GotUnit(Value):
    """The person chose a unit: weights are said in it from now on."""

    unit: Unit


class AboutExercise(Value):
    """What the exercise trains, how to set up, what to feel."""

    exercise_id: str


class Advised(Value):
    """Progression advice, one recommendation each (the rest, after "want the rest?")."""

    advice: tuple[Advice, ...]


class ProgressAnswer(Value):
    """The first recommendations (the conversation picks how many go now), then the week's most
    important fix, with ``upcoming`` sets still to come (None: not known)."""

    advice: tuple[Advice, ...]
    week: WeekReport | None
    now: datetime
    upcoming: int | None
    rest: RestClock | None = None
    """Where the 48 hours run from, so the next session's day matches the planner's."""


class WeekAnswer(Value):
    """How the week looks, with ``upcoming`` sets still to come (None: not known)."""

    week: WeekReport | None
    now: datetime
    upcoming: int | None
    rest: RestClock | None = None
    """Where the 48 hours run from, so the next session's day matches the planner's."""


class LastWeekAnswer(Value):
    """How the previous calendar week went ("how did I do last week"); None: not known."""

    week: WeekReport | None
    now: datetime


class LastTimeAnswer(Value):
    """What was done last time: for one exercise, or (None) the whole last session."""

    last_times: tuple[LastTime, ...]
    exercise_id: str | None
    now: datetime


class Change(StrEnum):
    """How a programme entry changed since the last session, as said at the start."""

    JOINS = "joins"
    """A new slot (a beginner adds a curl): ``replaced`` is None."""
    NEW_BLOCK = "new_block"
    """A block ended (or stalled): another exercise for the slot."""
    HARDER = "harder"
    """Outgrown: the harder variation."""
    EASIER = "easier"
    """Pain, missed targets or a long break: the easier variation for now."""


class NewBlock(Value):
    """At the start of a workout: ``exercise_id`` takes the slot over from ``replaced``."""

    exercise_id: str
    replaced: str | None
    weeks: int
    change: Change = Change.NEW_BLOCK


class LoadAnswer(Value):
    """How much to lift on an exercise, from its advice (None: nothing logged yet)."""

    exercise_id: str
    advice: Advice | None
    unit: Unit = Unit.LB
    """For the example report when nothing is known yet."""
    last: LastTime | None = None
    """What was done last time, when the exercise is not in the programme now."""
    instead: str | None = None
    """Never done and not in the programme: the exercise the programme trains in its slot."""
    instead_advice: Advice | None = None


ConversationLine = (
    Phrase
    | Unfinished
    | LastSession
    | TooSoon
    | RecoveredBy
    | Stopped
    | GotEquipment
    | UnknownEquipment
    | UnknownExercise
    | Examples
    | GotLevel
    | GotUnit
    | AboutExercise
    | Advised
    | ProgressAnswer
    | WeekAnswer
    | LastWeekAnswer
    | LastTimeAnswer
    | LoadAnswer
    | NewBlock
)

Said = Line | ConversationLine
"""Anything the skill says: a workout line or a conversation line."""
