"""The one path every turn takes: session state -> domain event -> conversation -> effects ->
response. A new session reads the store once; every later turn rides on session attributes.

The conversation answers in typed lines; ``Said`` renders a turn's lines to SSML once, through
``skill.speech.render``: the response, the copy kept for "repeat" (the turn in short, as the core
decides: ``Outcome.again``) and Alexa's size limit all use that one rendering.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import field, replace
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_locale, get_user_id
from ask_sdk_model import Response
from pydantic import ValidationError

from skill.alexa import reminders
from skill.alexa.apl import present
from skill.alexa.effects import apply_effects, compact, replayable, unknown_exercises
from skill.alexa.state import SessionState, owner_of
from skill.core import conversation as dialog
from skill.core import events as ev
from skill.core import reminders as rem
from skill.core.blocks import summarize
from skill.core.catalog import Catalog
from skill.core.history import SessionRecord, SessionStatus, SetRecord, newest_per_position
from skill.core.lines import PullStop, RedFlagStop, Summary
from skill.core.profile import Profile, Unit
from skill.core.said import Phrase
from skill.core.said import Said as Line
from skill.core.value import Value
from skill.core.workout import WorkoutState
from skill.speech import render
from skill.speech.ssml import Speech, join_names, plural, words
from skill.store.codec import Clock, id_time, workout_id
from skill.store.errors import StoreUnavailable
from skill.store.protocol import Store, UserData

log = logging.getLogger(__name__)

RECENT_SESSIONS = 12
"""About six weeks at two sessions a week: enough for progression and the weekly checks."""
STATE = "session_state"
"""Request attribute holding this turn's ``SessionState`` (the catch-all replays its reprompt)."""

SAVE_FAILED = "Heads up: I couldn't save just now."
WAITING = "{what} {verb} waiting to be saved; I'll try again on your next step."
"""While writes are pending nothing is said to be saved, and what waits is named."""
SAVE_FAILED_AT_END = "I couldn't save your progress just now, so {what} {verb} waiting to be saved."
RETRY_SAVE_QUESTION = "Want me to try saving again?"
STORE_DOWN_AT_START = (
    "Sorry, I can't reach your saved progress right now. Please try again in a minute."
)
NOT_SAVED_AT_STOP = "Sorry, I couldn't save just now, so {what} {verb} not saved and may be lost."
"""Stop and cancel end the session even while writes fail: what is not saved, said plainly."""
NOT_DELETED = (
    "Sorry, I couldn't finish deleting your data just now. Please ask me again in a minute."
)
"""A failed delete is never carried in session attributes (they can't be trusted to delete)."""
DELETION_UNDER_WAY = (
    "I've started deleting your data, but I couldn't finish just now. It's marked for "
    "deletion, and I'll finish the next time you open Hamstring Coach."
)
"""Some data is left, and the store keeps a marker: "done" is said only when nothing is left."""
DELETION_STILL_PENDING = (
    "I'm still deleting your data, as you asked, and couldn't finish just now. "
    "Please try again in a minute."
)
"""A new session found a deletion under way and could not finish it: nothing else is done."""
DELETION_FINISHED = "I've finished deleting your data, as you asked."
"""A new session found a deletion under way and finished it first; it goes on as a new user."""
WORKOUT_SET_ASIDE = (
    "Sorry, I couldn't pick up your unfinished workout from last time, so I've closed it. "
    "The sets you logged are kept."
)
PROFILE_SET_ASIDE = "Sorry, I couldn't read all of your saved setup, so I may ask about it again."
FINISHED_ELSEWHERE = (
    "That workout was already finished, maybe on another device, so {what} {verb} not saved. "
    "Open Hamstring Coach to start a new one."
)
"""A set for a workout the store holds as finished is refused, never silently dropped."""
SAVED_SINCE = (
    "Last time, {what} {verb} not saved before the session closed. I kept {it} and I'm saving "
    "{it} now."
)
"""A set promised "on your next step" whose session ended first, recovered at the next launch
from the workout saved at the session's end."""
REQUEST_TIME_SLACK = timedelta(minutes=5)
"""How far a request's own timestamp may be from the clock and still date the workout it starts
(a replayed start then makes the same id); further off, the clock dates it."""


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


