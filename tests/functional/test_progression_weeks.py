"""Weeks of hamstring days through the Lambda entry point, and what the coach says to increase.

Everything goes through ``build_handler(SQLiteStore(...), clock)`` with real Alexa envelopes: a
fresh Alexa session per workout and per question (as "Alexa, ask Hamstring Coach ..." opens one),
every set logged with LogSetIntent slots as Alexa would fill them, the one-time weight question
answered when it comes. The clock is moved by hand, so six weeks take a second. ``Alexa`` checks
every response against Alexa's limits (SSML parses, <= 8000 chars, breaks <= 10 s, a reprompt on
every question).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.app import build_handler
from skill.core.advice import Advice, Change, Reason
from skill.core.catalog import Exercise, LoadType, Movement, Slot, load_catalog
from skill.core.conversation import ADVICE_AT_ONCE, Conversation, worth_saying
from skill.core.history import SessionRecord
from skill.core.plan import PlannedExercise
from skill.core.profile import Level, Unit
from skill.core.workout import WorkoutState
from skill.speech.progress import advice_line
from skill.speech.ssml import cap, plural, weight, words
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at

CATALOG = load_catalog()
MONDAY = at(days=28)
"""Monday 2024-06-03, 18:00 UTC."""
MAX_STEP = 0.105
START_AGAIN = "Want to start hamstring day?"
THE_REST = "Want to hear the rest?"

Reps = Callable[[PlannedExercise, Exercise], int]
Weights = dict[LoadType, tuple[str, str] | None]
"""The answer to "what weight did you use?" per kind of weight: (load, unit), or None to skip."""


def top_of_range(p: PlannedExercise, e: Exercise) -> int:
    """Every set at the top of the exercise's range (or the target, when that is higher)."""
    return max(p.target_reps, min(20, e.rep_high))


def the_target(p: PlannedExercise, e: Exercise) -> int:
    return p.target_reps


@pytest.fixture
def clock() -> MutableClock:
    """Overrides conftest's clock: these stories start on a Monday evening."""
    return MutableClock(MONDAY)


# --- driving the skill ---------------------------------------------------------------------------


def conversation(alexa: Alexa) -> Conversation:
    return Conversation.model_validate(alexa.last["sessionAttributes"]["coach"])


def current(alexa: Alexa) -> WorkoutState:
    workout = alexa.workout
    assert workout is not None, f"no workout going: {alexa.text}"
    return workout


def asks_for_weight(text: str) -> bool:
    return "What weight did you use" in text or "how heavy" in text.lower()


def one_shot(alexa: Alexa, intent: str, /, **slots: str | None) -> str:
    """A new Alexa session opened by this request ("Alexa, ask Hamstring Coach ...")."""
    alexa.factory.new_session()
    alexa.say(intent, **slots)
    assert alexa.factory.new is False
    return alexa.text


def target_words(p: PlannedExercise) -> str:
    e = CATALOG.get(p.exercise_id)
    text = plural(p.target_reps, "rep") + (" each side" if e.per_side else "")
    if p.load:
        text += f" at {weight(p.load, p.unit or Unit.LB)}"
    return text


def introduction(p: PlannedExercise) -> str:
    """How an exercise is announced before its first set: "dumbbell Romanian deadlifts, three
    sets of ten reps at twenty-seven and a half pounds." """
    e = CATALOG.get(p.exercise_id)
    return f"{e.name}, {plural(p.sets, 'set')} of {target_words(p)}."


def train(
    alexa: Alexa,
    clock: MutableClock,
    *,
    reps: Reps = top_of_range,
    effort: str = "easy",
    weights: Weights | None = None,
    effort_of: Callable[[WorkoutState], str] | None = None,
) -> list[str]:
    """Every set of the workout going, each logged with reps and effort; the weight question is
    answered (once per exercise) from ``weights``. Returns everything said, start to summary."""
    said = [alexa.text]
    asked: set[int] = set()
    sets = 0
    while not alexa.ended:
        workout = current(alexa)
        p, e = workout.current, CATALOG.get(workout.current.exercise_id)
        alexa.count_set()
        said.append(alexa.text)
        clock.advance(minutes=1)
        said_effort = effort_of(workout) if effort_of is not None else effort
        alexa.say("LogSetIntent", reps=str(reps(p, e)), effort=said_effort)
        if asks_for_weight(alexa.text):
            said.append(alexa.text)
            assert p.load is None, f"asked for a weight it was told: {p}"
            assert workout.exercise_index not in asked, "asked for the weight twice"
            asked.add(workout.exercise_index)
            answer = (weights or {}).get(e.load_type)
            if answer is None:
                alexa.say("AMAZON.NextIntent")
            else:
                alexa.say("LogSetIntent", load=answer[0], unit=answer[1])
        said.append(alexa.text)
        clock.advance(minutes=2)
        sets += 1
        assert sets <= 10, "a session never has more than ten sets"
    assert "hamstring day done" in alexa.text
    return said


def advice_of(advice: list[Advice], exercise_id: str) -> Advice | None:
    return next((a for a in advice if a.exercise_id == exercise_id), None)


def concrete(a: Advice) -> str:
    """What makes a line concrete: the variation, else the load with its unit, else the reps."""
    if a.switch_to:
        return CATALOG.get(a.switch_to).name
    if a.load is not None:
        return weight(a.load, a.unit or Unit.LB)
    return words(a.target_reps)


def assert_advice_said(a: Advice, text: str) -> None:
    line = advice_line(a, CATALOG)
    assert line in text, f"{line!r} not in {text!r}"
    assert line.startswith(cap(CATALOG.get(a.exercise_id).name) + ":")
    assert concrete(a) in line, line


