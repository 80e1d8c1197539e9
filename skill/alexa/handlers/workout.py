"""Everything said during a workout: ready, set feedback, cues, pace, pause, skip, pain."""

from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa import slots
from skill.alexa.handlers.base import EventHandler, intent_name
from skill.core import events as ev
from skill.core.history import Effort
from skill.core.profile import Unit


class ReadyHandler(EventHandler):
    intents = ("ReadyIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.Ready()


class LogSetHandler(EventHandler):
    """ "Ten reps at sixty pounds, it was hard": any mix of reps, load, unit and effort."""

    intents = ("LogSetIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        effort = slots.enum_value(handler_input, "effort", Effort)
        reps = slots.number(handler_input, "reps")
        load = slots.number(handler_input, "load")
        unit = slots.enum_value(handler_input, "unit", Unit)
        whole_reps = int(reps) if reps is not None and reps == int(reps) else None
        heard = any(v is not None for v in (effort, whole_reps, load))
        return ev.LogSet(
            effort=effort, reps=whole_reps, load=load, unit=unit, heard_something=heard
        )


class FormCueHandler(EventHandler):
    intents = ("FormCueIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.FormCue()


class PaceHandler(EventHandler):
    intents = ("SlowerIntent", "FasterIntent")

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.ChangePace(slower=intent_name(handler_input) == "SlowerIntent")


class SkipExerciseHandler(EventHandler):
    intents = ("SkipExerciseIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.SkipExercise()


class PainHandler(EventHandler):
    intents = ("PainIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.Pain(area=slots.resolved_id(handler_input, "bodyPart"))


class FlowControlHandler(EventHandler):
    """Alexa's built-in pause, resume, next, repeat and start over, given workout meanings."""

    intents = (
        "AMAZON.PauseIntent",
        "AMAZON.ResumeIntent",
        "AMAZON.NextIntent",
        "AMAZON.RepeatIntent",
        "AMAZON.StartOverIntent",
    )
    EVENTS: ClassVar[dict[str, ev.Event]] = {
        "AMAZON.PauseIntent": ev.Pause(),
        "AMAZON.ResumeIntent": ev.Resume(),
        "AMAZON.NextIntent": ev.Next(),
        "AMAZON.RepeatIntent": ev.Repeat(),
        "AMAZON.StartOverIntent": ev.StartOver(),
    }

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return self.EVENTS[intent_name(handler_input)]
