"""What a screen shows for a turn, and what a card says: chosen from the turn's typed lines.

Pure: the shell (skill.alexa.apl) only wraps these in directives. The screen is picked from the
same lines the speech is rendered from, and the reps and mid-set cues come from the same pacing
functions that word the count, so what is shown cannot drift from what is said. Screens are
extras: voice carries the whole workout, so a turn with nothing worth showing shows nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from skill.core import lines as ln
from skill.core import said as sd
from skill.core.advice import Advice
from skill.core.catalog import Catalog
from skill.core.charts import MAX_POINTS, Series
from skill.core.conversation import Conversation
from skill.core.history import SessionRecord, SetRecord
from skill.core.model import Model
from skill.core.profile import Level, Unit
from skill.core.tempo import Part
from skill.core.value import Value
from skill.core.workout import WorkoutState
from skill.speech import render
from skill.speech.market import DEFAULT_LOCALE, spell
from skill.speech.pacing import cues_for_set, sides
from skill.speech.ssml import Speech, readable, words


class _OnScreen(Model):
    """What only a screen shows (built, like every ``Model``, when a screen device first needs
    one; voice-only devices never do)."""


class RepItem(_OnScreen):
    """One rep of the counted set; ``cue`` is the form cue spoken during it, if any; ``side``
    "L" or "R" when a two-sided set is counted side by side."""

    number: int
    side: str = ""
    cue: str = ""
    ssml: str = ""
    """What is said while this rep is highlighted (a SpeakList reads it): every word from just
    after the previous rep's number through this rep's own number, and after the last rep the
    rest of the turn. Empty when the rep is not counted this turn."""


class SetScreen(_OnScreen):
    """The set being set up or counted: what, which set, the target and the reps."""

    kind: Literal["set"] = "set"
    exercise: str
    set_label: str
    target: str
    cue: str
    counting: bool
    """The reps are being counted this turn (else: waiting for "ready")."""
    reps: list[RepItem]


class RestScreen(_OnScreen):
    """A rest: the seconds counted down, and the set that follows."""

    kind: Literal["rest"] = "rest"
    seconds: int
    starts_in_ms: int = 0
    """About when the spoken countdown starts ("Rest seventy-five seconds."): after the words
    said before it this turn, so the clock on screen starts with the voice."""
    next_exercise: str
    next_label: str
    next_target: str


class PlanRow(_OnScreen):
    exercise: str
    detail: str


class OverviewScreen(_OnScreen):
    """Today's plan, in order, before the first set."""

    kind: Literal["overview"] = "overview"
    title: str
    subtitle: str
    rows: list[PlanRow]


class SummaryScreen(_OnScreen):
    """The finished workout: each exercise's logged sets, and what changes next time."""

    kind: Literal["summary"] = "summary"
    title: str
    subtitle: str
    rows: list[PlanRow]
    next_time: list[str]


class Chart(_OnScreen):
    """One exercise over its recent sessions, drawn as a line in a CHART_WIDTH × CHART_HEIGHT
    box (APL vector graphics): ``line`` and ``dots`` are AVG path data."""

    exercise: str
    latest: str
    """The newest session's top set: "25 lb", "12 reps"."""
    change: str
    """Since the first session shown: "+10 lb over 6 sessions", "holding at 25 lb"."""
    line: str
    dots: str


class ProgressScreen(_OnScreen):
    """ "How am I doing": each main exercise's top set per session, and what comes next."""

    kind: Literal["progress"] = "progress"
    title: str
    subtitle: str
    charts: list[Chart]
    next_time: list[str]


Screen = SetScreen | RestScreen | OverviewScreen | SummaryScreen | ProgressScreen


class Card(Model):
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
    for line in lines:
        if isinstance(line, sd.ProgressAnswer):
            # What was just said, and what waits behind "want the rest?": the programme with
            # today's sets counted, not the one the session started from.
            return progress_screen(conversation, catalog, [*line.advice, *conversation.more])
    if workout is None:
        return None
    for n, line in enumerate(lines):
        if isinstance(line, ln.Rest):
            rest = _rest(line, workout, catalog)
            said_before = render(lines[:n], catalog)
            start = round(said_before.seconds() * 1000) if said_before else 0
            return rest.model_copy(update={"starts_in_ms": start})
    for line in lines:
        if isinstance(line, ln.Overview):
            return _overview(line, workout, catalog)
    for line in lines:
        if isinstance(line, ln.CountSet):
            screen = _set(workout, catalog, line.exercise_id, line.set_number, counting=True)
            spoken = spoken_count(lines, catalog)
            return screen.model_copy(update={"reps": spoken.items}) if spoken else screen
    for line in lines:
        if isinstance(line, ln.Setup | ln.SetAhead):
            return _set(workout, catalog, line.exercise_id, line.set_number, counting=False)
    return None