def stored(store: SQLiteStore, user_id: str) -> list[SessionRecord]:
    """Oldest first."""
    return sorted(store.recent_sessions(user_id, limit=100), key=lambda s: s.started_at)


def targets(sessions: list[SessionRecord]) -> dict[str, list[tuple[datetime, int, float | None]]]:
    """Per exercise, the target it was done at in each session: (when, reps, load)."""
    found: dict[str, list[tuple[datetime, int, float | None]]] = {}
    for session in sessions:
        for exercise_id in dict.fromkeys(s.exercise_id for s in session.sets):
            first = next(s for s in session.sets if s.exercise_id == exercise_id)
            found.setdefault(exercise_id, []).append(
                (session.started_at, first.target_reps, first.target_load)
            )
    return found


def set_targets(
    sessions: list[SessionRecord],
) -> dict[str, list[tuple[datetime, int, float | None]]]:
    """Per exercise, the target of every set in order: (when, reps, load)."""
    found: dict[str, list[tuple[datetime, int, float | None]]] = {}
    for session in sessions:
        for s in session.sets:
            found.setdefault(s.exercise_id, []).append(
                (session.started_at, s.target_reps, s.target_load)
            )
    return found


# --- six weeks, twice a week ---------------------------------------------------------------------


@dataclass
class Day:
    when: datetime
    answer: str = ""
    """What "what should I increase next week" got, just before this workout."""
    rest: str = ""
    """What "yes" to "want to hear the rest?" got, if it was offered."""
    advice: list[Advice] = field(default_factory=list)
    plan: list[PlannedExercise] = field(default_factory=list)
    said: list[str] = field(default_factory=list)

    @property
    def workout_text(self) -> str:
        return " ".join(self.said)


@dataclass
class Journey:
    name: str
    days: list[Day]
    sessions: list[SessionRecord]
    headline: list[str]
    """Loaded exercises done every week whose weight must climb."""
    after: dict[str, str] = field(default_factory=dict)
    """Answers to questions asked the day after the last workout."""
    final_advice: list[Advice] = field(default_factory=list)


@dataclass(frozen=True)
class Trainee:
    name: str
    equipment: tuple[str, ...]
    level: str
    effort: str
    weights: Weights
    headline: tuple[str, ...]


TRAINEES = {
    "beginner": Trainee(
        "beginner",
        ("dumbbells",),
        "new",
        "easy",
        {LoadType.DUMBBELL: ("25", "pounds")},
        ("rdl_dumbbell",),
    ),
    "lifter": Trainee(
        "lifter",
        ("machines",),
        "experienced",
        "just right",
        {LoadType.MACHINE: ("90", "pounds"), LoadType.DUMBBELL: None},
        ("lying_leg_curl",),
    ),
}


def six_weeks(store: SQLiteStore, trainee: Trainee) -> Journey:
    """Monday and Thursday evenings for six weeks, every set at the top of the range. Before each
    workout but the first: "what should I increase next week", the rest if offered, then start."""
    clock = MutableClock(MONDAY)
    alexa = Alexa(build_handler(store, clock), clock, user_id=f"amzn1.ask.account.{trainee.name}")
    alexa.onboard(trainee.equipment, trainee.level)
    first = Day(MONDAY, plan=current(alexa).plan)
    first.said = train(alexa, clock, effort=trainee.effort, weights=trainee.weights)
    days = [first]
    for week in range(6):
        for offset, start in ((0, "StartWorkoutIntent"), (3, "AMAZON.YesIntent")):
            if week == offset == 0:
                continue
            clock.now = MONDAY + timedelta(days=7 * week + offset)
            day = Day(clock.now)
            day.answer = one_shot(alexa, "ProgressIntent")
            day.advice = conversation(alexa).history.advice
            if day.answer.endswith(THE_REST):
                alexa.say("AMAZON.YesIntent")
                day.rest = alexa.text
            assert alexa.text.endswith(START_AGAIN), alexa.text
            alexa.say(start)  # "start hamstring day", or "yes"
            day.plan = current(alexa).plan
            day.said = train(alexa, clock, effort=trainee.effort, weights=trainee.weights)
            days.append(day)
    clock.advance(days=1)
    after = {"load": one_shot(alexa, "LoadAdviceIntent", exercise=trainee.headline[0])}
    final = conversation(alexa).history.advice
    after["last"] = one_shot(alexa, "LastTimeIntent", exercise=trainee.headline[0])
    return Journey(
        trainee.name,
        days,
        stored(store, alexa.user_id),
        list(trainee.headline),
        after=after,
        final_advice=final,
    )


@pytest.fixture(scope="module")
def journeys(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Journey]:
    """Each trainee's six weeks, run once for the whole module."""
    done: dict[str, Journey] = {}

    def get(name: str) -> Journey:
        if name not in done:
            path: Path = tmp_path_factory.mktemp(name) / "coach.sqlite3"
            with SQLiteStore(path) as store:
                done[name] = six_weeks(store, TRAINEES[name])
        return done[name]

    return get


@pytest.fixture(params=list(TRAINEES))
def journey(request: pytest.FixtureRequest, journeys: Callable[[str], Journey]) -> Journey:
    return journeys(request.param)


@pytest.fixture
def beginner(journeys: Callable[[str], Journey]) -> Journey:
    return journeys("beginner")


@pytest.fixture
def lifter(journeys: Callable[[str], Journey]) -> Journey:
    return journeys("lifter")


def test_twelve_workouts_are_stored(journey: Journey) -> None:
    assert len(journey.days) == 12
    assert len(journey.sessions) == 12
    assert all(s.sets for s in journey.sessions)


