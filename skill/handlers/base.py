"""The one path every turn takes: envelope -> domain event -> dialog -> effects -> response.

Handlers only say which intents they take and which event an intent means; ``EventHandler``
does the rest, so no handler holds coaching logic.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_locale, get_user_id, is_intent_name, is_request_type
from ask_sdk_model import Response
from pydantic import ValidationError

from skill import dialog
from skill import events as ev
from skill.catalog import Catalog
from skill.progression import summarize
from skill.store.protocol import Store

log = logging.getLogger(__name__)

CONVERSATION = "conversation"
RECENT_SESSIONS = 12
"""About six weeks at two sessions a week: enough for progression and the weekly checks."""
SESSION_KEY = "coach"


@dataclass(frozen=True)
class Deps:
    """What the shell gives the skill: a store, a clock and the catalog. No per-user state."""

    store: Store
    clock: Callable[[], datetime]
    catalog: Catalog
    new_id: Callable[[], str] = lambda: uuid.uuid4().hex


def user_of(handler_input: HandlerInput) -> str:
    return str(get_user_id(handler_input) or "anonymous")


class LoadConversation(AbstractRequestInterceptor):  # type: ignore[misc]
    """Session attributes carry the conversation; a new session reads the store once."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def process(self, handler_input: HandlerInput) -> None:
        attrs = handler_input.attributes_manager.session_attributes or {}
        conv: dialog.Conversation | None = None
        if SESSION_KEY in attrs:
            try:
                conv = dialog.Conversation.model_validate(attrs[SESSION_KEY])
            except ValidationError:
                log.warning("session attributes did not validate; reloading from the store")
        if conv is None or not conv.loaded:
            data = self.deps.store.load_user(user_of(handler_input), recent=RECENT_SESSIONS)
            conv = dialog.Conversation(
                loaded=True,
                profile=data.profile,
                workout=data.active,
                history=summarize(
                    self.deps.catalog, data.recent_sessions, data.profile, self.deps.clock()
                ),
            )
        handler_input.attributes_manager.request_attributes[CONVERSATION] = conv


def conversation_of(handler_input: HandlerInput) -> dialog.Conversation:
    conv = handler_input.attributes_manager.request_attributes.get(CONVERSATION)
    return conv if isinstance(conv, dialog.Conversation) else dialog.Conversation()


def apply_effects(store: Store, user_id: str, effects: list[dialog.Effect]) -> None:
    for effect in effects:
        if isinstance(effect, dialog.SaveProfile):
            store.save_profile(user_id, effect.profile)
        elif isinstance(effect, dialog.SaveActive):
            store.save_active(user_id, effect.workout)
        elif isinstance(effect, dialog.LogSet):
            if not store.log_set(user_id, effect.record):
                log.info("set %s was already stored (retried request)", effect.record.key)
        elif isinstance(effect, dialog.EndSession):
            store.end_session(user_id, effect.session)


def run(deps: Deps, handler_input: HandlerInput, event: ev.Event) -> Response:
    """Feed one event through the dialog, store what changed, and build Alexa's response."""
    conv = conversation_of(handler_input)
    turn = dialog.Turn(
        now=deps.clock(),
        catalog=deps.catalog,
        locale=str(get_locale(handler_input) or "en-US"),
        new_workout_id=deps.new_id(),
    )
    out = dialog.respond(conv, event, turn)
    apply_effects(deps.store, user_of(handler_input), out.effects)
    attrs = handler_input.attributes_manager.session_attributes
    if attrs is None:
        attrs = handler_input.attributes_manager.session_attributes = {}
    attrs[SESSION_KEY] = out.conversation.model_dump(mode="json")
    builder = handler_input.response_builder
    if out.speech:
        builder.speak(out.speech.ssml())
    if out.reprompt and not out.end_session:
        builder.ask(out.reprompt.ssml())
    if not isinstance(event, ev.SessionEnded):
        builder.set_should_end_session(out.end_session)
    response: Response = builder.response
    return response


class EventHandler(AbstractRequestHandler):  # type: ignore[misc]
    """Handles the listed intents (or request types) by turning them into one domain event."""

    intents: tuple[str, ...] = ()
    request_types: tuple[str, ...] = ()

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_request_type(t)(handler_input) for t in self.request_types) or any(
            is_intent_name(name)(handler_input) for name in self.intents
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        return run(self.deps, handler_input, self.event(handler_input))

    def event(self, handler_input: HandlerInput) -> ev.Event:
        raise NotImplementedError


def intent_name(handler_input: HandlerInput) -> str:
    request: Any = handler_input.request_envelope.request
    return str(getattr(getattr(request, "intent", None), "name", "") or "")
