"""The guided workout as a pure state machine over serializable models.

state + event -> new state + what to say, as typed lines (skill.core.lines) that
skill.speech.workout words. One (phase, event type) table holds every transition. No I/O, no
ask-sdk, no sentences: the shells feed events in and apply the effects that come out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, Field

from skill.core import events as ev
from skill.core import lines as ln
from skill.core.catalog import Catalog, Exercise, LoadType, Slot
from skill.core.effort import Effort
from skill.core.history import Hurt, PainKind, SessionRecord, SessionStatus, SetRecord
from skill.core.lines import Cue, Lead, Line
from skill.core.loads import convert, lighter_load, next_load, rep_top, reps_at
from skill.core.model import Model, new_list
from skill.core.plan import PlannedExercise as PlannedExercise  # its home; re-exported for tests
from skill.core.profile import Equipment, Unit
from skill.core.rules import (
    EASY_AGAIN_REP_STEP,
    EASY_REP_STEP,
    EASY_RESERVE,
    FIRST_GO_STEP,
    REP_MIN,
    SAME_DAY_REP_CUT,
    load_is_surprising,
    rep_range,
    reps_are_surprising,
    target_reps,
)
from skill.core.tempo import combined, count_parts, lowering_seconds, scaled
from skill.core.value import Value


class Phase(StrEnum):
    SETUP = "setup"
    """A set is announced; waiting for "ready"."""
    FEEDBACK = "feedback"
    """A set was counted; waiting for how it felt (and optional reps and load)."""
    CONFIRM = "confirm"
    """A reported number was far from the plan; it is read back before anything is logged."""
    PAUSED = "paused"
    PAIN = "pain"
    """An exercise was stopped for pain; offering the easier variation or moving on."""
    SKIP_SET = "skip_set"
    """ "Next" or "skip" before a set: asking "Skip set two?" before anything moves."""
    WRAP_UP = "wrap_up"
    """ "I'm tired": offering to finish here or do one last, lighter set."""
    DONE = "done"


class SetDraft(Model):
    """A set heard in part, held while we ask for the missing piece (effort, or the weight)."""

    reps: int
    load: float | None = None
    unit: Unit | None = None
    effort: Effort | None = None


class Check(StrEnum):
    """Which number of a set report is being read back."""

    REPS = "reps"
    LOAD = "load"


class Report(Model):
    """A set report as it was said, held in the CONFIRM phase while one number is read back."""

    reps: int | None = None
    load: float | None = None
    unit: Unit | None = None
    effort: Effort | None = None
    check: Check
    sure: list[Check] = Field(default_factory=new_list)
    """Numbers of this report already confirmed (both can be far off: each is asked once)."""
    denied: bool = False
    """The read-back was wrong: we asked for the number again and are waiting for it."""

    def event(self) -> ev.LogSet:
        return ev.LogSet(effort=self.effort, reps=self.reps, load=self.load, unit=self.unit)

    def number(self) -> float | None:
        return self.reps if self.check is Check.REPS else self.load


class WorkoutState(Model):
    workout_id: str
    started_at: AwareDatetime
    plan: list[PlannedExercise] = Field(min_length=1)
    lighter: bool = False
    exercise_index: int = 0
    set_number: int = 1
    phase: Phase = Phase.SETUP
    paused_from: Phase | None = None
    tempo_scale: float = 1.0
    count_part: int = 0
    """Turns of the current set already counted (a set counted side by side, or in runs)."""
    setup_given: bool = False
    """Whether this exercise's setup cues were spoken (only before its first set)."""
    logged: list[SetRecord] = Field(default_factory=new_list)
    pain_reports: int = 0
    skipped: list[str] = Field(default_factory=new_list)
    pain: list[str] = Field(default_factory=new_list)
    """Exercises stopped because something hurt."""
    hurts: list[Hurt] = Field(default_factory=new_list)
    """What hurt and how (the next launch checks in on a pull or the back)."""
    load_asked: list[int] = Field(default_factory=new_list)
    """Exercise indexes whose weight we already asked for (we ask once, then remember)."""
    cue_cursor: int = 0
    draft: SetDraft | None = None
    checking: Report | None = None
    """In the CONFIRM phase: the report whose surprising number is being read back."""
    pain_offer: str | None = None
    """In the PAIN phase: the easier exercise id offered, or None when offering to move on."""
    wrap_from: Phase | None = None
    """In the WRAP_UP phase: the phase the offer was made from (FEEDBACK: a set was counted)."""
    updated_at: AwareDatetime | None = None

    @property
    def current(self) -> PlannedExercise:
        return self.plan[min(self.exercise_index, len(self.plan) - 1)]

    def as_session(
        self, status: SessionStatus = SessionStatus.ACTIVE, ended_at: datetime | None = None
    ) -> SessionRecord:
        """This workout as a history record (the stores keep its sets apart, keyed)."""
        return SessionRecord(
            workout_id=self.workout_id,
            started_at=self.started_at,
            ended_at=ended_at,
            status=status,
            lighter=self.lighter,
            exercise_ids=[p.exercise_id for p in self.plan],
            sets=self.logged if status is not SessionStatus.ACTIVE else [],
            pain=self.pain,
            hurts=self.hurts,
        )


# --- results -----------------------------------------------------------------------------------

MAX_REPS = 60
MAX_LOAD = {Unit.LB: 1000.0, Unit.KG: 450.0}
MAX_PAIN_REPORTS = 2
SORE_IS_NORMAL = (None, "hamstring", "glute", "calf")
"""Where soreness after training is ordinary muscle soreness (not joints, not the back)."""
LOAD_KIT = {
    LoadType.BARBELL: Equipment.BARBELL,
    LoadType.DUMBBELL: Equipment.DUMBBELLS,
    LoadType.KETTLEBELL: Equipment.KETTLEBELL,
    LoadType.MACHINE: Equipment.MACHINES,
    LoadType.BAND: Equipment.BANDS,
}


@dataclass
class Step:
    """The result of one event: the new state, what to say (typed lines; skill.speech.workout
    words them), and what must be stored."""

    state: WorkoutState
    say: list[Line]
    reprompt: list[Line]
    """Empty when nothing is awaited (the workout finished)."""
    log: SetRecord | None = None
    finished: bool = False
    partial: bool = False
    """Finished early (a pull): the session is saved as partial, not finished."""


class Context(Value):
    catalog: Catalog
    now: datetime
    unit: Unit
    equipment: frozenset[Equipment]
    done_before: frozenset[str] = frozenset()
    """Exercises the person has logged before: their setup is the short one."""


Handler = Callable[[WorkoutState, Any, Context], Step]
"""Handles one event type in one phase; the table key guarantees the event's type."""


def exercise_of(state: WorkoutState, catalog: Catalog) -> Exercise:
    return catalog.get(state.current.exercise_id)


