"""The conversation around the workout: launch, onboarding, planning, resume, stop.

Pure: a ``Conversation`` (what rides in Alexa session attributes) plus an event gives a new
conversation, what to say, and the storage effects the shell must carry out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from skill.core import events as ev
from skill.core import plan as planner
from skill.core import weekly
from skill.core import workout as wk
from skill.core.catalog import Catalog
from skill.core.history import HistorySummary, SessionRecord, SessionStatus, SetRecord
from skill.core.profile import Equipment, Level, Profile, Unit, unit_for_locale
from skill.core.progression import family
from skill.core.workout import Phase, WorkoutState
from skill.speech import progress as talk
from skill.speech.ssml import Speech, cap, day_phrase, hours_words, join_names, plural, words


class Pending(StrEnum):
    """The yes/no or open question we last asked outside a set."""

    EQUIPMENT = "equipment"
    LEVEL = "level"
    START = "start"
    RESUME = "resume"
    LIGHTER = "lighter"
    MORE = "more"
    """More progression advice is waiting: "want the rest?"."""
    DELETE = "delete"
    """Confirming "delete my data"."""
    RETRY_SAVE = "retry_save"
    """Storage failed as the session was about to end: try again before we close?"""


# --- effects the shell applies, in order -------------------------------------------------------
# Pydantic, not dataclasses: a write the store could not take rides in session attributes
# until a later turn saves it.


class SaveProfile(BaseModel):
    kind: Literal["profile"] = "profile"
    profile: Profile


class SaveActive(BaseModel):
    kind: Literal["active"] = "active"
    workout: WorkoutState


class LogSet(BaseModel):
    kind: Literal["set"] = "set"
    record: SetRecord


class EndSession(BaseModel):
    kind: Literal["end"] = "end"
    session: SessionRecord


class DeleteUser(BaseModel):
    """Every item of this user, after they confirmed."""

    kind: Literal["delete"] = "delete"


Effect = Annotated[
    SaveProfile | SaveActive | LogSet | EndSession | DeleteUser, Field(discriminator="kind")
]


class Conversation(BaseModel):
    """Session attributes: enough that a turn inside a session needs no storage read."""

    loaded: bool = False
    timezone: str = "UTC"
    """The device's zone: days and weeks are the person's, not UTC's."""
    profile: Profile | None = None
    workout: WorkoutState | None = None
    history: HistorySummary = Field(default_factory=HistorySummary)
    pending: Pending | None = None
    onboarding: bool = False
    last_speech: str | None = None
    last_reprompt: str | None = None
    more: list[str] = Field(default_factory=list)
    """Advice lines not yet spoken, for "want the rest?"."""
    unsaved: list[Effect] = Field(default_factory=list)
    """Writes the store could not take yet; the shell retries them on the next turn."""


@dataclass
class Outcome:
    conversation: Conversation
    speech: Speech
    reprompt: Speech | None
    end_session: bool = False
    effects: list[Effect] = field(default_factory=list)


@dataclass(frozen=True)
class Turn:
    """What the shell knows about this turn that the core may not look up itself."""

    now: datetime
    catalog: Catalog
    locale: str = "en-US"
    new_workout_id: str = "workout"


# --- words -------------------------------------------------------------------------------------

ASK_EQUIPMENT = (
    "What equipment do you have? Any mix of gym machines, barbell, dumbbells, kettlebell, "
    "bands, stability ball, or just bodyweight."
)
ASK_LEVEL = "How much training experience do you have: new, some experience, or experienced?"
EQUIPMENT_NAMES = {
    Equipment.MACHINES: "gym machines",
    Equipment.BARBELL: "a barbell",
    Equipment.DUMBBELLS: "dumbbells",
    Equipment.KETTLEBELL: "a kettlebell",
    Equipment.BANDS: "bands",
    Equipment.BALL: "a stability ball",
    Equipment.BODYWEIGHT: "bodyweight",
}
QUESTIONS = {
    Pending.EQUIPMENT: ASK_EQUIPMENT,
    Pending.LEVEL: ASK_LEVEL,
    Pending.RESUME: "Want to pick up your workout where you left off?",
    Pending.LIGHTER: "Want a lighter session instead? Or say no to rest today.",
}
"""Open questions that an answer in between (advice, exercise info) must not lose."""
LEVEL_NAMES = {Level.NEW: "new", Level.SOME: "some experience", Level.EXPERIENCED: "experienced"}


