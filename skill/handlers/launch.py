"""Opening the skill and starting hamstring day."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill import events as ev
from skill.handlers.base import EventHandler


class LaunchHandler(EventHandler):
    request_types = ("LaunchRequest",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.Launch()


class StartWorkoutHandler(EventHandler):
    intents = ("StartWorkoutIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.StartWorkout()
