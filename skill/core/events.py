"""Domain events: what the person did or said, stripped of Alexa's envelope.

Handlers turn intents into these; the dialog and workout state machines consume them.
"""

from __future__ import annotations

from enum import StrEnum

from skill.core.effort import Effort
from skill.core.history import PainKind
from skill.core.profile import Equipment, Level, Unit
from skill.core.value import Value


class Launch(Value):
    pass


class StartWorkout(Value):
    pass


class Ready(Value):
    pass


class LogSet(Value):
    effort: Effort | None = None
    reps: int | None = None
    load: float | None = None
    unit: Unit | None = None
    heard_something: bool = True
    """False when every slot was empty or unrecognised (so we ask again rather than log)."""


class FormCue(Value):
    pass


class ChangePace(Value):
    slower: bool


class Repeat(Value):
    pass


class Pause(Value):
    pass


class Resume(Value):
    pass


class SkipExercise(Value):
    pass


class Next(Value):
    pass


class SetDone(Value):
    """ "I'm done", "finished": the set is done (in a workout); outside one, stop."""


class Tired(Value):
    """ "I'm tired": offer to finish here or do one last, lighter set."""


class GoLighter(Value):
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


class WorkoutQuestion(Value):
    """A question about the workout in progress; answered, then we carry on where we were."""

    topic: Topic


class Pain(Value):
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
    HEART_RACING = "heart_racing"
    NAUSEA = "nausea"


class RedFlag(Value):
    """A red-flag symptom; None when we know it is one but not which (the most careful words)."""

    symptom: Symptom | None = None


class FeelsFine(Value):
    """ "It feels fine", "much better": the answer to how an old hurt feels today."""


class Help(Value):
    pass


class Stop(Value):
    pass


class StartOver(Value):
    pass


class Fallback(Value):
    pass


class Yes(Value):
    pass


class No(Value):
    pass


class SetEquipment(Value):
    """Equipment named. ``unknown``: words said in an equipment slot that matched none of ours
    (Alexa's ER_SUCCESS_NO_MATCH), to say back: never guessed into a known kind."""

    equipment: tuple[Equipment, ...] = ()
    unknown: tuple[str, ...] = ()


class AskEquipment(Value):
    pass


class SetLevel(Value):
    level: Level | None = None


class AskLevel(Value):
    pass


class SetUnit(Value):
    """ "I train in kilos", or the answer to "pounds or kilos?": wins over device and locale."""

    unit: Unit | None = None


class ExerciseInfo(Value):
    exercise_id: str | None = None
    spoken: str | None = None
    """The exercise as said when it resolved to none of ours, to say back."""


class AskProgress(Value):
    """ "What should I increase next week?" """


class AskLastTime(Value):
    exercise_id: str | None = None
    spoken: str | None = None
    """The exercise as said when it resolved to none of ours, to say back."""


class AskWeek(Value):
    """How the week looks; ``last``: the previous calendar week ("how did I do last week")."""

    last: bool = False


class AskLoad(Value):
    exercise_id: str | None = None
    spoken: str | None = None
    """The exercise as said when it resolved to none of ours, to say back."""


class DeleteData(Value):
    pass


class SessionEnded(Value):
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
