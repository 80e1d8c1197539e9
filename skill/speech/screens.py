"""What a screen shows for a turn, and what a card says: chosen from the turn's typed lines.

Pure: the shell (skill.alexa.apl) only wraps these in directives. The screen is picked from the
same lines the speech is rendered from, and the reps and mid-set cues come from the same pacing
functions that word the count, so what is shown cannot drift from what is said. Screens are
extras: voice carries the whole workout, so a turn with nothing worth showing shows nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from skill.core import lines as ln
from skill.core import said as sd
from skill.core.advice import Advice
from skill.core.catalog import Catalog
from skill.core.conversation import Conversation
from skill.core.history import SessionRecord, SetRecord
from skill.core.profile import Level, Unit
from skill.core.workout import WorkoutState
from skill.speech import render
from skill.speech.market import DEFAULT_LOCALE, spell
from skill.speech.pacing import cues_for_set
from skill.speech.ssml import readable


class RepItem(BaseModel):
    """One rep of the counted set; ``cue`` is the form cue spoken during it, if any."""

    number: int
    side: str = ""
    cue: str = ""


class SetScreen(BaseModel):
    """The set being set up or counted: what, which set, the target and the reps."""

    kind: Literal["set"] = "set"
    exercise: str
    set_label: str
    target: str
    cue: str
    counting: bool
    """The reps are being counted this turn (else: waiting for "ready")."""
    reps: list[RepItem]


class RestScreen(BaseModel):
    """A rest: the seconds counted down, and the set that follows."""

    kind: Literal["rest"] = "rest"
    seconds: int
    next_exercise: str
    next_label: str
    next_target: str


class PlanRow(BaseModel):
    exercise: str
    detail: str


class OverviewScreen(BaseModel):
    """Today's plan, in order, before the first set."""

    kind: Literal["overview"] = "overview"
    title: str
    subtitle: str
    rows: list[PlanRow]


class SummaryScreen(BaseModel):
    """The finished workout: each exercise's logged sets, and what changes next time."""

    kind: Literal["summary"] = "summary"
    title: str
    subtitle: str
    rows: list[PlanRow]
    next_time: list[str]


Screen = SetScreen | RestScreen | OverviewScreen | SummaryScreen


class Card(BaseModel):
    """A simple card for the Alexa app: plain text, short."""

    title: str
    content: str


CARD_LIMIT = 1000
"""Kept well under Alexa's 8,000 characters for a card: a glance between sets, not a report."""


def load_text(load: float | None, unit: Unit | None) -> str:
    """ "20 lb", "22.5 kg"; empty for bodyweight and bands."""
    if not load:
        return ""
    return f"{load:g} {(unit or Unit.LB).value}"


def target_text(target: ln.Target) -> str:
    """ "10 reps × 20 lb", "8 reps each side" (the number form of the spoken target)."""
    text = f"{target.reps} reps" + (" each side" if target.per_side else "")
    load = load_text(target.load, target.unit)
    return f"{text} × {load}" if load else text


def screen_for(
    lines: Sequence[sd.Said],
    conversation: Conversation,
    catalog: Catalog,
    finished: SessionRecord | None = None,
) -> Screen | None:
    """The screen this turn's lines call for; None keeps whatever is showing (a question, a
    cue, a pause: the last screen still fits). ``finished``: the workout this turn closed (the
    conversation no longer holds it), for the summary."""
    workout = conversation.workout
    kinds = {type(line) for line in lines}
    if ln.Summary in kinds:
        logged = finished.sets if finished else workout.logged if workout else []
        return _summary(logged, conversation, catalog)
    if workout is None:
        return None
    for line in lines:
        if isinstance(line, ln.Rest):
            return _rest(line, workout, catalog)
    for line in lines:
        if isinstance(line, ln.Overview):
            return _overview(line, workout, catalog)
    for line in lines:
        if isinstance(line, ln.CountSet):
            return _set(workout, catalog, line.exercise_id, line.set_number, counting=True)
    for line in lines:
        if isinstance(line, ln.Setup | ln.SetAhead):
            return _set(workout, catalog, line.exercise_id, line.set_number, counting=False)
    return None


def _target_of(
    reps: int, load: float | None, unit: Unit | None, exercise_id: str, catalog: Catalog | None
) -> ln.Target:
    per_side = catalog.get(exercise_id).per_side if catalog else False
    return ln.Target(reps=reps, per_side=per_side, load=load, unit=unit or Unit.LB)


def _set(
    workout: WorkoutState, catalog: Catalog, exercise_id: str, set_number: int, *, counting: bool
) -> SetScreen:
    exercise = catalog.get(exercise_id)
    plan = next((p for p in workout.plan if p.exercise_id == exercise_id), workout.current)
    reps = plan.target_reps
    target = _target_of(reps, plan.load, plan.unit, exercise_id, catalog)
    cues = cues_for_set(exercise, set_number, reps)
    items = [RepItem(number=n, cue=cues.get(n, "")) for n in range(1, reps + 1)]
    first_cue = cues[min(cues)] if cues else exercise.setup_cues[0]
    return SetScreen(
        exercise=_title(exercise.name),
        set_label=f"Set {set_number} of {plan.sets}",
        target=target_text(target),
        cue=first_cue,
        counting=counting,
        reps=items,
    )