def test_every_week_the_answer_names_an_exercise_and_a_concrete_change(journey: Journey) -> None:
    for day in journey.days[1:]:
        real = [a for a in day.advice if worth_saying(a)]
        assert real, f"{day.when:%a %d %b}: no advice"
        for a in real[:ADVICE_AT_ONCE]:
            assert_advice_said(a, day.answer)
        said = [a for a in real if advice_line(a, CATALOG) in day.answer]
        assert len(said) <= ADVICE_AT_ONCE, "at most two recommendations at once"
        if len(real) > ADVICE_AT_ONCE:
            assert day.answer.endswith(THE_REST)
            for a in real[ADVICE_AT_ONCE:]:
                assert_advice_said(a, day.rest)
            assert day.rest.endswith(START_AGAIN)
        else:
            assert not day.rest
        assert any(a.change is not Change.HOLD for a in real), "something moves every week"


def test_the_next_workout_is_planned_and_announced_at_the_advised_targets(
    journey: Journey,
) -> None:
    announced_loads = 0
    for day in journey.days[1:]:
        for p in day.plan:
            a = advice_of(day.advice, p.exercise_id)
            if a is not None and a.switch_to is None:
                assert (p.target_reps, p.load, p.unit) == (
                    min(20, max(6, a.target_reps)),
                    a.load,
                    a.unit,
                ), f"{day.when:%a %d %b} {p.exercise_id}"
            switched = [x for x in day.advice if x.switch_to == p.exercise_id]
            if a is None and switched:
                assert p.target_reps == switched[0].target_reps
            assert introduction(p) in day.workout_text, (introduction(p), day.workout_text[:300])
            announced_loads += p.load is not None
    assert announced_loads >= 2, "the set announcement carries the load"
    assert any(
        re.search(r"sets of \w+ reps at [a-z -]+ pounds\.", day.workout_text)
        for day in journey.days
    ), "announced like 'three sets of ten reps at sixty-five pounds'"


def test_loads_rise_in_small_steps(journey: Journey) -> None:
    """Progression is by session (issue 9), and inside one when a set is easy at the top of the
    range: each rise, set to set, is one small step, never a drop without pain or missed
    targets (every set here was made)."""
    for exercise_id, done in set_targets(journey.sessions).items():
        e = CATALOG.get(exercise_id)
        loads = [(when, load) for when, _, load in done if load is not None]
        changes = [
            (when, before, after)
            for (_, before), (when, after) in itertools.pairwise(loads)
            if after != before
        ]
        for _, before, after in changes:
            assert after > before, f"{exercise_id}: only pain or hard sessions lower a load"
            if e.load_type is not LoadType.BAND:
                assert after - before <= MAX_STEP * before, (exercise_id, before, after)
    for exercise_id in journey.headline:
        logged = []
        for session in journey.sessions:
            mine = [r.load for r in session.sets if r.exercise_id == exercise_id and r.load]
            logged += mine[-1:]
        rises = [after for before, after in itertools.pairwise(logged) if after > before]
        assert logged == sorted(logged), f"{exercise_id}: {logged}"
        assert len(rises) >= 2, f"{exercise_id} should climb over six weeks: {logged}"


def test_the_weight_is_asked_once_then_remembered(journey: Journey) -> None:
    first = journey.days[0]
    assert any(asks_for_weight(t) for t in first.said)
    for session in journey.sessions:
        for record in session.sets:
            e = CATALOG.get(record.exercise_id)
            if e.load_type in (LoadType.DUMBBELL, LoadType.MACHINE) and record.load is not None:
                assert record.unit is Unit.LB


def test_how_much_to_lift_and_what_was_done_last_time(journey: Journey) -> None:
    exercise_id = journey.headline[0]
    e = CATALOG.get(exercise_id)
    last = next(
        s for s in reversed(journey.sessions) if any(r.exercise_id == exercise_id for r in s.sets)
    )
    sets = [r for r in last.sets if r.exercise_id == exercise_id]
    load = sets[-1].load
    assert load is not None
    advice = advice_of(journey.final_advice, exercise_id)
    if advice is None:  # a new block took its slot over: said so, with what was done last
        assert journey.after["load"].startswith(f"{e.name.capitalize()} aren't in your programme")
        assert weight(load, "lb") in journey.after["load"]
    else:
        assert advice.load is not None and advice.unit is Unit.LB
        assert journey.after["load"] == (
            f"For {e.name}, use {weight(advice.load, 'lb')} for {words(advice.sets)} sets of "
            f"{words(advice.target_reps)}. {START_AGAIN}"
        )
    said = journey.after["last"]
    assert e.name in said and weight(load, "lb") in said
    assert words(sets[0].reps) in said


def test_targets_never_saw_tooth_when_every_set_is_made(beginner: Journey) -> None:
    """The beginner makes every set: a target only moves up (more reps at a load, or a heavier
    load), never back and forth as the old weekly lock made it (6 -> 12 -> 10 -> 12)."""
    for exercise_id, done in targets(beginner.sessions).items():
        for (_, r0, l0), (_, r1, l1) in itertools.pairwise(done):
            if l0 is not None and l1 is not None and l1 != l0:
                assert l1 > l0, (exercise_id, done)
            else:
                assert r1 >= r0, (exercise_id, done)


def test_an_advised_move_on_is_in_the_next_session(journey: Journey) -> None:
    """Variety never costs progression: "move on to X" is followed by X in the next session,
    and the exercise moved on from is not planned instead."""
    for day in journey.days[1:]:
        planned = {p.exercise_id for p in day.plan}
        for a in day.advice:
            if a.switch_to is None:
                continue
            assert a.switch_to in planned, (
                f"{day.when:%a %d %b}: {advice_line(a, CATALOG)!r} but planned {sorted(planned)}"
            )
            # Planned still only where another entry coaches it (moved on to it, or holds it).
            coached = any(
                b.switch_to == a.exercise_id or (b.exercise_id == a.exercise_id and not b.switch_to)
                for b in day.advice
            )
            assert a.exercise_id not in planned or coached, day.plan