def respond(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    """One turn of the conversation. Never raises for an event out of place: it answers."""
    conv = conv.model_copy(deep=True)
    out = _route(conv, event, turn)
    if out.speech and not isinstance(event, ev.Repeat):
        out.conversation.last_speech = out.speech.ssml()
        out.conversation.last_reprompt = out.reprompt.ssml() if out.reprompt else None
    return out


def _route(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    if isinstance(event, ev.SessionEnded):
        return _session_ended(conv)
    if isinstance(event, ev.Stop):
        return _stop(conv, turn)
    if isinstance(event, ev.Repeat):
        return _repeat(conv, turn)
    if isinstance(event, ev.Launch):
        return _launch(conv, turn)
    if isinstance(event, ev.StartWorkout):
        conv.pending = None
        return _start(conv, turn)
    if isinstance(event, ev.SetEquipment | ev.AskEquipment | ev.SetLevel | ev.AskLevel):
        return _profile(conv, event, turn)
    if isinstance(event, ev.ExerciseInfo):
        return _exercise_info(conv, event, turn)
    if isinstance(event, ev.AskProgress | ev.AskLastTime | ev.AskWeek | ev.AskLoad):
        return _progress(conv, event, turn)
    if isinstance(event, ev.DeleteData):
        speech = Speech("That deletes your profile and your whole workout history, for good.")
        return _ask(conv, speech, "Are you sure you want me to delete it all?", Pending.DELETE)
    if conv.pending is not None:
        return _answer_pending(conv, event, turn)
    if _in_workout(conv):
        return _workout_step(conv, event, turn)
    return _idle(conv, event, turn)


def _in_workout(conv: Conversation) -> bool:
    return conv.workout is not None and conv.workout.phase is not Phase.DONE


def _ctx(conv: Conversation, turn: Turn) -> wk.Context:
    profile = conv.profile or Profile()
    return wk.Context(
        catalog=turn.catalog,
        now=turn.now,
        unit=profile.unit,
        equipment=frozenset(profile.available()),
    )


def _ask(conv: Conversation, speech: Speech, question: str, pending: Pending | None) -> Outcome:
    conv.pending = pending
    return Outcome(conv, speech.say(question), Speech(question))


# --- launch, start, resume ---------------------------------------------------------------------


def _launch(conv: Conversation, turn: Turn) -> Outcome:
    if conv.workout is not None and _in_workout(conv):
        w = conv.workout
        e = turn.catalog.get(w.current.exercise_id)
        when = day_phrase(w.updated_at or w.started_at, turn.now)
        speech = Speech(
            f"Welcome back. You left a workout unfinished {when}: "
            f"{e.name}, set {words(w.set_number)} of {words(w.current.sets)}."
        )
        return _ask(conv, speech, "Want to pick it up where you left off?", Pending.RESUME)
    profile = conv.profile
    if profile is None or not profile.complete:
        return _onboard(conv, turn, Speech("Welcome to Hamstring Coach."))
    speech = Speech("Welcome back.")
    last = conv.history.last_session_at
    if last is not None:
        rested = "still recovering" if planner.too_soon(conv.history, turn.now) else "rested"
        speech.say(
            f"Your last hamstring session was {day_phrase(last, turn.now)}, so you're {rested}."
        )
    return _ask(conv, speech, "Ready to start hamstring day?", Pending.START)


def _onboard(conv: Conversation, turn: Turn, speech: Speech) -> Outcome:
    conv.onboarding = True
    profile = conv.profile or Profile(unit=unit_for_locale(turn.locale))
    if not profile.disclaimer_given:
        speech.say("I'll plan hamstring sessions around your kit and count you through every rep.")
        speech.say("I'm a training guide, not medical advice.")
        profile.disclaimer_given = True
        conv.profile = profile
    if not profile.equipment:
        return _ask(conv, speech, ASK_EQUIPMENT, Pending.EQUIPMENT)
    return _ask(conv, speech, ASK_LEVEL, Pending.LEVEL)


def _start(conv: Conversation, turn: Turn, lighter: bool = False) -> Outcome:
    if conv.workout is not None and _in_workout(conv):
        speech = Speech("You already have a workout going, so let's pick it up.")
        return _resume(conv, turn, speech)
    profile = conv.profile
    if profile is None or not profile.complete:
        return _onboard(conv, turn, Speech("Let's set you up first."))
    if not lighter and planner.too_soon(conv.history, turn.now):
        hours = planner.hours_since_last(conv.history, turn.now) or 0
        speech = Speech(
            f"Your last hamstring session was only {hours_words(hours)} ago.",
            "Hamstrings need about two days to recover.",
        )
        question = "Want a lighter session instead? Or say no to rest today."
        return _ask(conv, speech, question, Pending.LIGHTER)
    session = planner.plan_session(turn.catalog, profile, conv.history, lighter=lighter)
    if not session.exercises:
        speech = Speech("I couldn't find exercises for that equipment.")
        return _ask(conv, speech, ASK_EQUIPMENT, Pending.EQUIPMENT)
    minutes = planner.estimated_minutes(turn.catalog, session.exercises)
    state, speech, reprompt = wk.start(
        turn.new_workout_id, session.exercises, lighter, minutes, _ctx(conv, turn)
    )
    conv.workout, conv.pending, conv.onboarding = state, None, False
    return Outcome(conv, speech, reprompt, effects=[SaveActive(workout=state)])


def _resume(conv: Conversation, turn: Turn, speech: Speech) -> Outcome:
    assert conv.workout is not None
    state, intro, reprompt = wk.resume_prompt(conv.workout, _ctx(conv, turn))
    conv.workout, conv.pending = state, None
    return Outcome(conv, speech.extend(intro), reprompt)


def _answer_pending(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    pending = conv.pending
    yes, no = isinstance(event, ev.Yes), isinstance(event, ev.No)
    if pending is Pending.RESUME and conv.workout is not None:
        if yes or isinstance(event, ev.Resume):
            return _resume(conv, turn, Speech("Great, picking up."))
        if no:
            return _abandon(conv, turn)
        if isinstance(event, ev.Ready | ev.FormCue | ev.Pain | ev.SkipExercise | ev.ChangePace):
            resumed = _resume(conv, turn, Speech())
            return _workout_step(resumed.conversation, event, turn)
    elif pending is Pending.START:
        if yes or isinstance(event, ev.Ready):
            return _start(conv, turn)
        if no:
            return _goodbye(conv, "No problem. Come back when you're ready to train.")
    elif pending is Pending.LIGHTER:
        if yes:
            return _start(conv, turn, lighter=True)
        if no:
            when = planner.ready_at(conv.history)
            rested = " You'll be fully recovered later today." if when else ""
            if when and when.date() > turn.now.date():
                rested = f" You'll be fully recovered {_day_after(when, turn.now)}."
            return _goodbye(conv, "Smart choice. Rest is part of training." + rested)
    elif pending is Pending.DELETE:
        if yes:
            conv = Conversation(loaded=True)
            out = _goodbye(conv, "Done. I've deleted everything I had about you.")
            out.effects.append(DeleteUser())
            return out
        if no:
            return _then_offer(conv, Speech("Okay, nothing deleted."), turn)
    elif pending is Pending.RETRY_SAVE:
        if yes or isinstance(event, ev.Resume | ev.Stop):
            # The shell retried the unsaved writes before this turn; if they still fail it asks
            # again, so reaching here means they are stored.
            return _goodbye(conv, "Saved. See you next time.")
        if no:
            return _goodbye(conv, "Okay. Sorry, what I couldn't save may be lost.")
    elif pending is Pending.MORE:
        if yes or isinstance(event, ev.Next | ev.Resume):
            rest, conv.more = conv.more, []
            return _then_offer(conv, Speech(*rest), turn)
        if no:
            conv.more = []
            return _then_offer(conv, Speech("Okay."), turn)
    elif pending in (Pending.EQUIPMENT, Pending.LEVEL):
        question = ASK_EQUIPMENT if pending is Pending.EQUIPMENT else ASK_LEVEL
        if isinstance(event, ev.Help):
            return _ask(conv, Speech("I use this to pick exercises you can do."), question, pending)
        if no:
            return _goodbye(conv, "Okay. When you want to set up, just open Hamstring Coach.")
        return _ask(conv, Speech("Sorry, I didn't catch that."), question, pending)
    if isinstance(event, ev.Help | ev.Fallback) and pending is not None:
        question = {
            Pending.RESUME: "Say yes to pick up your workout, or no to close it.",
            Pending.START: "Say yes to start hamstring day, or no to leave it for now.",
            Pending.LIGHTER: "Say yes for a lighter session, or no to rest today.",
            Pending.MORE: "Say yes to hear the rest of my advice, or no to skip it.",
            Pending.DELETE: "Say yes to delete all your data, or no to keep it.",
            Pending.RETRY_SAVE: "Say yes and I'll try saving again, or no to leave it.",
        }.get(pending, "Say yes or no.")
        lead = "Sorry, I didn't catch that." if isinstance(event, ev.Fallback) else ""
        return _ask(conv, Speech(lead), question, pending)
    conv.pending = None
    if _in_workout(conv):
        return _workout_step(conv, event, turn)
    return _idle(conv, event, turn)


def _day_after(when: datetime, now: datetime) -> str:
    days = (when.date() - now.date()).days
    return "tomorrow" if days == 1 else f"on {when.strftime('%A')}"


def _abandon(conv: Conversation, turn: Turn) -> Outcome:
    """Declining a resume closes the old workout as partial; its logged sets stay in history."""
    assert conv.workout is not None
    session = conv.workout.as_session(SessionStatus.PARTIAL, turn.now)
    conv.history = _with_session(conv.history, session)
    conv.workout = None
    speech = Speech("Okay, I've closed that one and kept what you logged.")
    out = _ask(conv, speech, "Want to start a new hamstring day?", Pending.START)
    out.effects.append(EndSession(session=session))
    return out


def _with_session(history: HistorySummary, session: SessionRecord) -> HistorySummary:
    if not session.sets:
        return history
    done = sorted({s.exercise_id for s in session.sets})
    return history.model_copy(
        update={
            "last_session_at": session.last_activity,
            "recent_exercises": [done, *history.recent_exercises][:6],
            "week": weekly.with_live(history.week, session.sets, session.last_activity),
        }
    )


# --- in the workout ----------------------------------------------------------------------------


def _workout_step(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    assert conv.workout is not None
    result = wk.step(conv.workout, event, _ctx(conv, turn))
    conv.workout = result.state
    effects: list[Effect] = []
    if result.log is not None:
        effects += [LogSet(record=result.log), SaveActive(workout=result.state)]
    if result.finished:
        session = result.state.as_session(SessionStatus.FINISHED, turn.now)
        effects.append(EndSession(session=session))
        conv.history = _with_session(conv.history, session)
        conv.workout = None
        return Outcome(conv, result.speech, None, end_session=True, effects=effects)
    return Outcome(conv, result.speech, result.reprompt, effects=effects)


def _stop(conv: Conversation, turn: Turn) -> Outcome:
    if conv.workout is not None and _in_workout(conv):
        n = len(conv.workout.logged)
        logged = f"with {plural(n, 'set')} logged" if n else "before your first set"
        out = _goodbye(
            conv,
            f"Saved where you are, {logged}. Open Hamstring Coach and I'll pick it up from there.",
        )
        out.effects.append(SaveActive(workout=conv.workout))
        return out
    return _goodbye(conv, "Okay. Train well, and see you next time.")


def _session_ended(conv: Conversation) -> Outcome:
    """Alexa closed the session (timeout, error, user left): keep the workout to resume it."""
    effects: list[Effect] = []
    if conv.workout is not None and _in_workout(conv):
        effects.append(SaveActive(workout=conv.workout))
    return Outcome(conv, Speech(), None, end_session=True, effects=effects)


def _goodbye(conv: Conversation, text: str) -> Outcome:
    conv.pending = None
    return Outcome(conv, Speech(text), None, end_session=True)


def _repeat(conv: Conversation, turn: Turn) -> Outcome:
    if not conv.last_speech:
        return _idle(conv, ev.Help(), turn)
    speech = Speech.rendered(conv.last_speech)
    reprompt = Speech.rendered(conv.last_reprompt) if conv.last_reprompt else None
    return Outcome(conv, speech, reprompt)


# --- profile -----------------------------------------------------------------------------------


def _profile(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    profile = (conv.profile or Profile(unit=unit_for_locale(turn.locale))).model_copy(deep=True)
    if isinstance(event, ev.AskEquipment):
        return _ask(conv, Speech("Sure."), ASK_EQUIPMENT, Pending.EQUIPMENT)
    if isinstance(event, ev.AskLevel):
        return _ask(conv, Speech("Sure."), ASK_LEVEL, Pending.LEVEL)
    if isinstance(event, ev.SetEquipment):
        if not event.equipment:
            return _ask(
                conv,
                Speech("Sorry, I didn't catch the equipment."),
                ASK_EQUIPMENT,
                Pending.EQUIPMENT,
            )
        profile.equipment = list(dict.fromkeys(event.equipment))
        heard = join_names([EQUIPMENT_NAMES[q] for q in profile.equipment])
        speech = Speech(f"Got it: {heard}.")
    else:
        assert isinstance(event, ev.SetLevel)
        if event.level is None:
            return _ask(conv, Speech("Sorry, I didn't catch that."), ASK_LEVEL, Pending.LEVEL)
        profile.level = event.level
        speech = Speech(f"Got it: {LEVEL_NAMES[event.level]}.")
    conv.profile = profile
    effects: list[Effect] = [SaveProfile(profile=profile)]
    if not profile.equipment:
        out = _ask(conv, speech, ASK_EQUIPMENT, Pending.EQUIPMENT)
    elif profile.level is None:
        out = _ask(conv, speech, ASK_LEVEL, Pending.LEVEL)
    elif conv.onboarding:
        out = _start(conv, turn)
        out.speech = speech.say("You're all set.").extend(out.speech)
    elif _in_workout(conv):
        conv.pending = None
        out = _then_offer(conv, speech.say("I'll plan with that from your next session."), turn)
    else:
        out = _ask(
            conv,
            speech.say("I'll plan with that from now on."),
            "Want to start hamstring day now?",
            Pending.START,
        )
    out.effects[:0] = effects
    return out


def _exercise_info(conv: Conversation, event: ev.ExerciseInfo, turn: Turn) -> Outcome:
    if event.exercise_id is None or event.exercise_id not in turn.catalog:
        speech = Speech(
            "I don't know that one. Ask me about moves like Romanian deadlifts or glute bridges."
        )
    else:
        e = turn.catalog.get(event.exercise_id)
        speech = Speech(f"{cap(e.name)}: {e.trains}", *e.setup_cues[:3], e.feel)
    return _then_offer(conv, speech, turn)


def _then_offer(conv: Conversation, speech: Speech, turn: Turn) -> Outcome:
    """After an answer: back to the set in progress, the open question, or an offer to train."""
    pending = conv.pending
    if pending in QUESTIONS and not (pending is Pending.START and _in_workout(conv)):
        return _ask(conv, speech, QUESTIONS[pending], pending)
    if _in_workout(conv):
        assert conv.workout is not None
        conv.pending = None
        cont = wk.continue_prompt(conv.workout, _ctx(conv, turn))
        return Outcome(conv, speech.extend(cont), cont)
    return _ask(conv, speech, "Want to start hamstring day?", Pending.START)


def _progress(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    """Journey three: what to increase, how the week looks, what was done, how much to lift."""
    history, catalog = conv.history, turn.catalog
    conv.more = []
    live = conv.workout.logged if conv.workout is not None else []
    week = weekly.with_live(history.week, live, turn.now)
    upcoming = _upcoming_sets(conv, turn)
    if isinstance(event, ev.AskProgress):
        said, rest = talk.progress_answer(history.advice, week, turn.now, catalog, upcoming)
        if not said:
            speech = Speech(
                "I don't have any sets from you yet.",
                "Do a session first, and I'll tell you what to increase.",
            )
            return _then_offer(conv, speech, turn)
        if rest:
            conv.more = rest
            return _ask(conv, Speech(*said), "Want to hear the rest?", Pending.MORE)
        return _then_offer(conv, Speech(*said), turn)
    if isinstance(event, ev.AskWeek):
        answer = talk.week_answer(week, turn.now, catalog, upcoming)
        return _then_offer(conv, Speech(*answer), turn)
    if isinstance(event, ev.AskLastTime):
        exercise = _logged_variation(event.exercise_id, history, catalog)
        text = talk.last_time_answer(history.last_times, exercise, turn.now, catalog)
        return _then_offer(conv, Speech(text), turn)
    assert isinstance(event, ev.AskLoad)
    if event.exercise_id is None or event.exercise_id not in catalog:
        speech = Speech("Which exercise? Try: how much should I lift on Romanian deadlifts.")
        return _then_offer(conv, speech, turn)
    exercise = _logged_variation(event.exercise_id, history, catalog) or event.exercise_id
    advice = history.advice_for(exercise)
    return _then_offer(conv, Speech(talk.load_answer(advice, exercise, catalog)), turn)


def _upcoming_sets(conv: Conversation, turn: Turn) -> int | None:
    """Sets still to come: the rest of the workout in progress, or the plan the next start
    would make (the planner is pure, so this is exactly what would be coached)."""
    w = conv.workout
    if w is not None and _in_workout(conv):
        left = w.plan[w.exercise_index :]
        done_here = sum(1 for r in w.logged if r.exercise_index == w.exercise_index)
        return max(0, sum(p.sets for p in left) - done_here)
    if conv.profile is None or not conv.profile.complete:
        return None
    # The next session the weekly check names is 48 hours on, so it is a full one.
    return planner.plan_session(turn.catalog, conv.profile, conv.history).total_sets


def _logged_variation(
    exercise_id: str | None, history: HistorySummary, catalog: Catalog
) -> str | None:
    """The exercise asked about, or the variation of it they actually logged most recently."""
    if exercise_id is None or exercise_id not in catalog:
        return None
    done = [t for t in history.last_times if t.exercise_id in family(catalog, exercise_id)]
    if not done or any(t.exercise_id == exercise_id for t in done):
        return exercise_id
    return max(done, key=lambda t: t.at).exercise_id


# --- outside a workout -------------------------------------------------------------------------


def _idle(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    if isinstance(event, ev.Yes | ev.Ready | ev.Resume):
        return _start(conv, turn)
    if isinstance(event, ev.No):
        return _goodbye(conv, "Okay. Come back when you're ready to train.")
    if isinstance(event, ev.Help):
        speech = Speech(
            "I'm your hamstring coach.",
            "Say start hamstring day, and I'll plan a session and count you through it.",
            "You can also say change my equipment, or tell me your level.",
        )
        return _ask(conv, speech, "Want to start hamstring day?", Pending.START)
    if isinstance(event, ev.Pain):
        return _goodbye(
            conv,
            "Sorry it hurts. Rest it, and don't train through pain. "
            "If it's sharp or it lingers, please have a physio or doctor look at it.",
        )
    lead = (
        "Sorry, I didn't catch that."
        if isinstance(event, ev.Fallback)
        else ("There's no workout going right now.")
    )
    return _ask(conv, Speech(lead), "Say start hamstring day to begin, or help.", None)


__all__ = [
    "Conversation",
    "EndSession",
    "LogSet",
    "Outcome",
    "Pending",
    "SaveActive",
    "SaveProfile",
    "Turn",
    "Unit",
    "respond",
]
