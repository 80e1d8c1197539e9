"""The guided workout as a pure state machine over serializable models.

state + event -> new state + what to say. No I/O, no ask-sdk: the handlers feed events in and
apply the effects that come out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field

from skill.core import events as ev
from skill.core.catalog import Catalog, Exercise, LoadType, Slot
from skill.core.history import Effort, SessionRecord, SessionStatus, SetRecord
from skill.core.profile import Equipment, Unit
from skill.speech.pacing import (
    MAX_TEMPO_SCALE,
    counted_set,
    lowering_seconds,
    rest_countdown,
    scaled,
)
from skill.speech.ssml import Speech, cap, join_names, plural, weight, words


class Phase(StrEnum):
    SETUP = "setup"
    """A set is announced; waiting for "ready"."""
    FEEDBACK = "feedback"
    """A set was counted; waiting for how it felt (and optional reps and load)."""
    PAUSED = "paused"
    PAIN = "pain"
    """An exercise was stopped for pain; offering the easier variation or moving on."""
    DONE = "done"


class PlannedExercise(BaseModel):
    exercise_id: str
    sets: int = Field(ge=1, le=5)
    target_reps: int = Field(ge=1, le=30)
    load: float | None = Field(default=None, ge=0)
    unit: Unit | None = None
    replaced: str | None = None
    """The exercise this one stands in for (after pain, the easier variation)."""
    tempo_scale: float = Field(default=1.0, ge=1.0, le=1.6)
    """Planned slower lowering (progression), on top of the person's own slower/faster."""


class SetDraft(BaseModel):
    """A set heard in part, held while we ask for the missing piece (effort, or the weight)."""

    reps: int
    load: float | None = None
    unit: Unit | None = None
    effort: Effort | None = None


class WorkoutState(BaseModel):
    workout_id: str
    started_at: AwareDatetime
    plan: list[PlannedExercise] = Field(min_length=1)
    lighter: bool = False
    exercise_index: int = 0
    set_number: int = 1
    phase: Phase = Phase.SETUP
    paused_from: Phase | None = None
    tempo_scale: float = 1.0
    setup_given: bool = False
    """Whether this exercise's setup cues were spoken (only before its first set)."""
    logged: list[SetRecord] = Field(default_factory=list)
    pain_reports: int = 0
    skipped: list[str] = Field(default_factory=list)
    pain: list[str] = Field(default_factory=list)
    """Exercises stopped because something hurt."""
    load_asked: list[int] = Field(default_factory=list)
    """Exercise indexes whose weight we already asked for (we ask once, then remember)."""
    cue_cursor: int = 0
    draft: SetDraft | None = None
    pain_offer: str | None = None
    """In the PAIN phase: the easier exercise id offered, or None when offering to move on."""
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
        )


# --- transitions -------------------------------------------------------------------------------

MAX_REPS = 60
MAX_LOAD = {Unit.LB: 1000.0, Unit.KG: 450.0}
MAX_PAIN_REPORTS = 2
LOAD_KIT = {
    LoadType.BARBELL: Equipment.BARBELL,
    LoadType.DUMBBELL: Equipment.DUMBBELLS,
    LoadType.KETTLEBELL: Equipment.KETTLEBELL,
    LoadType.MACHINE: Equipment.MACHINES,
    LoadType.BAND: Equipment.BANDS,
}


@dataclass
class Step:
    """The result of one event: the new state, what to say, and what must be stored."""

    state: WorkoutState
    speech: Speech
    reprompt: Speech
    log: SetRecord | None = None
    finished: bool = False


@dataclass(frozen=True)
class Context:
    catalog: Catalog
    now: datetime
    unit: Unit
    equipment: frozenset[Equipment]


def exercise_of(state: WorkoutState, catalog: Catalog) -> Exercise:
    return catalog.get(state.current.exercise_id)


def start(
    workout_id: str, plan: list[PlannedExercise], lighter: bool, minutes: int, ctx: Context
) -> tuple[WorkoutState, Speech, Speech]:
    """A fresh workout: the overview in one breath, then the first exercise's setup."""
    state = WorkoutState(workout_id=workout_id, started_at=ctx.now, plan=plan, lighter=lighter)
    names = [ctx.catalog.get(p.exercise_id).name for p in plan]
    sets = sum(p.sets for p in plan)
    speech = Speech()
    if lighter:
        speech.say("A lighter session, then.")
    speech.say(
        f"{plural(len(plan), 'exercise').capitalize()}, {plural(sets, 'set')}, "
        f"about {words(minutes)} minutes: {join_names(names, 'then')}."
    )
    state, intro, reprompt = _announce(state, ctx, lead="First up")
    return state, speech.extend(intro), reprompt


