"""Journey three: what to increase, what was done last time, how the week looks, what to lift."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa import slots
from skill.alexa.handlers.base import EventHandler, intent_name
from skill.core import events as ev


class ProgressHandler(EventHandler):
    intents = ("ProgressIntent", "WeekIntent")

    def event(self, handler_input: HandlerInput) -> ev.Event:
        if intent_name(handler_input) == "WeekIntent":
            return ev.AskWeek()
        return ev.AskProgress()


class ExerciseQuestionHandler(EventHandler):
    intents = ("LastTimeIntent", "LoadAdviceIntent")

    def event(self, handler_input: HandlerInput) -> ev.Event:
        exercise = slots.resolved_id(handler_input, "exercise")
        if intent_name(handler_input) == "LastTimeIntent":
            return ev.AskLastTime(exercise)
        return ev.AskLoad(exercise)
