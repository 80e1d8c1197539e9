"""The one path every turn takes: envelope -> domain event -> dialog -> effects -> response.

Handlers only say which intents they take and which event an intent means; ``EventHandler``
does the rest, so no handler holds coaching logic.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import (
    get_locale,
    get_request_type,
    get_user_id,
    is_intent_name,
    is_request_type,
)
from ask_sdk_model import Response
from pydantic import ValidationError

from skill.core import conversation as dialog
from skill.core import events as ev
from skill.core.catalog import Catalog
from skill.core.progression import summarize
from skill.speech.ssml import Speech
from skill.store.errors import StoreUnavailable
from skill.store.protocol import Store, UserData

log = logging.getLogger(__name__)

CONVERSATION = "conversation"
STORE_DOWN = "store_down"
RECENT_SESSIONS = 12
"""About six weeks at two sessions a week: enough for progression and the weekly checks."""
SESSION_KEY = "coach"


class Observer(Protocol):
    """Counts what operators want on a dashboard; the Lambda plugs in CloudWatch metrics."""

    def session_started(self) -> None: ...
    def workout_started(self) -> None: ...
    def set_logged(self) -> None: ...
    def storage_failed(self) -> None: ...


class NullObserver:
    def session_started(self) -> None:
        pass

    def workout_started(self) -> None:
        pass

    def set_logged(self) -> None:
        pass

    def storage_failed(self) -> None:
        pass


@dataclass(frozen=True)
class Deps:
    """What the shell gives the skill: a store, a clock and the catalog. No per-user state."""

    store: Store
    clock: Callable[[], datetime]
    catalog: Catalog
    new_id: Callable[[datetime], str] = lambda now: workout_id(now)
    lookup_zone: Callable[[HandlerInput], str | None] | None = None
    """Asks Alexa for the device's time zone (needs an API client); None: use default_zone."""
    default_zone: str = "UTC"
    observer: Observer = field(default_factory=NullObserver)


def workout_id(now: datetime) -> str:
    """Time-sortable ("20261201T180000-1a2b3c4d"), so stores can keep sessions in time order."""
    return f"{now.astimezone(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def user_of(handler_input: HandlerInput) -> str:
    return str(get_user_id(handler_input) or "anonymous")