class Deps(Value):
    """What the shell gives the skill: a store, a clock and the catalog. No per-user state."""

    store: Store
    clock: Clock
    catalog: Catalog
    new_id: Callable[[datetime, str | None], str] = workout_id
    """A workout id from the starting request's time and id (``codec.workout_id``)."""
    lookup_zone: Callable[[HandlerInput], str | None] | None = None
    """Asks Alexa for the device's time zone (needs an API client); None: use default_zone."""
    default_zone: str = "UTC"
    lookup_unit: Callable[[HandlerInput], Unit | None] | None = None
    """Asks Alexa for the device's weight unit; None (or no answer): the locale decides."""
    observer: Observer = field(default_factory=NullObserver)


class Said(Value):
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


def run(deps: Deps, handler_input: HandlerInput, heard: ev.Event | rem.ReminderEvent) -> Response:
    """Feed one event through the conversation, store what changed, and build Alexa's response."""
    builder = handler_input.response_builder
    if isinstance(heard, rem.ReminderGone):  # a skill event: no one listening, no session
        reminders.gone(deps.store, user_of(handler_input), heard)
        quiet: Response = builder.response
        return quiet
    event: ev.Event = ev.Fallback() if isinstance(heard, rem.REMINDER_EVENTS) else heard
    loaded = _load(deps, handler_input)
    if isinstance(loaded, str):
        # Without the profile and history we would coach the wrong plan or overwrite data.
        if not isinstance(event, ev.SessionEnded):
            builder.speak(f"<speak>{loaded}</speak>").set_should_end_session(True)
        response: Response = builder.response
        return response
    state, notices = loaded
    handler_input.attributes_manager.request_attributes[STATE] = state
    user_id = user_of(handler_input)
    refused: list[SetRecord] = []
    carried = apply_effects(deps.store, user_id, state.unsaved, refused) if state.unsaved else []
    turn = _turn(deps, handler_input, state)
    reply = reminders.answer(
        handler_input, state.coach, state.reminder_offer, heard, turn, state.last_reprompt
    )
    # What the turn needs of the conversation as it came in, read before ``_respond`` hands it
    # over to the core to change in place.
    before = _Before.of(state, event)
    if reply is None:
        out, said = _respond(state, event, turn)
        reply = reminders.after(handler_input, event, out, _replay(said.speech), turn)
    if reply is not None:
        spoken_ssml = _ssml(reply.speech)
        asked = _ssml(reply.reprompt) if reply.reprompt else None
        out, said = reply.out, Said(spoken_ssml, asked, spoken_ssml)
    _observe(deps.observer, before.workout_id, out)
    if any(isinstance(e, dialog.DeleteUser) for e in out.effects):
        reminders.forget(handler_input, before.profile)  # best effort, before the data goes
        # Deleting wins over every other write, carried ones too: nothing is written after it.
        out, said, unsaved = (*_delete(deps, user_id, out, said), [])
    elif carried:
        # The store is still failing: queue this turn's writes behind the older ones, in order.
        unsaved = compact(carried + out.effects)
    else:
        unsaved = apply_effects(deps.store, user_id, out.effects, refused)
    if unsaved and isinstance(event, ev.SessionEnded):
        unsaved = _last_try(deps.store, user_id, unsaved, refused)
    spoken = said
    if any(isinstance(e, dialog.DeleteUser) for e in unsaved):
        deps.observer.storage_failed()
        log.warning("deleting the user's data failed; the delete is not carried in the session")
        out, spoken, unsaved = replace(out, end_session=True), Said(_ssml(Speech(NOT_DELETED))), []
    elif refused:
        out.conversation.workout = None
        out, spoken = replace(out, end_session=True), Said(_ssml(Speech(_refused(refused))))
    elif unsaved:
        deps.observer.storage_failed()
        if not isinstance(event, ev.Repeat):
            said = _honest(said, out, deps.catalog)
        out, spoken = _survive(out, said, unsaved, leaving=before.leaving)
    if notices and spoken.speech:
        spoken = replace(spoken, speech=_ssml(Speech(*notices).extend(_replay(spoken.speech))))
    # "Repeat" replays what the conversation last said, in short (``Outcome.again``), not the
    # shell's storage notices.
    kept = said if said.again and not isinstance(event, ev.Repeat) else None
    after = SessionState(
        coach=out.conversation,
        unsaved=unsaved,
        owner=owner_of(user_id),
        last_speech=kept.again if kept else state.last_speech,
        last_reprompt=kept.reprompt if kept else state.last_reprompt,
        reminder_offer=reply.offer if reply is not None else None,
    )
    response = _response(handler_input, event, out, spoken, after)
    response = reminders.finish(handler_input, reply, response)
    return present(handler_input, out, deps.catalog, response)  # its card, and screen if any


