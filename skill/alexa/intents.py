"""The one table from what Alexa sends to what it means: each intent name and request type maps
to a function of the request that gives the domain event. Nothing here coaches; the runner feeds
the event to the conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from functools import cache

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_request_type
from ask_sdk_model import SessionEndedRequest

from skill.alexa import reminders, slots
from skill.core import events as ev
from skill.core import reminders as rem
from skill.core.effort import Effort
from skill.core.history import PainKind
from skill.core.profile import Equipment, Level, Unit

log = logging.getLogger(__name__)

EventOf = Callable[[HandlerInput], ev.Event | rem.ReminderEvent]

EQUIPMENT_SLOTS = ("equipmentOne", "equipmentTwo", "equipmentThree", "equipmentFour")


def _always(make: Callable[[], ev.Event | rem.ReminderEvent]) -> EventOf:
    """Events are frozen, so one instance serves every request. It is made on the first, so that
    importing this table makes no event class (``skill.core.value``: each costs on first use)."""
    once = cache(make)
    return lambda handler_input: once()


def _log_set(handler_input: HandlerInput) -> ev.Event:
    """ "Ten reps at sixty pounds, it was hard": any mix of reps, load, unit and effort."""
    # An effort or unit in words we don't know is left out; the numbers still count.
    effort = slots.enum_value(handler_input, "effort", Effort)
    reps = slots.number(handler_input, "reps")
    load = slots.number(handler_input, "load")
    unit = slots.enum_value(handler_input, "unit", Unit)
    whole_reps = int(reps) if reps is not None and reps == int(reps) else None
    heard = any(v is not None for v in (effort, whole_reps, load))
    return ev.LogSet(effort=effort, reps=whole_reps, load=load, unit=unit, heard_something=heard)


def _set_equipment(handler_input: HandlerInput) -> ev.Event:
    """The kinds we know, and the words said that are none of them (to say back)."""
    found = [slots.enum_or_unknown(handler_input, name, Equipment) for name in EQUIPMENT_SLOTS]
    known = tuple(q for q in found if isinstance(q, Equipment))
    unknown = tuple(q.spoken for q in found if isinstance(q, slots.Unknown))
    return ev.SetEquipment(known, unknown)


def _set_level(handler_input: HandlerInput) -> ev.Event:
    return ev.SetLevel(slots.enum_value(handler_input, "level", Level))


def _set_unit(handler_input: HandlerInput) -> ev.Event:
    return ev.SetUnit(slots.enum_value(handler_input, "unit", Unit))


def _pain(kind: PainKind) -> EventOf:
    """Pain of this kind where the ``bodyPart`` slot says. A place that resolved to no id is
    never taken for a known one: it travels as the words said, to be said back."""

    def event(handler_input: HandlerInput) -> ev.Event:
        area = slots.resolved_id(handler_input, "bodyPart")
        spoken = None if area is not None else slots.raw(handler_input, "bodyPart")
        return ev.Pain(area=area, kind=kind, spoken=spoken)

    return event


def _choose_reminder(handler_input: HandlerInput) -> ev.Event | rem.ReminderEvent:
    """ "Friday morning", "at seven thirty": AMAZON.DATE and AMAZON.TIME, as Alexa resolved them."""
    return rem.ChooseReminder(
        day=slots.raw(handler_input, "day"), at=slots.raw(handler_input, "time")
    )


def _exercise(kind: Callable[[str | None, str | None], ev.Event]) -> EventOf:
    """An event about the exercise named in the ``exercise`` slot: its id, or (for a name
    that resolved to none of ours) the words said."""

    def event(handler_input: HandlerInput) -> ev.Event:
        named = slots.resolved_or_unknown(handler_input, "exercise")
        if isinstance(named, slots.Unknown):
            return kind(None, named.spoken)
        return kind(named, None)

    return event


INTENTS: Mapping[str, EventOf] = {
    # hamstring day
    "StartWorkoutIntent": _always(ev.StartWorkout),
    "ReadyIntent": _always(ev.Ready),
    "LogSetIntent": _log_set,
    "FormCueIntent": _always(ev.FormCue),
    "SlowerIntent": _always(lambda: ev.ChangePace(slower=True)),
    "FasterIntent": _always(lambda: ev.ChangePace(slower=False)),
    "SkipExerciseIntent": _always(ev.SkipExercise),
    "PainIntent": _pain(PainKind.PAIN),
    "PullIntent": _pain(PainKind.PULL),
    "SoreIntent": _pain(PainKind.SORE),
    "FeelsFineIntent": _always(ev.FeelsFine),
    # "I'm done" means the set; "I'm tired" offers to finish or go lighter
    "SetDoneIntent": _always(ev.SetDone),
    "TiredIntent": _always(ev.Tired),
    "LighterIntent": _always(ev.GoLighter),
    # questions about the workout in progress, each answered directly
    "FeelIntent": _always(lambda: ev.WorkoutQuestion(ev.Topic.FEEL)),
    "HowToIntent": _always(lambda: ev.WorkoutQuestion(ev.Topic.HOW_TO)),
    "WhichSetIntent": _always(lambda: ev.WorkoutQuestion(ev.Topic.WHICH_SET)),
    "SetsLeftIntent": _always(lambda: ev.WorkoutQuestion(ev.Topic.SETS_LEFT)),
    "RestTimeIntent": _always(lambda: ev.WorkoutQuestion(ev.Topic.REST)),
    "WhatsNextIntent": _always(lambda: ev.WorkoutQuestion(ev.Topic.NEXT)),
    # red flags: each ends the session with a plain instruction to get medical help
    "ChestPainIntent": _always(lambda: ev.RedFlag(ev.Symptom.CHEST_PAIN)),
    "DizzyIntent": _always(lambda: ev.RedFlag(ev.Symptom.DIZZY)),
    "BreathlessIntent": _always(lambda: ev.RedFlag(ev.Symptom.BREATHLESS)),
    "NumbnessIntent": _always(lambda: ev.RedFlag(ev.Symptom.NUMB)),
    "HeartRacingIntent": _always(lambda: ev.RedFlag(ev.Symptom.HEART_RACING)),
    "NauseaIntent": _always(lambda: ev.RedFlag(ev.Symptom.NAUSEA)),
    # Alexa's built-in pause, resume, next, repeat and start over, given workout meanings
    "AMAZON.PauseIntent": _always(ev.Pause),
    "AMAZON.ResumeIntent": _always(ev.Resume),
    "AMAZON.NextIntent": _always(ev.Next),
    "AMAZON.RepeatIntent": _always(ev.Repeat),
    "AMAZON.StartOverIntent": _always(ev.StartOver),
    # equipment, level, and questions about an exercise
    "SetEquipmentIntent": _set_equipment,
    "SetLevelIntent": _set_level,
    "SetUnitIntent": _set_unit,
    "ChangeEquipmentIntent": _always(ev.AskEquipment),
    "ChangeLevelIntent": _always(ev.AskLevel),
    "ExerciseInfoIntent": _exercise(ev.ExerciseInfo),
    "DeleteDataIntent": _always(ev.DeleteData),
    # the next hamstring day's reminder (skill.alexa.reminders answers these)
    "RemindMeIntent": _always(rem.RemindMe),
    "ReminderChoiceIntent": _choose_reminder,
    "CancelReminderIntent": _always(rem.CancelReminder),
    # what to increase, what was done last time, how the week looks, what to lift
    "ProgressIntent": _always(ev.AskProgress),
    "WeekIntent": _always(ev.AskWeek),
    "LastWeekIntent": _always(lambda: ev.AskWeek(last=True)),
    "LastTimeIntent": _exercise(ev.AskLastTime),
    "LoadAdviceIntent": _exercise(ev.AskLoad),
    # the required built-ins: stop, cancel and navigate home all save the workout and end
    "AMAZON.HelpIntent": _always(ev.Help),
    "AMAZON.StopIntent": _always(ev.Stop),
    "AMAZON.CancelIntent": _always(ev.Stop),
    "AMAZON.NavigateHomeIntent": _always(ev.Stop),
    "AMAZON.YesIntent": _always(ev.Yes),
    "AMAZON.NoIntent": _always(ev.No),
    "AMAZON.FallbackIntent": _always(ev.Fallback),
}


_UNKNOWN_INTENT = _always(ev.Fallback)
"""Any intent we don't know (an old model, a new built-in) is a fallback."""


