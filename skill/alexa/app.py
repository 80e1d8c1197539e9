"""Builds the skill from a store and a clock; the Lambda, the chat and the web server all use it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model.services import ApiClient

from skill.alexa.handlers import request_handlers
from skill.alexa.handlers.base import Deps, LoadConversation, NullObserver, Observer
from skill.alexa.handlers.session import SORRY, CatchAllExceptionHandler
from skill.alexa.settings import device_zone, valid_zone
from skill.core.catalog import Catalog, load_catalog
from skill.store.protocol import Store

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _builder(
    store: Store,
    clock: Clock,
    catalog: Catalog | None,
    observer: Observer | None = None,
    api_client: ApiClient | None = None,
    default_zone: str = "UTC",
) -> CustomSkillBuilder:
    deps = Deps(
        store=store,
        clock=clock,
        catalog=catalog or load_catalog(),
        observer=observer or NullObserver(),
        lookup_zone=device_zone if api_client is not None else None,
        default_zone=valid_zone(default_zone) or "UTC",
    )
    # With an API client, handlers can reach Alexa's settings API (the device time zone).
    sb = CustomSkillBuilder(api_client=api_client) if api_client else CustomSkillBuilder()
    for handler in request_handlers(deps):
        sb.add_request_handler(handler)
    sb.add_global_request_interceptor(LoadConversation(deps))
    sb.add_exception_handler(CatchAllExceptionHandler())
    return sb


def build_skill(
    store: Store, clock: Clock = utc_now, catalog: Catalog | None = None
) -> CustomSkill:
    skill: CustomSkill = _builder(store, clock, catalog).create()
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
    """A Lambda-style handler (event dict in, response dict out) that never raises.

    ask-sdk's own wrapper raises on envelopes it cannot deserialize; this one answers them.
    With ``skill_id`` set, a request for any other skill is refused before anything runs.
    """
    builder = _builder(store, clock, catalog, observer, api_client, default_zone)
    inner: Callable[[Any, Any], dict[str, Any]] = builder.lambda_handler()

    def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
        if skill_id is not None and application_id(event) != skill_id:
            log.warning("refused a request for another skill")
            return REFUSED
        try:
            response: dict[str, Any] = inner(event, context)
            return response
        except Exception:
            log.exception("request could not be handled")
            return fallback_response(event)

    return handler


REFUSED: dict[str, Any] = {"version": "1.0", "response": {"shouldEndSession": True}}
"""The answer to a request for another skill: nothing processed, nothing stored, nothing said."""


def application_id(event: object) -> str | None:
    """The skill id a request is for: context.System.application, else session.application."""
    if not isinstance(event, dict):
        return None
    for path in (("context", "System", "application"), ("session", "application")):
        node: Any = event
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(node.get("applicationId"), str):
            return str(node["applicationId"])
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
