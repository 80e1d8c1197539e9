"""Alexa's required built-ins: help, stop, cancel, navigate home, fallback, yes and no."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.handlers.base import EventHandler, intent_name
from skill.core import events as ev


class HelpHandler(EventHandler):
    intents = ("AMAZON.HelpIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.Help()


class StopHandler(EventHandler):
    """Stop, cancel and navigate home all save the workout and end the session cleanly."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.Stop()


class YesNoHandler(EventHandler):
    intents = ("AMAZON.YesIntent", "AMAZON.NoIntent")

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.Yes() if intent_name(handler_input) == "AMAZON.YesIntent" else ev.No()


class FallbackHandler(EventHandler):
    intents = ("AMAZON.FallbackIntent",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.Fallback()


class UnknownIntentHandler(EventHandler):
    """Registered last: any intent we don't know (an old model, a new built-in) is a fallback."""

    request_types = ("IntentRequest",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        return ev.Fallback()
