"""The conversation around the workout: launch, onboarding, planning, resume, stop.

Pure: a ``Conversation`` (what rides in Alexa session attributes) plus an event gives a new
conversation, what to say, and the storage effects the shell must carry out. What to say is typed
lines (skill.core.said for the conversation's, skill.core.lines for the workout's): the words are
skill.speech's, so this module holds none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from skill.core import blocks, weekly
from skill.core import events as ev
from skill.core import plan as planner
from skill.core import workout as wk
from skill.core.advice import Advice, Change, Reason, WeekReport
from skill.core.catalog import Catalog
from skill.core.effort import Effort
from skill.core.history import (
    HistorySummary,
    PainKind,
    SessionRecord,
    SessionStatus,
    SetRecord,
)
from skill.core.lines import Cue, RedFlagStop, in_short
from skill.core.model import Model, new_list
from skill.core.profile import Profile, Unit, asks_unit, unit_for_locale
from skill.core.programme import Entry, Programme
from skill.core.progression import comfortable_sessions
from skill.core.rules import BLOCK_WEEKS, worth_resuming
from skill.core.said import (
    AboutExercise,
    Advised,
    Examples,
    GotEquipment,
    GotLevel,
    GotUnit,
    LastSession,
    LastTimeAnswer,
    LastWeekAnswer,
    LoadAnswer,
    NewBlock,
    Phrase,
    ProgressAnswer,
    RecoveredBy,
    Said,
    Stopped,
    TooSoon,
    Unfinished,
    UnknownEquipment,
    UnknownExercise,
    WeekAnswer,
    Where,
)
from skill.core.said import Change as ProgrammeChange
from skill.core.value import Value
from skill.core.workout import Phase, WorkoutState


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
    PULL_CHECK = "pull_check"
    """Last session a pull: how does it feel today? (Asked before planning.)"""
    BACK_CHECK = "back_check"
    """Last session the back hurt: is it okay today? (Still sore: no hinges today.)"""
    UNIT = "unit"
    """Onboarding where people train in both (Canada): pounds or kilos? Asked once."""


# --- effects the shell applies, in order -------------------------------------------------------
# Pydantic, not dataclasses: a write the store could not take rides in session attributes
# until a later turn saves it.


class SaveProfile(Model):
    kind: Literal["profile"] = "profile"
    profile: Profile


class SaveActive(Model):
    kind: Literal["active"] = "active"
    workout: WorkoutState


class LogSet(Model):
    kind: Literal["set"] = "set"
    record: SetRecord


class EndSession(Model):
    kind: Literal["end"] = "end"
    session: SessionRecord


class DeleteUser(Model):
    """Every item of this user, after they confirmed."""

    kind: Literal["delete"] = "delete"


Effect = Annotated[
    SaveProfile | SaveActive | LogSet | EndSession | DeleteUser, Field(discriminator="kind")
]


class Conversation(Model):
    """Session attributes: enough that a turn inside a session needs no storage read."""

    loaded: bool = False
    timezone: str = "UTC"
    """The device's zone: days and weeks are the person's, not UTC's."""
    device_unit: Unit | None = None
    """The device's weight unit from Alexa's settings, read once a session (None: unknown)."""
    profile: Profile | None = None
    workout: WorkoutState | None = None
    history: HistorySummary = Field(default_factory=HistorySummary)
    pending: Pending | None = None
    onboarding: bool = False
    more: list[Advice] = Field(default_factory=new_list)
    """Advice not yet spoken, for "want the rest?"."""
    checked: list[Pending] = Field(default_factory=new_list)
    """Check-ins on last session's hurts already answered this session."""
    check_from_start: bool = False
    """The check-in was asked on the way to starting (not at launch): a fine answer starts."""
    no_hinges: bool = False
    """The back is still sore today: plans leave hinges out."""
    misheard: int = 0
    """Misunderstandings in a row (a fallback, or an answer that fits neither the open question
    nor the phase); from ``EXAMPLES_AFTER`` on we give examples instead of the same question.
    Any understood turn resets it."""

    @field_validator("more", mode="before")
    @classmethod
    def _drop_worded_advice(cls, value: Any) -> Any:
        """Sessions from before advice was typed carried it as sentences: those are dropped."""
        if isinstance(value, list):
            return [item for item in value if not isinstance(item, str)]
        return value


@dataclass
class Outcome:
    """What one turn says (typed lines: skill.speech renders them) and what the shell must do."""

    conversation: Conversation
    speech: list[Said]
    reprompt: list[Said]
    """Said again when the person is silent; empty when the session ends."""
    end_session: bool = False
    effects: list[Effect] = field(default_factory=list)
    misheard: bool = False
    """This turn did not understand the person (``respond`` counts these in a row)."""

    @property
    def again(self) -> list[Said]:
        """What "repeat" says after this turn: the same in short (``lines.in_short``), the
        question or the set announced, never a whole counted set or rest countdown again."""
        return in_short(self.speech)


class Turn(Value):
    """What the shell knows about this turn that the core may not look up itself."""

    now: datetime
    catalog: Catalog
    locale: str = "en-US"
    new_workout_id: str = "workout"
    device_unit: Unit | None = None
    """The weight unit in the device's settings, when the shell could read it."""

    def new_profile(self) -> Profile:
        """A new profile's unit: the device's setting, else the locale's."""
        return Profile(unit=self.device_unit or unit_for_locale(self.locale))

    def asks_unit(self, profile: Profile) -> bool:
        """Onboarding asks "pounds or kilos?" only where both are used and nobody said which."""
        return asks_unit(self.locale) and self.device_unit is None and not profile.unit_said


# --- questions ---------------------------------------------------------------------------------