def _intent(handler_input: HandlerInput) -> ev.Event | rem.ReminderEvent:
    return INTENTS.get(str(get_intent_name(handler_input)), _UNKNOWN_INTENT)(handler_input)


def _session_ended(handler_input: HandlerInput) -> ev.Event | rem.ReminderEvent:
    """Timeout, error or the person walking away: the workout is saved to resume later."""
    request = handler_input.request_envelope.request
    if isinstance(request, SessionEndedRequest) and request.error is not None:
        log.warning("session ended with error: %s", request.error.message)
    return ev.SessionEnded()


BUTTONS: Mapping[str, EventOf] = {
    "ready": INTENTS["ReadyIntent"],
    "pause": INTENTS["AMAZON.PauseIntent"],
    "skip": INTENTS["SkipExerciseIntent"],
}
"""A screen's buttons (the first ``SendEvent`` argument, skill/data/apl) to the event of the
intent that says the same, so a touch and its spoken twin can never act differently."""


def _user_event(handler_input: HandlerInput) -> ev.Event | rem.ReminderEvent:
    """A touch on one of our screens; anything we did not send is a fallback, as an unknown
    intent is."""
    arguments = getattr(handler_input.request_envelope.request, "arguments", None) or []
    first = arguments[0] if arguments else None
    return BUTTONS.get(str(first), _UNKNOWN_INTENT)(handler_input)


REQUESTS: Mapping[str, EventOf] = {
    "LaunchRequest": _always(ev.Launch),
    "IntentRequest": _intent,
    "SessionEndedRequest": _session_ended,
    "Alexa.Presentation.APL.UserEvent": _user_event,
    # the answer to our AskFor reminders permission, and Alexa's news about our reminders
    "Connections.Response": reminders.consent_answer,
    "Reminders.ReminderCreated": reminders.status_event,
    "Reminders.ReminderUpdated": reminders.status_event,
    "Reminders.ReminderDeleted": reminders.status_event,
    "Reminders.ReminderStatusChanged": reminders.status_event,
    "Reminders.ReminderStarted": reminders.status_event,
}
"""Request types that are turns of the conversation; any other gets a quiet answer."""


def is_turn(handler_input: HandlerInput) -> bool:
    """Whether this request is a turn of the conversation (has an entry in ``REQUESTS``)."""
    return str(get_request_type(handler_input)) in REQUESTS


def event_of(handler_input: HandlerInput) -> ev.Event | rem.ReminderEvent:
    """The domain event a turn's request means (``is_turn`` first: KeyError for any other)."""
    return REQUESTS[str(get_request_type(handler_input))](handler_input)


def handled_intents() -> set[str]:
    return set(INTENTS)
