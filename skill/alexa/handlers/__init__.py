"""ask-sdk request handlers, grouped by area; each maps an intent to a domain event."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler

from skill.alexa.handlers.base import Deps, EventHandler
from skill.alexa.handlers.builtins import (
    FallbackHandler,
    HelpHandler,
    StopHandler,
    UnknownIntentHandler,
    YesNoHandler,
)
from skill.alexa.handlers.launch import LaunchHandler, StartWorkoutHandler
from skill.alexa.handlers.profile import (
    AskProfileHandler,
    DeleteDataHandler,
    ExerciseInfoHandler,
    SetEquipmentHandler,
    SetLevelHandler,
)
from skill.alexa.handlers.progress import ExerciseQuestionHandler, ProgressHandler
from skill.alexa.handlers.session import (
    SessionEndedHandler,
    SkillDisabledHandler,
    UnhandledRequestHandler,
)
from skill.alexa.handlers.workout import (
    FlowControlHandler,
    FormCueHandler,
    LogSetHandler,
    PaceHandler,
    PainHandler,
    ReadyHandler,
    SkipExerciseHandler,
)

EVENT_HANDLERS: tuple[type[EventHandler], ...] = (
    LaunchHandler,
    StartWorkoutHandler,
    ReadyHandler,
    LogSetHandler,
    FormCueHandler,
    PaceHandler,
    SkipExerciseHandler,
    PainHandler,
    FlowControlHandler,
    SetEquipmentHandler,
    SetLevelHandler,
    AskProfileHandler,
    ExerciseInfoHandler,
    DeleteDataHandler,
    ProgressHandler,
    ExerciseQuestionHandler,
    HelpHandler,
    StopHandler,
    YesNoHandler,
    FallbackHandler,
    SessionEndedHandler,
    UnknownIntentHandler,
)


def request_handlers(deps: Deps) -> list[AbstractRequestHandler]:
    """In dispatch order: specific intents first, the catch-alls last."""
    return [
        *(cls(deps) for cls in EVENT_HANDLERS),
        SkillDisabledHandler(deps),
        UnhandledRequestHandler(),
    ]


def handled_intents() -> set[str]:
    return {name for cls in EVENT_HANDLERS for name in cls.intents}