QUESTIONS = {
    Pending.EQUIPMENT: Phrase.ASK_EQUIPMENT,
    Pending.LEVEL: Phrase.ASK_LEVEL,
    Pending.RESUME: Phrase.RESUME_QUESTION,
    Pending.LIGHTER: Phrase.LIGHTER_QUESTION,
    Pending.PULL_CHECK: Phrase.PULL_CHECK_QUESTION,
    Pending.BACK_CHECK: Phrase.BACK_CHECK_QUESTION,
    Pending.UNIT: Phrase.ASK_UNIT,
}
"""Open questions that an answer in between (advice, exercise info) must not lose."""
ADVICE_AT_ONCE = 2
"""Recommendations said in one answer; the rest wait for "want the rest?"."""


EXAMPLES_AFTER = 2
"""Misunderstandings in a row after which we give examples of what to say."""


def respond(conv: Conversation, event: ev.Event, turn: Turn, *, owned: bool = False) -> Outcome:
    """One turn of the conversation. Never raises for an event out of place: it answers.

    ``conv`` is left as it was: the outcome holds a deep copy. With ``owned``, the caller hands
    over a conversation that nothing else refers to (the shell's, parsed from this request's
    session attributes alone): it becomes the outcome's conversation, changed in place, and the
    copy (about a third of a warm turn) is saved. The caller must not read it afterwards.
    """
    return _count_misheard(_route(conv if owned else conv.model_copy(deep=True), event, turn))


def _count_misheard(out: Outcome) -> Outcome:
    """Count misunderstandings in a row; from the second, examples of what to say here replace
    the question said again. Any understood turn resets the count."""
    conv = out.conversation
    if not out.misheard or out.end_session:
        conv.misheard = 0
        return out
    conv.misheard += 1
    if conv.misheard < EXAMPLES_AFTER:
        return out
    examples = Examples(_where(conv), (conv.profile or Profile()).unit)
    speech, asked = out.speech, out.reprompt
    if asked and speech[-len(asked) :] == asked:
        speech = speech[: -len(asked)]
    out.speech, out.reprompt = [*speech, examples], [examples]
    return out


WHERE_PENDING = {
    Pending.EQUIPMENT: Where.EQUIPMENT,
    Pending.LEVEL: Where.LEVEL,
    Pending.PULL_CHECK: Where.CHECK_IN,
    Pending.BACK_CHECK: Where.CHECK_IN,
    Pending.UNIT: Where.UNIT,
}
WHERE_PHASE = {
    Phase.SETUP: Where.SETUP,
    Phase.FEEDBACK: Where.FEEDBACK,
    Phase.CONFIRM: Where.CONFIRM,
    Phase.PAUSED: Where.PAUSED,
    Phase.WRAP_UP: Where.WRAP_UP,
}


def _where(conv: Conversation) -> Where:
    """Where the person is: the open question, else the workout's phase, else nothing going."""
    if conv.pending is not None:
        return WHERE_PENDING.get(conv.pending, Where.YES_NO)
    if conv.workout is not None and in_workout(conv):
        return WHERE_PHASE.get(conv.workout.phase, Where.YES_NO)
    return Where.IDLE


