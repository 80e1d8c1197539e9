"""Reminders for the next hamstring day, through ask-sdk's own ReminderManagementServiceClient.

The reminder layer sits beside the conversation: after a finished workout, and when the week's
answer finds a session missing ("how am I doing this week", "what should I increase"), it offers
one reminder (``skill.core.reminders`` picks the moment), answers the offer, asks for Alexa's
reminders permission by voice (``Connections.SendRequest`` AskFor, a card when the device
could not ask), and keeps at most one reminder per person, its id in the profile. Every call
goes through the skill's ApiClient (``settings.TimedApiClient``: bounded), and no failure of
the Reminders API ever fails a turn: the person hears that it couldn't be set.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.interfaces.connections import ConnectionsResponse, SendRequestDirective
from ask_sdk_model.services import ServiceException
from ask_sdk_model.services.reminder_management import (
    AlertInfo,
    PushNotification,
    PushNotificationStatus,
    ReminderDeletedEventRequest,
    ReminderRequest,
    ReminderStatusChangedEventRequest,
    SpokenInfo,
    SpokenText,
    Status,
    Trigger,
    TriggerType,
)
from ask_sdk_model.ui import AskForPermissionsConsentCard

from skill.core import conversation as dialog
from skill.core import events as ev
from skill.core import reminders as rem
from skill.core import weekly
from skill.core.history import SessionStatus
from skill.core.profile import Profile
from skill.core.said import Phrase, ProgressAnswer, WeekAnswer
from skill.speech import reminders as say
from skill.speech import render
from skill.speech.ssml import Speech
from skill.store.errors import StoreUnavailable
from skill.store.protocol import Store

log = logging.getLogger(__name__)

SCOPE = "alexa::alerts:reminders:skill:readwrite"
ASK_FOR_TOKEN = "reminder"
"""The AskFor request's token (Alexa sends it back in the Connections.Response)."""
CONSENT = {
    "ACCEPTED": rem.Answer.ACCEPTED,
    "DENIED": rem.Answer.DENIED,
    "NOT_ANSWERED": rem.Answer.NOT_ANSWERED,
}


class NeedsConsent(Exception):
    """The person has not given the skill the reminders permission."""


class NotSet(Exception):
    """The Reminders API failed, stalled or could not be reached."""


@dataclass
class Reply:
    """What the reminder layer makes of a turn: the outcome and words for the runner, the
    offer to keep open (None: none), and a directive or card to add."""

    out: dialog.Outcome
    speech: Speech
    reprompt: Speech | None = None
    offer: datetime | None = None
    directives: list[Any] = field(default_factory=list)
    card: Any = None


# --- the Reminders API, through ask-sdk ---------------------------------------------------------


def _factory(handler_input: HandlerInput) -> Any:
    """ask-sdk's service client factory; None when the skill was built without an API client
    (ask-sdk raises then)."""
    try:
        return handler_input.service_client_factory
    except ValueError:
        return None


def _client(handler_input: HandlerInput) -> Any:
    factory = _factory(handler_input)
    if factory is None:
        raise NotSet("no API client: reminders can't be reached")
    return factory.get_reminder_management_service()


def permitted(handler_input: HandlerInput) -> bool:
    """Whether the request says the reminders permission is granted (without a scopes list,
    only the API can tell: we try, and a 401/403 means no)."""
    system = getattr(handler_input.request_envelope.context, "system", None)
    permissions = getattr(getattr(system, "user", None), "permissions", None)
    if permissions is None:
        return False
    scopes = permissions.scopes or {}
    scope = scopes.get(SCOPE)
    if scope is None:
        return bool(permissions.consent_token) or not scopes
    return str(getattr(scope.status, "value", scope.status)) == "GRANTED"


def _call(what: str, call: Any) -> Any:
    try:
        return call()
    except ServiceException as error:
        if error.status_code in (401, 403):
            raise NeedsConsent from error
        log.warning("reminders API: %s failed with %s", what, error.status_code)
        raise NotSet(what) from error
    except Exception as error:  # a stall, a refused connection: never the turn's failure
        log.warning("reminders API: %s failed (%s)", what, type(error).__name__)
        raise NotSet(what) from error


def _request(when: datetime, zone: str, locale: str, now: datetime) -> ReminderRequest:
    return ReminderRequest(
        request_time=now.astimezone(UTC).replace(tzinfo=None, microsecond=0),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            scheduled_time=when.replace(tzinfo=None, second=0, microsecond=0),
            time_zone_id=zone,
        ),
        alert_info=AlertInfo(
            spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=say.REMINDER_TEXT)])
        ),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


