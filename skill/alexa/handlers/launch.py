"""Opening the skill and starting hamstring day."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.handlers.base import EventHandler
from skill.core import events as ev


class LaunchHandler(EventHandler):
    request_types = ("LaunchRequest",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.Launch()


class StartWorkoutHandler(EventHandler):
    intents = ("StartWorkoutIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.StartWorkout()