def start(
    workout_id: str, plan: list[PlannedExercise], lighter: bool, minutes: int, ctx: Context
) -> Step:
    """A fresh workout: the overview in one breath, then the first exercise's setup."""
    state = WorkoutState(workout_id=workout_id, started_at=ctx.now, plan=plan, lighter=lighter)
    said: list[Line] = [Cue.LIGHTER] if lighter else []
    said.append(ln.Overview(tuple(p.exercise_id for p in plan), sum(p.sets for p in plan), minutes))
    return _announce(state, ctx, said, lead=Lead.FIRST)


def resume_prompt(state: WorkoutState, ctx: Context) -> Step:
    """Where a saved workout picks up: the current set is announced afresh."""
    state = state.model_copy(deep=True)
    if state.phase is Phase.PAUSED:
        state.phase = state.paused_from or Phase.SETUP
        state.paused_from = None
    if state.phase is Phase.WRAP_UP:
        # An offer made in another session is not waiting any more: back to where it was made.
        state.phase, state.wrap_from = state.wrap_from or Phase.SETUP, None
    if state.phase is Phase.SKIP_SET:
        state.phase = Phase.SETUP
    if state.phase is Phase.PAIN:
        return Step(state, _pain_question(state, ctx), _pain_question(state, ctx))
    if state.phase is Phase.CONFIRM and state.checking is not None:
        # Nothing was logged yet: the number is read back again, not lost.
        counted = ln.Counted(state.current.exercise_id, state.set_number)
        return Step(state, [counted, _check_question(state, ctx)], continue_prompt(state, ctx))
    if state.phase is Phase.FEEDBACK:
        # A counted set (maybe half reported) is never thrown away: finish reporting it.
        done = ln.Counted(state.current.exercise_id, state.set_number)
        ask: list[Line] = continue_prompt(state, ctx) if state.draft else [Cue.FEEL_OR_GO_ON]
        return Step(state, [done, *ask], ask)
    state.phase = Phase.SETUP
    state.draft = None
    kept = partway(state, ctx)
    if kept is not None:
        # Stopped between a set's turns: the counted side (or run) stands; on with the rest.
        between = _next_part(state, ctx)
        return Step(state, [kept, *between], between)
    return _announce(state, ctx, [], lead=Lead.NONE, again=True)


def step(state: WorkoutState, event: ev.Event, ctx: Context, *, owned: bool = False) -> Step:
    """Apply one event. Events that make no sense in a phase get a hint, never a crash.

    ``state`` is left as it was (the step works on a deep copy), unless ``owned``: a caller
    holding the only reference to it (the conversation, on its own copy) hands it over to be
    changed in place, and must not read it afterwards."""
    if not owned:
        state = state.model_copy(deep=True)
    state.updated_at = ctx.now
    return handler_for(state.phase, type(event))(state, event, ctx)


def handler_for(phase: Phase, event_type: type[ev.Event]) -> Handler:
    """This phase's own transition, else the any-phase one, else the phase's fallback."""
    return (
        TRANSITIONS.get((phase, event_type))
        or TRANSITIONS.get((None, event_type))
        or FALLBACKS[phase]
    )


def continue_prompt(state: WorkoutState, ctx: Context) -> list[Line]:
    """The offer to carry on from exactly where the person was."""
    if state.phase is Phase.PAUSED:
        return [Cue.SAY_RESUME]
    if state.phase is Phase.FEEDBACK:
        if state.draft and state.draft.effort is not None:
            return [_ask_load(state, ctx)]
        return [Cue.HOW_DID_SET_FEEL if state.draft else Cue.READY_OR_FEEL]
    if state.phase is Phase.PAIN:
        return _pain_question(state, ctx)
    if state.phase is Phase.CONFIRM and state.checking is not None:
        return [_check_question(state, ctx, hint=True)]
    if state.phase is Phase.SKIP_SET:
        return [ln.SkipSetQuestion(state.set_number, hint=True)]
    if state.phase is Phase.WRAP_UP:
        return [_wrap_up_question(state, ctx)]
    if state.phase is Phase.DONE:
        return []
    if state.count_part:
        return _next_part(state, ctx)
    return [ln.ReadyFor(state.set_number)]


# --- handlers: before a set (SETUP) ------------------------------------------------------------