class SpokenCount(Value):
    """A counted turn's speech cut at the spoken rep numbers, so a screen can say each rep
    while it highlights it (APL ``SpeakList``): ``before`` is what comes before the first rep
    (said first, as the response's outputSpeech), each item's ``ssml`` carries its rep (the
    last also the words after the count), and ``whole`` is the turn as a voice-only device
    hears it. Cut from the very parts the voice renders, so the pieces in order are the whole:
    screen and voice cannot drift."""

    before: str
    """SSML body (no ``<speak>``), empty when the turn opens with the count."""
    items: list[RepItem]
    whole: str
    """The turn's SSML body, as one outputSpeech would carry it."""


def spoken_count(lines: Sequence[sd.Said], catalog: Catalog) -> SpokenCount | None:
    """The turn's speech around its one counted set, rep by rep; None when the turn counts no
    set (or, defensively, when the spoken numbers are not where the count says they are)."""
    at = [i for i, line in enumerate(lines) if isinstance(line, ln.CountSet)]
    if len(at) != 1:
        return None
    line = lines[at[0]]
    assert isinstance(line, ln.CountSet)
    exercise = catalog.get(line.exercise_id)
    two = sides(exercise) == 2
    runs = [line.part] if line.part else [Part(s, 1, line.reps) for s in ((1, 2) if two else (0,))]
    said = [(run.side, n) for run in runs for n in range(run.first, run.last + 1)]
    pieces: list[list[str]] = []
    current: list[str] = []
    for part in _parts(render([line], catalog)):
        current.append(part)
        if len(pieces) < len(said) and part == f"{words(said[len(pieces)][1]).capitalize()}.":
            pieces.append(current)
            current = []
    if len(pieces) != len(said):
        return None
    before = _parts(render(lines[: at[0]], catalog))
    after = current + _parts(render(lines[at[0] + 1 :], catalog))
    pieces[-1] = pieces[-1] + after
    cues = cues_for_set(exercise, line.set_number, line.reps)
    items = [
        RepItem(
            number=n,
            side={1: "L", 2: "R"}.get(side, ""),
            cue=cues.get(line.reps + 1 - n if side == 2 else n, ""),
            ssml="<speak>" + " ".join(piece) + "</speak>",
        )
        for (side, n), piece in zip(said, pieces, strict=True)
    ]
    whole = " ".join(before + [p for piece in pieces for p in piece])
    return SpokenCount(before=" ".join(before), items=items, whole=whole)


def _parts(speech: Speech) -> list[str]:
    """The pieces a Speech joins with spaces into its SSML (each a sentence or a break)."""
    return list(speech._parts)


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
    """One next prescription in numbers: "Romanian deadlifts: 10 reps × 25 lb". The number of
    sets is left to the day's plan (it fills a session's spare sets), so it isn't promised."""
    exercise_id = advice.switch_to or advice.exercise_id
    target = _target_of(advice.target_reps, advice.load, advice.unit, exercise_id, catalog)
    return f"{_title(catalog.get(exercise_id).name)}: {target_text(target)}"


def _title(name: str) -> str:
    return name[:1].upper() + name[1:]


CHART_WIDTH = 100
CHART_HEIGHT = 40
"""The box every chart is drawn in (the document's AVG ``viewportWidth``/``viewportHeight``)."""
CHART_PAD = 4.0
MAX_CHARTS = 3