def _last_try(
    store: Store, user_id: str, unsaved: list[dialog.Effect], refused: list[SetRecord]
) -> list[dialog.Effect]:
    """At the session's end the pending writes get one more try (no later turn will carry
    them). If some still fail, the workout's own save is tried alone: it holds the sets logged
    in it, so the next launch can store those it finds missing and say so (``_recovered``)."""
    left = apply_effects(store, user_id, unsaved, refused)
    for effect in left:
        if isinstance(effect, dialog.SaveActive):
            try:
                store.save_active(user_id, effect.workout)
            except StoreUnavailable:
                log.warning("could not save the workout at the session's end either")
    return left


def _refused(records: list[SetRecord]) -> str:
    count = len({r.storage_key for r in records})
    what = "that set" if count == 1 else f"those {words(count)} sets"
    return FINISHED_ELSEWHERE.format(what=what, verb="was" if count == 1 else "were")


def _recovered(data: UserData, active: WorkoutState | None) -> list[SetRecord]:
    """Sets the active workout holds that its stored session does not: promised "on your next
    step", then the session ended before the store took them (the workout's save at the end
    did). Only for a session found among the recent ones and not finished."""
    if active is None:
        return []
    session = next((s for s in data.recent_sessions if s.workout_id == active.workout_id), None)
    if session is None or session.status is SessionStatus.FINISHED:
        return []
    stored = {r.storage_key for r in session.sets}
    return [r for r in active.logged if r.storage_key not in stored]


class _Before(Value):
    """What the turn reads of the conversation as it was before the core answered."""

    workout_id: str | None
    profile: Profile | None
    leaving: bool

    @classmethod
    def of(cls, state: SessionState, event: ev.Event) -> _Before:
        workout = state.coach.workout
        return cls(
            workout.workout_id if workout is not None else None,
            state.coach.profile,
            _leaving(state, event),
        )


def _leaving(state: SessionState, event: ev.Event) -> bool:
    """Stop and cancel (and "no" to "want me to try saving again?") end the session even while
    writes fail: certification expects it, and a person who wants to go must be let go."""
    if isinstance(event, ev.Stop):
        return True
    return state.coach.pending is dialog.Pending.RETRY_SAVE and isinstance(event, ev.No)


