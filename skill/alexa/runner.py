"""The one path every turn takes: session state -> domain event -> conversation -> effects ->
response. A new session reads the store once; every later turn rides on session attributes.

The conversation answers in typed lines; ``Said`` renders a turn's lines to SSML once, through
``skill.speech.render``: the response, the copy kept for "repeat" (the turn in short, as the core
decides: ``Outcome.again``) and Alexa's size limit all use that one rendering.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_locale, get_user_id
from ask_sdk_model import Response
from pydantic import ValidationError

from skill.alexa.effects import apply_effects, compact
from skill.alexa.state import SessionState
from skill.core import conversation as dialog
from skill.core import events as ev
from skill.core.catalog import Catalog
from skill.core.progression import summarize
from skill.speech import render
from skill.speech.ssml import Speech
from skill.store.codec import Clock, workout_id
from skill.store.errors import StoreUnavailable
from skill.store.protocol import Store

log = logging.getLogger(__name__)

RECENT_SESSIONS = 12
"""About six weeks at two sessions a week: enough for progression and the weekly checks."""
STATE = "session_state"
"""Request attribute holding this turn's ``SessionState`` (the catch-all replays its reprompt)."""

SAVE_FAILED = "Heads up: I couldn't save that just now. I'll keep it and save it on your next step."
SAVE_FAILED_AT_END = "I couldn't save your progress just now."
RETRY_SAVE_QUESTION = "Want me to try saving again?"
STORE_DOWN_AT_START = (
    "Sorry, I can't reach your saved progress right now. Please try again in a minute."
)


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
    clock: Clock
    catalog: Catalog
    new_id: Callable[[datetime], str] = workout_id
    lookup_zone: Callable[[HandlerInput], str | None] | None = None
    """Asks Alexa for the device's time zone (needs an API client); None: use default_zone."""
    default_zone: str = "UTC"
    observer: Observer = field(default_factory=NullObserver)


@dataclass(frozen=True)
class Said:
    """A turn's speech and reprompt, rendered to SSML once, and the short form kept for
    "repeat" (``again``; the speech itself when nothing in it is too long to say twice)."""

    speech: str | None = None
    reprompt: str | None = None
    again: str | None = None

    @classmethod
    def of(cls, out: dialog.Outcome, catalog: Catalog) -> Said:
        """The conversation's lines in words (None where they say nothing)."""
        speech = _ssml(render(out.speech, catalog))
        again = speech if out.again == out.speech else _ssml(render(out.again, catalog))
        return cls(speech, _ssml(render(out.reprompt, catalog)), again)

    @classmethod
    def replayed(cls, speech: str, reprompt: str | None) -> Said:
        """SSML kept from an earlier turn (for "repeat"), exactly as it was sent."""
        replayed = _ssml(Speech.rendered(speech))
        return cls(replayed, _ssml(_replay(reprompt)), replayed)


def _ssml(speech: Speech) -> str | None:
    return speech.ssml() if speech else None


def _replay(ssml: str | None) -> Speech:
    """Earlier SSML to build on (none: an empty Speech)."""
    return Speech.rendered(ssml) if ssml else Speech()


def user_of(handler_input: HandlerInput) -> str:
    return str(get_user_id(handler_input) or "anonymous")


def state_of(handler_input: HandlerInput) -> SessionState:
    """This turn's state once ``run`` has loaded it; an empty one before that."""
    state = handler_input.attributes_manager.request_attributes.get(STATE)
    return state if isinstance(state, SessionState) else SessionState()


def run(deps: Deps, handler_input: HandlerInput, event: ev.Event) -> Response:
    """Feed one event through the conversation, store what changed, and build Alexa's response."""
    builder = handler_input.response_builder
    state = _load(deps, handler_input)
    if state is None:
        # Without the profile and history we would coach the wrong plan or overwrite data.
        if not isinstance(event, ev.SessionEnded):
            builder.speak(f"<speak>{STORE_DOWN_AT_START}</speak>").set_should_end_session(True)
        response: Response = builder.response
        return response
    handler_input.attributes_manager.request_attributes[STATE] = state
    user_id = user_of(handler_input)
    carried = apply_effects(deps.store, user_id, state.unsaved) if state.unsaved else []
    out, said = _respond(state, event, _turn(deps, handler_input, state))
    _observe(deps.observer, state.coach, out)
    if carried:
        # The store is still failing: queue this turn's writes behind the older ones, in order.
        unsaved = compact(carried + out.effects)
    else:
        unsaved = apply_effects(deps.store, user_id, out.effects)
    spoken = said
    if unsaved:
        deps.observer.storage_failed()
        out, spoken = _survive(out, said)
    # "Repeat" replays what the conversation last said, in short (``Outcome.again``), not the
    # shell's storage notices.
    kept = said if said.again and not isinstance(event, ev.Repeat) else None
    after = SessionState(
        coach=out.conversation,
        unsaved=unsaved,
        last_speech=kept.again if kept else state.last_speech,
        last_reprompt=kept.reprompt if kept else state.last_reprompt,
    )
    return _response(handler_input, event, out, spoken, after)