def test_move_on_advice_stops_once_they_have_moved_on(journey: Journey) -> None:
    for day in journey.days[1:]:
        for a in day.advice:
            if a.switch_to is None or a.last_done is None:
                continue
            newer = advice_of(day.advice, a.switch_to)
            taken_up = newer is not None and newer.last_done and newer.last_done > a.last_done
            assert not taken_up, f"{day.when:%a %d %b}: {advice_line(a, CATALOG)!r} again"


def test_the_lifters_leg_curls_come_round_every_week(lifter: Journey) -> None:
    """Machines, experienced: the curl slot rotates lying and seated leg curls with Nordics. Once
    'assisted Nordic curls: move on to Nordic curls' is advised, assisted Nordics are never done
    again, stay 'least recently done' forever, and are swapped for Nordics in every session: the
    leg curls the machines are for go untrained for weeks."""
    for week in range(6):
        days = lifter.days[2 * week : 2 * week + 2]
        curls = {p.exercise_id for day in days for p in day.plan} & {
            "lying_leg_curl",
            "seated_leg_curl",
        }
        assert curls, (
            f"week {week + 1}: no leg curls in {[[p.exercise_id for p in d.plan] for d in days]}"
        )


# --- edge cases ----------------------------------------------------------------------------------

DUMBBELLS: Weights = {LoadType.DUMBBELL: ("25", "pounds")}


def test_a_new_user_asking_what_to_increase_hears_what_to_do_first(alexa: Alexa) -> None:
    said = one_shot(alexa, "ProgressIntent")
    assert "start" in said.lower()
    assert "deadlift" not in said.lower() and "pounds" not in said
    assert said.endswith(START_AGAIN)
    alexa.say("AMAZON.YesIntent")
    assert "equipment" in alexa.text, "yes leads into setting up"


def test_after_one_session(alexa: Alexa, clock: MutableClock) -> None:
    one_shot(alexa, "LastTimeIntent")
    assert "don't have any logged sets" in alexa.text
    alexa.onboard(("dumbbells",), "new")
    train(alexa, clock, weights=DUMBBELLS)
    clock.advance(days=1)  # Tuesday evening

    said = one_shot(alexa, "ProgressIntent")
    assert said.startswith(
        # A first go, every set easy: each next set took the next dumbbell (25, 27.5, 30,
        # 32.5 lb), so the next session takes the step after the one reached today.
        "Dumbbell Romanian deadlifts: go up to thirty-five pounds for four sets of ten."
    )
    assert "Glute bridges: you've outgrown it. Move on to single-leg glute bridges" in said
    assert "Nordic" not in said, "a beginner starts with a hinge and a bridge (issue 9)"
    assert "Fit a second session in on Wednesday or later." in said
    assert not said.endswith(THE_REST) and said.endswith(START_AGAIN)
    alexa.say("AMAZON.NoIntent")
    assert alexa.ended

    week = one_shot(alexa, "WeekIntent")
    assert week.startswith("This week: one session, eight sets.")  # two moves, four sets each
    assert "Fit a second session in on Wednesday or later." in week
    assert "short of twelve" in week and "Wednesday" in week

    last = one_shot(alexa, "LastTimeIntent")
    assert last.startswith("Your last session was yesterday.")
    assert (
        "You did four sets of dumbbell Romanian deadlifts: twelve, twelve, twelve, and twelve "
        "reps at thirty-two and a half pounds." in last
    )
    assert "glute bridges: fifteen, fifteen, fifteen, and fifteen reps." in last

    one_shot(alexa, "LastTimeIntent", exercise="dumbbell romanian deadlift")
    assert alexa.text.startswith(
        "Yesterday, you did four sets of dumbbell Romanian deadlifts: twelve, twelve, twelve, "
        "and twelve reps at thirty-two and a half pounds."
    )
    one_shot(alexa, "LastTimeIntent", exercise="lying leg curl")
    assert alexa.text.startswith("You haven't logged lying leg curls with me yet.")

    one_shot(alexa, "LoadAdviceIntent", exercise="dumbbell romanian deadlift")
    assert alexa.text.startswith(
        "For dumbbell Romanian deadlifts, use thirty-five pounds for four sets of ten."
    )
    one_shot(alexa, "LoadAdviceIntent", exercise="lying leg curl")
    assert alexa.text.startswith("I don't have lying leg curls logged yet.")
    one_shot(alexa, "LoadAdviceIntent")
    assert alexa.text.startswith("Which exercise?")


def test_more_than_two_exercises_offer_the_rest(alexa: Alexa, clock: MutableClock) -> None:
    # "some", not "new": a beginner now starts with two moves (issue 9), too few for three lines.
    alexa.onboard(("dumbbells",), "some")
    train(alexa, clock, weights=DUMBBELLS)
    for day in (3, 7):
        clock.now = MONDAY + timedelta(days=day)
        one_shot(alexa, "StartWorkoutIntent")
        train(alexa, clock)
    clock.advance(days=1)

    first = one_shot(alexa, "ProgressIntent")
    advice = [a for a in conversation(alexa).history.advice if a.change is not Change.START]
    assert len(advice) >= 3, advice
    assert first.endswith(THE_REST)
    for a in advice[:2]:
        assert_advice_said(a, first)
    assert not any(advice_line(a, CATALOG) in first for a in advice[2:])
    alexa.say("AMAZON.YesIntent")
    for a in advice[2:]:
        assert_advice_said(a, alexa.text)
    assert alexa.text.endswith(START_AGAIN)
    assert not any(advice_line(a, CATALOG) in alexa.text for a in advice[:2]), "only the rest"

    one_shot(alexa, "ProgressIntent")
    alexa.say("AMAZON.NoIntent")
    assert alexa.text.startswith("Okay.") and alexa.text.endswith(START_AGAIN)
    assert advice_line(advice[2], CATALOG) not in alexa.text