def progress_screen(
    conversation: Conversation, catalog: Catalog, advice: Sequence[Advice] | None = None
) -> ProgressScreen:
    """Up to MAX_CHARTS exercises, the programme's first (its slots, in order), each with its
    top set per session: the recent sessions' (``history.series``), then the newest outing the
    programme holds and the sets logged in the workout under way, where those are newer."""
    history = conversation.history
    series = {s.exercise_id: s for s in history.series}
    for entry in history.programme.entries:
        track = entry.track
        if track is not None and track.sets:
            sets = [(d.reps, d.load, d.unit) for d in track.sets]
            series[entry.exercise_id] = _with(
                series.get(entry.exercise_id), entry.exercise_id, track.at.date(), sets
            )
    workout = conversation.workout
    if workout is not None:
        today: dict[str, list[tuple[int, float | None, Unit | None]]] = {}
        for record in workout.logged:
            today.setdefault(record.exercise_id, []).append((record.reps, record.load, record.unit))
        for exercise_id, sets in today.items():
            day = max(r.logged_at for r in workout.logged if r.exercise_id == exercise_id).date()
            series[exercise_id] = _with(series.get(exercise_id), exercise_id, day, sets)
    order = [e.exercise_id for e in history.programme.entries] + [
        s.exercise_id for s in history.series
    ]
    order += [i for i in series if i not in order]
    shown = [i for i in dict.fromkeys(order) if i in series and i in catalog and series[i].points]
    charts = [_chart(series[i], catalog) for i in shown[:MAX_CHARTS]]
    sessions = max((len(series[i].points) for i in shown[:MAX_CHARTS]), default=0)
    subtitle = (
        f"Top set per session, last {sessions} session{'s' if sessions != 1 else ''}"
        if charts
        else "Log a set and your progress shows here"
    )
    return ProgressScreen(
        title="Your progress",
        subtitle=subtitle,
        charts=charts,
        next_time=[
            _advice_text(a, catalog)
            for a in (history.advice if advice is None else advice)[:MAX_CHARTS]
        ],
    )


def _with(
    series: Series | None,
    exercise_id: str,
    day: date,
    sets: list[tuple[int, float | None, Unit | None]],
) -> Series:
    """The series with one more session's top set, when that session is newer than its last
    point (the same day: the better of the two)."""
    base = series or Series(
        exercise_id=exercise_id,
        measure="load" if any(load for _, load, _ in sets) else "reps",
        unit=next((u for _, load, u in sets if load and u), None),
    )
    if base.measure == "load":
        unit = base.unit or Unit.LB
        loads = [load for _, load, u in sets if load and (u or Unit.LB) is unit]
        value = max(loads) if loads else None
    else:
        value = float(max(reps for reps, _, _ in sets)) if sets else None
    points = list(base.points)
    if value is None or (points and points[-1][0] > day):
        return base
    if points and points[-1][0] == day:
        points[-1] = (day, max(points[-1][1], value))
    else:
        points.append((day, value))
    return base.model_copy(update={"points": points[-MAX_POINTS:]})


def _chart(series: Series, catalog: Catalog) -> Chart:
    values = [v for _, v in series.points]
    lo, hi = min(values), max(values)
    width, height = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    step = width / (len(values) - 1) if len(values) > 1 else 0.0
    xy = [
        (
            CHART_PAD + (i * step if len(values) > 1 else width / 2),
            CHART_PAD + (height / 2 if hi == lo else height * (hi - v) / (hi - lo)),
        )
        for i, v in enumerate(values)
    ]
    line = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(xy))
    if len(xy) == 1:
        x, y = xy[0]
        line = f"M{x - 6:.1f},{y:.1f} L{x + 6:.1f},{y:.1f}"
    r = 1.5
    dots = " ".join(
        f"M{x - r:.1f},{y:.1f} a{r},{r} 0 1,0 {2 * r},0 a{r},{r} 0 1,0 {-2 * r},0" for x, y in xy
    )
    return Chart(
        exercise=_title(catalog.get(series.exercise_id).name),
        latest=_measure(values[-1], series),
        change=_change(values, series),
        line=line,
        dots=dots,
    )


def _measure(value: float, series: Series) -> str:
    if series.measure == "load":
        return load_text(value, series.unit)
    return f"{value:g} reps"


def _change(values: list[float], series: Series) -> str:
    n = len(values)
    if n == 1:
        return "first session logged"
    delta = values[-1] - values[0]
    if delta == 0:
        return f"holding at {_measure(values[-1], series)} over {n} sessions"
    sign = "+" if delta > 0 else "−"
    return f"{sign}{_measure(abs(delta), series)} over {n} sessions"


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
            _from(lines, (sd.ProgressAnswer, sd.Advised), catalog, only=True),
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


def _from(
    lines: Sequence[sd.Said], kinds: tuple[type, ...], catalog: Catalog, only: bool = False
) -> str:
    """The words of the first line of one of ``kinds`` and every line after it (``only``: just
    the lines of those kinds, not the prompt that follows), as plain text (pauses dropped)."""
    start = next(i for i, line in enumerate(lines) if isinstance(line, kinds))
    kept = [line for line in lines[start:] if not only or isinstance(line, kinds)]
    text = readable(render(kept, catalog).ssml())
    return " ".join(part for part in text.split() if not part.startswith("(…"))
