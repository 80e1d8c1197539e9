"""The end of an Alexa session, and the catch-all that keeps every turn answered."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.alexa.handlers.base import Deps, EventHandler, conversation_of, user_of
from skill.core import events as ev

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side."


class SessionEndedHandler(EventHandler):
    """Timeout, error or the person walking away: the workout is saved to resume later."""

    request_types = ("SessionEndedRequest",)

    def event(self, handler_input: HandlerInput) -> ev.Event:
        request = handler_input.request_envelope.request
        error = getattr(request, "error", None)
        if error is not None:
            log.warning("session ended with error: %s", getattr(error, "message", error))
        return ev.SessionEnded()


class SkillDisabledHandler(AbstractRequestHandler):  # type: ignore[misc]
    """Disabling the skill deletes everything we hold about that user (privacy)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        self.deps.store.delete_user(user_of(handler_input))
        log.info("skill disabled: user data deleted")
        response: Response = handler_input.response_builder.response
        return response


class UnhandledRequestHandler(AbstractRequestHandler):  # type: ignore[misc]
    """Request types we don't serve (e.g. a display event) get a quiet, valid response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return not is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        response: Response = handler_input.response_builder.response
        return response


class CatchAllExceptionHandler(AbstractExceptionHandler):  # type: ignore[misc]
    """Logs the real error, answers kindly, and keeps the session where it was."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.exception("turn failed: %s", exception)
        conv = conversation_of(handler_input)
        reprompt = "Say that again, or say help."
        if conv.last_reprompt:
            builder = handler_input.response_builder
            builder.speak(f"<speak>{SORRY} Let's try that again.</speak>")
            builder.ask(conv.last_reprompt)
        else:
            builder = handler_input.response_builder
            builder.speak(f"<speak>{SORRY} {reprompt}</speak>").ask(f"<speak>{reprompt}</speak>")
        response: Response = builder.response
        return response