def put(
    handler_input: HandlerInput,
    existing: str | None,
    when: datetime,
    zone: str,
    locale: str,
    now: datetime,
) -> str:
    """Create the reminder, or move the existing one (a new one if that one is gone). Its id."""
    client = _client(handler_input)
    request = _request(when, zone, locale, now)
    if existing:
        try:
            reply = _call("update", lambda: client.update_reminder(existing, request))
        except NotSet:
            _forget(client, existing)  # gone, or stale: never two
        else:
            return str(getattr(reply, "alert_token", None) or existing)
    reply = _call("create", lambda: client.create_reminder(request))
    token = getattr(reply, "alert_token", None)
    if not token:
        raise NotSet("create: no alert token")
    return str(token)


def _forget(client: Any, reminder_id: str) -> None:
    try:
        _call("delete", lambda: client.delete_reminder(reminder_id))
    except (NeedsConsent, NotSet):
        log.info("could not delete a reminder; it may be gone already")


def forget(handler_input: HandlerInput, profile: Profile | None) -> bool:
    """Delete the person's reminder, best effort (deleting their data, disabling the skill,
    "cancel my reminder"). False when it could not be."""
    if profile is None or not profile.reminder_id:
        return True
    reminder_id = profile.reminder_id
    try:
        client = _client(handler_input)
        _call("delete", lambda: client.delete_reminder(reminder_id))
    except (NeedsConsent, NotSet):
        return False
    return True


# --- what Alexa sends ---------------------------------------------------------------------------


def consent_answer(handler_input: HandlerInput) -> rem.ConsentAnswer:
    """A ``Connections.Response`` to our AskFor: accepted, denied, not answered, or failed."""
    request = handler_input.request_envelope.request
    if not isinstance(request, ConnectionsResponse):
        return rem.ConsentAnswer(rem.Answer.FAILED)
    code = str(getattr(request.status, "code", "") or "")
    payload = request.payload or {}
    status = CONSENT.get(str(payload.get("status", "")).upper())
    if code != "200" or status is None:
        return rem.ConsentAnswer(rem.Answer.FAILED)
    return rem.ConsentAnswer(status)


def status_event(handler_input: HandlerInput) -> rem.ReminderGone:
    """A Reminders skill event: the ids of reminders gone (deleted, or gone off). A created,
    updated or started reminder changes nothing we keep (no ids)."""
    request = handler_input.request_envelope.request
    body = getattr(request, "body", None)
    if isinstance(request, ReminderDeletedEventRequest):
        return rem.ReminderGone(tuple(str(t) for t in (getattr(body, "alert_tokens", None) or [])))
    if isinstance(request, ReminderStatusChangedEventRequest):
        token = getattr(body, "alert_token", None)
        if getattr(body, "status", None) == Status.COMPLETED and token:
            return rem.ReminderGone((str(token),))
    return rem.ReminderGone(())


def gone(store: Store, user_id: str, event: rem.ReminderGone) -> None:
    """Keep the stored id in step with Alexa: a reminder deleted or gone off is forgotten. A
    skill event has no one listening: nothing is said, and a store failure is only logged."""
    if not event.reminder_ids:
        return
    try:
        profile = store.load_user(user_id, recent=1).profile
        if profile is not None and profile.reminder_id in event.reminder_ids:
            cleared = profile.model_copy(update={"reminder_id": None, "reminder_at": None})
            store.save_profile(user_id, cleared)
    except StoreUnavailable:
        log.warning("could not forget a reminder that is gone; the next offer replaces it")


# --- the reminder layer -------------------------------------------------------------------------


def _copy(conv: dialog.Conversation) -> dialog.Conversation:
    return conv.model_copy(deep=True)


def _with_profile(out: dialog.Outcome, profile: Profile) -> dialog.Outcome:
    out.conversation.profile = profile
    return replace(out, effects=[*out.effects, dialog.SaveProfile(profile=profile)])


def _last(conv: dialog.Conversation, now: datetime) -> datetime | None:
    return dialog.rest_runs_from(conv, now)


def _suggest(conv: dialog.Conversation, now: datetime) -> datetime:
    times = list(conv.history.week.session_times) if conv.history.week else []
    return rem.suggest(_last(conv, now), times, now)