def short_of_the_target(p: PlannedExercise, e: Exercise) -> int:
    return p.target_reps - 2


def test_hard_sets_hold_and_only_missed_reps_twice_regress(
    alexa: Alexa, clock: MutableClock
) -> None:
    """Issue 9: hard sessions with every rep made used to step back after two (95 -> 85 lb
    lying curls). Now hard sets hold, however many; missed targets twice running step back."""
    alexa.onboard(("dumbbells",), "new")
    train(alexa, clock, reps=the_target, effort="hard", weights=DUMBBELLS)
    hold = (
        "Dumbbell Romanian deadlifts: hold at ten reps at twenty-five pounds until every set "
        "feels smooth."
    )

    clock.now = MONDAY + timedelta(days=3)
    said = one_shot(alexa, "ProgressIntent")
    assert hold in said
    assert "Glute bridges: hold at ten reps" in said
    alexa.say("StartWorkoutIntent")
    assert introduction(current(alexa).plan[0]) in alexa.text
    assert "four sets of ten reps at twenty-five pounds." in alexa.text
    train(alexa, clock, reps=the_target, effort="hard")

    clock.now = MONDAY + timedelta(days=7)
    said = one_shot(alexa, "ProgressIntent")
    held = "Dumbbell Romanian deadlifts: you moved up recently, so hold at ten reps at twenty-five"
    assert said.startswith((hold, held)), "two hard sessions, every rep made: still a hold"
    assert "drop" not in said and "shorter range" not in said
    alexa.say("StartWorkoutIntent")
    assert "four sets of ten reps at twenty-five pounds." in alexa.text
    train(alexa, clock, reps=short_of_the_target, effort="hard")

    clock.now = MONDAY + timedelta(days=10)
    said = one_shot(alexa, "ProgressIntent")
    assert said.startswith(hold), "missed reps once: a hold"
    alexa.say("StartWorkoutIntent")
    train(alexa, clock, reps=short_of_the_target, effort="hard")

    clock.now = MONDAY + timedelta(days=14)
    said = one_shot(alexa, "ProgressIntent")
    assert said.startswith(
        "Dumbbell Romanian deadlifts: you missed reps two sessions running, so drop to "
        "twenty-two and a half pounds."
    )
    alexa.say("StartWorkoutIntent")
    assert (
        "dumbbell Romanian deadlifts, four sets of ten reps at twenty-two and a half pounds."
        in (alexa.text)
    )


def test_a_three_week_gap(alexa: Alexa, clock: MutableClock) -> None:
    alexa.onboard(("dumbbells",), "new")
    train(alexa, clock, weights=DUMBBELLS)
    clock.now = MONDAY + timedelta(days=3)
    one_shot(alexa, "StartWorkoutIntent")
    train(alexa, clock)

    clock.now = MONDAY + timedelta(days=24)  # Thursday, three weeks on
    alexa.launch()
    # A layoff (issue 9): never "rested", and the plan starts back lighter.
    assert "Your last hamstring session was twenty-one days ago." in alexa.text
    assert "rested" not in alexa.text and "lighter" in alexa.text
    alexa.say("WeekIntent")
    week = alexa.text
    assert week.startswith("No hamstring sessions yet this week.")
    assert week.endswith(START_AGAIN)
    alexa.say("LastTimeIntent")
    assert alexa.text.startswith("Your last session was twenty-one days ago.")
    alexa.say("ProgressIntent")
    advice = conversation(alexa).history.advice
    rdl = advice_of(advice, "rdl_dumbbell")
    assert rdl is not None
    assert (rdl.change, rdl.reason) == (Change.REGRESS, Reason.LAYOFF)
    last = next(
        t for t in conversation(alexa).history.last_times if t.exercise_id == rdl.exercise_id
    )
    assert last.load is not None and rdl.load is not None
    # Below the last prescription: lighter, or (about two weeks off) fewer reps at the weight.
    assert rdl.load < last.load or (rdl.load == last.load and rdl.target_reps < max(last.reps))
    assert_advice_said(rdl, alexa.text)
    if alexa.text.endswith(THE_REST):
        alexa.say("AMAZON.YesIntent")
    alexa.say("AMAZON.YesIntent")
    plan = current(alexa).plan
    assert plan[0].exercise_id == "rdl_dumbbell"
    assert (plan[0].target_reps, plan[0].load) == (rdl.target_reps, rdl.load)
    assert introduction(plan[0]) in alexa.text


def test_how_much_on_romanian_deadlifts_answers_for_the_ones_they_do(
    alexa: Alexa, clock: MutableClock
) -> None:
    """The issue's own example, "how much should I lift on romanian deadlifts", from someone whose
    only Romanian deadlifts are dumbbell ones."""
    alexa.onboard(("dumbbells",), "new")
    train(alexa, clock, weights=DUMBBELLS)
    clock.advance(days=1)
    one_shot(alexa, "LoadAdviceIntent", exercise="romanian deadlifts")
    assert "use thirty-five pounds" in alexa.text, alexa.text  # the step after today's 32.5