def _turn(deps: Deps, handler_input: HandlerInput, state: SessionState) -> dialog.Turn:
    """This turn's time in the person's zone, the catalog, locale and a fresh workout id."""
    now = deps.clock().astimezone(_zone(state.coach.timezone))
    return dialog.Turn(
        now=now,
        catalog=deps.catalog,
        locale=str(get_locale(handler_input) or "en-US"),
        new_workout_id=deps.new_id(now),
    )


def _response(
    handler_input: HandlerInput,
    event: ev.Event,
    out: dialog.Outcome,
    spoken: Said,
    after: SessionState,
) -> Response:
    """Alexa's response: the speech, the reprompt while the session stays open, and the next
    turn's session attributes (inside Alexa's size limit)."""
    builder = handler_input.response_builder
    attributes = handler_input.attributes_manager.session_attributes
    if attributes is None:
        attributes = handler_input.attributes_manager.session_attributes = {}
    attributes.update(after.attributes(spoken.speech, spoken.reprompt))
    if spoken.speech:
        builder.speak(spoken.speech)
    if spoken.reprompt and not out.end_session:
        builder.ask(spoken.reprompt)
    if not isinstance(event, ev.SessionEnded):
        builder.set_should_end_session(out.end_session)
    response: Response = builder.response
    return response


def _load(deps: Deps, handler_input: HandlerInput) -> SessionState | None:
    """The session's state: from its attributes, else (a new session) from the store, read once.
    None when the store cannot be reached."""
    attributes = handler_input.attributes_manager.session_attributes or {}
    if attributes:
        try:
            state = SessionState.model_validate(attributes)
        except ValidationError:
            log.warning("session attributes did not validate; reloading from the store")
        else:
            if state.coach.loaded:
                return state
    try:
        data = deps.store.load_user(user_of(handler_input), recent=RECENT_SESSIONS)
    except StoreUnavailable:
        log.exception("could not load the user at session start")
        deps.observer.storage_failed()
        return None
    deps.observer.session_started()
    zone = (deps.lookup_zone and deps.lookup_zone(handler_input)) or deps.default_zone
    now = deps.clock().astimezone(_zone(zone))
    coach = dialog.Conversation(
        loaded=True,
        timezone=zone,
        profile=data.profile,
        workout=data.active,
        history=summarize(
            deps.catalog,
            data.recent_sessions,
            data.profile,
            now,
            active_id=data.active.workout_id if data.active else None,
        ),
    )
    return SessionState(coach=coach)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _respond(
    state: SessionState, event: ev.Event, turn: dialog.Turn
) -> tuple[dialog.Outcome, Said]:
    """The conversation's answer and its words. A repeat replays the shell's copy of the last
    speech (the conversation, unchanged, says nothing new); with none yet, the conversation
    answers it (as a request for help)."""
    if isinstance(event, ev.Repeat) and state.last_speech:
        conv = state.coach.model_copy(deep=True)
        return dialog.Outcome(conv, [], []), Said.replayed(state.last_speech, state.last_reprompt)
    out = dialog.respond(state.coach, event, turn)
    return out, Said.of(out, turn.catalog)


def _survive(out: dialog.Outcome, said: Said) -> tuple[dialog.Outcome, Said]:
    """Keep going with the writes in session attributes; never close a session holding them:
    an ending turn asks to try again (the conversation answers that question, RETRY_SAVE)."""
    if out.end_session:
        out.conversation.pending = dialog.Pending.RETRY_SAVE
        speech = _replay(said.speech).say(SAVE_FAILED_AT_END).say(RETRY_SAVE_QUESTION)
        asked = Said(speech.ssml(), Speech(RETRY_SAVE_QUESTION).ssml())
        return replace(out, end_session=False), asked
    speech = Speech(SAVE_FAILED).extend(_replay(said.speech))
    return out, Said(speech.ssml(), said.reprompt)


def _observe(observer: Observer, before: dialog.Conversation, out: dialog.Outcome) -> None:
    after = out.conversation.workout
    if after is not None and (
        before.workout is None or before.workout.workout_id != after.workout_id
    ):
        observer.workout_started()
    for effect in out.effects:
        if isinstance(effect, dialog.LogSet):
            observer.set_logged()