class LoadConversation(AbstractRequestInterceptor):  # type: ignore[misc]
    """Session attributes carry the conversation; a new session reads the store once."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def process(self, handler_input: HandlerInput) -> None:
        if str(get_request_type(handler_input)).startswith("AlexaSkillEvent."):
            return  # lifecycle events carry no conversation and need no read
        attrs = handler_input.attributes_manager.session_attributes or {}
        conv: dialog.Conversation | None = None
        if SESSION_KEY in attrs:
            try:
                conv = dialog.Conversation.model_validate(attrs[SESSION_KEY])
            except ValidationError:
                log.warning("session attributes did not validate; reloading from the store")
        if conv is None or not conv.loaded:
            try:
                data = self.deps.store.load_user(user_of(handler_input), recent=RECENT_SESSIONS)
            except StoreUnavailable:
                log.exception("could not load the user at session start")
                self.deps.observer.storage_failed()
                handler_input.attributes_manager.request_attributes[STORE_DOWN] = True
                data = UserData()
            else:
                self.deps.observer.session_started()
            zone = (self.deps.lookup_zone and self.deps.lookup_zone(handler_input)) or (
                self.deps.default_zone
            )
            now = self.deps.clock().astimezone(_zone(zone))
            conv = dialog.Conversation(
                loaded=not handler_input.attributes_manager.request_attributes.get(STORE_DOWN),
                timezone=zone,
                profile=data.profile,
                workout=data.active,
                history=summarize(
                    self.deps.catalog,
                    data.recent_sessions,
                    data.profile,
                    now,
                    active_id=data.active.workout_id if data.active else None,
                ),
            )
        handler_input.attributes_manager.request_attributes[CONVERSATION] = conv


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def conversation_of(handler_input: HandlerInput) -> dialog.Conversation:
    conv = handler_input.attributes_manager.request_attributes.get(CONVERSATION)
    return conv if isinstance(conv, dialog.Conversation) else dialog.Conversation()


def _apply(store: Store, user_id: str, effect: dialog.Effect) -> None:
    if isinstance(effect, dialog.SaveProfile):
        store.save_profile(user_id, effect.profile)
    elif isinstance(effect, dialog.SaveActive):
        store.save_active(user_id, effect.workout)
    elif isinstance(effect, dialog.LogSet):
        if not store.log_set(user_id, effect.record):
            log.info("set %s was already stored (retried request)", effect.record.key)
    elif isinstance(effect, dialog.EndSession):
        store.end_session(user_id, effect.session)
    elif isinstance(effect, dialog.DeleteUser):
        store.delete_user(user_id)


def apply_effects(store: Store, user_id: str, effects: list[dialog.Effect]) -> list[dialog.Effect]:
    """Apply in order; return what could not be stored (from the first failure on).

    Every write is idempotent (sets are keyed, the rest are upserts), so retrying the
    leftovers later never double-counts.
    """
    for i, effect in enumerate(effects):
        try:
            _apply(store, user_id, effect)
        except StoreUnavailable:
            log.exception("storage failed; keeping %d writes for a later turn", len(effects) - i)
            return _compact(effects[i:])
    return []


def _compact(effects: list[dialog.Effect]) -> list[dialog.Effect]:
    """Only the newest profile and active workout matter; every set and session end is kept."""
    latest: dict[str, int] = {}
    for i, effect in enumerate(effects):
        if effect.kind in ("profile", "active"):
            latest[effect.kind] = i
    return [
        e
        for i, e in enumerate(effects)
        if e.kind not in ("profile", "active") or latest[e.kind] == i
    ]


SAVE_FAILED = "Heads up: I couldn't save that just now. I'll keep it and save it on your next step."
SAVE_FAILED_AT_END = "I couldn't save your progress just now."
STORE_DOWN_AT_START = (
    "Sorry, I can't reach your saved progress right now. Please try again in a minute."
)


def run(deps: Deps, handler_input: HandlerInput, event: ev.Event) -> Response:
    """Feed one event through the dialog, store what changed, and build Alexa's response."""
    conv = conversation_of(handler_input)
    user_id = user_of(handler_input)
    builder = handler_input.response_builder
    if handler_input.attributes_manager.request_attributes.get(STORE_DOWN):
        # Without the profile and history we would coach the wrong plan or overwrite data.
        if not isinstance(event, ev.SessionEnded):
            builder.speak(f"<speak>{STORE_DOWN_AT_START}</speak>").set_should_end_session(True)
        response: Response = builder.response
        return response
    carried = apply_effects(deps.store, user_id, conv.unsaved) if conv.unsaved else []
    conv.unsaved = []
    now = deps.clock().astimezone(_zone(conv.timezone))
    turn = dialog.Turn(
        now=now,
        catalog=deps.catalog,
        locale=str(get_locale(handler_input) or "en-US"),
        new_workout_id=deps.new_id(now),
    )
    out = dialog.respond(conv, event, turn)
    _observe(deps.observer, conv, out)
    if carried:
        # The store is still failing: queue this turn's writes behind the older ones, in order.
        unsaved = _compact(carried + out.effects)
    else:
        unsaved = apply_effects(deps.store, user_id, out.effects)
    if unsaved:
        deps.observer.storage_failed()
        out = _survive(out, unsaved)
    attrs = handler_input.attributes_manager.session_attributes
    if attrs is None:
        attrs = handler_input.attributes_manager.session_attributes = {}
    attrs[SESSION_KEY] = _fit(out)
    if out.speech:
        builder.speak(out.speech.ssml())
    if out.reprompt and not out.end_session:
        builder.ask(out.reprompt.ssml())
    if not isinstance(event, ev.SessionEnded):
        builder.set_should_end_session(out.end_session)
    response = builder.response
    return response


MAX_RESPONSE_BYTES = 24 * 1024
"""Alexa refuses a whole response (speech, reprompt and session attributes) over 24 KB."""


def _fit(out: dialog.Outcome) -> dict[str, Any]:
    """Session attributes that keep the response inside Alexa's limit.

    The copy of the last speech (kept for "repeat") is the one large, optional part: it goes
    first when a long counted set and a long history would not fit together.
    """
    conv = out.conversation
    speech = len(out.speech.ssml()) if out.speech else 0
    reprompt = len(out.reprompt.ssml()) if out.reprompt else 0
    dumped = conv.model_dump(mode="json")
    if speech + reprompt + len(json.dumps(dumped)) + 1024 > MAX_RESPONSE_BYTES:
        log.warning("response near Alexa's size limit; not keeping speech for repeat")
        dumped = conv.model_copy(update={"last_speech": None}).model_dump(mode="json")
    return dumped


def _survive(out: dialog.Outcome, unsaved: list[dialog.Effect]) -> dialog.Outcome:
    """Keep going with the writes in session attributes; never close a session holding them."""
    out.conversation.unsaved = unsaved
    if out.end_session:
        out.conversation.pending = dialog.Pending.RETRY_SAVE
        question = "Want me to try saving again?"
        speech = Speech().extend(out.speech).say(SAVE_FAILED_AT_END).say(question)
        return dialog.Outcome(out.conversation, speech, Speech(question), end_session=False)
    speech = Speech(SAVE_FAILED).extend(out.speech)
    return dialog.Outcome(out.conversation, speech, out.reprompt, out.end_session)


def _observe(observer: Observer, before: dialog.Conversation, out: dialog.Outcome) -> None:
    after = out.conversation.workout
    if after is not None and (
        before.workout is None or before.workout.workout_id != after.workout_id
    ):
        observer.workout_started()
    for effect in out.effects:
        if isinstance(effect, dialog.LogSet):
            observer.set_logged()


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