def test_an_old_unfinished_workout_closed_at_launch_keeps_the_advice(
    alexa: Alexa, clock: MutableClock
) -> None:
    alexa.onboard(("dumbbells",), "new")
    train(alexa, clock, weights=DUMBBELLS)
    clock.now = MONDAY + timedelta(days=3)
    one_shot(alexa, "StartWorkoutIntent")
    train(alexa, clock)
    clock.now = MONDAY + timedelta(days=7)
    one_shot(alexa, "StartWorkoutIntent")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="12", effort="easy")
    alexa.say("AMAZON.StopIntent")
    assert "Saved" in alexa.text

    clock.now = MONDAY + timedelta(days=28)  # three weeks on: too old to pick up, so closed
    alexa.launch()
    assert "I've saved the sets from your unfinished workout." in alexa.text
    assert alexa.text.endswith("Ready to start hamstring day?")
    alexa.say("ProgressIntent")
    assert "Dumbbell Romanian deadlifts:" in alexa.text, alexa.text
    alexa.say("StartWorkoutIntent")
    # Two exercises (no stand-in for the curl a dumbbell-only beginner can't do) share the
    # eight sets of a new trainee's session.
    assert "dumbbell Romanian deadlifts, four sets of ten reps at" in alexa.text


def test_two_sessions_in_one_day(alexa: Alexa, clock: MutableClock) -> None:
    clock.now = MONDAY - timedelta(hours=10)  # Monday 08:00
    alexa.onboard(("dumbbells",), "new")
    train(alexa, clock, weights=DUMBBELLS)

    clock.now = MONDAY  # the same evening
    alexa.launch()
    assert "Your last hamstring session was today, so you're still recovering." in alexa.text
    alexa.say("AMAZON.NoIntent")

    said = one_shot(alexa, "StartWorkoutIntent")
    assert said.startswith("Your last hamstring session was only ten hours ago.")
    assert said.endswith("Want a lighter session instead? Or say no to rest today.")
    alexa.say("AMAZON.YesIntent")
    assert alexa.text.startswith("A lighter session, then. Two exercises")
    lighter = current(alexa)
    assert lighter.lighter and sum(p.sets for p in lighter.plan) <= 4
    rdl = lighter.plan[0]
    assert rdl.exercise_id == "rdl_dumbbell" and rdl.load is not None
    assert introduction(rdl) in alexa.text
    train(alexa, clock)

    clock.advance(hours=14)  # Tuesday morning
    week = one_shot(alexa, "WeekIntent")
    assert week.startswith("This week: two sessions,")
    assert (
        "Two sessions this week were only ten hours apart. Leave two full days between them."
        in (week)
    )
    one_shot(alexa, "StartWorkoutIntent")
    assert "only" in alexa.text and "hours ago" in alexa.text
    alexa.say("AMAZON.NoIntent")
    assert alexa.ended
    assert alexa.text.startswith("Smart choice. Rest is part of training.")
    assert "recovered" in alexa.text


def test_switching_between_pounds_and_kilograms(
    alexa: Alexa, clock: MutableClock, sqlite_store: SQLiteStore
) -> None:
    alexa.onboard(("dumbbells",), "new")
    train(alexa, clock, weights=DUMBBELLS)

    clock.now = MONDAY + timedelta(days=3)
    one_shot(alexa, "StartWorkoutIntent")
    assert "four sets of ten reps at thirty-five pounds." in alexa.text
    alexa.count_set()
    alexa.say("LogSetIntent", reps="12", load="12", unit="kilograms", effort="easy")
    assert alexa.text.startswith("Logged twelve at twelve kilos.")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="12", effort="easy")
    assert alexa.text.startswith("Logged twelve at twelve kilos."), "the new unit is remembered"
    train(alexa, clock)

    clock.now = MONDAY + timedelta(days=7)
    said = one_shot(alexa, "ProgressIntent")
    rdl = advice_of(conversation(alexa).history.advice, "rdl_dumbbell")
    # Twelve easy reps at twelve kilos: thirteen for the next sets (said in kilos), and the next
    # kilogram dumbbell after that by session.
    assert rdl is not None and (rdl.load, rdl.unit) == (14, Unit.KG)
    assert "Dumbbell Romanian deadlifts:" in said and "fourteen kilos" in said
    assert "pounds" not in advice_line(rdl, CATALOG)
    alexa.say("StartWorkoutIntent")
    assert "dumbbell Romanian deadlifts, four sets of nine reps at fourteen kilos." in alexa.text, (
        alexa.text
    )

    # and back to pounds: thirty pounds said once carries through the sets and the advice
    alexa.count_set()
    alexa.say("LogSetIntent", reps="12", load="30", unit="pounds", effort="easy")
    assert alexa.text.startswith("Logged twelve at thirty pounds.")
    train(alexa, clock)
    clock.now = MONDAY + timedelta(days=10)
    one_shot(alexa, "LoadAdviceIntent", exercise="dumbbell romanian deadlift")
    assert "pounds" in alexa.text and "kilos" not in alexa.text

    units = [
        (r.load, r.unit)
        for s in stored(sqlite_store, alexa.user_id)
        for r in s.sets
        if r.exercise_id == "rdl_dumbbell"
    ]
    # The first go steps up set by set (easy); later sessions step up mid-way (easy at the top
    # of the range), each in the unit last said.
    assert units == [
        (25.0, Unit.LB),
        (27.5, Unit.LB),
        (30.0, Unit.LB),
        (32.5, Unit.LB),
        # Twelve kilos held: the next kilogram dumbbell (14) is too big a step mid-session at
        # twelve reps; it comes by session, at nine.
        *[(12.0, Unit.KG)] * 4,
        *[(30.0, Unit.LB)] * 3,
        (32.5, Unit.LB),
    ]


