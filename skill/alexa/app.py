"""Builds the skill from a store and a clock; the Lambda, the chat and the web server all use it.

Four ask-sdk components: ``TurnHandler`` (every request that is a turn of the conversation, via
the table in ``skill.alexa.intents``), ``SkillDisabledHandler``, ``QuietHandler`` (any other
request type) and ``CatchAllExceptionHandler``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, cast

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import RequestEnvelope, Response
from ask_sdk_model.services import ApiClient

from skill.alexa.intents import event_of, is_turn
from skill.alexa.runner import (
    DeletionIncomplete,
    Deps,
    NullObserver,
    Observer,
    run,
    skill_disabled,
    state_of,
)
from skill.alexa.serializer import FastSerializer
from skill.alexa.settings import device_weight_unit, device_zone, valid_zone
from skill.core.catalog import Catalog, load_catalog
from skill.store.codec import Clock, utc_now
from skill.store.protocol import Store

log = logging.getLogger(__name__)

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]

SORRY = "Sorry, something went wrong on my side."


class TurnHandler(AbstractRequestHandler):  # type: ignore[misc]
    """Launch, every intent (unknown ones as a fallback) and the session's end: one event each,
    through the one turn runner."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_turn(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return run(self.deps, handler_input, event_of(handler_input))


class SkillDisabledHandler(AbstractRequestHandler):  # type: ignore[misc]
    """Disabling the skill deletes everything we hold about that user (privacy)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return skill_disabled(self.store, handler_input)


class QuietHandler(AbstractRequestHandler):  # type: ignore[misc]
    """Request types we don't serve (e.g. a display event) get a quiet, valid response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        response: Response = handler_input.response_builder.response
        return response


class CatchAllExceptionHandler(AbstractExceptionHandler):  # type: ignore[misc]
    """Logs the real error, answers kindly, and keeps the session where it was. Not for a
    skill event's unfinished deletion: that request must fail (``runner.skill_disabled``)."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return not isinstance(exception, DeletionIncomplete)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.exception("turn failed: %s", exception)
        builder = handler_input.response_builder
        last_reprompt = state_of(handler_input).last_reprompt
        if last_reprompt:
            builder.speak(f"<speak>{SORRY} Let's try that again.</speak>").ask(last_reprompt)
        else:
            reprompt = "Say that again, or say help."
            builder.speak(f"<speak>{SORRY} {reprompt}</speak>").ask(f"<speak>{reprompt}</speak>")
        response: Response = builder.response
        return response


def build_skill(
    store: Store,
    clock: Clock = utc_now,
    catalog: Catalog | None = None,
    observer: Observer | None = None,
    api_client: ApiClient | None = None,
    default_zone: str = "UTC",
) -> CustomSkill:
    """The ask-sdk skill; built once per process, then invoked for every request."""
    deps = Deps(
        store=store,
        clock=clock,
        catalog=catalog or load_catalog(),
        observer=observer or NullObserver(),
        lookup_zone=device_zone if api_client is not None else None,
        lookup_unit=device_weight_unit if api_client is not None else None,
        default_zone=valid_zone(default_zone) or "UTC",
    )
    # With an API client, the runner can reach Alexa's settings API (the device time zone).
    sb = CustomSkillBuilder(api_client=api_client) if api_client else CustomSkillBuilder()
    sb.add_request_handler(TurnHandler(deps))
    sb.add_request_handler(SkillDisabledHandler(store))
    sb.add_request_handler(QuietHandler())
    sb.add_exception_handler(CatchAllExceptionHandler())
    skill: CustomSkill = sb.create()
    # ask-sdk's public seam: the skill and the API clients it makes use this serializer.
    skill.serializer = FastSerializer()
    return skill


def build_handler(
    store: Store,
    clock: Clock = utc_now,
    catalog: Catalog | None = None,
    skill_id: str | None = None,
    observer: Observer | None = None,
    api_client: ApiClient | None = None,
    default_zone: str = "UTC",
) -> LambdaHandler:
    """A Lambda-style handler (event dict in, response dict out) that never raises, except
    ``DeletionIncomplete`` for a SkillDisabled event whose deletion could not be finished.

    The skill is built here, once; each call only deserializes, invokes and serializes, reading
    the event dict directly (``FastSerializer.load``: no JSON round trip). (ask-sdk's own
    ``lambda_handler()`` rebuilds the skill and re-encodes the event per call, and raises on
    envelopes it cannot deserialize: this one answers them.) With ``skill_id`` set, a request for
    any other skill is refused before anything runs.
    """
    skill = build_skill(store, clock, catalog, observer, api_client, default_zone)
    serializer = cast(FastSerializer, skill.serializer)

    def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
        if skill_id is not None and application_id(event) != skill_id:
            log.warning("refused a request for another skill")
            return REFUSED
        try:
            envelope = serializer.load(event, RequestEnvelope)
            response = skill.invoke(request_envelope=envelope, context=context)
            return cast("dict[str, Any]", serializer.serialize(response))
        except DeletionIncomplete:
            raise  # a failed invocation, so a redelivered SkillDisabled can finish the job
        except Exception:
            log.exception("request could not be handled")
            return fallback_response(event)

    handler.skill = skill  # type: ignore[attr-defined]  # for bench/turn_latency.py's profile
    handler.store = store  # type: ignore[attr-defined]
    return handler


REFUSED: dict[str, Any] = {"version": "1.0", "response": {"shouldEndSession": True}}
"""The answer to a request for another skill: nothing processed, nothing stored, nothing said."""


def application_id(event: object) -> str | None:
    """The skill a request is for: ``context.System.application.applicationId``, else
    ``session.application.applicationId`` (the Lambda's refusal and the web's verification)."""
    paths: tuple[tuple[str, ...], ...] = (
        ("context", "System", "application", "applicationId"),
        ("session", "application", "applicationId"),
    )
    for path in paths:
        node: Any = event
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, str) and node:
            return node
    return None


def fallback_response(event: object) -> dict[str, Any]:
    """A valid answer to anything, carrying back the session attributes we were sent."""
    attributes: Any = None
    if isinstance(event, dict) and isinstance(event.get("session"), dict):
        attributes = event["session"].get("attributes")
    text = f"<speak>{SORRY} Please try that again.</speak>"
    body: dict[str, Any] = {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": text},
            "reprompt": {"outputSpeech": {"type": "SSML", "ssml": text}},
            "shouldEndSession": False,
        },
    }
    if isinstance(attributes, dict):
        body["sessionAttributes"] = attributes
    return body