def resume_prompt(state: WorkoutState, ctx: Context) -> tuple[WorkoutState, Speech, Speech]:
    """Where a saved workout picks up: the current set is announced afresh."""
    state = state.model_copy(deep=True)
    if state.phase is Phase.PAUSED:
        state.phase = state.paused_from or Phase.SETUP
        state.paused_from = None
    if state.phase is Phase.PAIN:
        return state, _pain_question(state, ctx), _pain_question(state, ctx)
    if state.phase is Phase.FEEDBACK:
        # A counted set (maybe half reported) is never thrown away: finish reporting it.
        e = exercise_of(state, ctx.catalog)
        done = f"{cap(e.name)}, set {words(state.set_number)} was counted."
        if state.draft is None:
            ask = Speech("How did it feel: easy, just right, or hard? Or say ready to redo it.")
            return state, Speech(done).extend(ask), ask
        cont = continue_prompt(state, ctx)
        return state, Speech(done).extend(cont), cont
    state.phase = Phase.SETUP
    state.draft = None
    return _announce(state, ctx, lead="", again=True)


def step(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    """Apply one event. Events that make no sense in a phase get a hint, never a crash."""
    state = state.model_copy(deep=True)
    state.updated_at = ctx.now
    if isinstance(event, ev.Pain):
        return _pain(state, event, ctx)
    if state.phase in (Phase.PAIN, Phase.DONE):
        return _PHASES[state.phase](state, event, ctx)
    if state.phase is Phase.FEEDBACK and state.draft and isinstance(event, ev.SkipExercise):
        # "Skip" answers the weight question: the counted set is logged without a weight.
        return _log(state, ev.LogSet(), ctx)
    if isinstance(event, ev.SkipExercise):
        return _skip(state, ctx)
    if isinstance(event, ev.FormCue):
        return _form_cue(state, ctx)
    if isinstance(event, ev.ChangePace):
        return _pace(state, event, ctx)
    if isinstance(event, ev.Help):
        return _say(state, _help(state, ctx), continue_prompt(state, ctx))
    if isinstance(event, ev.StartOver):
        state.phase, state.draft, state.setup_given = Phase.SETUP, None, False
        speech, reprompt = Speech("Okay, let's set up again."), Speech()
        state, intro, reprompt = _announce(state, ctx, lead="")
        return Step(state, speech.extend(intro), reprompt)
    handler = _PHASES[state.phase]
    return handler(state, event, ctx)


# --- phase handlers ----------------------------------------------------------------------------


def _setup(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    if isinstance(event, ev.Ready | ev.Resume | ev.Yes | ev.Next):
        # "Next" before a set means "go on": count it. Skipping is "skip this exercise".
        return _count(state, ctx)
    if isinstance(event, ev.Pause):
        return _pause(state, ctx)
    if isinstance(event, ev.LogSet):
        done = words(state.set_number - 1) if state.set_number > 1 else None
        text = (
            f"Set {done} is already logged." if done else "We haven't counted a set yet."
        ) + " Say ready and I'll count the next one."
        return _say(state, Speech(text), continue_prompt(state, ctx))
    if isinstance(event, ev.No):
        return _say(state, Speech("No rush."), continue_prompt(state, ctx), prompt=True)
    return _fallback(state, ctx)


def _feedback(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    if isinstance(event, ev.LogSet):
        return _log(state, event, ctx)
    if isinstance(event, ev.Next) or (isinstance(event, ev.Ready | ev.No) and state.draft):
        return _log(state, ev.LogSet(), ctx)
    if isinstance(event, ev.Ready | ev.Resume):
        return _count(state, ctx, again=True)
    if isinstance(event, ev.Pause):
        return _pause(state, ctx)
    return _fallback(state, ctx)


def _paused(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    if isinstance(event, ev.Resume | ev.Ready | ev.Yes):
        state.phase = state.paused_from or Phase.SETUP
        state.paused_from = None
        return _say(state, Speech("Back to it."), continue_prompt(state, ctx), prompt=True)
    if isinstance(event, ev.Pause):
        return _say(state, Speech("Still paused."), continue_prompt(state, ctx), prompt=True)
    if isinstance(event, ev.LogSet | ev.Next) and state.paused_from is Phase.FEEDBACK:
        # Telling us how the set went ends the pause; the answer is not dropped.
        state.phase, state.paused_from = Phase.FEEDBACK, None
        return _feedback(state, event, ctx)
    speech = Speech("We're paused.")
    return _say(state, speech, continue_prompt(state, ctx), prompt=True)


def _pain_phase(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    if isinstance(event, ev.Yes | ev.Ready | ev.Resume):
        if state.pain_offer:
            return _regress(state, state.pain_offer, ctx)
        return _next_exercise(state, ctx, Speech("Okay, moving on."), rest=False)
    if isinstance(event, ev.No | ev.Next | ev.SkipExercise):
        if state.pain_offer:
            state.pain_offer = None
            return _next_exercise(state, ctx, Speech("Okay, we'll leave it."), rest=False)
        return _finish(state, ctx, Speech("Good call. Let's stop for today."))
    return _say(state, Speech("Take your time."), _pain_question(state, ctx))


def _done(state: WorkoutState, event: ev.Event, ctx: Context) -> Step:
    return Step(state, Speech("That workout is finished."), Speech(), finished=True)


_PHASES = {
    Phase.SETUP: _setup,
    Phase.FEEDBACK: _feedback,
    Phase.PAUSED: _paused,
    Phase.PAIN: _pain_phase,
    Phase.DONE: _done,
}


# --- pieces ------------------------------------------------------------------------------------


def _say(state: WorkoutState, speech: Speech, reprompt: Speech, prompt: bool = False) -> Step:
    if prompt:
        speech.extend(reprompt)
    return Step(state, speech, reprompt)


def _target(state: WorkoutState, ctx: Context) -> str:
    p = state.current
    text = plural(p.target_reps, "rep")
    if exercise_of(state, ctx.catalog).per_side:
        text += " each side"
    if p.load:
        text += f" at {weight(p.load, p.unit or ctx.unit)}"
    return text


def _announce(
    state: WorkoutState, ctx: Context, lead: str = "Next", again: bool = False
) -> tuple[WorkoutState, Speech, Speech]:
    """Before a set: the full setup for an exercise's first set, a short line for the others."""
    e = exercise_of(state, ctx.catalog)
    p = state.current
    speech = Speech()
    if not state.setup_given:
        sets = plural(p.sets, "set")
        name = f"{lead}: {e.name}" if lead else cap(e.name)
        if state.set_number > 1:  # setting up again part-way: say where we are, not the total
            sets = f"set {words(state.set_number)} of {words(p.sets)}"
            speech.say(f"{name}, {sets}, {_target(state, ctx)}.")
        else:
            speech.say(f"{name}, {sets} of {_target(state, ctx)}.")
        for cue in e.setup_cues:
            speech.say(cue)
        if p.tempo_scale > 1:
            lower = plural(lowering_seconds(e, p.tempo_scale), "second")
            speech.say(f"Same weight as last time, but lower for {lower} each rep.")

        state.setup_given = True
    else:
        of = f"Set {words(state.set_number)} of {words(p.sets)}"
        # Every set announcement carries its target, so a changed weight is heard each time.
        lead = f"{cap(e.name)}. " if again else ""
        speech.say(f"{lead}{of}, {_target(state, ctx)}.")
    reprompt = Speech("Say ready when you're set.")
    speech.extend(Speech("Say ready when you're set."))
    state.phase = Phase.SETUP
    return state, speech, reprompt


def _count(state: WorkoutState, ctx: Context, again: bool = False) -> Step:
    e = exercise_of(state, ctx.catalog)
    speech = Speech("From the top." if again else "")
    speech.extend(counted_set(e, state.set_number, state.current.target_reps, _tempo(state)))
    speech.say("How did that feel: easy, just right, or hard?")
    state.phase = Phase.FEEDBACK
    state.draft = None
    return Step(state, speech, _feel_reprompt())


def _tempo(state: WorkoutState) -> float:
    """The person's own pace times the planned one (a progression can slow the lowering)."""
    return round(min(MAX_TEMPO_SCALE, state.tempo_scale * state.current.tempo_scale), 2)


def _feel_reprompt() -> Speech:
    return Speech(
        "How was that set: easy, just right, or hard? You can add reps and weight, "
        "like ten reps at sixty pounds."
    )


def _log(state: WorkoutState, event: ev.LogSet, ctx: Context) -> Step:
    p = state.current
    draft = state.draft
    reps = event.reps if event.reps is not None else (draft.reps if draft else p.target_reps)
    load = event.load if event.load is not None else (draft.load if draft else p.load)
    unit = event.unit or (draft.unit if draft else None) or p.unit or ctx.unit
    effort = event.effort or (draft.effort if draft else None)
    if event.reps is not None and (event.reps > min(MAX_REPS, 3 * p.target_reps)):
        speech = Speech(f"{words(event.reps).capitalize()} is more than I'd expect here.")
        return _say(state, speech.say("How many reps did you get?"), Speech("How many reps?"))
    if load is not None and load > MAX_LOAD[unit]:
        speech = Speech(f"{cap(weight(load, unit))} sounds too heavy.")
        return _say(state, speech.say("What weight did you use?"), Speech("What weight?"))
    if not event.heard_something:
        reprompt = continue_prompt(state, ctx) if draft else _feel_reprompt()
        return _say(state, Speech("Sorry, I didn't get that."), reprompt, prompt=True)
    if effort is None and draft is None and (event.reps is not None or event.load):
        state.draft = SetDraft(reps=reps, load=load, unit=unit)
        heard = plural(reps, "rep")
        ask = Speech(f"Got {heard}. And how did it feel: easy, just right, or hard?")
        return Step(state, ask, Speech("Easy, just right, or hard?"))
    if load is None and _needs_load(state, ctx):
        state.load_asked.append(state.exercise_index)
        state.draft = SetDraft(reps=reps, load=None, unit=unit, effort=effort)
        return Step(state, _ask_load(state, ctx), _ask_load(state, ctx))
    if reps == 0:
        effort = Effort.HARD
    record = SetRecord(
        workout_id=state.workout_id,
        exercise_id=p.exercise_id,
        exercise_index=state.exercise_index,
        set_number=state.set_number,
        target_reps=p.target_reps,
        target_load=p.load if p.load is not None else None,
        reps=reps,
        load=load,
        unit=unit if load is not None else None,
        effort=effort,
        tempo_scale=_tempo(state),
        logged_at=ctx.now,
    )
    state.logged = [r for r in state.logged if r.key != record.key] + [record]
    state.draft = None
    if load is not None:
        p.load, p.unit = load, unit
    speech = Speech(_logged_line(record, ctx))
    step_ = _advance(state, ctx, speech, rest=True)
    step_.log = record
    return step_


def _needs_load(state: WorkoutState, ctx: Context) -> bool:
    """A loaded exercise whose weight we have never been told, and haven't asked about yet."""
    e = exercise_of(state, ctx.catalog)
    if e.load_type is LoadType.BODYWEIGHT or state.exercise_index in state.load_asked:
        return False
    # Without the kit that loads it (say, single-leg RDLs with no dumbbells) it's bodyweight.
    return LOAD_KIT[e.load_type] in ctx.equipment


def _ask_load(state: WorkoutState, ctx: Context) -> Speech:
    e = exercise_of(state, ctx.catalog)
    example = "sixty pounds" if ctx.unit is Unit.LB else "twenty-five kilos"
    if e.load_type is LoadType.BAND:
        band = "twenty-five pounds" if ctx.unit is Unit.LB else "ten kilos"
        return Speech(f"About how heavy is that band? Say it like {band}, or say skip.")
    return Speech(f"What weight did you use? Say it like {example}, or say skip.")


def _logged_line(record: SetRecord, ctx: Context) -> str:
    text = f"Logged {words(record.reps)}"
    if record.load is not None:
        text += f" at {weight(record.load, record.unit or ctx.unit)}"
    comment = {
        Effort.EASY: "Easy is good; we'll build on that.",
        Effort.RIGHT: "Right where we want it.",
        Effort.HARD: "Hard one. Keep the form clean next set.",
        None: "",
    }[record.effort]
    return f"{text}. {comment}"


def _advance(state: WorkoutState, ctx: Context, speech: Speech, rest: bool) -> Step:
    """After a set: rest and the next set, or the next exercise, or the summary."""
    p = state.current
    if state.set_number < p.sets:
        e = exercise_of(state, ctx.catalog)
        if rest:
            speech.extend(rest_countdown(e.rest_seconds))
        state.set_number += 1
        state, intro, reprompt = _announce(state, ctx)
        return Step(state, speech.extend(intro), reprompt)
    return _next_exercise(state, ctx, speech, rest=rest)


def _next_exercise(state: WorkoutState, ctx: Context, speech: Speech, rest: bool) -> Step:
    state.pain_offer = None
    state.draft = None
    if state.exercise_index + 1 >= len(state.plan):
        return _finish(state, ctx, speech)
    if rest:
        speech.extend(rest_countdown(exercise_of(state, ctx.catalog).rest_seconds))
    state.exercise_index += 1
    state.set_number = 1
    state.setup_given = False
    state, intro, reprompt = _announce(state, ctx)
    return Step(state, speech.extend(intro), reprompt)


def _finish(state: WorkoutState, ctx: Context, speech: Speech) -> Step:
    state.phase = Phase.DONE
    speech.extend(summary(state, ctx.catalog))
    return Step(state, speech, Speech(), finished=True)


def summary(state: WorkoutState, catalog: Catalog) -> Speech:
    logged = state.logged
    if not logged:
        return Speech("No sets logged this time, and that's okay. Come back when you're ready.")
    per: dict[str, int] = {}
    for r in logged:
        per[r.exercise_id] = per.get(r.exercise_id, 0) + 1
    parts = [f"{words(n)} of {catalog.get(i).name}" for i, n in per.items()]
    hard = sum(1 for r in logged if r.effort is Effort.HARD)
    speech = Speech(
        f"That's hamstring day done. {cap(plural(len(logged), 'set'))}: {join_names(parts)}."
    )
    if hard:
        speech.say(f"{plural(hard, 'set').capitalize()} felt hard, so we'll keep an eye on those.")
    return speech.say("It's all saved. Give your hamstrings two days before the next one.")


def _skip(state: WorkoutState, ctx: Context) -> Step:
    if state.phase is Phase.DONE:
        return _done(state, ev.SkipExercise(), ctx)
    e = exercise_of(state, ctx.catalog)
    state.skipped.append(e.id)
    return _next_exercise(state, ctx, Speech(f"Skipping {e.name}."), rest=False)


def _pause(state: WorkoutState, ctx: Context) -> Step:
    state.paused_from = state.phase
    state.phase = Phase.PAUSED
    reprompt = Speech("Say resume to carry on, or stop to save and finish for now.")
    return Step(state, Speech("Paused. Take your time. Say resume when you're ready."), reprompt)


def _pace(state: WorkoutState, event: ev.ChangePace, ctx: Context) -> Step:
    before = state.tempo_scale
    state.tempo_scale = scaled(before, faster=not event.slower)
    seconds = lowering_seconds(exercise_of(state, ctx.catalog), _tempo(state))
    if state.tempo_scale == before:
        speech = Speech(
            "That's as slow as I go." if event.slower else "That's as quick as we go; control wins."
        )
    elif event.slower:
        speech = Speech(f"Slower it is: about {words(seconds)} seconds on the way down.")
    else:
        speech = Speech(f"A little quicker: about {words(seconds)} seconds down. Stay controlled.")
    return _say(state, speech, continue_prompt(state, ctx), prompt=True)


def _form_cue(state: WorkoutState, ctx: Context) -> Step:
    e = exercise_of(state, ctx.catalog)
    pool = e.setup_cues + e.mid_set_cues if state.phase is Phase.SETUP else e.mid_set_cues
    first = pool[state.cue_cursor % len(pool)]
    second = pool[(state.cue_cursor + 1) % len(pool)]
    speech = Speech(first, second)
    if state.cue_cursor == 0:
        speech.say(e.feel)
    state.cue_cursor += 2
    return _say(state, speech, continue_prompt(state, ctx), prompt=True)


def continue_prompt(state: WorkoutState, ctx: Context) -> Speech:
    """The offer to carry on from exactly where the person was."""
    phase = state.paused_from if state.phase is Phase.PAUSED else state.phase
    if state.phase is Phase.PAUSED:
        return Speech("Say resume when you're ready.")
    if phase is Phase.FEEDBACK:
        if state.draft and state.draft.effort is not None:
            return _ask_load(state, ctx)
        if state.draft:
            return Speech("How did that set feel: easy, just right, or hard?")
        return Speech("Say ready to go again, or tell me how that set felt.")
    if phase is Phase.PAIN:
        return _pain_question(state, ctx)
    if phase is Phase.DONE:
        return Speech()
    return Speech(f"Say ready for set {words(state.set_number)}.")


def _help(state: WorkoutState, ctx: Context) -> Speech:
    e = exercise_of(state, ctx.catalog)
    if state.phase is Phase.FEEDBACK:
        return Speech(
            "Tell me how the set felt: easy, just right, or hard.",
            "You can add numbers, like eight reps at fifty pounds.",
            "Or say ready to count it again.",
        )
    if state.phase is Phase.PAUSED:
        return Speech("You're paused. Say resume to carry on, or stop to save and finish.")
    if state.phase is Phase.PAIN:
        return Speech("Something hurt, so we stopped that exercise.")
    return Speech(
        f"You're on {e.name}, set {words(state.set_number)} of {words(state.current.sets)}.",
        "Say ready and I'll count the reps.",
        "You can also say form cue, slower, pause, skip this exercise, or tell me if it hurts.",
    )


def _fallback(state: WorkoutState, ctx: Context) -> Step:
    return _say(
        state, Speech("Sorry, I didn't catch that."), continue_prompt(state, ctx), prompt=True
    )


# --- pain --------------------------------------------------------------------------------------

_PAIN_ADVICE = {
    "back": "Stand up tall, breathe, and let your back settle. Don't stretch into it.",
    "knee": "Straighten the leg gently and keep weight off it for now.",
    "hamstring": "Stop loading that leg. A pulled hamstring needs rest, not stretching.",
    "hip": "Ease off and walk gently if that feels okay.",
    "glute": "Ease off and walk gently if that feels okay.",
}


def _pain(state: WorkoutState, event: ev.Pain, ctx: Context) -> Step:
    """Pain stops the exercise at once; we never coach through it."""
    if state.phase is Phase.DONE:
        return _done(state, event, ctx)
    e = exercise_of(state, ctx.catalog)
    state.pain_reports += 1
    state.draft = None
    state.paused_from = None
    state.skipped.append(e.id)
    state.pain.append(e.id)
    speech = Speech(f"Stop there. We're done with {e.name} for today.")
    speech.say(_PAIN_ADVICE.get(event.area or "", "Rest it for now."))
    speech.say("If the pain is sharp or sticks around, have a physio or doctor check it.")
    if state.pain_reports >= MAX_PAIN_REPORTS:
        return _finish(state, ctx, speech.say("That's twice today, so let's stop here."))
    if event.area in ("back", None):
        # Pain with no place named might be the back: nothing else today loads it.
        _drop_later_hinges(state, ctx)
    easier = _regression(e, event.area, ctx)
    state.phase = Phase.PAIN
    state.pain_offer = easier.id if easier else None
    if easier is None and state.exercise_index + 1 >= len(state.plan):
        return _finish(state, ctx, speech)
    question = _pain_question(state, ctx)
    return Step(state, speech.extend(question), question)


def _drop_later_hinges(state: WorkoutState, ctx: Context) -> None:
    """After back pain nothing else today loads the back; later hinges leave the plan."""
    keep = state.plan[: state.exercise_index + 1]
    for p in state.plan[state.exercise_index + 1 :]:
        if Slot.HINGE in ctx.catalog.get(p.exercise_id).slots:
            state.skipped.append(p.exercise_id)
        else:
            keep.append(p)
    state.plan = keep


def _regression(e: Exercise, area: str | None, ctx: Context) -> Exercise | None:
    """The easier variation, if they have the kit, and never another hinge after back pain."""
    if e.easier is None:
        return None
    easier = ctx.catalog.get(e.easier)
    if not any(q in ctx.equipment or q is Equipment.BODYWEIGHT for q in easier.equipment):
        return None
    if area in ("back", None) and Slot.HINGE in easier.slots:
        # Pain with no place named might be the back: don't offer another hinge.
        return None
    return easier


def _pain_question(state: WorkoutState, ctx: Context) -> Speech:
    if state.pain_offer:
        easier = ctx.catalog.get(state.pain_offer)
        return Speech(
            f"If it feels fine at rest, we could try {easier.name}, a gentler option.",
            "Want to try it? Say no to move on.",
        )
    upcoming = ctx.catalog.get(state.plan[state.exercise_index + 1].exercise_id)
    return Speech(f"If you feel okay, want to move on to {upcoming.name}? Or say no to stop.")


def _regress(state: WorkoutState, easier_id: str, ctx: Context) -> Step:
    """Insert the easier variation after the stopped exercise, with the sets that were left."""
    p = state.current
    done = sum(1 for r in state.logged if r.exercise_index == state.exercise_index)
    easier = ctx.catalog.get(easier_id)
    planned = PlannedExercise(
        exercise_id=easier_id,
        sets=max(1, min(p.sets - done, 2)),
        target_reps=min(20, max(6, easier.rep_low)),
        replaced=p.exercise_id,
    )
    state.plan.insert(state.exercise_index + 1, planned)
    state.pain_offer = None
    speech = Speech("Okay, gently. Stop straight away if it hurts again.")
    return _next_exercise(state, ctx, speech, rest=False)