def test_kilograms_by_default_outside_the_us(alexa: Alexa, clock: MutableClock) -> None:
    alexa.factory.locale = "en-GB"
    alexa.onboard(("dumbbells",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="12", effort="easy")
    assert "twenty-five kilos" in alexa.text, "the example is in the locale's unit"
    alexa.say("LogSetIntent", load="12")
    assert alexa.text.startswith("Logged twelve at twelve kilos.")
    train(alexa, clock)
    clock.advance(days=1)
    one_shot(alexa, "LoadAdviceIntent", exercise="dumbbell romanian deadlift")
    assert alexa.text.startswith(
        "For dumbbell Romanian deadlifts, use fourteen kilos for four sets of nine."
    )


def test_an_exercise_stopped_for_pain_is_regressed_next_time(
    alexa: Alexa, clock: MutableClock, sqlite_store: SQLiteStore
) -> None:
    alexa.onboard(("dumbbells",), "new")
    train(alexa, clock, weights=DUMBBELLS)

    clock.now = MONDAY + timedelta(days=3)
    one_shot(alexa, "StartWorkoutIntent")
    assert "at thirty-five pounds." in alexa.text
    alexa.count_set()
    alexa.say("LogSetIntent", reps="10", effort="right")
    alexa.count_set()
    alexa.say("PainIntent", bodyPart="hamstring")
    assert alexa.text.startswith("Stop there. We're done with dumbbell Romanian deadlifts")
    assert "physio or doctor" in alexa.text
    alexa.say("AMAZON.YesIntent")  # move on to the next exercise
    # A beginner's second session: a hinge and the bridge progression (no Nordics, issue 9).
    assert "single-leg glute bridges" in alexa.text
    train(alexa, clock)
    (hurt,) = [s for s in stored(sqlite_store, alexa.user_id) if s.pain]
    assert hurt.pain == ["rdl_dumbbell"]

    clock.now = MONDAY + timedelta(days=7)
    said = one_shot(alexa, "ProgressIntent")
    assert said.startswith(
        "Dumbbell Romanian deadlifts: it hurt last time, so drop to thirty pounds "
        "and stop if it hurts again."
    ), "pain comes first, inside the week's lock or not"
    alexa.say("StartWorkoutIntent")
    assert "dumbbell Romanian deadlifts, four sets of ten reps at thirty pounds." in (alexa.text)


# --- issue 9: small steps people can take ---------------------------------------------------------


def weekly(alexa: Alexa, clock: MutableClock, sessions: int, **kwargs: Any) -> list[Day]:
    """Monday and Thursday evenings from MONDAY (the first session already going), each trained
    with ``kwargs``; returns each day's plan as started."""
    days = [Day(clock.now, plan=current(alexa).plan)]
    days[0].said = train(alexa, clock, **kwargs)
    for n in range(1, sessions):
        clock.now = MONDAY + timedelta(days=7 * (n // 2) + 3 * (n % 2))
        one_shot(alexa, "StartWorkoutIntent")
        day = Day(clock.now, plan=current(alexa).plan, advice=conversation(alexa).history.advice)
        day.said = train(alexa, clock, **kwargs)
        days.append(day)
    return days


def loads_of(days: list[Day], exercise_id: str) -> list[float | None]:
    return [p.load for day in days for p in day.plan if p.exercise_id == exercise_id]


def test_a_22_5_lb_dumbbell_user_moves_up(alexa: Alexa, clock: MutableClock) -> None:
    """Issue 9: 22.5 lb dumbbell RDLs for twelve sessions, because 25 lb is over 10%. Now the
    next dumbbell, with the reps back at the bottom of the range."""
    alexa.onboard(("dumbbells",), "new")
    days = weekly(alexa, clock, 6, weights={LoadType.DUMBBELL: ("22.5", "pounds")})
    rdl = [(p.load, p.target_reps) for d in days for p in d.plan if p.exercise_id == "rdl_dumbbell"]
    # A first go, every set easy: the next dumbbell each set (22.5 to 30 lb), then 32.5.
    assert rdl[1] == (32.5, 10), rdl
    assert max(load or 0 for load, _ in rdl) >= 27.5, f"keeps climbing: {rdl}"
    assert "go up to thirty-two and a half pounds for four sets of ten" in " ".join(
        advice_line(a, CATALOG) for a in days[1].advice
    )


def test_a_hard_last_set_alone_never_cuts_the_load(alexa: Alexa, clock: MutableClock) -> None:
    """Issue 9: every rep made, the last set hard, two sessions running: lying curls were cut
    95 -> 85 lb. Now a hard last set holds, and never steps back."""
    alexa.onboard(("machines",), "experienced")

    def last_set_hard(w: WorkoutState) -> str:
        return "hard" if w.set_number == w.current.sets else "just right"

    days = weekly(
        alexa,
        clock,
        6,
        reps=the_target,
        weights={LoadType.MACHINE: ("95", "pounds")},
        effort_of=last_set_hard,
    )
    for day in days[1:]:
        for a in day.advice:
            assert a.change not in (Change.REGRESS, Change.EASIER), advice_line(a, CATALOG)
    curls = [load for load in loads_of(days, "lying_leg_curl") if load is not None]
    assert curls and all(load >= 95 for load in curls), curls


def test_kettlebell_swings_never_get_tempo_advice(alexa: Alexa, clock: MutableClock) -> None:
    alexa.onboard(("kettlebell",), "experienced")
    days = weekly(
        alexa, clock, 8, reps=top_of_range, weights={LoadType.KETTLEBELL: ("16", "kilograms")}
    )
    swings = [p for d in days for p in d.plan if p.exercise_id == "kettlebell_swing"]
    assert len(swings) >= 2
    assert all(p.tempo_scale == 1.0 for p in swings)
    for day in days:
        for a in day.advice:
            if CATALOG.get(a.exercise_id).movement.ballistic:
                assert a.tempo_scale == 1.0 and "slow the lowering" not in advice_line(a, CATALOG)
        assert not any("slow" in t and "swing" in t for t in day.said), "no slow swings announced"
    assert [p.load for p in swings][-1] not in (None, 16), "swings climb by the next bell"


def test_a_barbell_user_gets_a_loaded_hip_thrust_with_a_weight(
    alexa: Alexa, clock: MutableClock
) -> None:
    alexa.onboard(("barbell",), "some")
    days = weekly(alexa, clock, 4, weights={LoadType.BARBELL: ("95", "pounds")})
    thrusts = [p for d in days for p in d.plan if p.exercise_id == "hip_thrust_barbell"]
    assert thrusts, [[p.exercise_id for p in d.plan] for d in days]
    assert not any(p.exercise_id == "hip_thrust" for d in days for p in d.plan)
    assert any(p.load is not None and p.load >= 95 for p in thrusts[1:]), thrusts
    assert any("barbell hip thrusts, four sets of" in t for d in days for t in d.said)


def test_a_beginners_first_sessions_have_no_nordic_and_at_most_two_moves(
    alexa: Alexa, clock: MutableClock
) -> None:
    alexa.onboard(("machines", "dumbbells", "bands", "ball"), "new")
    days = weekly(
        alexa,
        clock,
        8,
        weights={LoadType.DUMBBELL: ("20", "pounds"), LoadType.MACHINE: ("50", "pounds")},
    )
    first = days[0].plan
    assert len(first) <= 2
    assert {s for p in first for s in CATALOG.get(p.exercise_id).slots} == {
        Slot.HINGE,
        Slot.BRIDGE_POWER,
    }
    assert len(days[1].plan) <= 2
    assert any(Slot.CURL in CATALOG.get(p.exercise_id).slots for d in days[2:4] for p in d.plan), (
        "a curl once the first two sessions were comfortable"
    )
    for day in days:
        for p in day.plan:
            assert CATALOG.get(p.exercise_id).movement is not Movement.NORDIC, day.when
            advised = any(a.switch_to == p.exercise_id for a in day.advice)
            assert CATALOG.get(p.exercise_id).level is Level.NEW or advised, "never borrowed"


def test_a_lighter_session_has_fewer_sets_and_a_lower_load(
    alexa: Alexa, clock: MutableClock
) -> None:
    alexa.onboard(("dumbbells",), "some")
    train(alexa, clock, weights=DUMBBELLS)
    clock.now = MONDAY + timedelta(days=3)
    one_shot(alexa, "StartWorkoutIntent")
    normal = current(alexa).plan
    done = {p.exercise_id for p in normal}
    train(alexa, clock)

    clock.advance(hours=20)  # inside the 48 hours
    history = conversation(alexa).history
    one_shot(alexa, "StartWorkoutIntent")
    alexa.say("AMAZON.YesIntent")  # a lighter session instead
    lighter = current(alexa)
    assert lighter.lighter
    assert sum(p.sets for p in lighter.plan) < sum(p.sets for p in normal)
    assert {p.exercise_id for p in lighter.plan} <= done | set(history.recent_exercises[-1])
    for p in lighter.plan:
        e = CATALOG.get(p.exercise_id)
        assert e.movement is not Movement.NORDIC
        a = advice_of(history.advice, p.exercise_id)
        assert a is not None
        if a.load is not None and a.switch_to is None:
            assert p.load is not None and p.load < a.load, (p, a)
        else:
            assert p.target_reps < max(a.target_reps, e.rep_low), (p, a)


def test_thirty_days_off_is_no_rest_and_steps_back(alexa: Alexa, clock: MutableClock) -> None:
    alexa.onboard(("dumbbells",), "some")
    days = weekly(alexa, clock, 4, weights=DUMBBELLS)
    last = days[-1]
    clock.now = last.when + timedelta(days=30)
    text = alexa.launch()
    assert "rested" not in text
    assert "thirty days ago" in text and "lighter" in text
    alexa.say("AMAZON.YesIntent")
    plan = current(alexa).plan
    advice = conversation(alexa).history.advice
    checked = 0
    for p in plan:
        a = advice_of(advice, p.exercise_id)
        before = [q for d in days for q in d.plan if q.exercise_id == p.exercise_id]
        if a is None or not before:
            continue
        checked += 1
        assert a.change in (Change.REGRESS, Change.EASIER) and a.reason is Reason.LONG_LAYOFF
        was = before[-1]
        if was.load is not None and p.load is not None:
            assert p.load < was.load, (was, p)
        else:
            assert p.target_reps < was.target_reps, (was, p)
    assert checked >= 2, plan
    for p in plan:  # Nordics stay only as the advice says: stepped back for the long break
        if CATALOG.get(p.exercise_id).movement is Movement.NORDIC:
            nordic = advice_of(advice, p.exercise_id) or next(
                (a for a in advice if a.switch_to == p.exercise_id), None
            )
            assert nordic is not None and nordic.reason is Reason.LONG_LAYOFF, nordic


def test_load_advice_for_a_move_not_in_the_programme_names_the_one_that_is(alexa: Alexa) -> None:
    """Mid-workout, "how much should I lift on Romanian deadlifts" from someone whose hinge is
    single-leg Romanian deadlifts: not a generic "pick a weight" for a lift they aren't doing,
    but the programme's own prescription for that slot, word for word what asking about the
    single-leg version says."""
    alexa.onboard(("dumbbells",), "some")
    workout = alexa.workout
    assert workout is not None and workout.current.exercise_id == "single_leg_rdl"
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", load="20", unit="pounds", effort="right")
    alexa.say("LoadAdviceIntent", exercise="single leg romanian deadlifts")
    theirs = alexa.text.split(" Say ready")[0]
    assert theirs.startswith("For single-leg Romanian deadlifts, use"), theirs
    alexa.say("LoadAdviceIntent", exercise="romanian deadlifts")
    said = alexa.text
    assert said.startswith(f"Romanian deadlifts aren't in your programme right now. {theirs}"), said
    assert "Pick a weight" not in said and not alexa.ended