def _turn(deps: Deps, handler_input: HandlerInput, state: SessionState) -> dialog.Turn:
    """This turn's time in the person's zone, the catalog, locale and a fresh workout id."""
    now = deps.clock().astimezone(_zone(state.coach.timezone))
    request = handler_input.request_envelope.request
    request_id = getattr(request, "request_id", None)
    sent = getattr(request, "timestamp", None)
    dated = now
    if isinstance(sent, datetime) and sent.tzinfo is not None and request_id:
        dated = sent if abs(sent - now) <= REQUEST_TIME_SLACK else now
    return dialog.Turn(
        now=now,
        catalog=deps.catalog,
        locale=str(get_locale(handler_input) or "en-US"),
        new_workout_id=deps.new_id(dated, str(request_id) if request_id else None),
        device_unit=state.coach.device_unit,
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


def _load(deps: Deps, handler_input: HandlerInput) -> tuple[SessionState, list[str]] | str:
    """The session's state: from its attributes, else (a new session) from the store, read once;
    and what to say first (stored state this release could not use, a deletion finished). A new
    session first finishes a deletion under way, and closes orphaned sessions (``_orphans``).
    Instead, what to say and end with when the store cannot be reached or the deletion could
    not be finished."""
    user_id = user_of(handler_input)
    attributes = handler_input.attributes_manager.session_attributes or {}
    if attributes:
        try:
            state = SessionState.model_validate(attributes)
        except ValidationError:
            log.warning("session attributes did not validate; reloading from the store")
        else:
            if state.owner is not None and state.owner != owner_of(user_id):
                log.warning("session attributes belong to another user; reloading from the store")
            elif state.coach.loaded:
                return _trusted(state, deps.catalog), []
    try:
        data = deps.store.load_user(user_id, recent=RECENT_SESSIONS)
    except StoreUnavailable:
        log.exception("could not load the user at session start")
        deps.observer.storage_failed()
        return STORE_DOWN_AT_START
    finished: list[str] = []
    if data.deletion_pending:
        if not _finish_deletion(deps, user_id):
            return DELETION_STILL_PENDING
        data, finished = UserData(), [DELETION_FINISHED]
    deps.observer.session_started()
    zone = (deps.lookup_zone and deps.lookup_zone(handler_input)) or deps.default_zone
    now = deps.clock().astimezone(_zone(zone))
    device_unit = deps.lookup_unit(handler_input) if deps.lookup_unit else None
    active, closing, notices = _set_aside(data, deps.catalog, now)
    notices[:0] = finished
    data = _close_orphans(deps, user_id, data, closing)
    recovered = _recovered(data, active)
    if recovered:
        log.warning("storing %d sets the last session ended without", len(recovered))
        closing.extend(dialog.LogSet(record=r) for r in recovered)
        many = len(recovered) > 1
        notices.append(
            SAVED_SINCE.format(
                what=plural(len(recovered), "set"),
                verb="were" if many else "was",
                it="them" if many else "it",
            )
        )
    # Two devices resuming one workout may each report a set at the same position: both are
    # stored, and progression counts the newest report.
    sessions = [
        s.model_copy(update={"sets": newest_per_position(s.sets)}) for s in data.recent_sessions
    ]
    coach = dialog.Conversation(
        loaded=True,
        timezone=zone,
        device_unit=device_unit,
        profile=data.profile,
        workout=active,
        history=summarize(
            deps.catalog,
            sessions,
            data.profile,
            now,
            active_id=active.workout_id if active else None,
        ),
    )
    # The closing writes go first this turn, as writes carried from an earlier turn would.
    return SessionState(coach=coach, unsaved=closing, owner=owner_of(user_id)), notices


def _trusted(state: SessionState, catalog: Catalog) -> SessionState:
    """The state with only the pending writes that may be replayed (``effects.replayable``).
    Writes without an owner (a session from before owners were kept) are not replayed."""
    if not state.unsaved:
        return state
    if state.owner is None:
        log.warning("dropped %d pending writes without an owner", len(state.unsaved))
        return state.model_copy(update={"unsaved": []})
    return state.model_copy(update={"unsaved": replayable(state.unsaved, state.coach, catalog)})


def _set_aside(
    data: UserData, catalog: Catalog, now: datetime
) -> tuple[WorkoutState | None, list[dialog.Effect], list[str]]:
    """Stored state this release can't use never locks anyone out: an active workout naming
    exercises the catalog no longer has, or that could not be read at all, is closed as partial
    (its logged sets stay: the store keeps them apart); a profile read only in part is used as
    read. Returns the active workout to use, the writes that close the other, and apologies."""
    active = data.active
    closing: list[dialog.Effect] = []
    notices: list[str] = []
    if active is not None and (unknown := unknown_exercises(active, catalog)):
        log.warning("closing a stored workout naming unknown exercises: %s", ", ".join(unknown))
        closing.append(dialog.EndSession(session=active.as_session(SessionStatus.PARTIAL, now)))
        active = None
    for aside in data.set_aside:
        if aside.what == "active" and aside.workout_id is not None:
            closing.append(dialog.EndSession(session=_closed(data, aside.workout_id, now)))
    if closing or any(a.what == "active" for a in data.set_aside):
        notices.append(WORKOUT_SET_ASIDE)
    if any(a.what == "profile" for a in data.set_aside):
        notices.append(PROFILE_SET_ASIDE)
    return active, closing, notices


def _closed(data: UserData, unreadable_id: str, now: datetime) -> SessionRecord:
    """The session of an active workout that could not be read, closed as partial: its stored
    record if it was read (its sets are stored apart: none are carried), else a bare one."""
    for session in data.recent_sessions:
        if session.workout_id == unreadable_id:
            update = {"status": SessionStatus.PARTIAL, "ended_at": now, "sets": []}
            return session.model_copy(update=update)
    started = id_time(unreadable_id) or now
    return SessionRecord(
        workout_id=unreadable_id, started_at=started, ended_at=now, status=SessionStatus.PARTIAL
    )


def _close_orphans(
    deps: Deps, user_id: str, data: UserData, closing: list[dialog.Effect]
) -> UserData:
    """Close orphans and keep only real sessions for history.

    A session still marked active that is not the active workout can never be finished: a
    start replayed or superseded by a newer one, a workout abandoned until its pointer expired,
    one whose closing write was lost in an outage. Left active, it would sit among the recent
    sessions forever. So each launch closes the orphans it read, as partial, ending at their
    last activity (closing is not training): one write, only when there are any, and a failure
    is logged, not spoken (the next launch tries again). Workouts ``closing`` ends already (set
    aside) are not orphans.

    History then counts only real sessions: one with nothing in it (no sets, nothing hurt, no
    programme, which every session the conversation ends carries) is left out, so an empty
    orphan never hides the last session's pull from the check-in, nor takes a place in the
    weekly checks or the 48-hour rule."""
    kept = {e.session.workout_id for e in closing if isinstance(e, dialog.EndSession)}
    kept |= {a.workout_id for a in data.set_aside if a.workout_id is not None}
    active_id = data.active.workout_id if data.active is not None else None
    orphans = {
        s.workout_id: s.model_copy(
            update={"status": SessionStatus.PARTIAL, "ended_at": s.last_activity, "sets": []}
        )
        for s in data.recent_sessions
        if s.status is SessionStatus.ACTIVE and s.workout_id not in kept | {active_id}
    }
    if orphans:
        try:
            deps.store.close_sessions(user_id, list(orphans.values()))
        except StoreUnavailable:
            log.warning("could not close %d orphaned sessions; next launch", len(orphans))
        else:
            log.info("closed %d orphaned sessions", len(orphans))
    sessions = []
    for session in data.recent_sessions:
        closed = orphans.get(session.workout_id)
        if closed is not None:
            session = closed.model_copy(update={"sets": session.sets})
        if session.workout_id == active_id or _real(session):
            sessions.append(session)
    return data.model_copy(update={"recent_sessions": sessions})


def _real(session: SessionRecord) -> bool:
    """Whether a session holds anything history counts: sets, something that hurt, or the
    programme the conversation leaves on every session it ends."""
    return bool(session.sets or session.pain or session.hurts or session.programme is not None)


def _finish_deletion(deps: Deps, user_id: str) -> bool:
    """A deletion the store marked as under way is finished before anything else is read or
    written for this person. False when it still could not be."""
    try:
        done = deps.store.delete_user(user_id)
    except StoreUnavailable:
        log.exception("could not go on with a deletion under way")
        done = False
    if done:
        log.info("finished a deletion that was under way")
    else:
        deps.observer.storage_failed()
    return done


def _delete(
    deps: Deps, user_id: str, out: dialog.Outcome, said: Said
) -> tuple[dialog.Outcome, Said]:
    """ "Delete my data", confirmed. The conversation's "done" is said only when the store
    says nothing is left; some left (the store keeps its marker and the next request finishes
    it) is said as under way; nothing begun (no marker) as not deleted. The session ends."""
    try:
        done = deps.store.delete_user(user_id)
    except StoreUnavailable:
        log.exception("deleting the user's data failed; nothing is carried in the session")
        deps.observer.storage_failed()
        return replace(out, end_session=True), Said(_ssml(Speech(NOT_DELETED)))
    if done:
        return out, said
    log.warning("deleting the user's data is under way; the store keeps its marker")
    deps.observer.storage_failed()
    return replace(out, end_session=True), Said(_ssml(Speech(DELETION_UNDER_WAY)))


class DeletionIncomplete(Exception):
    """A ``SkillDisabled`` event whose deletion could not be finished. Raised through ask-sdk
    and out of the Lambda handler (``skill.alexa.app``), so the request fails instead of being
    answered (see ``skill_disabled``)."""


def skill_disabled(store: Store, handler_input: HandlerInput) -> Response:
    """Disabling the skill deletes everything held about that person, and is never answered
    with speech (a skill event has no one listening).

    If the deletion cannot be finished, the store keeps its marker (the person's next request
    finishes it) and this raises ``DeletionIncomplete``: the invocation fails (a Lambda function
    error; HTTP 500 from ``serve``) rather than acknowledging work not done. Amazon's "Use Skill
    Events" page (https://developer.amazon.com/docs/alexa/smapi/skill-events-in-alexa-skills.html)
    describes SkillDisabled and its envelope but states no redelivery policy that we could find;
    a failed invocation is the only signal that would let Alexa deliver the event again if it
    does, and the marker finishes the deletion either way."""
    user_id = user_of(handler_input)
    try:  # the reminder first, best effort: its id goes with the data
        reminders.forget(handler_input, store.load_user(user_id, recent=1).profile)
    except StoreUnavailable:
        log.warning("skill disabled: could not read the profile to delete a reminder")
    try:
        done = store.delete_user(user_id)
    except StoreUnavailable as exc:
        log.exception("skill disabled: deletion could not start")
        raise DeletionIncomplete("skill disabled: deletion could not start") from exc
    if not done:
        log.warning("skill disabled: deletion under way, marker kept")
        raise DeletionIncomplete("skill disabled: deletion under way")
    log.info("skill disabled: user data deleted")
    response: Response = handler_input.response_builder.response
    return response


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
        # The conversation is unchanged. ``state`` was parsed for this request alone and the
        # shell only reassigns the outcome's top-level fields (``pending``, ``workout``), so a
        # shallow copy keeps ``state.coach`` as it came; no deep copy of the whole history.
        conv = state.coach.model_copy()
        return dialog.Outcome(conv, [], []), Said.replayed(state.last_speech, state.last_reprompt)
    # ``state`` was built for this request alone (``_load``: parsed from its session attributes,
    # or read from the store), so the core takes its conversation as it is rather than a deep
    # copy; ``run`` read what it needs of it first (``_Before``).
    out = dialog.respond(state.coach, event, turn, owned=True)
    return out, Said.of(out, turn.catalog)


def _survive(
    out: dialog.Outcome, said: Said, unsaved: list[dialog.Effect], *, leaving: bool
) -> tuple[dialog.Outcome, Said]:
    """Keep going with the writes in session attributes. A stop ends the session anyway, saying
    plainly what is not saved (never "saved"); any other ending turn asks to try again instead
    (the conversation answers that question, RETRY_SAVE)."""
    if out.end_session and leaving:
        return out, Said(_ssml(Speech(_not_saved(unsaved))))
    what, verb = _pending(unsaved)
    if out.end_session:
        out.conversation.pending = dialog.Pending.RETRY_SAVE
        failed = SAVE_FAILED_AT_END.format(what=what, verb=verb)
        speech = _replay(said.speech).say(failed).say(RETRY_SAVE_QUESTION)
        asked = Said(speech.ssml(), Speech(RETRY_SAVE_QUESTION).ssml())
        return replace(out, end_session=False), asked
    waiting = WAITING.format(what=what[:1].upper() + what[1:], verb=verb)
    speech = Speech(SAVE_FAILED, waiting).extend(_replay(said.speech))
    return out, Said(speech.ssml(), said.reprompt)


def _honest(said: Said, out: dialog.Outcome, catalog: Catalog) -> Said:
    """``said`` with the conversation's words re-rendered without claims that anything is
    saved (``_unclaimed``), wherever the shell placed them (a reminder offer may follow)."""
    claimed = Said.of(out, catalog)
    honest = Said.of(replace(out, speech=_unclaimed(out.speech)), catalog)
    return replace(
        said,
        speech=_swapped(said.speech, claimed.speech, honest.speech),
        again=_swapped(said.again, claimed.again, honest.again),
    )


def _swapped(ssml: str | None, old: str | None, new: str | None) -> str | None:
    if not ssml or not old or old == new:
        return ssml
    inner = old.removeprefix("<speak>").removesuffix("</speak>")
    if inner not in ssml:
        log.warning("could not take a claim of saving out of a turn's speech")
        return ssml
    body = (new or "<speak></speak>").removeprefix("<speak>").removesuffix("</speak>")
    return ssml.replace(inner, body)


def _unclaimed(lines: list[Line]) -> list[Line]:
    """The conversation's lines without their claims that anything is saved: said while writes
    are pending, "saved" would not be true (``_survive`` names what waits instead)."""
    kept: list[Line] = []
    for line in lines:
        if line in (Phrase.SAVED, Phrase.OLD_WORKOUT_KEPT):
            continue
        if isinstance(line, Summary | PullStop | RedFlagStop):
            line = replace(line, saved=False)
        kept.append(line)
    return kept


def _not_saved(unsaved: list[dialog.Effect]) -> str:
    """What the pending writes would have saved, in words: "two sets and where you are"."""
    what, verb = _pending(unsaved)
    return NOT_SAVED_AT_STOP.format(what=what, verb=verb)


def _pending(unsaved: list[dialog.Effect]) -> tuple[str, str]:
    """The pending writes in words ("one set and where you are in the workout") and the verb
    that agrees with them."""
    sets = {(e.record.workout_id, e.record.key) for e in unsaved if isinstance(e, dialog.LogSet)}
    what: list[str] = []
    if sets:
        what.append(plural(len(sets), "set"))
    if any(isinstance(e, dialog.SaveActive) for e in unsaved):
        what.append("where you are in the workout")
    if any(isinstance(e, dialog.EndSession) for e in unsaved):
        what.append("the end of your workout")
    if any(isinstance(e, dialog.SaveProfile) for e in unsaved):
        what.append("your equipment and level")
    many = len(what) > 1 or len(sets) > 1
    if not what:
        what.append("your progress")
    return join_names(what), "are" if many else "is"


def _observe(observer: Observer, workout_before: str | None, out: dialog.Outcome) -> None:
    after = out.conversation.workout
    if after is not None and workout_before != after.workout_id:
        observer.workout_started()
    for effect in out.effects:
        if isinstance(effect, dialog.LogSet):
            observer.set_logged()