def _count(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    return _count_set(state, ctx, again=False)


def _nothing_to_log(state: WorkoutState, event: ev.LogSet, ctx: Context) -> Step:
    """A report before the set was counted; between its turns, the rest of it comes first."""
    if state.count_part:
        return _say(state, [], continue_prompt(state, ctx), prompt=True)
    return _say(state, [ln.NothingToLog(state.set_number - 1)], continue_prompt(state, ctx))


def _no_rush(state: WorkoutState, event: ev.No, ctx: Context) -> Step:
    return _say(state, [Cue.NO_RUSH], continue_prompt(state, ctx), prompt=True)


# --- handlers: after a counted set (FEEDBACK) --------------------------------------------------


def _log_as_heard(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """ "Next", or "skip" to the weight question: log the set with what we have."""
    return _log(state, ev.LogSet(), ctx)


def _ready_after_set(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """ "Ready" or "resume" after a counted set moves on, never recounts it: a set half reported
    is logged as heard; one not reported at all is logged as planned, and we say so."""
    if state.draft:
        return _log_as_heard(state, event, ctx)
    record, said = _log_as_planned(state, ctx)
    step_ = _advance(state, ctx, said, rest=True)
    step_.log = record
    return step_


def _no_after_set(state: WorkoutState, event: ev.No, ctx: Context) -> Step:
    """ "No" to the weight or effort question logs the set as heard."""
    return _log_as_heard(state, event, ctx) if state.draft else _fallback(state, event, ctx)


def _skip_after_set(state: WorkoutState, event: ev.SkipExercise, ctx: Context) -> Step:
    """ "Skip" answers the weight question: the counted set is logged without a weight. Asked
    nothing, it skips the exercise, logging the set just counted first (as planned)."""
    if state.draft:
        return _log_as_heard(state, event, ctx)
    record, said = _log_as_planned(state, ctx)
    step_ = _skip_with(state, ctx, said)
    step_.log = record
    return step_


def _log_as_planned(state: WorkoutState, ctx: Context) -> tuple[SetRecord, list[Line]]:
    """The counted set nobody reported, kept at its target: the planned reps and weight, effort
    unknown (progression reads that as neither easy nor hard). What to say about it."""
    record = _record(state, _heard(state, ev.LogSet(), ctx), ctx)
    _keep(state, record)
    return record, [ln.LoggedAsPlanned(record.reps, record.load, record.unit or ctx.unit)]


# --- handlers: "I'm done", "skip set two?", "I'm tired" ----------------------------------------


def _done_on_own(state: WorkoutState, event: ev.SetDone, ctx: Context) -> Step:
    """ "I'm done" before the count: they did the set at their own pace. Ask how it felt."""
    state.phase, state.draft, state.checking = Phase.FEEDBACK, None, None
    state.count_part = 0
    said: list[Line] = [ln.DoneOnOwn(state.set_number), Cue.HOW_DID_THAT_FEEL]
    return Step(state, said, [ln.FeelReprompt(ctx.unit)])


def _set_done_after_set(state: WorkoutState, event: ev.SetDone, ctx: Context) -> Step:
    """ "I'm done" after a counted set means the set, never the workout: a half-heard report is
    logged as heard; otherwise we ask how it felt ("next" logs it as planned)."""
    if state.draft:
        return _log_as_heard(state, event, ctx)
    return Step(state, [Cue.SET_DONE_FEEL], [ln.FeelReprompt(ctx.unit)])


def _ask_skip_set(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """ "Next" or "skip" at "say ready": skip this set? Nothing is counted or moved yet."""
    state.phase = Phase.SKIP_SET
    said: list[Line] = [ln.SkipSetQuestion(state.set_number)]
    return Step(state, said, continue_prompt(state, ctx))


def _skip_set(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """Yes: the set is left out (not logged); on to the next set, exercise or the summary."""
    state.phase = Phase.SETUP
    return _advance(state, ctx, [ln.SkippedSet(state.set_number)], rest=False)


def _keep_set(state: WorkoutState, event: ev.No, ctx: Context) -> Step:
    state.phase = Phase.SETUP
    return _say(state, [Cue.DO_IT], continue_prompt(state, ctx), prompt=True)


def _after_this_set(state: WorkoutState) -> tuple[int, int] | None:
    """(exercise index, set number) of the set after the current one; None after the last."""
    if state.set_number < state.current.sets:
        return state.exercise_index, state.set_number + 1
    if state.exercise_index + 1 < len(state.plan):
        return state.exercise_index + 1, 1
    return None


def counted_unlogged(state: WorkoutState) -> bool:
    """Whether the current set was counted (or done on their own) and not yet logged."""
    phase = state.phase
    if phase is Phase.PAUSED:
        phase = state.paused_from or Phase.SETUP
    elif phase is Phase.WRAP_UP:
        phase = state.wrap_from or Phase.SETUP
    return phase in (Phase.FEEDBACK, Phase.CONFIRM)


def partway(state: WorkoutState, ctx: Context) -> ln.Partway | None:
    """Part of the current set already counted (one side, or a run of reps), which a stop keeps
    for a resume to finish; None when the set is not partway through."""
    phase = state.phase
    if phase is Phase.PAUSED:
        phase = state.paused_from or Phase.SETUP
    elif phase is Phase.WRAP_UP:
        phase = state.wrap_from or Phase.SETUP
    if phase not in (Phase.SETUP, Phase.SKIP_SET) or not state.count_part:
        return None
    p = state.current
    parts = count_parts(exercise_of(state, ctx.catalog), p.target_reps, _tempo(state))
    done = parts[min(state.count_part, len(parts)) - 1]
    following = parts[min(state.count_part, len(parts) - 1)]
    side = following.side != done.side
    return ln.Partway(p.exercise_id, state.set_number, side, done.last)


def _tired(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """ "I'm tired": finish here, or one last lighter set? After the workout's very last set
    there is nothing to cut: we only ask how it went."""
    if state.phase is Phase.PAUSED:
        state.phase, state.paused_from = state.paused_from or Phase.SETUP, None
    if state.phase is Phase.SKIP_SET:
        state.phase = Phase.SETUP
    if state.phase is Phase.FEEDBACK and _after_this_set(state) is None:
        return _say(state, [Cue.LAST_SET_ANYWAY], continue_prompt(state, ctx), prompt=True)
    state.wrap_from, state.phase = state.phase, Phase.WRAP_UP
    # "One more" or "go lighter" out of the blue only gets the question: nobody said tired.
    lead: list[Line] = [Cue.TIRED] if isinstance(event, ev.Tired) else []
    question = _wrap_up_question(state, ctx)
    return Step(state, [*lead, question], [question])


def _wrap_up_question(state: WorkoutState, ctx: Context) -> Cue:
    """Between the sides of a set, "one more" evens up the sides rather than starting over."""
    side = partway(state, ctx)
    return Cue.FINISH_OR_OTHER_SIDE if side is not None and side.side else Cue.FINISH_OR_ONE_MORE


def _other_side_last(state: WorkoutState, ctx: Context) -> Step:
    """ "One more" between the sides: the other side finishes this set, the day's last; the
    side already counted is kept, so the set is logged once, whole."""
    state.wrap_from, state.phase = None, Phase.SETUP
    state.skipped += [p.exercise_id for p in state.plan[state.exercise_index + 1 :]]
    state.plan = state.plan[: state.exercise_index + 1]
    state.current.sets = state.set_number
    between = _next_part(state, ctx)
    return Step(state, [Cue.LAST_SIDE, *between], between)


def _bank_counted(state: WorkoutState, ctx: Context) -> SetRecord | None:
    """Wrapping up after a counted set: it is logged as heard, as hard unless they said how it
    felt (they just told us they are tired)."""
    counted = counted_unlogged(state)
    state.wrap_from = None
    if not counted:
        return None
    heard = _heard(state, ev.LogSet(), ctx)
    if heard.effort is None:
        heard = _Heard(heard.reps, heard.load, heard.unit, Effort.HARD)
    record = _record(state, heard, ctx)
    _keep(state, record)
    return record


def _finish_here(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """Finish now: the counted set is kept, the rest of the plan is left, the summary said.
    Saved as partial: the plan was not done."""
    side = partway(state, ctx)
    record = _bank_counted(state, ctx)
    said: list[Line] = [_logged(state, record, ctx, follows=False)] if record else []
    if side is not None and side.side:
        said.append(Cue.SIDE_NOT_LOGGED)  # never dropped without a word
    done = _finish(state, [*said, Cue.FINISH_HERE])
    done.log, done.partial = record, True
    return done


LIGHTER_SHARE = 0.8
"""The last, lighter set after "I'm tired": about this share of the planned reps."""


def lighter_reps(reps: int) -> int:
    """At least one rep fewer, about a fifth off, never below one."""
    return max(1, min(reps - 1, round(reps * LIGHTER_SHARE)))


def _one_more_lighter(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """One last set, lighter: the next set in the plan with fewer reps; the rest of the plan is
    left out, so the summary follows it."""
    side = partway(state, ctx)
    if side is not None and side.side:
        return _other_side_last(state, ctx)
    record = _bank_counted(state, ctx)
    said: list[Line] = []
    if record is not None:
        after = _after_this_set(state)
        said = [_logged(state, record, ctx, follows=after is not None), _rest(state, ctx)]
        if after is None:
            return _finish(state, [said[0]])
        if after[0] != state.exercise_index:
            state.exercise_index, state.setup_given = after[0], False
        state.set_number = after[1]
    state.skipped += [p.exercise_id for p in state.plan[state.exercise_index + 1 :]]
    state.plan = state.plan[: state.exercise_index + 1]
    planned = state.current
    planned.sets = state.set_number
    planned.target_reps = lighter_reps(planned.target_reps)
    done = _announce(state, ctx, [*said, Cue.ONE_MORE_LIGHTER])
    done.log = record
    return done


def _stop_for_today(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """ "I'm done" or "I'm tired" at the question after a pain stop: stop for today."""
    return _finish(state, [Cue.STOP_FOR_TODAY])


def _reask(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """Anything else while a yes-or-no offer is open asks it again, with how to answer."""
    lead: list[Line] = [Cue.DIDNT_CATCH] if isinstance(event, ev.Fallback) else []
    return _say(state, lead, continue_prompt(state, ctx), prompt=True)


# --- handlers: questions about the workout ------------------------------------------------------


def _answer(state: WorkoutState, event: ev.WorkoutQuestion, ctx: Context) -> Step:
    """A direct answer, then back to exactly where they were."""
    return _say(state, [_answer_line(state, event.topic, ctx)], continue_prompt(state, ctx), True)


def _answer_line(state: WorkoutState, topic: ev.Topic, ctx: Context) -> Line:
    e, p = exercise_of(state, ctx.catalog), state.current
    counted = counted_unlogged(state)
    if topic is ev.Topic.FEEL:
        return ln.FeelCue(e.id)
    if topic is ev.Topic.HOW_TO:
        return ln.HowTo(e.id)
    if topic is ev.Topic.WHICH_SET:
        return ln.OnSet(e.id, state.set_number, p.sets, counted)
    if topic is ev.Topic.SETS_LEFT:
        here = p.sets - state.set_number + (0 if counted else 1)
        left = [(p.exercise_id, here)] + [
            (q.exercise_id, q.sets) for q in state.plan[state.exercise_index + 1 :]
        ]
        return ln.SetsLeft(tuple((i, n) for i, n in left if n > 0))
    if topic is ev.Topic.REST:
        return ln.RestLength(e.rest_seconds)
    where = _after_this_set(state) if counted else (state.exercise_index, state.set_number)
    if where is None:
        return ln.ComingUp(None)
    q = state.plan[where[0]]
    per_side = ctx.catalog.get(q.exercise_id).per_side
    target = ln.Target(q.target_reps, per_side, q.load, q.unit or ctx.unit)
    return ln.ComingUp(q.exercise_id, where[1], q.sets, target)


def _help_pain(state: WorkoutState, event: ev.Help, ctx: Context) -> Step:
    """After a pain stop: what stopped, and what they can say now."""
    following = state.exercise_index + 1
    next_id = state.plan[following].exercise_id if following < len(state.plan) else None
    line = ln.HelpPain(state.current.exercise_id, state.pain_offer, next_id)
    return _say(state, [line], _pain_question(state, ctx))


def _help_wrap_up(state: WorkoutState, event: ev.Help, ctx: Context) -> Step:
    return _say(state, [Cue.HELP_WRAP_UP], continue_prompt(state, ctx))


# --- handlers: paused --------------------------------------------------------------------------


def _pause(state: WorkoutState, event: ev.Pause, ctx: Context) -> Step:
    state.paused_from = state.phase
    state.phase = Phase.PAUSED
    return Step(state, [Cue.PAUSED], [Cue.PAUSED_REPROMPT])


def _unpause(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    state.phase = state.paused_from or Phase.SETUP
    state.paused_from = None
    return _say(state, [Cue.BACK_TO_IT], continue_prompt(state, ctx), prompt=True)


def _still_paused(state: WorkoutState, event: ev.Pause, ctx: Context) -> Step:
    return _say(state, [Cue.STILL_PAUSED], continue_prompt(state, ctx), prompt=True)


def _report_while_paused(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """Telling us how the set went ends a pause taken after it; the answer is not dropped."""
    if state.paused_from is not Phase.FEEDBACK:
        return _paused_fallback(state, event, ctx)
    state.phase, state.paused_from = Phase.FEEDBACK, None
    return handler_for(Phase.FEEDBACK, type(event))(state, event, ctx)


def _paused_fallback(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    return _say(state, [Cue.WE_ARE_PAUSED], continue_prompt(state, ctx), prompt=True)


# --- handlers: any mid-exercise phase ----------------------------------------------------------


def _skip(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    return _skip_with(state, ctx, [])


def _skip_with(state: WorkoutState, ctx: Context, said: list[Line]) -> Step:
    e = exercise_of(state, ctx.catalog)
    state.skipped.append(e.id)
    return _next_exercise(state, ctx, [*said, ln.Skipping(e.id)], rest=False)


def _form_cue(state: WorkoutState, event: ev.FormCue, ctx: Context) -> Step:
    """Two cues, further along the list on each ask; before a set the setup cues count too."""
    e = exercise_of(state, ctx.catalog)
    pool = e.setup_cues + e.mid_set_cues if state.phase is Phase.SETUP else e.mid_set_cues
    cues = [pool[state.cue_cursor % len(pool)], pool[(state.cue_cursor + 1) % len(pool)]]
    if state.cue_cursor == 0:
        cues.append(e.feel)
    state.cue_cursor += 2
    return _say(state, [ln.FormCues(tuple(cues))], continue_prompt(state, ctx), prompt=True)


def _pace(state: WorkoutState, event: ev.ChangePace, ctx: Context) -> Step:
    before = state.tempo_scale
    state.tempo_scale = scaled(before, faster=not event.slower)
    line: Line
    if state.tempo_scale == before:
        line = Cue.SLOWEST if event.slower else Cue.QUICKEST
    else:
        seconds = lowering_seconds(exercise_of(state, ctx.catalog), _tempo(state))
        line = ln.Paced(slower=event.slower, lowering=seconds)
    return _say(state, [line], continue_prompt(state, ctx), prompt=True)


def _help(state: WorkoutState, event: ev.Help, ctx: Context) -> Step:
    line: Line
    if state.phase is Phase.FEEDBACK:
        line = ln.HelpFeedback(ctx.unit)
    elif state.phase is Phase.PAUSED:
        line = Cue.HELP_PAUSED
    else:
        line = ln.HelpSetup(state.current.exercise_id, state.set_number, state.current.sets)
    return _say(state, [line], continue_prompt(state, ctx))


def _start_over(state: WorkoutState, event: ev.StartOver, ctx: Context) -> Step:
    state.phase, state.draft, state.setup_given = Phase.SETUP, None, False
    return _announce(state, ctx, [Cue.SET_UP_AGAIN], lead=Lead.NONE)


def _fallback(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    return _say(state, [Cue.DIDNT_CATCH], continue_prompt(state, ctx), prompt=True)


# --- handlers: pain and after the end ----------------------------------------------------------


def _pain(state: WorkoutState, event: ev.Pain, ctx: Context) -> Step:
    """Pain stops the exercise at once; we never coach through it. A pull ends the workout;
    muscle soreness is normal after training and is not pain."""
    if event.kind is PainKind.SORE and event.area in SORE_IS_NORMAL:
        return _say(state, [ln.Soreness(event.area)], continue_prompt(state, ctx), prompt=True)
    kind = PainKind.PULL if event.kind is PainKind.PULL else PainKind.PAIN
    state.hurts.append(Hurt(area=event.area, kind=kind))
    if kind is PainKind.PULL:
        return _pulled(state, event, ctx)
    e = exercise_of(state, ctx.catalog)
    state.pain_reports += 1
    state.draft = None
    state.paused_from = None
    state.skipped.append(e.id)
    state.pain.append(e.id)
    said: list[Line] = [ln.PainStop(e.id, event.area, event.spoken)]
    if state.pain_reports >= MAX_PAIN_REPORTS:
        return _finish(state, [*said, Cue.PAIN_TWICE])
    back = _maybe_back(event)
    if back:
        # Pain with no place named might be the back: nothing else today loads it.
        _drop_later_hinges(state, ctx)
    easier = _regression(e, back, ctx)
    state.phase = Phase.PAIN
    state.pain_offer = easier.id if easier else None
    if easier is None and state.exercise_index + 1 >= len(state.plan):
        return _finish(state, said)
    question = _pain_question(state, ctx)
    return Step(state, said + question, question)


def _pulled(state: WorkoutState, event: ev.Pain, ctx: Context) -> Step:
    """A felt pull or sharp pain: no more training today. What was logged is kept, and the
    session is saved as partial."""
    e = exercise_of(state, ctx.catalog)
    if e.id not in state.pain:
        state.pain.append(e.id)
    state.draft = None
    state.paused_from = None
    state.pain_offer = None
    state.phase = Phase.DONE
    return Step(state, [ln.PullStop(event.area, event.spoken)], [], finished=True, partial=True)


def _red_flag(state: WorkoutState, event: ev.RedFlag, ctx: Context) -> Step:
    """A red flag ends the workout at once, in any phase; what was logged is kept."""
    state.draft = None
    state.paused_from = None
    state.pain_offer = None
    state.phase = Phase.DONE
    said: list[Line] = [ln.RedFlagStop(event.symptom, saved=True)]
    return Step(state, said, [], finished=True, partial=True)


def _maybe_back(event: ev.Pain) -> bool:
    """The back, or pain with no place named at all (it might be the back)."""
    return event.area == "back" or (event.area is None and event.spoken is None)


def _take_the_offer(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    if state.pain_offer:
        return _regress(state, state.pain_offer, ctx)
    return _next_exercise(state, ctx, [Cue.MOVING_ON], rest=False)


def _decline_the_offer(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    if state.pain_offer:
        state.pain_offer = None
        return _next_exercise(state, ctx, [Cue.LEAVE_IT], rest=False)
    return _finish(state, [Cue.STOP_FOR_TODAY])


def _pain_wait(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    return _say(state, [Cue.TAKE_YOUR_TIME], _pain_question(state, ctx))


def _done(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    return Step(state, [Cue.FINISHED], [], finished=True)


# --- pieces ------------------------------------------------------------------------------------


def _say(state: WorkoutState, said: list[Line], reprompt: list[Line], prompt: bool = False) -> Step:
    """``prompt``: the reprompt is also said now, so the turn ends on the question."""
    return Step(state, said + reprompt if prompt else said, reprompt)


def _target(state: WorkoutState, ctx: Context) -> ln.Target:
    p = state.current
    per_side = exercise_of(state, ctx.catalog).per_side
    return ln.Target(p.target_reps, per_side, p.load, p.unit or ctx.unit)


def _announce(
    state: WorkoutState, ctx: Context, said: list[Line], lead: Lead = Lead.NEXT, again: bool = False
) -> Step:
    """Before a set: the full setup for an exercise's first set, a short line for the others."""
    p = state.current
    if state.setup_given:
        line: Line = ln.SetAhead(
            p.exercise_id, state.set_number, p.sets, _target(state, ctx), again
        )
    else:
        e = exercise_of(state, ctx.catalog)
        slow = lowering_seconds(e, p.tempo_scale) if p.tempo_scale > 1 else None
        known = p.exercise_id in ctx.done_before
        target = _target(state, ctx)
        line = ln.Setup(p.exercise_id, lead, state.set_number, p.sets, target, slow, known)
        state.setup_given = True
    state.phase = Phase.SETUP
    state.checking = None
    state.count_part = 0  # a set announced afresh is counted from its start
    return Step(state, [*said, line, Cue.SAY_READY], [Cue.SAY_READY])


def _count_set(state: WorkoutState, ctx: Context, again: bool) -> Step:
    """Count the set, or its next turn; after its last turn, ask how it felt."""
    p = state.current
    parts = count_parts(exercise_of(state, ctx.catalog), p.target_reps, _tempo(state))
    index = min(state.count_part, len(parts) - 1)
    part = parts[index] if len(parts) > 1 else None
    line = ln.CountSet(p.exercise_id, state.set_number, p.target_reps, _tempo(state), again, part)
    if index + 1 < len(parts):
        state.count_part = index + 1
        state.phase, state.draft, state.checking = Phase.SETUP, None, None
        between = _next_part(state, ctx)
        return Step(state, [line, *between], between)
    state.count_part = 0
    state.phase = Phase.FEEDBACK
    state.draft = None
    state.checking = None
    return Step(state, [line, Cue.HOW_DID_THAT_FEEL], [ln.FeelReprompt(ctx.unit)])


def _next_part(state: WorkoutState, ctx: Context) -> list[Line]:
    """Mid-set, between turns: switch sides, or go on after the reps counted so far."""
    p = state.current
    parts = count_parts(exercise_of(state, ctx.catalog), p.target_reps, _tempo(state))
    done = parts[min(state.count_part, len(parts)) - 1]
    following = parts[min(state.count_part, len(parts) - 1)]
    return [ln.NextPart(switch=following.side != done.side, counted=done.last)]


def _tempo(state: WorkoutState) -> float:
    return combined(state.tempo_scale, state.current.tempo_scale)


# --- logging a set -----------------------------------------------------------------------------


class _Heard(Value):
    """A set report merged with the draft and the plan: what would be logged now."""

    reps: int
    load: float | None
    unit: Unit
    effort: Effort | None


def _log(
    state: WorkoutState, event: ev.LogSet, ctx: Context, sure: frozenset[Check] = frozenset()
) -> Step:
    """Check the numbers, ask for what is missing, else log the set and move on. ``sure``: the
    numbers of this report already read back and confirmed."""
    heard = _heard(state, event, ctx)
    reply = (
        _implausible(state, event, heard)
        or _unheard(state, event, ctx)
        or _surprising(state, event, heard, ctx, sure)
        or _missing(state, event, heard, ctx)
    )
    if reply is not None:
        return reply
    record = _record(state, heard, ctx)
    _keep(state, record)
    follows = _after_this_set(state) is not None
    adjusted = autoregulate(state, record, ctx)
    said: list[Line] = [_logged(state, record, ctx, follows, adjusted is not None)]
    if adjusted is not None:
        said.append(adjusted)
    step_ = _advance(state, ctx, said, rest=True)
    step_.log = record
    return step_


def autoregulate(state: WorkoutState, record: SetRecord, ctx: Context) -> ln.Adjusted | None:
    """The next set of the same exercise, fitted to how this one went, as a coach standing by
    would (the session always opens with the programme's prescription; only what follows a
    reported set moves, and the change is said):

    - missed reps: a rep fewer than were made, or, below the guide's six, the next lighter
      weight at the same reps;
    - hard, every rep made: a rep fewer (the next set is done tired), not below six;
    - easy: two more reps, up to the top of the range (for a big next band or dumbbell, up to
      twenty); at the top, the next weight, with as many reps as ask no more than the easy set
      did, and none when that is under the range. Never in a lighter session.

    The programme reads the session as it went (skill.core.programme.Outing): a step up is the
    prescription the next session starts from; easing off is a hard session, which holds.
    """
    p = state.current
    if state.set_number >= p.sets or record.effort is None or record.reps <= 0:
        return None
    e = exercise_of(state, ctx.catalog)
    low, high = rep_range(e)
    unit = p.unit or record.unit or ctx.unit
    load = p.load if e.load_type is not LoadType.BODYWEIGHT and p.load else None
    if record.reps < record.target_reps:
        fewer = record.reps - SAME_DAY_REP_CUT
        if fewer >= REP_MIN:
            return _adjusted(state, record, ctx, reps=fewer)
        lighter = lighter_load(e.load_type, load, unit) if load is not None else None
        if lighter is not None:
            return _adjusted(state, record, ctx, load=lighter, unit=unit)
        return None
    if record.effort is Effort.HARD:
        fewer = max(REP_MIN, p.target_reps - SAME_DAY_REP_CUT)
        return _adjusted(state, record, ctx, reps=fewer) if fewer < p.target_reps else None
    if record.effort is not Effort.EASY or state.lighter:
        return None
    top = rep_top(e.load_type, load, unit, low, high) if load is not None else high
    heavier = next_load(e.load_type, load, unit) if load is not None else None
    # A first go: the weight was a guess (their pick, or derived from another lift), so an easy
    # set finds the right weight now, one small step at a time at the same reps.
    first_time = p.exercise_id not in ctx.done_before
    small = heavier is not None and load is not None and heavier - load <= FIRST_GO_STEP * load
    if first_time and small and p.target_reps < top:
        return _adjusted(state, record, ctx, load=heavier, unit=unit)
    if p.target_reps < top:
        step = EASY_AGAIN_REP_STEP if _easy_before(state, record) else EASY_REP_STEP
        return _adjusted(state, record, ctx, reps=min(top, p.target_reps + step))
    if heavier is None or load is None:
        return None
    reps = reps_at(heavier, load, p.target_reps + EASY_RESERVE, p.target_reps, low)
    return (
        None if reps is None else _adjusted(state, record, ctx, reps=reps, load=heavier, unit=unit)
    )


def _easy_before(state: WorkoutState, record: SetRecord) -> bool:
    """The set before this one, of the same exercise at the same weight, was easy too, every rep
    made: the two reps it added were not enough."""
    before = state.logged[-2] if len(state.logged) >= 2 else None
    return (
        before is not None
        and before.exercise_id == record.exercise_id
        and before.load == record.load
        and before.effort is Effort.EASY
        and before.reps >= before.target_reps
    )


def _adjusted(
    state: WorkoutState,
    record: SetRecord,
    ctx: Context,
    reps: int | None = None,
    load: float | None = None,
    unit: Unit | None = None,
) -> ln.Adjusted:
    """The current exercise's next sets at the new target; what to say about it."""
    p = state.current
    before = p.load
    if reps is not None:
        p.target_reps = reps
    if load is not None:
        p.load, p.unit = load, unit or p.unit
    change = 0 if load is None or before is None else (1 if load > before else -1)
    band = exercise_of(state, ctx.catalog).load_type is LoadType.BAND
    return ln.Adjusted(
        effort=record.effort or Effort.RIGHT,
        missed=record.reps < record.target_reps,
        reps=p.target_reps,
        load=p.load,
        unit=p.unit or ctx.unit,
        load_change=change,
        band=band,
    )


def _heard(state: WorkoutState, event: ev.LogSet, ctx: Context) -> _Heard:
    """What was said now wins over the draft, which wins over the plan."""
    p, draft = state.current, state.draft
    return _Heard(
        reps=event.reps if event.reps is not None else (draft.reps if draft else p.target_reps),
        load=event.load if event.load is not None else (draft.load if draft else p.load),
        unit=event.unit or (draft.unit if draft else None) or p.unit or ctx.unit,
        effort=event.effort or (draft.effort if draft else None),
    )


def _implausible(state: WorkoutState, event: ev.LogSet, heard: _Heard) -> Step | None:
    """A misheard number (five hundred reps, a ton on the bar) is asked again, never logged."""
    if event.reps is not None and event.reps > MAX_REPS:
        return Step(
            state, [ln.TooManyReps(event.reps), Cue.HOW_MANY_REPS], [Cue.HOW_MANY_REPS_SHORT]
        )
    if heard.load is not None and heard.load > MAX_LOAD[heard.unit]:
        said: list[Line] = [ln.TooHeavy(heard.load, heard.unit), Cue.WHAT_WEIGHT]
        return Step(state, said, [Cue.WHAT_WEIGHT_SHORT])
    return None


def _surprising(
    state: WorkoutState, event: ev.LogSet, heard: _Heard, ctx: Context, sure: frozenset[Check]
) -> Step | None:
    """A number just said that is far from the plan is read back; nothing is logged till yes."""
    p = state.current
    check: Check | None = None
    if event.reps is not None and Check.REPS not in sure:
        check = Check.REPS if reps_are_surprising(event.reps, p.target_reps) else None
    if check is None and event.load is not None and p.load and Check.LOAD not in sure:
        said = convert(event.load, heard.unit, p.unit or ctx.unit)
        check = Check.LOAD if load_is_surprising(said, p.load) else None
    if check is None:
        return None
    state.phase = Phase.CONFIRM
    state.checking = Report(
        reps=event.reps,
        load=event.load,
        unit=heard.unit,
        effort=event.effort,
        check=check,
        sure=sorted(sure),
    )
    return Step(state, [_check_question(state, ctx)], continue_prompt(state, ctx))


def _check_question(state: WorkoutState, ctx: Context, hint: bool = False) -> Line:
    """ "Twenty-five reps, is that right?"; after a no, the plain question for the number."""
    report = state.checking
    assert report is not None
    if report.denied:
        return Cue.WHAT_WEIGHT if report.check is Check.LOAD else Cue.HOW_MANY_REPS
    if report.check is Check.REPS:
        assert report.reps is not None
        return ln.CheckReps(report.reps, hint)
    assert report.load is not None
    return ln.CheckLoad(state.current.exercise_id, report.load, report.unit or ctx.unit, hint)


def _unheard(state: WorkoutState, event: ev.LogSet, ctx: Context) -> Step | None:
    if event.heard_something:
        return None
    reprompt: list[Line] = [ln.FeelReprompt(ctx.unit)]
    if state.draft:
        reprompt = continue_prompt(state, ctx)
    return _say(state, [Cue.DIDNT_GET], reprompt, prompt=True)


def _missing(state: WorkoutState, event: ev.LogSet, heard: _Heard, ctx: Context) -> Step | None:
    """Numbers without the effort, or a loaded set without its weight: hold it and ask once."""
    if heard.effort is None and state.draft is None and (event.reps is not None or event.load):
        state.draft = SetDraft(reps=heard.reps, load=heard.load, unit=heard.unit)
        return Step(state, [ln.GotReps(heard.reps)], [Cue.EFFORT_SHORT])
    if heard.load is None and _needs_load(state, ctx):
        state.load_asked.append(state.exercise_index)
        state.draft = SetDraft(reps=heard.reps, load=None, unit=heard.unit, effort=heard.effort)
        return Step(state, [_ask_load(state, ctx)], [_ask_load(state, ctx)])
    return None


def _record(state: WorkoutState, heard: _Heard, ctx: Context) -> SetRecord:
    p = state.current
    return SetRecord(
        workout_id=state.workout_id,
        exercise_id=p.exercise_id,
        exercise_index=state.exercise_index,
        set_number=state.set_number,
        target_reps=p.target_reps,
        target_load=p.load,
        reps=heard.reps,
        load=heard.load,
        unit=heard.unit if heard.load is not None else None,
        effort=Effort.HARD if heard.reps == 0 else heard.effort,
        tempo_scale=_tempo(state),
        logged_at=ctx.now,
    ).identified()


def _keep(state: WorkoutState, record: SetRecord) -> None:
    """Logged once per key (a retried request replaces, never doubles); the weight carries on."""
    state.logged = [r for r in state.logged if r.key != record.key] + [record]
    state.draft = None
    if record.load is not None:
        state.current.load, state.current.unit = record.load, record.unit


def _logged(
    state: WorkoutState, record: SetRecord, ctx: Context, follows: bool, adjusted: bool = False
) -> ln.Logged:
    """``follows``: another set comes after this one today; ``adjusted``: its target changed."""
    unit = record.unit or ctx.unit
    return ln.Logged(record.reps, record.load, unit, record.effort, follows, _seed(state), adjusted)


def _rest(state: WorkoutState, ctx: Context) -> ln.Rest:
    """The current exercise's rest; its wording varies with the sets logged so far."""
    return ln.Rest(exercise_of(state, ctx.catalog).rest_seconds, seed=_seed(state))


def _seed(state: WorkoutState) -> int:
    """Which variant of a stock phrase to say: the sets logged before the latest, so the first
    set says the first variant, and every later set moves on one."""
    return max(0, len(state.logged) - 1)


def _needs_load(state: WorkoutState, ctx: Context) -> bool:
    """A loaded exercise whose weight we have never been told, and haven't asked about yet."""
    e = exercise_of(state, ctx.catalog)
    if e.load_type is LoadType.BODYWEIGHT or state.exercise_index in state.load_asked:
        return False
    # Without the kit that loads it (say, single-leg RDLs with no dumbbells) it's bodyweight.
    return LOAD_KIT[e.load_type] in ctx.equipment


def _ask_load(state: WorkoutState, ctx: Context) -> ln.AskLoad:
    band = exercise_of(state, ctx.catalog).load_type is LoadType.BAND
    return ln.AskLoad(band=band, unit=ctx.unit)


# --- reading a surprising number back (CONFIRM) -------------------------------------------------


def _checking(state: WorkoutState) -> Report:
    assert state.checking is not None, "the CONFIRM phase always holds the report"
    return state.checking


def _confirmed(state: WorkoutState, event: ev.Yes, ctx: Context) -> Step:
    """ "Yes": the number stands; the report goes on (the other number may need a check too)."""
    report = _checking(state)
    if report.denied:
        return _check_again(state, event, ctx)
    state.phase, state.checking = Phase.FEEDBACK, None
    return _log(state, report.event(), ctx, frozenset([*report.sure, report.check]))


def _denied(state: WorkoutState, event: ev.No, ctx: Context) -> Step:
    """ "No": ask for the number again; the next one said replaces it."""
    report = _checking(state)
    if report.denied:
        return _check_again(state, event, ctx)
    report.denied = True
    short = Cue.WHAT_WEIGHT_SHORT if report.check is Check.LOAD else Cue.HOW_MANY_REPS_SHORT
    return Step(state, [_check_question(state, ctx)], [short])


def _corrected(state: WorkoutState, event: ev.LogSet, ctx: Context) -> Step:
    """Another report while a number is read back: its number replaces the doubtful one (the
    same number said again counts as a yes); without that number, the question is asked again."""
    report = _checking(state)
    said = event.reps if report.check is Check.REPS else event.load
    merged = Report(
        reps=event.reps if event.reps is not None else report.reps,
        load=event.load if event.load is not None else report.load,
        unit=event.unit or report.unit,
        effort=event.effort or report.effort,
        check=report.check,
        sure=report.sure,
        denied=report.denied,
    )
    state.checking = merged
    if said is None:
        return _check_again(state, event, ctx)
    sure = {*report.sure, report.check} if said == report.number() else set(report.sure)
    state.phase, state.checking = Phase.FEEDBACK, None
    return _log(state, merged.event(), ctx, frozenset(sure))


def _check_again(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """Anything else while a number is read back asks the question again, plainly."""
    lead: list[Line] = [Cue.DIDNT_CATCH] if isinstance(event, ev.Fallback) else []
    return _say(state, lead, continue_prompt(state, ctx), prompt=True)


# --- moving on ---------------------------------------------------------------------------------


def _advance(state: WorkoutState, ctx: Context, said: list[Line], rest: bool) -> Step:
    """After a set: rest and the next set, or the next exercise, or the summary."""
    if state.set_number < state.current.sets:
        if rest:
            said.append(_rest(state, ctx))
        state.set_number += 1
        return _announce(state, ctx, said)
    return _next_exercise(state, ctx, said, rest=rest)


def _next_exercise(state: WorkoutState, ctx: Context, said: list[Line], rest: bool) -> Step:
    state.pain_offer = None
    state.draft = None
    if state.exercise_index + 1 >= len(state.plan):
        return _finish(state, said)
    if rest:
        said.append(_rest(state, ctx))
    state.exercise_index += 1
    state.set_number = 1
    state.setup_given = False
    return _announce(state, ctx, said)


def _finish(state: WorkoutState, said: list[Line]) -> Step:
    state.phase = Phase.DONE
    return Step(state, [*said, summary(state)], [], finished=True)


def summary(state: WorkoutState) -> ln.Summary:
    """Sets per exercise in the order first logged, and how many felt hard."""
    per: dict[str, int] = {}
    for r in state.logged:
        per[r.exercise_id] = per.get(r.exercise_id, 0) + 1
    hard = sum(1 for r in state.logged if r.effort is Effort.HARD)
    return ln.Summary(tuple(per.items()), hard)


# --- pain --------------------------------------------------------------------------------------


def _drop_later_hinges(state: WorkoutState, ctx: Context) -> None:
    """After back pain nothing else today loads the back; later hinges leave the plan."""
    keep = state.plan[: state.exercise_index + 1]
    for p in state.plan[state.exercise_index + 1 :]:
        if Slot.HINGE in ctx.catalog.get(p.exercise_id).slots:
            state.skipped.append(p.exercise_id)
        else:
            keep.append(p)
    state.plan = keep


def _regression(e: Exercise, back: bool, ctx: Context) -> Exercise | None:
    """The easier variation, if they have the kit, and never another hinge after back pain."""
    if e.easier is None:
        return None
    easier = ctx.catalog.get(e.easier)
    if not easier.doable_with(ctx.equipment):
        return None
    if back and Slot.HINGE in easier.slots:
        # Pain with no place named might be the back: don't offer another hinge.
        return None
    return easier


def _pain_question(state: WorkoutState, ctx: Context) -> list[Line]:
    if state.pain_offer:
        return [ln.OfferEasier(state.pain_offer)]
    return [ln.OfferMoveOn(state.plan[state.exercise_index + 1].exercise_id)]


def _regress(state: WorkoutState, easier_id: str, ctx: Context) -> Step:
    """Insert the easier variation after the stopped exercise, with the sets that were left."""
    p = state.current
    done = sum(1 for r in state.logged if r.exercise_index == state.exercise_index)
    easier = ctx.catalog.get(easier_id)
    planned = PlannedExercise(
        exercise_id=easier_id,
        sets=max(1, min(p.sets - done, 2)),
        target_reps=target_reps(easier),
        replaced=p.exercise_id,
    )
    state.plan.insert(state.exercise_index + 1, planned)
    state.pain_offer = None
    return _next_exercise(state, ctx, [Cue.GENTLY], rest=False)


# --- the table ---------------------------------------------------------------------------------

LIVE = (Phase.SETUP, Phase.FEEDBACK, Phase.PAUSED)
"""Mid-exercise phases: the asides (form cue, pace, help, start over) work in each of them."""

Row = tuple[tuple[Phase | None, ...], tuple[type[ev.Event], ...], Handler]


def _table(*rows: Row) -> dict[tuple[Phase | None, type[ev.Event]], Handler]:
    """Rows expanded to (phase, event type) keys; a key given twice is a mistake, not an order."""
    table: dict[tuple[Phase | None, type[ev.Event]], Handler] = {}
    for phases, event_types, handler in rows:
        for key in ((phase, event_type) for phase in phases for event_type in event_types):
            if key in table:
                raise ValueError(f"two transitions for {key}")
            table[key] = handler
    return table


TRANSITIONS = _table(
    # Any phase (None): pain stops the exercise, whatever was going on.
    ((None,), (ev.Pain,), _pain),
    # A red flag ends the workout in every phase, even one already over: safety words first.
    ((None,), (ev.RedFlag,), _red_flag),
    ((Phase.DONE,), (ev.Pain,), _done),
    (LIVE, (ev.FormCue,), _form_cue),
    (LIVE, (ev.ChangePace,), _pace),
    (LIVE, (ev.Help,), _help),
    (LIVE, (ev.StartOver,), _start_over),
    ((Phase.SETUP, Phase.PAUSED), (ev.SkipExercise,), _skip),
    ((Phase.SETUP, Phase.FEEDBACK), (ev.Pause,), _pause),
    # "Next" or "skip" before a set asks "Skip set two?"; it never counts the set.
    ((Phase.SETUP,), (ev.Ready, ev.Resume, ev.Yes), _count),
    ((Phase.SETUP,), (ev.Next,), _ask_skip_set),
    ((Phase.SKIP_SET,), (ev.Yes, ev.Next), _skip_set),
    ((Phase.SKIP_SET,), (ev.No,), _keep_set),
    ((Phase.SKIP_SET,), (ev.Ready, ev.Resume), _count),
    ((Phase.SKIP_SET,), (ev.SkipExercise,), _skip),
    # "I'm done" means the set: before the count they did it on their own; after it, how was it?
    ((Phase.SETUP,), (ev.SetDone,), _done_on_own),
    ((Phase.FEEDBACK,), (ev.SetDone,), _set_done_after_set),
    ((Phase.PAUSED,), (ev.SetDone,), _report_while_paused),
    ((Phase.PAIN,), (ev.SetDone, ev.Tired), _stop_for_today),
    # "I'm tired": finish here, or one last lighter set?
    ((*LIVE, Phase.SKIP_SET), (ev.Tired, ev.GoLighter), _tired),
    ((Phase.WRAP_UP,), (ev.Yes, ev.SetDone, ev.Stop), _finish_here),
    ((Phase.WRAP_UP,), (ev.No, ev.GoLighter, ev.Ready, ev.Resume), _one_more_lighter),
    ((Phase.WRAP_UP,), (ev.Help,), _help_wrap_up),
    # Questions get their answer, then we carry on where we were.
    ((*LIVE, Phase.CONFIRM, Phase.SKIP_SET, Phase.WRAP_UP), (ev.WorkoutQuestion,), _answer),
    ((Phase.PAIN,), (ev.Help,), _help_pain),
    ((Phase.SETUP,), (ev.LogSet,), _nothing_to_log),
    ((Phase.SETUP,), (ev.No,), _no_rush),
    ((Phase.FEEDBACK,), (ev.LogSet,), _log),
    ((Phase.FEEDBACK,), (ev.Next,), _log_as_heard),
    ((Phase.FEEDBACK,), (ev.Ready, ev.Resume), _ready_after_set),
    ((Phase.FEEDBACK,), (ev.No,), _no_after_set),
    ((Phase.FEEDBACK,), (ev.SkipExercise,), _skip_after_set),
    ((Phase.CONFIRM,), (ev.Yes,), _confirmed),
    ((Phase.CONFIRM,), (ev.No,), _denied),
    ((Phase.CONFIRM,), (ev.LogSet,), _corrected),
    ((Phase.CONFIRM,), (ev.SkipExercise,), _skip),
    ((Phase.PAUSED,), (ev.Resume, ev.Ready, ev.Yes), _unpause),
    ((Phase.PAUSED,), (ev.Pause,), _still_paused),
    ((Phase.PAUSED,), (ev.LogSet, ev.Next), _report_while_paused),
    ((Phase.PAIN,), (ev.Yes, ev.Ready, ev.Resume), _take_the_offer),
    ((Phase.PAIN,), (ev.No, ev.Next, ev.SkipExercise), _decline_the_offer),
)
"""(phase, event type) -> handler; phase None is any phase. See ``handler_for``."""

FALLBACKS: dict[Phase, Handler] = {
    Phase.SETUP: _fallback,
    Phase.FEEDBACK: _fallback,
    Phase.CONFIRM: _check_again,
    Phase.PAUSED: _paused_fallback,
    Phase.PAIN: _pain_wait,
    Phase.SKIP_SET: _reask,
    Phase.WRAP_UP: _reask,
    Phase.DONE: _done,
}
"""What a phase does with an event it has no transition for: a hint, never a crash."""