def answer(
    handler_input: HandlerInput,
    conv: dialog.Conversation,
    offered: datetime | None,
    event: ev.Event | rem.ReminderEvent,
    turn: dialog.Turn,
    last_reprompt: str | None,
) -> Reply | None:
    """The reminder layer's answer to this event, or None: the conversation's turn."""
    now = turn.now
    if offered is not None and isinstance(event, ev.Yes):
        return _set(handler_input, conv, offered, turn)
    if offered is not None and isinstance(event, ev.No):
        profile = (conv.profile or Profile()).model_copy(
            update={"reminder_declined_week": rem.week_of(now.date())}
        )
        out = _with_profile(dialog.Outcome(_copy(conv), [], [], end_session=True), profile)
        return Reply(out, Speech(say.DECLINED))
    asked = isinstance(event, rem.RemindMe | rem.ChooseReminder)
    if asked and last_reprompt is not None and dialog.in_workout(conv):
        return _mid_workout(conv, _suggest(conv, now), last_reprompt)
    if isinstance(event, rem.RemindMe):
        return _offer(conv, _suggest(conv, now), Speech())
    if isinstance(event, rem.ChooseReminder):
        base = offered or _suggest(conv, now)
        chosen = rem.choose(base, event, _last(conv, now), now)
        if chosen is not None:
            return _set(handler_input, conv, chosen, turn)
        understood = rem.parse_day(event.day, now.date()) or rem.parse_time(event.at)
        why = say.TOO_SOON if understood else say.DIDNT_CATCH
        suggestion = _suggest(conv, now)
        out = dialog.Outcome(_copy(conv), [], [])
        again = Speech(say.offer_again(suggestion))
        return Reply(out, Speech(why).extend(again), again, offer=suggestion)
    if isinstance(event, rem.CancelReminder):
        return _cancel(handler_input, conv, last_reprompt)
    if isinstance(event, rem.ConsentAnswer):
        return _consented(handler_input, conv, event.answer, turn)
    return None


def after(
    handler_input: HandlerInput,
    event: ev.Event,
    out: dialog.Outcome,
    speech: Speech,
    turn: dialog.Turn,
) -> Reply | None:
    """At the end of a finished workout: move a reminder they already have, or offer one
    (once: not in a week they said no). After the week's answer that finds a session missing:
    offer one instead of "want to start hamstring day?" (not when one is set, nor in a week
    they said no)."""
    finished = any(
        isinstance(e, dialog.EndSession) and e.session.status is SessionStatus.FINISHED
        for e in out.effects
    )
    if isinstance(event, ev.SessionEnded):
        return None
    if not finished or not out.end_session:
        return _after_week(handler_input, out, turn)
    if _factory(handler_input) is None:
        return None  # no Alexa APIs to reach (the chat without a reminders URL): no offer
    conv = out.conversation
    profile = conv.profile
    if profile is None:
        return None
    suggestion = _suggest(conv, turn.now)
    if profile.reminder_id:
        try:
            token = put(
                handler_input, profile.reminder_id, suggestion, conv.timezone, turn.locale, turn.now
            )
        except (NeedsConsent, NotSet):
            kept = profile.model_copy(update={"reminder_id": None, "reminder_at": None})
            return Reply(_with_profile(out, kept), speech.say(say.NOT_SET))
        moved = profile.model_copy(update={"reminder_id": token, "reminder_at": suggestion})
        return Reply(_with_profile(out, moved), speech.say(say.moved_to(suggestion)))
    if rem.declined_this_week(profile, turn.now):
        return None
    return _offer(conv, suggestion, speech, out)


def _after_week(
    handler_input: HandlerInput, out: dialog.Outcome, turn: dialog.Turn
) -> Reply | None:
    """The week's answer ends on "want to start hamstring day?"; when the weekly check finds a
    session missing, the reminder offer takes that question's place."""
    conv = out.conversation
    profile = conv.profile
    if not _session_missing(out) or _factory(handler_input) is None:
        return None
    if profile is None or profile.reminder_id or rem.declined_this_week(profile, turn.now):
        return None
    answer = render(out.speech[:-1], turn.catalog)
    return _offer(conv, _suggest(conv, turn.now), answer, out)


def _session_missing(out: dialog.Outcome) -> bool:
    """A week's answer ("how am I doing this week", "what should I increase") whose weekly
    check finds a session missing, ending on the offer to train (not mid-workout, nor before
    "want the rest?")."""
    asks_to_start = out.conversation.pending is dialog.Pending.START
    if not out.speech or out.speech[-1] is not Phrase.START_QUESTION or not asks_to_start:
        return False
    return any(
        isinstance(issue, weekly.SessionMissing)
        for line in out.speech
        if isinstance(line, WeekAnswer | ProgressAnswer) and line.week is not None
        for issue in weekly.issues(line.week, line.now, line.upcoming, line.rest)
    )