def _route(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    """Requests that work at any time first (``ANYTIME``), then the answer to an open question,
    then the workout in progress, else the talk outside a workout."""
    event = red_flag_of(event)
    anytime = ANYTIME.get(type(event))
    if anytime is not None:
        return anytime(conv, event, turn)
    if conv.pending is not None:
        return _answer_pending(conv, event, turn)
    if in_workout(conv):
        return _workout_step(conv, event, turn)
    return _idle(conv, event, turn)


RED_FLAG_AREAS = {"chest": ev.Symptom.CHEST_PAIN}
"""Pain in these places is a red flag, whatever was said about it."""


def red_flag_of(event: ev.Event) -> ev.Event:
    """ "My chest hurts" is a red flag, not pain to work around."""
    if isinstance(event, ev.Pain) and event.area in RED_FLAG_AREAS:
        return ev.RedFlag(RED_FLAG_AREAS[event.area])
    return event


def in_workout(conv: Conversation) -> bool:
    """A workout is going: sets are still to come."""
    return conv.workout is not None and conv.workout.phase is not Phase.DONE


def _ctx(conv: Conversation, turn: Turn) -> wk.Context:
    profile = conv.profile or Profile()
    return wk.Context(
        catalog=turn.catalog,
        now=turn.now,
        unit=profile.unit,
        equipment=frozenset(profile.available()),
        done_before=conv.history.done_before,
    )


def _ask(
    conv: Conversation, speech: list[Said], question: Said, pending: Pending | None
) -> Outcome:
    """Say ``speech``, then the question, which is also the reprompt."""
    conv.pending = pending
    return Outcome(conv, [*speech, question], [question])


# --- launch, start, resume ---------------------------------------------------------------------


def _launch(conv: Conversation, turn: Turn) -> Outcome:
    """Close an unfinished workout too old to pick up, then the launch as usual."""
    closed = _close_stale(conv, turn)
    kept: list[Said] = [Phrase.OLD_WORKOUT_KEPT] if closed and closed.session.sets else []
    followed = _follow_device_unit(conv, turn)
    out = _welcome(conv, turn, kept)
    if followed is not None:
        out.effects[:0] = [followed]
    if closed is not None:
        out.effects[:0] = [closed]
    return out


def _follow_device_unit(conv: Conversation, turn: Turn) -> SaveProfile | None:
    """A unit changed in the device's settings is followed, unless the person chose one."""
    profile = conv.profile
    unit = turn.device_unit
    if profile is None or unit is None or profile.unit_said or profile.unit is unit:
        return None
    conv.profile = profile.model_copy(update={"unit": unit})
    return SaveProfile(profile=conv.profile)


def _welcome(conv: Conversation, turn: Turn, kept: list[Said]) -> Outcome:
    """Offer the unfinished workout, set up someone new, or welcome back and offer to start.
    ``kept``: said after the welcome back (an old workout was just closed)."""
    if conv.workout is not None and in_workout(conv):
        w = conv.workout
        unfinished = Unfinished(
            exercise_id=w.current.exercise_id,
            set_number=w.set_number,
            sets=w.current.sets,
            at=w.updated_at or w.started_at,
            now=turn.now,
            partway=wk.partway(w, _ctx(conv, turn)),
        )
        return _ask(conv, [unfinished], Phrase.PICK_IT_UP_QUESTION, Pending.RESUME)
    profile = conv.profile
    if profile is None or not profile.complete:
        return _onboard(conv, turn, [Phrase.WELCOME])
    speech: list[Said] = [Phrase.WELCOME_BACK, *kept]
    checking = _check_in(conv, speech, from_start=False)
    if checking is not None:
        return checking
    return _welcome_back(conv, turn, speech)


def _close_stale(conv: Conversation, turn: Turn) -> EndSession | None:
    """An unfinished workout too old to pick up (``rules.worth_resuming``) is closed as partial:
    its logged sets stay in history, and the day starts afresh. The effect that stores it."""
    w = conv.workout
    if w is None or not in_workout(conv) or worth_resuming(w.updated_at or w.started_at, turn.now):
        return None
    return _close(conv, turn)


def _close(conv: Conversation, turn: Turn) -> EndSession:
    """The workout in progress ends here as a partial session; history learns of it."""
    assert conv.workout is not None
    session = conv.workout.as_session(SessionStatus.PARTIAL, turn.now)
    conv.history = _with_session(conv, session, turn)
    session.programme = conv.history.programme
    conv.workout = None
    return EndSession(session=session)


def _welcome_back(conv: Conversation, turn: Turn, speech: list[Said]) -> Outcome:
    """The usual launch for someone set up: when the last session was; ready to start?"""
    last = conv.history.last_session_at
    if last is not None:
        recovering = planner.too_soon(conv.history, turn.now)
        layoff = planner.layoff_days(conv.history, turn.now) is not None
        speech.append(LastSession(at=last, now=turn.now, recovering=recovering, layoff=layoff))
    return _ask(conv, speech, Phrase.READY_QUESTION, Pending.START)


def _onboard(conv: Conversation, turn: Turn, speech: list[Said]) -> Outcome:
    conv.onboarding = True
    profile = conv.profile or turn.new_profile()
    if not profile.disclaimer_given:
        speech = [*speech, Phrase.INTRODUCTION]
        profile.disclaimer_given = True
        conv.profile = profile
    if not profile.equipment:
        return _ask(conv, speech, Phrase.ASK_EQUIPMENT, Pending.EQUIPMENT)
    return _ask(conv, speech, Phrase.ASK_LEVEL, Pending.LEVEL)


def _start(conv: Conversation, turn: Turn, lighter: bool = False) -> Outcome:
    """Today's session, unless one is going, setup is missing, or it is too soon after the last."""
    closed = _close_stale(conv, turn)
    if closed is not None:
        out = _start(conv, turn, lighter)
        out.effects[:0] = [closed]
        return out
    if conv.workout is not None and in_workout(conv):
        return _resume(conv, turn, [Phrase.ALREADY_GOING])
    profile = conv.profile
    if profile is None or not profile.complete:
        return _onboard(conv, turn, [Phrase.SET_UP_FIRST])
    checking = _check_in(conv, [], from_start=True)
    if checking is not None:
        return checking
    if not lighter and planner.too_soon(conv.history, turn.now):
        hours = planner.hours_since_last(conv.history, turn.now) or 0
        return _ask(conv, [TooSoon(hours)], Phrase.LIGHTER_QUESTION, Pending.LIGHTER)
    _refit(conv, turn)
    session = planner.plan_session(
        turn.catalog, profile, conv.history, lighter=lighter, no_hinges=conv.no_hinges
    )
    if not session.exercises:
        return _ask(conv, [Phrase.NO_EXERCISES], Phrase.ASK_EQUIPMENT, Pending.EQUIPMENT)
    minutes = planner.estimated_minutes(turn.catalog, session.exercises)
    started = wk.start(turn.new_workout_id, session.exercises, lighter, minutes, _ctx(conv, turn))
    conv.workout, conv.pending, conv.onboarding = started.state, None, False
    effects: list[Effect] = [SaveActive(workout=started.state)]
    news = _announce_news(conv, [p.exercise_id for p in session.exercises])
    return Outcome(conv, [*news, *started.say], list(started.reprompt), effects=effects)


def _refit(conv: Conversation, turn: Turn) -> None:
    """The programme fitted to the profile as it is now (kit or level may have changed). The
    first programme is not announced: everything in it is new."""
    if conv.profile is None or not conv.profile.complete:
        return
    had = conv.history.programme
    programme = blocks.fit(
        turn.catalog, conv.profile, conv.history, had, turn.now, {}, announce=bool(had.entries)
    )
    conv.history = conv.history.model_copy(update={"programme": programme})


def _how(entry: Entry) -> ProgrammeChange:
    """What kind of change a not-yet-announced entry is."""
    a = entry.advice
    if entry.replaced is None:
        return ProgrammeChange.JOINS
    if a.switch_to == entry.exercise_id and a.change is Change.HARDER:
        return ProgrammeChange.HARDER
    if a.switch_to == entry.exercise_id and a.change is Change.EASIER:
        return ProgrammeChange.EASIER
    return ProgrammeChange.NEW_BLOCK


def _announce_news(conv: Conversation, planned: list[str]) -> list[Said]:
    """New blocks and new moves in today's plan, said once before the overview."""
    news: list[Said] = []
    entries = []
    for entry in conv.history.programme.entries:
        if not entry.announced and entry.exercise_id in planned:
            news.append(NewBlock(entry.exercise_id, entry.replaced, BLOCK_WEEKS, _how(entry)))
            entry = entry.model_copy(update={"announced": True})
        entries.append(entry)
    programme = conv.history.programme.model_copy(update={"entries": entries})
    conv.history = conv.history.model_copy(update={"programme": programme})
    return news


def _resume(conv: Conversation, turn: Turn, speech: list[Said]) -> Outcome:
    assert conv.workout is not None
    resumed = wk.resume_prompt(conv.workout, _ctx(conv, turn))
    conv.workout, conv.pending = resumed.state, None
    conv.workout.updated_at = turn.now  # picked up: today's again
    return Outcome(conv, [*speech, *resumed.say], list(resumed.reprompt))


# --- answers to the open question --------------------------------------------------------------

Answer = Callable[[Conversation, ev.Event, Turn], Outcome | None]
"""How one open question takes an event: an outcome, or None when the event does not answer it."""

REASK = {
    Pending.RESUME: Phrase.REASK_RESUME,
    Pending.START: Phrase.REASK_START,
    Pending.LIGHTER: Phrase.REASK_LIGHTER,
    Pending.MORE: Phrase.REASK_MORE,
    Pending.DELETE: Phrase.REASK_DELETE,
    Pending.RETRY_SAVE: Phrase.REASK_RETRY_SAVE,
    Pending.PULL_CHECK: Phrase.REASK_PULL_CHECK,
    Pending.BACK_CHECK: Phrase.REASK_BACK_CHECK,
    Pending.UNIT: Phrase.ASK_UNIT,
}
"""The yes/no questions, asked plainly after "help" or a mishearing."""


def _answer_pending(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    """The open question's own answers first; anything else re-asks it or moves on."""
    assert conv.pending is not None
    answered = ANSWERS[conv.pending](conv, event, turn)
    return answered if answered is not None else _not_an_answer(conv, event, turn)


def _not_an_answer(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    """Help or a mishearing re-asks the question; anything else drops it and is handled."""
    pending = conv.pending
    if isinstance(event, ev.Help | ev.Fallback) and pending is not None:
        lead: list[Said] = [Cue.DIDNT_CATCH] if isinstance(event, ev.Fallback) else []
        out = _ask(conv, lead, REASK.get(pending, Phrase.SAY_YES_OR_NO), pending)
        out.misheard = isinstance(event, ev.Fallback)
        return out
    conv.pending = None
    if in_workout(conv):
        return _workout_step(conv, event, turn)
    return _idle(conv, event, turn)


def _answer_resume(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome | None:
    if conv.workout is None:
        return None
    if isinstance(event, ev.Yes | ev.Resume):
        return _resume(conv, turn, [Phrase.PICKING_UP])
    if isinstance(event, ev.No | ev.Next):
        # "Skip" (Alexa's next) to "want to pick it up?" is a no.
        return _abandon(conv, turn)
    if isinstance(event, ev.SetDone | ev.Tired):
        # "I'm done", "I'm tired": not now; it stays saved to pick up another day.
        return _stop(conv, turn)
    if isinstance(
        event,
        ev.Ready | ev.FormCue | ev.Pain | ev.SkipExercise | ev.ChangePace | ev.WorkoutQuestion,
    ):
        # A workout word means yes, and then applies to the set picked up.
        resumed = _resume(conv, turn, [])
        return _workout_step(resumed.conversation, event, turn)
    return None


def _answer_start(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome | None:
    if isinstance(event, ev.Yes | ev.Ready):
        return _start(conv, turn)
    if isinstance(event, ev.No):
        return _goodbye(conv, [Phrase.NOT_NOW])
    if isinstance(event, ev.Tired):
        return _ask(conv, [Phrase.TAKE_IT_EASY], Phrase.LIGHTER_QUESTION, Pending.LIGHTER)
    return None


def _answer_lighter(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome | None:
    if isinstance(event, ev.Yes):
        return _start(conv, turn, lighter=True)
    if isinstance(event, ev.No):
        return _goodbye(conv, [Phrase.REST_IS_TRAINING, *_recovered_by(conv, turn)])
    return None


def _recovered_by(conv: Conversation, turn: Turn) -> list[Said]:
    when = planner.ready_at(conv.history)
    return [] if when is None else [RecoveredBy(at=when, now=turn.now)]


def _answer_delete(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome | None:
    if isinstance(event, ev.Yes):
        out = _goodbye(Conversation(loaded=True), [Phrase.DELETED])
        out.effects.append(DeleteUser())
        return out
    if isinstance(event, ev.No):
        return _then_offer(conv, [Phrase.NOTHING_DELETED], turn)
    return None


def _answer_retry_save(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome | None:
    if isinstance(event, ev.Yes | ev.Resume | ev.Stop):
        # The shell retried the unsaved writes before this turn; if they still fail it asks
        # again, so reaching here means they are stored.
        return _goodbye(conv, [Phrase.SAVED])
    if isinstance(event, ev.No):
        return _goodbye(conv, [Phrase.MAY_BE_LOST])
    return None


def _answer_more(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome | None:
    if isinstance(event, ev.Yes | ev.Next | ev.Resume):
        rest, conv.more = conv.more, []
        return _then_offer(conv, [Advised(tuple(rest))], turn)
    if isinstance(event, ev.No):
        conv.more = []
        return _then_offer(conv, [Phrase.OKAY], turn)
    return None


def _answer_setup_question(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    """Equipment and level are open questions: anything but an answer asks again."""
    pending = conv.pending
    question = Phrase.ASK_EQUIPMENT if pending is Pending.EQUIPMENT else Phrase.ASK_LEVEL
    if isinstance(event, ev.Help):
        why = Phrase.HELP_EQUIPMENT if pending is Pending.EQUIPMENT else Phrase.HELP_LEVEL
        return _ask(conv, [why], question, pending)
    if isinstance(event, ev.No):
        return _goodbye(conv, [Phrase.SET_UP_LATER])
    return _misheard(_ask(conv, [Cue.DIDNT_CATCH], question, pending))


def _misheard(out: Outcome) -> Outcome:
    """Mark a turn that did not understand the person (see ``_count_misheard``)."""
    out.misheard = True
    return out


# --- checking in on last session's hurts, before planning ---------------------------------------


def _check_in(conv: Conversation, speech: list[Said], from_start: bool) -> Outcome | None:
    """After a pull or back pain last time, ask how it is before planning (once a session)."""
    history = conv.history
    if history.pulled is not None and Pending.PULL_CHECK not in conv.checked:
        conv.check_from_start = from_start
        return _ask(conv, speech, Phrase.PULL_CHECK_QUESTION, Pending.PULL_CHECK)
    if history.back_hurt and Pending.BACK_CHECK not in conv.checked:
        conv.check_from_start = from_start
        return _ask(conv, speech, Phrase.BACK_CHECK_QUESTION, Pending.BACK_CHECK)
    return None


def _feels_fine(event: ev.Event, area: str) -> bool | None:
    """True for "yes", "fine", "better"; False for "no", "it still hurts" (there, or with no
    place named); None otherwise (pain somewhere else is not the answer)."""
    if isinstance(event, ev.Yes | ev.FeelsFine | ev.Resume | ev.Ready):
        return True
    if isinstance(event, ev.LogSet) and event.effort in (Effort.EASY, Effort.RIGHT):
        return True  # "fine", "good", "okay" are also how a set can feel
    if isinstance(event, ev.No):
        return False
    if isinstance(event, ev.Pain) and event.area in (None, area) and event.spoken is None:
        return False
    return None


def _carry_on(conv: Conversation, turn: Turn, speech: list[Said]) -> Outcome:
    """After a check-in: the next check-in, else planning (asked on the way to starting) or
    the usual launch."""
    conv.pending = None
    checking = _check_in(conv, speech, from_start=conv.check_from_start)
    if checking is not None:
        return checking
    if conv.check_from_start:
        out = _start(conv, turn)
        out.speech = [*speech, *out.speech]
        return out
    return _welcome_back(conv, turn, speech)


def _answer_pull_check(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome | None:
    fine = _feels_fine(event, "hamstring")
    if fine is None:
        return None
    conv.checked.append(Pending.PULL_CHECK)
    if fine:
        return _carry_on(conv, turn, [Phrase.GLAD_ITS_BETTER])
    return _goodbye(conv, [Phrase.NOT_TODAY_PULL])


def _answer_back_check(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome | None:
    fine = _feels_fine(event, "back")
    if fine is None:
        return None
    conv.checked.append(Pending.BACK_CHECK)
    conv.no_hinges = not fine
    return _carry_on(conv, turn, [Phrase.BACK_IS_FINE if fine else Phrase.NO_HINGES_TODAY])


def _answer_unit(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome | None:
    """ "Pounds" or "kilos" is a ``SetUnit`` (any time); here only help is ours to answer."""
    if isinstance(event, ev.Help):
        return _ask(conv, [Phrase.HELP_UNIT], Phrase.ASK_UNIT, Pending.UNIT)
    return None


ANSWERS: dict[Pending, Answer] = {
    Pending.EQUIPMENT: _answer_setup_question,
    Pending.LEVEL: _answer_setup_question,
    Pending.START: _answer_start,
    Pending.RESUME: _answer_resume,
    Pending.LIGHTER: _answer_lighter,
    Pending.MORE: _answer_more,
    Pending.DELETE: _answer_delete,
    Pending.RETRY_SAVE: _answer_retry_save,
    Pending.PULL_CHECK: _answer_pull_check,
    Pending.BACK_CHECK: _answer_back_check,
    Pending.UNIT: _answer_unit,
}


def _abandon(conv: Conversation, turn: Turn) -> Outcome:
    """Declining a resume closes the old workout as partial; its logged sets stay in history.
    The offer that follows is the one ``_start`` would keep: a new day, or, when the closed
    workout was real work inside the 48 hours, a lighter one, saying why."""
    closed = _close(conv, turn)
    if planner.too_soon(conv.history, turn.now):
        hours = planner.hours_since_last(conv.history, turn.now) or 0
        speech: list[Said] = [Phrase.CLOSED_KEPT, TooSoon(hours)]
        out = _ask(conv, speech, Phrase.LIGHTER_QUESTION, Pending.LIGHTER)
    else:
        out = _ask(conv, [Phrase.CLOSED_KEPT], Phrase.START_NEW_QUESTION, Pending.START)
    out.effects.append(closed)
    return out


def _with_session(conv: Conversation, session: SessionRecord, turn: Turn) -> HistorySummary:
    """History with one more ended session: its hurts, its exercises, its sets in this week's
    report (``now``'s week), the 48-hour clock only when it ``needs_rest``, and then the
    programme moved on by it (after the counts it reads, such as a beginner's build-up)."""
    history, now = conv.history, turn.now
    update: dict[str, Any] = {"last_hurts": list(session.hurts)}
    if session.sets:
        done = sorted({s.exercise_id for s in session.sets})
        update |= {
            "recent_exercises": [done, *history.recent_exercises][:6],
            "week": weekly.with_live(history.week, session.sets, now),
            "last_trained_at": session.last_activity,
            "comfortable_sessions": history.comfortable_sessions + comfortable_sessions([session]),
        }
        if session.needs_rest:
            update["last_session_at"] = session.last_activity
    history = history.model_copy(update=update)
    programme = blocks.after(turn.catalog, conv.profile, history, history.programme, session, now)
    return history.model_copy(update={"programme": programme})


# --- in the workout ----------------------------------------------------------------------------


def _workout_step(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    assert conv.workout is not None
    misfit = _misfit(conv.workout, event)
    # ``respond`` made the conversation this turn's own (or was handed it): so is its workout.
    result = wk.step(conv.workout, event, _ctx(conv, turn), owned=True)
    conv.workout = result.state
    effects: list[Effect] = []
    if result.log is not None:
        effects += [LogSet(record=result.log), SaveActive(workout=result.state)]
    if result.finished:
        status = SessionStatus.PARTIAL if result.partial else SessionStatus.FINISHED
        session = result.state.as_session(status, turn.now)
        conv.history = _with_session(conv, session, turn)
        session.programme = conv.history.programme
        effects.append(EndSession(session=session))
        conv.workout = None
        return Outcome(conv, list(result.say), [], end_session=True, effects=effects)
    out = Outcome(conv, list(result.say), list(result.reprompt), effects=effects)
    out.misheard = misfit
    return out


def _misfit(workout: WorkoutState, event: ev.Event) -> bool:
    """The event means nothing where the workout is (the phase's own fallback takes it), or it
    was a set report in which nothing was heard."""
    if isinstance(event, ev.LogSet) and not event.heard_something:
        return True
    phase = workout.phase
    return phase is not Phase.DONE and wk.handler_for(phase, type(event)) is wk.FALLBACKS[phase]


def _stop(conv: Conversation, turn: Turn) -> Outcome:
    if conv.workout is not None and conv.workout.phase is Phase.WRAP_UP:
        # "Stop" to "want to finish here?" finishes: the workout's own answer.
        conv.pending = None
        return _workout_step(conv, ev.Stop(), turn)
    if conv.workout is not None and in_workout(conv):
        counted = wk.counted_unlogged(conv.workout)
        # A side counted between the turns of a set is kept for the resume, never dropped.
        partway = wk.partway(conv.workout, _ctx(conv, turn))
        stopped = Stopped(logged=len(conv.workout.logged), counted=counted, partway=partway)
        out = _goodbye(conv, [stopped])
        out.effects.append(SaveActive(workout=conv.workout))
        return out
    return _goodbye(conv, [Phrase.TRAIN_WELL])


def _red_flag(conv: Conversation, event: ev.RedFlag, turn: Turn) -> Outcome:
    """A red flag pre-empts everything: the workout closes as partial (what was logged is kept),
    we say plainly to get medical help, and offer nothing more."""
    conv.pending, conv.more = None, []
    if in_workout(conv):
        return _workout_step(conv, event, turn)
    return _goodbye(conv, [RedFlagStop(event.symptom, saved=False)])


def _session_ended(conv: Conversation) -> Outcome:
    """Alexa closed the session (timeout, error, user left): keep the workout to resume it."""
    effects: list[Effect] = []
    if conv.workout is not None and in_workout(conv):
        effects.append(SaveActive(workout=conv.workout))
    return Outcome(conv, [], [], end_session=True, effects=effects)


def _goodbye(conv: Conversation, speech: list[Said]) -> Outcome:
    conv.pending = None
    return Outcome(conv, speech, [], end_session=True)


def _repeat(conv: Conversation, turn: Turn) -> Outcome:
    """The shell replays its own copy of what was last said (``Outcome.again``); it asks here
    only when it has none yet: mid-workout that is where we are, else a request for help."""
    if in_workout(conv):
        return _then_offer(conv, [], turn)
    return _idle(conv, ev.Help(), turn)


# --- profile -----------------------------------------------------------------------------------


def _ask_equipment(conv: Conversation, event: ev.AskEquipment, turn: Turn) -> Outcome:
    return _ask(conv, [Phrase.SURE], Phrase.ASK_EQUIPMENT, Pending.EQUIPMENT)


def _ask_level(conv: Conversation, event: ev.AskLevel, turn: Turn) -> Outcome:
    return _ask(conv, [Phrase.SURE], Phrase.ASK_LEVEL, Pending.LEVEL)


def _set_equipment(conv: Conversation, event: ev.SetEquipment, turn: Turn) -> Outcome:
    """Keep the equipment we know and say what we don't; with none known, ask again, saying
    what wasn't known."""
    unknown = tuple(dict.fromkeys(event.unknown))
    if not event.equipment:
        speech: list[Said] = (
            [UnknownEquipment(unknown, kept=False)] if unknown else [Phrase.DIDNT_CATCH_EQUIPMENT]
        )
        return _misheard(_ask(conv, speech, Phrase.ASK_EQUIPMENT, Pending.EQUIPMENT))
    profile = _profile_copy(conv, turn)
    profile.equipment = list(dict.fromkeys(event.equipment))
    speech = [GotEquipment(tuple(profile.equipment))]
    if unknown:
        speech.append(UnknownEquipment(unknown, kept=True))
    return _profile_saved(conv, profile, speech, turn)


def _set_level(conv: Conversation, event: ev.SetLevel, turn: Turn) -> Outcome:
    if event.level is None:
        return _misheard(_ask(conv, [Cue.DIDNT_CATCH], Phrase.ASK_LEVEL, Pending.LEVEL))
    profile = _profile_copy(conv, turn)
    profile.level = event.level
    return _profile_saved(conv, profile, [GotLevel(event.level)], turn)


def _set_unit(conv: Conversation, event: ev.SetUnit, turn: Turn) -> Outcome:
    """A unit the person says wins over the device and the locale, from this turn on."""
    if event.unit is None:
        if conv.pending is Pending.UNIT:
            return _misheard(_ask(conv, [Cue.DIDNT_CATCH], Phrase.ASK_UNIT, Pending.UNIT))
        return _then_offer(conv, [Cue.DIDNT_CATCH], turn)
    profile = _profile_copy(conv, turn)
    profile.unit, profile.unit_said = event.unit, True
    if conv.pending is Pending.UNIT or (conv.onboarding and not profile.complete):
        conv.pending = None
        return _profile_saved(conv, profile, [GotUnit(event.unit)], turn)
    conv.profile = profile
    out = _then_offer(conv, [GotUnit(event.unit)], turn)
    out.effects[:0] = [SaveProfile(profile=profile)]
    return out


def _profile_copy(conv: Conversation, turn: Turn) -> Profile:
    """The profile to change (a new one in the device's or locale's unit), never the caller's."""
    return (conv.profile or turn.new_profile()).model_copy(deep=True)


def _profile_saved(conv: Conversation, profile: Profile, speech: list[Said], turn: Turn) -> Outcome:
    """Store the change first, then carry on from it."""
    conv.profile = profile
    out = _after_profile(conv, profile, speech, turn)
    out.effects[:0] = [SaveProfile(profile=profile)]
    return out


def _after_profile(conv: Conversation, profile: Profile, speech: list[Said], turn: Turn) -> Outcome:
    """The next missing setup question, today's plan when onboarding, or back to what we were
    doing."""
    if not profile.equipment:
        return _ask(conv, speech, Phrase.ASK_EQUIPMENT, Pending.EQUIPMENT)
    if profile.level is None:
        return _ask(conv, speech, Phrase.ASK_LEVEL, Pending.LEVEL)
    if conv.onboarding and turn.asks_unit(profile):
        return _ask(conv, speech, Phrase.ASK_UNIT, Pending.UNIT)
    if conv.onboarding:
        out = _start(conv, turn)
        out.speech = [*speech, Phrase.ALL_SET, *out.speech]
        return out
    if in_workout(conv):
        conv.pending = None
        return _then_offer(conv, [*speech, Phrase.PLAN_FROM_NEXT_SESSION], turn)
    speech = [*speech, Phrase.PLAN_FROM_NOW]
    return _ask(conv, speech, Phrase.START_NOW_QUESTION, Pending.START)


def _exercise_info(conv: Conversation, event: ev.ExerciseInfo, turn: Turn) -> Outcome:
    if event.spoken is not None:
        return _then_offer(conv, [UnknownExercise(event.spoken), Phrase.ASK_ABOUT_MOVES], turn)
    if event.exercise_id is None or event.exercise_id not in turn.catalog:
        return _then_offer(conv, [Phrase.UNKNOWN_EXERCISE], turn)
    return _then_offer(conv, [AboutExercise(event.exercise_id)], turn)


def _then_offer(conv: Conversation, speech: list[Said], turn: Turn) -> Outcome:
    """After an answer: back to the set in progress, the open question, or an offer to train."""
    pending = conv.pending
    if pending in QUESTIONS and not (pending is Pending.START and in_workout(conv)):
        return _ask(conv, speech, QUESTIONS[pending], pending)
    if in_workout(conv):
        assert conv.workout is not None
        conv.pending = None
        cont = wk.continue_prompt(conv.workout, _ctx(conv, turn))
        return Outcome(conv, [*speech, *cont], list(cont))
    return _ask(conv, speech, Phrase.START_QUESTION, Pending.START)


# Journey three: what to increase, how the week looks, what was done, how much to lift. Each
# question drops advice still waiting for "want the rest?".


def _ask_progress(conv: Conversation, event: ev.AskProgress, turn: Turn) -> Outcome:
    """The first recommendations and the week's top fix; the rest wait for "want the rest?"."""
    conv.more = []
    real = [a for a in _programme_now(conv, turn).advice if worth_saying(a)]
    if not real:
        nothing = Phrase.NO_SETS_TODAY_YET if in_workout(conv) else Phrase.NO_SETS_YET
        return _then_offer(conv, [nothing], turn)
    first, rest = real[:ADVICE_AT_ONCE], real[ADVICE_AT_ONCE:]
    week, upcoming = _live_week(conv, turn), _upcoming_sets(conv, turn)
    answer = ProgressAnswer(tuple(first), week, turn.now, upcoming, _rest_clock(conv, turn))
    if rest:
        conv.more = rest
        return _ask(conv, [answer], Phrase.HEAR_THE_REST, Pending.MORE)
    return _then_offer(conv, [answer], turn)


def _ask_week(conv: Conversation, event: ev.AskWeek, turn: Turn) -> Outcome:
    """This week so far, or ("how did I do last week") the previous calendar week."""
    conv.more = []
    if event.last:
        return _then_offer(conv, [LastWeekAnswer(conv.history.last_week, turn.now)], turn)
    week, upcoming = _live_week(conv, turn), _upcoming_sets(conv, turn)
    answer = WeekAnswer(week, turn.now, upcoming, _rest_clock(conv, turn))
    return _then_offer(conv, [answer], turn)


def rest_runs_from(conv: Conversation, now: datetime) -> datetime | None:
    """Where the next session's 48 hours run from, for a reminder: the last session that needs
    rest, or now while a workout is under way (it is meant to be finished), as the week's
    answer counts it (``weekly.RestClock.under_way``)."""
    last = conv.history.last_session_at
    if in_workout(conv):
        return max(last, now) if last else now
    return last


def _rest_clock(conv: Conversation, turn: Turn) -> weekly.RestClock:
    """Where the 48 hours run from, as ``planner.too_soon`` counts them: the last session that
    needs rest, or the workout in progress once it does (a set or two starts no clock)."""
    since = conv.history.last_session_at
    w = conv.workout
    under_way = w is not None and in_workout(conv)
    if w is not None and under_way and w.logged:
        live = w.as_session(SessionStatus.PARTIAL, turn.now)
        if live.needs_rest:
            since = max(since, live.last_activity) if since else live.last_activity
    return weekly.RestClock(since, under_way=under_way)


def _ask_last_time(conv: Conversation, event: ev.AskLastTime, turn: Turn) -> Outcome:
    conv.more = []
    if event.spoken is not None:
        return _then_offer(conv, [UnknownExercise(event.spoken), Phrase.ASK_ABOUT_MOVES], turn)
    history = conv.history
    exercise = _logged_variation(event.exercise_id, history, turn.catalog)
    answer = LastTimeAnswer(tuple(history.last_times), exercise, turn.now)
    return _then_offer(conv, [answer], turn)


def _ask_load(conv: Conversation, event: ev.AskLoad, turn: Turn) -> Outcome:
    conv.more = []
    history, catalog = conv.history, turn.catalog
    if event.spoken is not None:
        return _then_offer(conv, [UnknownExercise(event.spoken), Phrase.WHICH_EXERCISE], turn)
    if event.exercise_id is None or event.exercise_id not in catalog:
        return _then_offer(conv, [Phrase.WHICH_EXERCISE], turn)
    programme = _programme_now(conv, turn)
    entry = programme.entry_for(event.exercise_id)
    if entry is None:
        exercise = _logged_variation(event.exercise_id, history, catalog) or event.exercise_id
        entry = programme.entry_for(exercise)
    else:
        exercise = event.exercise_id
    unit = (conv.profile or Profile()).unit
    advice = entry.advice if entry is not None else None
    last = history.last_time(exercise) if advice is None else None
    slots = catalog.get(exercise).slots
    instead = next((e for e in programme.entries if e.slot in slots), None)
    if advice is not None or last is not None or instead is None:
        return _then_offer(conv, [LoadAnswer(exercise, advice, unit, last)], turn)
    answer = LoadAnswer(exercise, None, unit, None, instead.exercise_id, instead.advice)
    return _then_offer(conv, [answer], turn)


def _programme_now(conv: Conversation, turn: Turn) -> Programme:
    """The programme with the workout in progress counted: "next week" includes today."""
    w = conv.workout
    if w is None or not (w.logged or w.pain):
        return conv.history.programme
    today = w.as_session(SessionStatus.PARTIAL, turn.now)
    # The week with today's sets: the next session's plan sees them (``plan.planned_sets``).
    history = conv.history.model_copy(update={"week": _live_week(conv, turn)})
    return blocks.after(turn.catalog, conv.profile, history, history.programme, today, turn.now)


def worth_saying(a: Advice) -> bool:
    """A plain first go has nothing to advise; a new block's start does."""
    return a.change is not Change.START or a.reason is Reason.NEW_BLOCK


def _live_week(conv: Conversation, turn: Turn) -> WeekReport | None:
    """This week so far, with the sets of the workout in progress."""
    live = conv.workout.logged if conv.workout is not None else []
    return weekly.with_live(conv.history.week, live, turn.now)


def _upcoming_sets(conv: Conversation, turn: Turn) -> int | None:
    """Sets still to come: the rest of the workout in progress, or the plan the next start
    would make (the planner is pure, so this is exactly what would be coached)."""
    w = conv.workout
    if w is not None and in_workout(conv):
        left = w.plan[w.exercise_index :]
        done_here = sum(1 for r in w.logged if r.exercise_index == w.exercise_index)
        return max(0, sum(p.sets for p in left) - done_here)
    if conv.profile is None or not conv.profile.complete:
        return None
    # The next session the weekly check names is after the 48 hours that count (a set or two,
    # then stopped, starts none: planner.too_soon agrees), so it is a full one.
    return planner.plan_session(turn.catalog, conv.profile, conv.history).total_sets


def _logged_variation(
    exercise_id: str | None, history: HistorySummary, catalog: Catalog
) -> str | None:
    """The exercise asked about, or the variation of it they actually logged most recently."""
    if exercise_id is None or exercise_id not in catalog:
        return None
    variations = catalog.variations(exercise_id)
    done = [t for t in history.last_times if t.exercise_id in variations]
    if not done or any(t.exercise_id == exercise_id for t in done):
        return exercise_id
    return max(done, key=lambda t: t.at).exercise_id


# --- outside a workout -------------------------------------------------------------------------


def _idle(conv: Conversation, event: ev.Event, turn: Turn) -> Outcome:
    if isinstance(event, ev.Yes | ev.Ready | ev.Resume):
        return _start(conv, turn)
    if isinstance(event, ev.No):
        return _goodbye(conv, [Phrase.COME_BACK])
    if isinstance(event, ev.Help):
        return _ask(conv, [Phrase.IDLE_HELP], Phrase.START_QUESTION, Pending.START)
    if isinstance(event, ev.Pain):
        return _pain_outside_workout(conv, event)
    if isinstance(event, ev.SetDone):
        return _stop(conv, turn)  # "I'm done" with no workout going: goodbye
    if isinstance(event, ev.Tired):
        return _ask(conv, [Phrase.TAKE_IT_EASY], Phrase.LIGHTER_QUESTION, Pending.LIGHTER)
    lead = Cue.DIDNT_CATCH if isinstance(event, ev.Fallback) else Phrase.NO_WORKOUT
    return _misheard(_ask(conv, [lead], Phrase.SAY_START, None))


def _pain_outside_workout(conv: Conversation, event: ev.Pain) -> Outcome:
    if event.kind is PainKind.PULL:
        return _goodbye(conv, [Phrase.PULL_OUTSIDE_WORKOUT])
    if event.kind is PainKind.SORE and event.area in wk.SORE_IS_NORMAL:
        return _ask(conv, [Phrase.SORE_IS_NORMAL], Phrase.START_QUESTION, Pending.START)
    return _goodbye(conv, [Phrase.PAIN_OUTSIDE_WORKOUT])


# --- requests that work at any time ------------------------------------------------------------


def _start_asked(conv: Conversation, event: ev.StartWorkout, turn: Turn) -> Outcome:
    """Asking to start answers any open question."""
    conv.pending = None
    return _start(conv, turn)


def _confirm_delete(conv: Conversation, event: ev.DeleteData, turn: Turn) -> Outcome:
    return _ask(conv, [Phrase.DELETE_WARNING], Phrase.DELETE_QUESTION, Pending.DELETE)


Route = Callable[[Conversation, Any, Turn], Outcome]
"""Handles one event type; the table key guarantees the event's type."""

ANYTIME: dict[type[ev.Event], Route] = {
    ev.SessionEnded: lambda conv, event, turn: _session_ended(conv),
    ev.Stop: lambda conv, event, turn: _stop(conv, turn),
    ev.RedFlag: _red_flag,
    ev.Repeat: lambda conv, event, turn: _repeat(conv, turn),
    ev.Launch: lambda conv, event, turn: _launch(conv, turn),
    ev.StartWorkout: _start_asked,
    ev.SetEquipment: _set_equipment,
    ev.AskEquipment: _ask_equipment,
    ev.SetLevel: _set_level,
    ev.AskLevel: _ask_level,
    ev.SetUnit: _set_unit,
    ev.ExerciseInfo: _exercise_info,
    ev.AskProgress: _ask_progress,
    ev.AskLastTime: _ask_last_time,
    ev.AskWeek: _ask_week,
    ev.AskLoad: _ask_load,
    ev.DeleteData: _confirm_delete,
}
"""Events that mean the same whatever is open: stop, launch, setup, advice, exercise info."""


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
