"""Domain events: what the person did or said, stripped of Alexa's envelope.

Handlers turn intents into these; the dialog and workout state machines consume them.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field
from enum import StrEnum

from skill.core.effort import Effort
from skill.core.history import PainKind
from skill.core.profile import Equipment, Level, Unit


class _Plain:
    """An event that carries nothing. Like a field-less ``@dataclass(frozen=True)``: all events
    of one kind are equal (and hash alike), none equals another kind, and none can be changed.
    Written out once here because the decorator generates and compiles six methods for each
    class at import, and these two dozen events needed none of them (about a tenth of the
    core's import time)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return True
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.__class__)

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}()"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


class Launch(_Plain):
    pass


class StartWorkout(_Plain):
    pass


class Ready(_Plain):
    pass


@dataclass(frozen=True)
class LogSet:
    effort: Effort | None = None
    reps: int | None = None
    load: float | None = None
    unit: Unit | None = None
    heard_something: bool = True
    """False when every slot was empty or unrecognised (so we ask again rather than log)."""


class FormCue(_Plain):
    pass


@dataclass(frozen=True)
class ChangePace:
    slower: bool


class Repeat(_Plain):
    pass


class Pause(_Plain):
    pass


class Resume(_Plain):
    pass


class SkipExercise(_Plain):
    pass


class Next(_Plain):
    pass


class SetDone(_Plain):
    """ "I'm done", "finished": the set is done (in a workout); outside one, stop."""


class Tired(_Plain):
    """ "I'm tired": offer to finish here or do one last, lighter set."""


class GoLighter(_Plain):
    """ "One more lighter set", "go lighter": the lighter way to wrap up."""


class Topic(StrEnum):
    """What a question about the workout in progress asks for."""

    FEEL = "feel"
    """ "What should I feel?": the exercise's feel cue."""
    HOW_TO = "how_to"
    """ "How do I do this?": its setup cues."""
    WHICH_SET = "which_set"
    SETS_LEFT = "sets_left"
    REST = "rest"
    NEXT = "next"
    """ "What's next?": the next set or exercise."""


@dataclass(frozen=True)
class WorkoutQuestion:
    """A question about the workout in progress; answered, then we carry on where we were."""

    topic: Topic


@dataclass(frozen=True)
class Pain:
    """Something hurts. ``area`` is a BODY_PART id (None: no place named, or one we don't
    know); ``spoken`` is the place as said when it resolved to no id, to say back."""

    area: str | None = None
    kind: PainKind = PainKind.PAIN
    spoken: str | None = None


class Symptom(StrEnum):
    """The red flags: each ends the session with a plain instruction to get medical help."""

    CHEST_PAIN = "chest_pain"
    DIZZY = "dizzy"
    BREATHLESS = "breathless"
    NUMB = "numb"


@dataclass(frozen=True)
class RedFlag:
    """A red-flag symptom; None when we know it is one but not which (the most careful words)."""

    symptom: Symptom | None = None


class FeelsFine(_Plain):
    """ "It feels fine", "much better": the answer to how an old hurt feels today."""


class Help(_Plain):
    pass


class Stop(_Plain):
    pass


class StartOver(_Plain):
    pass


class Fallback(_Plain):
    pass


class Yes(_Plain):
    pass


class No(_Plain):
    pass


@dataclass(frozen=True)
class SetEquipment:
    """Equipment named. ``unknown``: words said in an equipment slot that matched none of ours
    (Alexa's ER_SUCCESS_NO_MATCH), to say back: never guessed into a known kind."""

    equipment: tuple[Equipment, ...] = field(default_factory=tuple)
    unknown: tuple[str, ...] = field(default_factory=tuple)


class AskEquipment(_Plain):
    pass


@dataclass(frozen=True)
class SetLevel:
    level: Level | None = None


class AskLevel(_Plain):
    pass


@dataclass(frozen=True)
class SetUnit:
    """ "I train in kilos", or the answer to "pounds or kilos?": wins over device and locale."""

    unit: Unit | None = None


@dataclass(frozen=True)
class ExerciseInfo:
    exercise_id: str | None = None
    spoken: str | None = None
    """The exercise as said when it resolved to none of ours, to say back."""


class AskProgress(_Plain):
    """ "What should I increase next week?" """


@dataclass(frozen=True)
class AskLastTime:
    exercise_id: str | None = None
    spoken: str | None = None
    """The exercise as said when it resolved to none of ours, to say back."""


@dataclass(frozen=True)
class AskWeek:
    """How the week looks; ``last``: the previous calendar week ("how did I do last week")."""

    last: bool = False


@dataclass(frozen=True)
class AskLoad:
    exercise_id: str | None = None
    spoken: str | None = None
    """The exercise as said when it resolved to none of ours, to say back."""


class DeleteData(_Plain):
    pass


class SessionEnded(_Plain):
    pass


Event = (
    Launch
    | StartWorkout
    | Ready
    | LogSet
    | FormCue
    | ChangePace
    | Repeat
    | Pause
    | Resume
    | SkipExercise
    | Next
    | SetDone
    | Tired
    | GoLighter
    | WorkoutQuestion
    | Pain
    | RedFlag
    | FeelsFine
    | Help
    | Stop
    | StartOver
    | Fallback
    | Yes
    | No
    | SetEquipment
    | AskEquipment
    | SetLevel
    | AskLevel
    | SetUnit
    | ExerciseInfo
    | AskProgress
    | AskLastTime
    | AskWeek
    | AskLoad
    | DeleteData
    | SessionEnded
)