def _offer(
    conv: dialog.Conversation,
    when: datetime,
    speech: Speech,
    out: dialog.Outcome | None = None,
) -> Reply:
    question = Speech(say.offer(when))
    kept = replace(out, end_session=False) if out else dialog.Outcome(_copy(conv), [], [])
    return Reply(kept, speech.extend(question), question, offer=when)


def _mid_workout(conv: dialog.Conversation, when: datetime, last_reprompt: str) -> Reply:
    """Mid-workout (in a session with the set's prompt to go back to), a reminder question gets
    the day and back to the set: a yes or no to an offer would end the session the workout is
    riding in."""
    reprompt = Speech.rendered(last_reprompt)
    return Reply(
        dialog.Outcome(_copy(conv), [], []), Speech(say.next_day(when)).extend(reprompt), reprompt
    )


def _set(
    handler_input: HandlerInput, conv: dialog.Conversation, when: datetime, turn: dialog.Turn
) -> Reply:
    profile = (conv.profile or Profile()).model_copy(update={"reminder_at": when})
    out = dialog.Outcome(_copy(conv), [], [], end_session=True)
    if not permitted(handler_input):
        return _ask_consent(out, profile)
    try:
        token = put(handler_input, profile.reminder_id, when, conv.timezone, turn.locale, turn.now)
    except NeedsConsent:
        return _ask_consent(out, profile)
    except NotSet:
        failed = profile.model_copy(update={"reminder_at": None})
        return Reply(_with_profile(out, failed), Speech(say.NOT_SET))
    done = profile.model_copy(update={"reminder_id": token})
    return Reply(_with_profile(out, done), Speech(say.set_for(when)))


def _ask_consent(out: dialog.Outcome, profile: Profile) -> Reply:
    directive = SendRequestDirective(
        name="AskFor",
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "1",
            "permissionScope": SCOPE,
        },
        token=ASK_FOR_TOKEN,
    )
    return Reply(_with_profile(out, profile), Speech(), directives=[directive])


def _consented(
    handler_input: HandlerInput, conv: dialog.Conversation, answer: rem.Answer, turn: dialog.Turn
) -> Reply:
    profile = conv.profile or Profile()
    out = dialog.Outcome(_copy(conv), [], [], end_session=True)
    wanted = profile.reminder_at
    if answer is rem.Answer.ACCEPTED and wanted is not None and not profile.reminder_id:
        if rem.fits(wanted, _last(conv, turn.now), turn.now):
            return _set(handler_input, conv, wanted, turn)
        return _set(handler_input, conv, _suggest(conv, turn.now), turn)
    if answer is rem.Answer.ACCEPTED:
        return Reply(out, Speech(say.NO_ANSWER))
    if answer is rem.Answer.FAILED:
        return Reply(out, Speech(say.CARD_SENT), card=AskForPermissionsConsentCard([SCOPE]))
    cleared = profile.model_copy(update={"reminder_at": None})
    words = say.NOT_ALLOWED if answer is rem.Answer.DENIED else say.NO_ANSWER
    return Reply(_with_profile(out, cleared), Speech(words))


def _cancel(
    handler_input: HandlerInput, conv: dialog.Conversation, last_reprompt: str | None
) -> Reply:
    profile = conv.profile
    going_on = last_reprompt is not None
    out = dialog.Outcome(_copy(conv), [], [], end_session=not going_on)
    reprompt = Speech.rendered(last_reprompt) if last_reprompt else None
    if profile is None or not profile.reminder_id:
        return Reply(out, Speech(say.NOTHING_TO_CANCEL), reprompt)
    forget(handler_input, profile)  # gone either way: a failed delete leaves it to Alexa
    cleared = profile.model_copy(update={"reminder_id": None, "reminder_at": None})
    return Reply(_with_profile(out, cleared), Speech(say.CANCELLED), reprompt)


def finish(handler_input: HandlerInput, reply: Reply | None, response: Response) -> Response:
    """The reply's directive or card on the response. A Connections.SendRequest leaves the
    session to Alexa (no shouldEndSession)."""
    if reply is None:
        return response
    if reply.directives:
        response.directives = [*(response.directives or []), *reply.directives]
        response.should_end_session = None
        response.reprompt = None
    if reply.card is not None:
        response.card = reply.card
    return response