def _rest(line: ln.Rest, workout: WorkoutState, catalog: Catalog) -> RestScreen:
    """The set after the rest is where the workout now stands (it moved on when logging)."""
    plan = workout.current
    exercise = catalog.get(plan.exercise_id)
    target = _target_of(plan.target_reps, plan.load, plan.unit, plan.exercise_id, catalog)
    return RestScreen(
        seconds=line.seconds,
        next_exercise=_title(exercise.name),
        next_label=f"Set {workout.set_number} of {plan.sets}",
        next_target=target_text(target),
    )


def _overview(line: ln.Overview, workout: WorkoutState, catalog: Catalog) -> OverviewScreen:
    rows = []
    for plan in workout.plan:
        target = _target_of(plan.target_reps, plan.load, plan.unit, plan.exercise_id, catalog)
        rows.append(
            PlanRow(
                exercise=_title(catalog.get(plan.exercise_id).name),
                detail=f"{plan.sets} sets of {target_text(target)}",
            )
        )
    return OverviewScreen(
        title="Hamstring day" + (" (lighter)" if workout.lighter else ""),
        subtitle=f"{line.sets} sets, about {line.minutes} minutes",
        rows=rows,
    )


def _summary(
    logged: Sequence[SetRecord], conversation: Conversation, catalog: Catalog
) -> SummaryScreen:
    """Each exercise's sets as "reps × load", in the order done; then the next prescriptions
    (the history was moved on when the workout ended)."""
    done: dict[str, list[str]] = {}
    for record in logged:
        load = load_text(record.load, record.unit)
        done.setdefault(record.exercise_id, []).append(
            f"{record.reps} × {load}" if load else str(record.reps)
        )
    rows = [
        PlanRow(exercise=_title(catalog.get(i).name), detail=", ".join(sets))
        for i, sets in done.items()
    ]
    total = sum(len(s) for s in done.values())
    return SummaryScreen(
        title="Hamstring day done",
        subtitle=f"{total} set{'s' if total != 1 else ''} logged",
        rows=rows,
        next_time=[_advice_text(a, catalog) for a in conversation.history.advice[:3]],
    )


def _advice_text(advice: Advice, catalog: Catalog) -> str:
    """One next prescription in numbers: "Romanian deadlifts: 3 × 10 reps × 25 lb"."""
    exercise_id = advice.switch_to or advice.exercise_id
    target = _target_of(advice.target_reps, advice.load, advice.unit, exercise_id, catalog)
    return f"{_title(catalog.get(exercise_id).name)}: {advice.sets} × {target_text(target)}"


def _title(name: str) -> str:
    return name[:1].upper() + name[1:]


UNIT_WORDS = {Unit.LB: "pounds", Unit.KG: "kilograms"}

LEVELS = {
    Level.NEW: "new to training",
    Level.SOME: "some experience",
    Level.EXPERIENCED: "experienced",
}


def card_for(
    lines: Sequence[sd.Said],
    conversation: Conversation,
    catalog: Catalog,
    locale: str = DEFAULT_LOCALE,
) -> Card | None:
    """A card only where one is worth keeping: the finished workout, the next prescriptions,
    and what onboarding heard. Workout and advice cards use the words spoken for those lines,
    so card and speech agree; the setup card lists what the person told us. Cards are read, so
    they are spelt the way the locale's market spells (``skill.speech.market``)."""
    kinds = {type(line) for line in lines}
    if ln.Summary in kinds:
        title, kept = "Hamstring day done", _from(lines, (ln.Summary,), catalog)
        extra = [_advice_text(a, catalog) for a in conversation.history.advice[:3]]
        if extra:
            kept += " Next time: " + "; ".join(extra) + "."
    elif kinds & {sd.ProgressAnswer, sd.Advised}:
        title, kept = (
            "What to increase next",
            _from(lines, (sd.ProgressAnswer, sd.Advised), catalog),
        )
    elif sd.GotLevel in kinds and conversation.profile and conversation.profile.complete:
        profile = conversation.profile
        kit = ", ".join(q.value for q in profile.equipment)
        level = LEVELS[profile.level] if profile.level else ""
        unit = UNIT_WORDS[profile.unit]
        title, kept = "Your setup", f"Equipment: {kit}. Level: {level}. Weights in {unit}."
    else:
        return None
    text = spell(kept.strip(), locale)
    if not text:
        return None
    if len(text) > CARD_LIMIT:
        text = text[: CARD_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return Card(title=title, content=text)


def _from(lines: Sequence[sd.Said], kinds: tuple[type, ...], catalog: Catalog) -> str:
    """The words of the first line of one of ``kinds`` and every line after it, as plain text
    (pauses dropped)."""
    start = next(i for i, line in enumerate(lines) if isinstance(line, kinds))
    text = readable(render(lines[start:], catalog).ssml())
    return " ".join(part for part in text.split() if not part.startswith("(…"))
