"""A simulated trainee: twelve weeks of hamstring days through the real handler, against 3x10.

A person with a hidden strength model trains twice a week (Monday and Thursday evenings) through
``build_handler(SQLiteStore(...), clock)`` with real Alexa envelopes: launch, onboarding, "what
should I increase next week", start, "ready" for every set, then an honest report of each set
("ten reps at twenty pounds, easy") as a LogSetIntent, yes to read-backs, to the end of the day.

The hidden model (all seeded, so a seed gives the same report every run):

- strength per movement (hinge, curl, bridge...) as a multiplier on each exercise's estimated
  one-rep max (lb); bodyweight moves have an implied load, so reps possible follow the same law;
- reps possible at a load by Epley (``e1rm = load * (1 + reps / 30)``), less 3% per set already
  done on that movement today (``--failure-fatigue 2``: 6% after a set taken to failure, nothing
  in reserve or reps missed), times day-to-day noise (about 3%);
- growth after each session from near-limit sets (few reps in reserve count most, sets with five
  or more in reserve almost nothing), with diminishing returns per session and as strength rises;
  a third of it carries to the other hamstring movements; decay after five days without training.

The person does min(target, possible) reps and reports effort from reps in reserve (0-1 hard, 2-3
just right, 4+ easy). When the skill names no weight, they pick one they could lift for the target
plus three, from the weights they own.

The naive programme is the same person (same seed) doing a fixed 3x10 of the exercises the skill
chose first, +5 lb / +2.5 kg (the next band; one more rep for bodyweight) after a session with
every rep made, else the same again.

    .venv/bin/python bench/trainee.py [--weeks 12] [--seed 7] [--profile NAME] [--check] [-v]
    .venv/bin/python bench/trainee.py --seeds 1-10 --jobs 2 [--honesty eager --honesty cautious]

With ``--seeds`` it runs every seed, prints each seed's table, then the worst case per profile.
``--honesty`` changes how the person words effort (an eager reporter calls 3 in reserve easy, a
cautious one calls 2 in reserve hard), to show the coaching does not hang on one reporting habit.

Exits 0 (a report); with ``--check``, non-zero when an aim of the issue fails: advice kept 100%,
too-easy sets under 15%, missed sets under 10%, strength gained at least the naive programme's,
and no block ending below its start without missed targets or a layoff.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import random
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from skill.alexa.app import build_handler  # noqa: E402
from skill.alexa.interaction_model import language_model  # noqa: E402
from skill.core.catalog import Catalog, Exercise, LoadType, load_catalog  # noqa: E402
from skill.core.conversation import ADVICE_AT_ONCE, worth_saying  # noqa: E402
from skill.core.loads import LADDERS, convert  # noqa: E402
from skill.core.profile import Unit  # noqa: E402
from skill.core.programme import Programme  # noqa: E402
from skill.local.envelope import EnvelopeFactory  # noqa: E402
from skill.local.nlu import IntentMatch, SlotValue  # noqa: E402
from skill.store.sqlite import SQLiteStore  # noqa: E402

START = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
"""A Monday evening."""
TRAINING_DAYS = (0, 3)
"""Monday and Thursday."""
"""The progress answer speaks the first three recommendations (skill.core.conversation)."""
MAX_TURNS = 200
"""Per session: a conversation that goes on longer is stuck."""

# --- the hidden strength model --------------------------------------------------------------------

E1RM_SOME: dict[str, float] = {
    # Estimated one-rep max (lb) for someone with some experience; dumbbells per hand, bands in
    # the band's nominal pounds, one dumbbell across the hips for dumbbell hip thrusts.
    "rdl_barbell": 175,
    "rdl_dumbbell": 70,
    "rdl_band": 80,
    "single_leg_rdl": 40,
    "deadlift": 225,
    "good_morning_barbell": 105,
    "good_morning_band": 80,
    "kettlebell_swing": 90,
    "lying_leg_curl": 100,
    "seated_leg_curl": 110,
    "band_lying_curl": 40,
    "band_seated_curl": 55,
    "hip_thrust_dumbbell": 110,
    "hip_thrust_barbell": 215,
    "banded_march": 45,
    "band_donkey_kick": 35,
}
BODYWEIGHT_LOAD = 100.0
"""Implied load of a bodyweight move: its e1RM is set from the reps possible below."""
BODYWEIGHT_REPS_SOME: dict[str, float] = {
    "stability_ball_curl": 15,
    "nordic_curl_assisted": 8,
    "nordic_curl_partial": 12,
    # Lowering only part way skips the end of the Nordic, where the lever is longest: between
    # the assisted Nordic and the stability-ball curl (about 10% less load than the assisted).
    "nordic_curl": 3,
    "glute_bridge": 35,
    "single_leg_glute_bridge": 20,
    "hip_thrust": 25,
}
LEVEL_FACTOR = {"new": 0.75, "some": 1.0, "experienced": 1.3}
GROWTH_PER_SET = {"new": 0.009, "some": 0.005, "experienced": 0.003}
"""Strength gained per effective set (before diminishing returns)."""
STIMULUS_BY_RIR = (1.0, 1.0, 0.85, 0.7, 0.35)
"""Stimulus of a set by reps in reserve (0..4); five or more in reserve gives STIMULUS_EASY."""
STIMULUS_EASY = 0.05
SESSION_CAP = 6.0
"""Diminishing returns: stimulus s counts as CAP * (1 - exp(-s / CAP)) per movement per session."""
TRANSFER = 0.3
"""Share of a movement's growth the other hamstring movements get."""
FATIGUE_PER_SET = 0.03
FAILURE_FATIGUE = 1.0
"""A set taken to failure (nothing in reserve, or reps missed) tires the movement this many sets'
worth for the rest of the day: effort near failure costs disproportionately more (velocity loss,
metabolite build-up), so a plan that grinds sets out to failure pays for it in the later sets.
Applied to both plans alike."""
NOISE = 0.03
DECAY_AFTER_DAYS, DECAY_PER_DAY = 5, 0.004


@cache
def catalog() -> Catalog:
    return load_catalog()


def base_e1rm(exercise_id: str) -> float:
    if exercise_id in BODYWEIGHT_REPS_SOME:
        return BODYWEIGHT_LOAD * (1 + BODYWEIGHT_REPS_SOME[exercise_id] / 30)
    return E1RM_SOME[exercise_id]


def epley_reps(e1rm: float, load: float) -> int:
    """Reps possible at ``load`` for a one-rep max ``e1rm`` (Epley, inverted)."""
    if load <= 0:
        return 99
    return max(0, math.floor(30 * (e1rm / load - 1) + 1e-9))


def load_for_reps(e1rm: float, reps: float) -> float:
    return e1rm / (1 + reps / 30)


@dataclass
class Person:
    """The hidden strength model: one multiplier per movement, in lb-based e1RM units."""

    level: str
    seed: int
    failure_fatigue: float = FAILURE_FATIGUE
    strength: dict[str, float] = field(default_factory=dict)
    start: dict[str, float] = field(default_factory=dict)
    last_trained: datetime | None = None
    today: float = 1.0
    sets_today: Counter[str] = field(default_factory=Counter)
    """Fatigue today per movement, in sets' worth (a set to failure counts FAILURE_FATIGUE)."""
    stimulus_today: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        movements = {e.movement.value for e in catalog().exercises}
        for movement in sorted(movements):
            # Each person is a little stronger in some movements than others.
            factor = LEVEL_FACTOR[self.level] * self.rng.uniform(0.9, 1.1)
            self.strength[movement] = self.start[movement] = factor

    def e1rm(self, exercise_id: str) -> float:
        return base_e1rm(exercise_id) * self.strength[movement_of(exercise_id)]

    def begin_day(self, now: datetime) -> None:
        if self.last_trained is not None:
            idle = (now - self.last_trained).total_seconds() / 86400 - DECAY_AFTER_DAYS
            if idle > 0:
                for movement in self.strength:
                    self.strength[movement] *= (1 - DECAY_PER_DAY) ** idle
        self.today = 1 + self.rng.gauss(0, NOISE)
        self.sets_today.clear()
        self.stimulus_today.clear()

    def possible(self, exercise_id: str, load_lb: float | None) -> int:
        """Reps possible right now at this load (lb; None for bodyweight)."""
        movement = movement_of(exercise_id)
        fatigue = 1 - FATIGUE_PER_SET * self.sets_today[movement]
        e1rm = self.e1rm(exercise_id) * self.today * fatigue
        return epley_reps(e1rm, BODYWEIGHT_LOAD if load_lb is None else load_lb)

    def do_set(self, exercise_id: str, load_lb: float | None, target: int) -> tuple[int, int]:
        """Does the set honestly: (reps done, reps in reserve)."""
        can = self.possible(exercise_id, load_lb)
        done = min(target, can)
        reserve = can - done
        movement = movement_of(exercise_id)
        rir = reserve if done >= target else 0
        self.sets_today[movement] += self.failure_fatigue if rir == 0 else 1
        stimulus = STIMULUS_BY_RIR[rir] if rir < len(STIMULUS_BY_RIR) else STIMULUS_EASY
        if done < target and done < target // 2:
            stimulus *= 0.5  # a badly missed set is a short set
        self.stimulus_today[movement] += stimulus
        return done, reserve

    def end_day(self, now: datetime) -> None:
        if not self.stimulus_today:
            return
        gains: dict[str, float] = {}
        for movement, stimulus in self.stimulus_today.items():
            effective = SESSION_CAP * (1 - math.exp(-stimulus / SESSION_CAP))
            ceiling = (self.start[movement] / self.strength[movement]) ** 3
            gains[movement] = GROWTH_PER_SET[self.level] * effective * ceiling
        for movement in self.strength:
            direct = gains.get(movement, 0.0)
            carried = TRANSFER * max((g for m, g in gains.items() if m != movement), default=0.0)
            self.strength[movement] *= 1 + max(direct, carried)
        self.last_trained = now

    def gained(self, movements: Sequence[str]) -> float:
        """Mean strength change (%) over these movements."""
        if not movements:
            return 0.0
        changes = [self.strength[m] / self.start[m] - 1 for m in movements]
        return 100 * sum(changes) / len(changes)


def exercise(exercise_id: str) -> Exercise:
    return catalog().get(exercise_id)


def movement_of(exercise_id: str) -> str:
    return exercise(exercise_id).movement.value


# --- kit: what weights the person owns ------------------------------------------------------------


def to_lb(load: float | None, unit: str | None) -> float | None:
    if load is None:
        return None
    return convert(load, Unit.KG if unit == "kg" else Unit.LB, Unit.LB)


def from_lb(load_lb: float, unit: str) -> float:
    return convert(load_lb, Unit.LB, Unit(unit))


def owned_loads(load_type: LoadType, unit: str) -> list[float]:
    """Every weight the person can set up, lightest first, in their unit."""
    ladder = LADDERS.get((load_type, _unit(unit)))
    if ladder is not None:
        return list(ladder)
    step, bar = (5.0, 45.0) if unit == "lb" else (2.5, 20.0)
    lightest = bar if load_type is LoadType.BARBELL else 2 * step
    return [lightest + i * step for i in range(200)]


def _unit(unit: str) -> Unit:
    return Unit(unit)


UNLOADED_LB = 5.0
"""A loaded move done with no weight (a single-leg RDL by someone who owns no dumbbell): as hard
as holding about a 5 lb dumbbell."""


def owns_kit(profile: Profile, ex: Exercise) -> bool:
    """They own something that loads this move (not just their bodyweight)."""
    said = " ".join(profile.equipment)
    return any(q.value.rstrip("s") in said for q in ex.equipment if q.value != "bodyweight")


def own_choice(person: Person, exercise_id: str, target: int, unit: str) -> float | None:
    """The weight someone picks with no prescription: heaviest they could do target + 3 with."""
    ex = exercise(exercise_id)
    if ex.load_type is LoadType.BODYWEIGHT:
        return None
    goal = load_for_reps(person.e1rm(exercise_id), target + 3)
    loads = owned_loads(ex.load_type, unit)
    fitting = [w for w in loads if (to_lb(w, unit) or 0.0) <= goal]
    return fitting[-1] if fitting else loads[0]


def nearest_owned(load: float, load_type: LoadType, unit: str) -> float:
    loads = owned_loads(load_type, unit)
    return min(loads, key=lambda w: abs(w - load))


# --- talking to the skill -------------------------------------------------------------------------


@cache
def slot_types() -> dict[str, dict[str, str]]:
    """Intent -> slot -> slot type, from the model the package ships."""
    return {i.name: {s.name: s.type for s in i.slots} for i in language_model().intents}


@cache
def custom_values() -> dict[str, dict[str, str]]:
    """Slot type -> value id -> canonical name."""
    return {
        t.name: {v.id or v.name.value: v.name.value for v in t.values}
        for t in language_model().types
    }


def intent(name: str, **slots: str | None) -> IntentMatch:
    """An intent as Alexa's NLU fills it: custom slots resolved to their ids."""
    declared = slot_types().get(name, {})
    filled: dict[str, SlotValue] = {}
    for slot, value in slots.items():
        if value is None:
            continue
        type_name = declared.get(slot, "")
        names = custom_values().get(type_name, {})
        if value in names:
            filled[slot] = SlotValue(
                name=slot, value=names[value], resolved_id=value, resolved_name=names[value]
            )
        else:
            filled[slot] = SlotValue(name=slot, value=value)
    return IntentMatch(intent=name, slots=filled, slot_types=dict(declared))


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass
class Conversation:
    """One user on one device, through the real handler."""

    handler: Callable[..., dict[str, Any]]
    clock: Callable[[], datetime]
    factory: EnvelopeFactory
    last: dict[str, Any] = field(default_factory=dict)
    turns: int = 0
    transcript: list[str] = field(default_factory=list)

    def send(self, envelope: dict[str, Any], said: str) -> dict[str, Any]:
        response: dict[str, Any] = self.handler(envelope, None)
        self.factory.remember(response)
        self.last = response
        self.turns += 1
        self.transcript.append(f"> {said}")
        self.transcript.append(f"< {self.text[:400]}")
        return response

    def launch(self) -> dict[str, Any]:
        return self.send(self.factory.launch(self.clock()), "open hamstring coach")

    def say(self, name: str, **slots: str | None) -> dict[str, Any]:
        said = name + (f" {slots}" if slots else "")
        return self.send(self.factory.intent(intent(name, **slots), now=self.clock()), said)

    @property
    def coach(self) -> dict[str, Any]:
        coach: dict[str, Any] = (self.last.get("sessionAttributes") or {}).get("coach") or {}
        return coach

    @property
    def ended(self) -> bool:
        return (self.last.get("response") or {}).get("shouldEndSession") is True

    @property
    def text(self) -> str:
        speech = (self.last.get("response") or {}).get("outputSpeech") or {}
        ssml = str(speech.get("ssml") or "")
        out, depth = [], 0
        for ch in ssml:
            depth += ch == "<"
            if depth == 0:
                out.append(ch)
            depth -= ch == ">" and depth > 0
        return " ".join("".join(out).split())


# --- profiles -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    name: str
    equipment: tuple[str, ...]
    level: str
    locale: str = "en-US"
    unit: str = "lb"
    layoff_weeks: tuple[int, ...] = ()
    """Weeks (0-based) with no training."""
    reporting: str = "honest"
    """How effort is reported (REPORTING)."""
    failure_fatigue: float = FAILURE_FATIGUE


EXTRA_PROFILES = (
    Profile("kettlebell", ("kettlebell",), "experienced"),
    Profile("bodyweight-beginner", ("bodyweight",), "new"),
    Profile("ball-and-bands", ("stability ball", "bands"), "some"),
    Profile("experienced-gym", ("machines", "barbell", "dumbbells"), "experienced"),
)
"""Run only when named (``--profile kettlebell``, or ``--profile extra`` for all four): kits and
levels the README's five don't cover."""


def profiles(weeks: int) -> dict[str, Profile]:
    """The README's five, then the extras."""
    middle = max(1, weeks // 2 - 1)
    return {
        p.name: p
        for p in (
            Profile("bands-beginner", ("bands",), "new"),
            Profile("gym", ("machines", "barbell"), "some"),
            Profile("dumbbells", ("dumbbells",), "some"),
            Profile("kilograms", ("dumbbells", "barbell"), "some", locale="en-GB", unit="kg"),
            Profile(
                "layoff",
                ("machines", "barbell", "dumbbells"),
                "some",
                layoff_weeks=(middle, middle + 1),
            ),
            *EXTRA_PROFILES,
        )
    }


def schedule(weeks: int, profile: Profile) -> list[datetime]:
    return [
        START + timedelta(weeks=week, days=day)
        for week in range(weeks)
        if week not in profile.layoff_weeks
        for day in TRAINING_DAYS
    ]


# --- what is recorded -----------------------------------------------------------------------------


@dataclass
class SetLog:
    session: int
    week: int
    exercise_id: str
    target_reps: int
    target_load: float | None
    target_unit: str | None
    load: float | None
    unit: str | None
    reps: int
    reserve: int

    @property
    def missed(self) -> bool:
        return self.reps < self.target_reps

    @property
    def too_easy(self) -> bool:
        return self.reserve >= 5

    @property
    def effective(self) -> bool:
        return self.reserve <= 3


@dataclass
class AdviceCheck:
    session: int
    exercise_id: str
    change: str
    reason: str
    advised: str
    planned: str | None
    """None when the exercise was not in the next session."""
    spoken: bool = False
    """Among the recommendations the answer spoke (the rest wait for "want the rest?")."""

    @property
    def kept(self) -> bool:
        return self.planned == self.advised


@dataclass
class Result:
    name: str
    sets: list[SetLog] = field(default_factory=list)
    session_times: list[datetime] = field(default_factory=list)
    session_sets: list[int] = field(default_factory=list)
    plans: list[list[tuple[str, int, int, float | None, str | None]]] = field(default_factory=list)
    advice: list[AdviceCheck] = field(default_factory=list)
    strength: float = 0.0
    strength_all: float = 0.0
    weeks: int = 0
    problems: list[str] = field(default_factory=list)
    turns: int = 0
    notes: list[str] = field(default_factory=list)

    def share(self, test: Callable[[SetLog], bool]) -> float:
        return 100 * sum(map(test, self.sets)) / len(self.sets) if self.sets else 0.0

    @property
    def effective_per_week(self) -> float:
        return sum(s.effective for s in self.sets) / max(1, self.weeks)

    @property
    def kept(self) -> tuple[int, int, int]:
        """Spoken advice: (kept, advised and present in the next session, absent from it)."""
        return self.kept_of(spoken_only=True)

    def kept_of(self, spoken_only: bool) -> tuple[int, int, int]:
        advice = [a for a in self.advice if a.spoken or not spoken_only]
        present = [a for a in advice if a.planned is not None]
        absent = len(advice) - len(present)
        return sum(a.kept for a in present), len(present), absent

    @property
    def exercises(self) -> list[str]:
        return sorted({s.exercise_id for s in self.sets})

    def compliance(self) -> dict[str, str]:
        gaps = [
            (b - a).total_seconds() / 3600
            for a, b in zip(self.session_times, self.session_times[1:], strict=False)
        ]
        spaced = sum(g >= 48 for g in gaps)
        capped = sum(n <= 10 for n in self.session_sets)
        targets = [s.target_reps for s in self.sets]
        in_range = sum(6 <= r <= 20 for r in targets)
        per_week: Counter[int] = Counter(s.week for s in self.sets)
        weekly = sum(n >= 12 for n in per_week.values())
        return {
            "48h": f"{spaced}/{len(gaps)}",
            "<=10": f"{capped}/{len(self.session_sets)}",
            "6-20": f"{in_range}/{len(targets)}",
            ">=12/wk": f"{weekly}/{len(per_week)}",
        }


# --- one simulated person through the skill -------------------------------------------------------


REPORTING: dict[str, tuple[int, int]] = {
    "honest": (1, 4),
    "eager": (1, 3),
    "cautious": (2, 4),
}
"""How a person turns reps in reserve into a word: (hard at or under, easy at or over). Honest is
the bench's default (0-1 hard, 2-3 just right, 4+ easy); an eager reporter calls 3 in reserve
easy (the coach's easy steps then land nearer the limit); a cautious one calls 2 in reserve hard."""


def effort_for(reserve: int, missed: bool, reporting: str = "honest") -> str:
    hard_at, easy_at = REPORTING[reporting]
    if missed or reserve <= hard_at:
        return "hard"
    return "right" if reserve < easy_at else "easy"


def plan_of(coach: dict[str, Any]) -> list[tuple[str, int, int, float | None, str | None]]:
    workout = coach.get("workout") or {}
    return [
        (p["exercise_id"], p["sets"], p["target_reps"], p.get("load"), p.get("unit"))
        for p in workout.get("plan", [])
    ]


def target_text(reps: int, load: float | None, unit: str | None, tempo: float = 1.0) -> str:
    load_text = "no weight named" if load is None else f"{number_text(round(load, 2))} {unit}"
    slow = f" slow x{tempo:g}" if tempo > 1 else ""
    return f"{reps} x {load_text}{slow}"


def run_skill(
    profile: Profile, weeks: int, seed: int, verbose: bool = False
) -> tuple[Result, Person, list[str]]:
    """The person through the real handler; returns results, the person and the first plan."""
    result = Result(name=profile.name, weeks=weeks)
    person = Person(profile.level, seed, profile.failure_fatigue)
    rng = random.Random(seed * 7919 + 1)
    now = [START]
    first_plan: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "trainee.sqlite3", clock=lambda: now[0])
        handler = build_handler(store, lambda: now[0])
        factory = EnvelopeFactory(user_id=f"amzn1.ask.account.TRAINEE-{profile.name}")
        factory.locale = profile.locale
        talk = Conversation(handler, lambda: now[0], factory)
        pending_advice: list[dict[str, Any]] = []
        weights: dict[str, float] = {}
        """The weight the person used last per exercise, in their unit (kept if none is named)."""
        for index, day in enumerate(schedule(weeks, profile)):
            now[0] = day + timedelta(minutes=rng.randint(-30, 30))
            week = (day - START).days // 7
            person.begin_day(now[0])
            talk.launch()
            if index > 0:
                talk.say("ProgressIntent")
                pending_advice = spoken_advice(talk.coach)
                if talk.coach.get("pending") == "more":
                    talk.say("AMAZON.NoIntent")
                if talk.ended:
                    talk.launch()
            if talk.coach.get("pending") == "equipment":
                names = ("equipmentOne", "equipmentTwo", "equipmentThree", "equipmentFour")
                talk.say("SetEquipmentIntent", **dict(zip(names, profile.equipment, strict=False)))
            if talk.coach.get("pending") == "level":
                talk.say("SetLevelIntent", level=profile.level)
            if not talk.coach.get("workout"):
                talk.say("StartWorkoutIntent")
            logged = _play_workout(talk, person, profile, weights, result, index, week, now)
            person.end_day(now[0])
            plan = result.plans[-1] if result.plans else []
            if index == 0:
                first_plan = [p[0] for p in plan]
            if logged:
                result.session_times.append(day)
                result.session_sets.append(logged)
            for rank, advice in enumerate(pending_advice):
                result.advice.append(_check_advice(advice, plan, index, rank < ADVICE_AT_ONCE))
            if not talk.ended:
                talk.send(factory.session_ended(now[0]), "(walks away)")
        store.close()
    result.turns = talk.turns
    trained_first = sorted({movement_of(e) for e in first_plan})
    result.strength = person.gained(trained_first)
    result.strength_all = person.gained(sorted({movement_of(s.exercise_id) for s in result.sets}))
    if verbose:
        return result, person, [*first_plan, "\n".join(talk.transcript)]
    return result, person, first_plan


def spoken_advice(coach: dict[str, Any]) -> list[dict[str, Any]]:
    """The advice the progress answer speaks, in its order, from the session attributes: the
    programme's entries (skill.core.programme), most important first, first goes left out."""
    stored = (coach.get("history") or {}).get("programme") or {}
    programme = Programme.model_validate(stored)
    return [a.model_dump(mode="json") for a in programme.advice if worth_saying(a)]


def _check_advice(
    advice: dict[str, Any],
    plan: list[tuple[str, int, int, float | None, str | None]],
    index: int,
    spoken: bool,
) -> AdviceCheck:
    target_id = advice.get("switch_to") or advice["exercise_id"]
    advised = f"{advice['sets']} sets of " + target_text(
        advice["target_reps"],
        advice.get("load"),
        advice.get("unit"),
        advice.get("tempo_scale") or 1.0,
    )
    planned = None
    for exercise_id, sets, reps, load, unit in plan:
        if exercise_id == target_id:
            tempo = advice.get("tempo_scale") or 1.0
            planned = f"{sets} sets of " + target_text(reps, load, unit, tempo)
    return AdviceCheck(
        session=index,
        exercise_id=target_id,
        change=str(advice.get("change")),
        reason=str(advice.get("reason")),
        advised=advised,
        planned=planned,
        spoken=spoken,
    )


def _play_workout(
    talk: Conversation,
    person: Person,
    profile: Profile,
    weights: dict[str, float],
    result: Result,
    index: int,
    week: int,
    now: list[datetime],
) -> int:
    """Answers the skill until the day ends; returns the sets logged."""
    logged_before = len(result.sets)
    recorded_plan = False
    pending_set: SetLog | None = None
    for _ in range(MAX_TURNS):
        if talk.ended:
            break
        coach = talk.coach
        workout = coach.get("workout")
        pending = coach.get("pending")
        if workout and not recorded_plan:
            result.plans.append(plan_of(coach))
            recorded_plan = True
        if pending in ("resume", "start"):
            talk.say("AMAZON.YesIntent")
            continue
        if pending in ("pull_check", "back_check"):
            talk.say("FeelsFineIntent")
            continue
        if pending in ("lighter", "more", "retry_save", "delete"):
            talk.say("AMAZON.NoIntent" if pending != "retry_save" else "AMAZON.YesIntent")
            continue
        if pending == "equipment":
            names = ("equipmentOne", "equipmentTwo", "equipmentThree", "equipmentFour")
            talk.say("SetEquipmentIntent", **dict(zip(names, profile.equipment, strict=False)))
            continue
        if pending == "level":
            talk.say("SetLevelIntent", level=profile.level)
            continue
        if not workout:
            talk.say("StartWorkoutIntent")
            continue
        phase = workout["phase"]
        current = workout["plan"][min(workout["exercise_index"], len(workout["plan"]) - 1)]
        if phase == "setup":
            now[0] += timedelta(minutes=2)
            talk.say("ReadyIntent")
        elif phase == "feedback":
            if workout.get("draft") and pending_set is not None:
                # "What weight did you use?": the weight again.
                talk.say("LogSetIntent", load=_said_load(pending_set), unit=pending_set.unit)
                continue
            pending_set = _do_set(person, profile, weights, current, index, week)
            result.sets.append(pending_set)
            slots: dict[str, str | None] = {
                "reps": str(pending_set.reps),
                "effort": effort_for(pending_set.reserve, pending_set.missed, profile.reporting),
            }
            if pending_set.load is not None:
                slots["load"] = _said_load(pending_set)
                slots["unit"] = pending_set.unit
            talk.say("LogSetIntent", **slots)
        elif phase == "confirm":
            talk.say("AMAZON.YesIntent")
        elif phase == "paused":
            talk.say("AMAZON.ResumeIntent")
        elif phase == "pain":
            talk.say("AMAZON.NextIntent")
        else:
            result.problems.append(f"session {index}: unexpected phase {phase!r}")
            break
    else:
        result.problems.append(f"session {index}: no end after {MAX_TURNS} turns")
    return len(result.sets) - logged_before


def _said_load(s: SetLog) -> str | None:
    return None if s.load is None else number_text(round(s.load, 2))


def _do_set(
    person: Person,
    profile: Profile,
    weights: dict[str, float],
    current: dict[str, Any],
    index: int,
    week: int,
) -> SetLog:
    exercise_id = current["exercise_id"]
    target = int(current["target_reps"])
    ex = exercise(exercise_id)
    load: float | None = None
    unit: str | None = None
    if ex.load_type is not LoadType.BODYWEIGHT and owns_kit(profile, ex):
        unit = profile.unit
        named, named_unit = current.get("load"), current.get("unit")
        if named is not None:
            # The named weight, in the person's unit (a kilogram user converts pounds).
            in_mine = from_lb(to_lb(named, named_unit) or 0.0, unit)
            load = nearest_owned(in_mine, ex.load_type, unit)
        elif exercise_id in weights:
            load = weights[exercise_id]
        else:
            load = own_choice(person, exercise_id, target, unit)
        if load is not None:
            weights[exercise_id] = load
    unloaded = UNLOADED_LB if ex.load_type is not LoadType.BODYWEIGHT else None
    done, reserve = person.do_set(exercise_id, to_lb(load, unit) or unloaded, target)
    return SetLog(
        session=index,
        week=week,
        exercise_id=exercise_id,
        target_reps=target,
        target_load=current.get("load"),
        target_unit=current.get("unit"),
        load=load,
        unit=unit,
        reps=max(done, 0),
        reserve=reserve,
    )


# --- the naive programme --------------------------------------------------------------------------


def run_naive(profile: Profile, weeks: int, seed: int, exercises: Sequence[str]) -> Result:
    """3x10 of the skill's first exercises, +5 lb / +2.5 kg after every rep made, else repeat."""
    result = Result(name=f"{profile.name} (naive 3x10)", weeks=weeks)
    person = Person(profile.level, seed, profile.failure_fatigue)
    rng = random.Random(seed * 7919 + 1)
    reps: dict[str, int] = dict.fromkeys(exercises, 10)
    loads: dict[str, float | None] = {e: own_choice(person, e, 10, profile.unit) for e in exercises}
    for index, day in enumerate(schedule(weeks, profile)):
        now = day + timedelta(minutes=rng.randint(-30, 30))
        week = (day - START).days // 7
        person.begin_day(now)
        count = 0
        for exercise_id in exercises:
            load, target = loads[exercise_id], reps[exercise_id]
            unit = None if load is None else profile.unit
            made = True
            for _ in range(3):
                done, reserve = person.do_set(exercise_id, to_lb(load, unit), target)
                made &= done >= target
                result.sets.append(
                    SetLog(index, week, exercise_id, target, load, unit, load, unit, done, reserve)
                )
                count += 1
            if made:
                loads[exercise_id], reps[exercise_id] = _naive_step(
                    exercise_id, load, target, profile
                )
        person.end_day(now)
        result.session_times.append(day)
        result.session_sets.append(count)
    result.strength = person.gained(sorted({movement_of(e) for e in exercises}))
    result.strength_all = result.strength
    return result


def _naive_step(
    exercise_id: str, load: float | None, reps: int, profile: Profile
) -> tuple[float | None, int]:
    ex = exercise(exercise_id)
    if load is None:
        return None, reps + 1
    if ex.load_type is LoadType.BAND:
        heavier = [w for w in owned_loads(ex.load_type, profile.unit) if w > load + 1e-9]
        return (heavier[0] if heavier else load), reps
    return load + (5.0 if profile.unit == "lb" else 2.5), reps


# --- the report -----------------------------------------------------------------------------------


def blocks_below_start(result: Result) -> list[str]:
    """Blocks (an exercise's run of sessions) that ended at a lower planned weight than they
    started, with no missed set of it in between and no layoff (pain stops the bench's person
    never). Bodyweight moves compare reps; a loaded move from its first named weight."""
    found: list[str] = []
    runs: dict[str, list[tuple[int, int, float | None]]] = defaultdict(list)
    for index, plan in enumerate(result.plans):
        for exercise_id, _sets, reps, load, unit in plan:
            runs[exercise_id].append((index, reps, to_lb(load, unit)))
    missed = {(s.session, s.exercise_id) for s in result.sets if s.missed}
    times = result.session_times
    for exercise_id, run in runs.items():
        if any(load is not None for _, _, load in run):
            # A loaded move's first go may name no weight (their pick): from the first named one.
            run = [r for r in run if r[2] is not None]
        (first, reps0, load0), (last, reps1, load1) = run[0], run[-1]
        span = times[first : last + 1]
        gaps = any((b - a).days >= 10 for a, b in pairwise(span))
        below = (load1 or 0) < (load0 or 0) - 1e-9 if load0 is not None else reps1 < reps0
        if below and not gaps and not any((i, exercise_id) in missed for i, _, _ in run):
            found.append(f"{exercise_id} {reps0}x{load0} -> {reps1}x{load1}")
    return found


AIMS = (
    ("advice kept 100%", lambda r, n: r.kept[1] == 0 or r.kept[0] == r.kept[1]),
    ("too-easy sets < 15%", lambda r, n: r.share(lambda s: s.too_easy) < 15),
    ("missed sets < 10%", lambda r, n: r.share(lambda s: s.missed) < 10),
    ("strength >= naive", lambda r, n: r.strength >= n.strength),
    ("no block ends below its start without cause", lambda r, n: not blocks_below_start(r)),
)


def row(result: Result, advice: bool = True) -> str:
    kept, present, absent = result.kept
    advice_text = f"{kept}/{present} ({absent} absent)" if advice else "-"
    c = result.compliance()
    return (
        f"{result.name:26} {result.strength:+6.1f}% {result.strength_all:+6.1f}% "
        f"{result.share(lambda s: s.missed):5.1f}% {result.share(lambda s: s.too_easy):5.1f}% "
        f"{result.effective_per_week:6.1f} {advice_text:>18} {len(result.exercises):3} "
        f"{c['48h']:>6} {c['<=10']:>6} {c['6-20']:>7} {c['>=12/wk']:>6}"
    )


HEADER = (
    f"{'profile':26} {'str(1st)':>7} {'str(all)':>7} {'missed':>6} {'easy5+':>6} "
    f"{'eff/wk':>6} {'spoken advice kept':>18} {'ex':>3} {'48h':>6} {'<=10':>6} {'6-20':>7} "
    f"{'>=12wk':>6}"
)


def details(result: Result) -> list[str]:
    out = [f"  exercises: {', '.join(result.exercises)}"]
    by_session: dict[int, list[str]] = defaultdict(list)
    for plan_index, plan in enumerate(result.plans):
        by_session[plan_index] = [
            f"{e} {s}x{target_text(r, load, unit)}" for e, s, r, load, unit in plan
        ]
    for i in sorted(by_session):
        if i < 4 or i % 4 == 0 or i == len(result.plans) - 1:
            out.append(f"  plan {i:2}: {'; '.join(by_session[i])}")
    kept, present, absent_all = result.kept_of(spoken_only=False)
    out.append(
        f"  all advice (spoken or not): kept {kept}/{present}, {absent_all} absent from the "
        f"next session; changes: {dict(Counter(a.change for a in result.advice))}"
    )
    not_kept = [a for a in result.advice if a.planned is not None and not a.kept]
    absent = [a for a in result.advice if a.planned is None and a.spoken]
    reasons = Counter(f"{a.change}/{a.reason}" for a in not_kept)
    if not_kept:
        out.append(f"  advice not kept ({len(not_kept)}), by change/reason: {dict(reasons)}")
        for a in not_kept[:6]:
            out.append(
                f"    before session {a.session}: {a.exercise_id} advised {a.advised} "
                f"({a.change}, {a.reason}), planned {a.planned}"
            )
    if absent:
        gone = Counter(a.exercise_id for a in absent)
        out.append(f"  spoken advice absent from the next session: {dict(gone)}")
    missed = Counter(s.exercise_id for s in result.sets if s.missed)
    easy = Counter(s.exercise_id for s in result.sets if s.too_easy)
    if missed:
        out.append(f"  missed sets by exercise: {dict(missed)}")
    if easy:
        out.append(f"  too-easy sets by exercise: {dict(easy)}")
    units = Counter(s.target_unit for s in result.sets if s.target_load is not None)
    if units:
        out.append(f"  units the skill announced: {dict(units)}")
    out.extend(f"  block ended below its start: {b}" for b in blocks_below_start(result))
    out.extend(f"  note: {n}" for n in result.notes)
    out.extend(f"  PROBLEM: {p}" for p in result.problems[:5])
    return out


@dataclass
class Outcome:
    """One profile at one seed: what the report prints and what the worst case reads."""

    name: str
    seed: int
    rows: tuple[str, str]
    failed: list[str]
    notes: list[str]
    strength: float
    naive: float
    missed: float
    too_easy: float
    kept: tuple[int, int]
    below: int


def evaluate(
    name: str,
    weeks: int,
    seed: int,
    reporting: str = "honest",
    failure_fatigue: float = FAILURE_FATIGUE,
    verbose: bool = False,
) -> Outcome:
    profile = profiles(weeks)[name]
    if reporting != "honest":
        profile = replace(profile, name=f"{name}/{reporting}", reporting=reporting)
    profile = replace(profile, failure_fatigue=failure_fatigue)
    result, _person, first = run_skill(profile, weeks, seed, verbose)
    transcript = first.pop() if verbose else ""
    naive = run_naive(profile, weeks, seed, first)
    failed = [f"{profile.name}: {label}" for label, test in AIMS if not test(result, naive)]
    notes = [f"{profile.name}: {result.turns} turns", *details(result)]
    if verbose:
        notes.append(transcript)
    kept, present, _absent = result.kept
    return Outcome(
        name=profile.name,
        seed=seed,
        rows=(row(result), row(naive, advice=False)),
        failed=failed,
        notes=notes,
        strength=result.strength,
        naive=naive.strength,
        missed=result.share(lambda s: s.missed),
        too_easy=result.share(lambda s: s.too_easy),
        kept=(kept, present),
        below=len(blocks_below_start(result)),
    )


def _evaluate(job: tuple[str, int, int, str, float]) -> Outcome:
    return evaluate(*job)


def seeds_arg(text: str) -> list[int]:
    """ "1-10" or "1,3,5" (or both: "1-3,7")."""
    seeds: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds.extend(range(int(low), int(high or low) + 1))
    return seeds


def worst_case(outcomes: Sequence[Outcome]) -> list[str]:
    """Per profile over the seeds: the smallest margin over the naive plan, the most misses and
    too-easy sets, the least advice kept and the blocks below their start."""
    by_name: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_name[o.name].append(o)
    lines = [
        f"{'profile':26} {'margin min':>10} {'(seed)':>6} {'mean':>6} {'missed max':>10} "
        f"{'(seed)':>6} {'easy5+ max':>10} {'(seed)':>6} {'kept':>9} {'below':>5}"
    ]
    for name, runs in by_name.items():
        margin = min(runs, key=lambda o: o.strength - o.naive)
        mean = sum(o.strength - o.naive for o in runs) / len(runs)
        missed = max(runs, key=lambda o: o.missed)
        easy = max(runs, key=lambda o: o.too_easy)
        kept = sum(o.kept[0] for o in runs), sum(o.kept[1] for o in runs)
        lines.append(
            f"{name:26} {margin.strength - margin.naive:+10.1f} {margin.seed:6} {mean:+6.1f} "
            f"{missed.missed:9.1f}% {missed.seed:6} {easy.too_easy:9.1f}% {easy.seed:6} "
            f"{kept[0]:>4}/{kept[1]:<4} {sum(o.below for o in runs):5}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--seeds", type=seeds_arg, help='several seeds ("1-10", "1,3"): each, then the worst case'
    )
    parser.add_argument(
        "--profile",
        action="append",
        help="a profile (repeatable), or extra for the four extra kits; default the README's five",
    )
    parser.add_argument(
        "--honesty",
        action="append",
        choices=sorted(REPORTING),
        help="how effort is reported (repeatable): honest (0-1 in reserve hard, 4+ easy), eager "
        "(3 in reserve easy), cautious (2 in reserve hard); default honest",
    )
    parser.add_argument(
        "--failure-fatigue",
        type=float,
        default=FAILURE_FATIGUE,
        help="sets' worth of fatigue a set to failure costs (default 1: nothing extra; 2 is the "
        "more realistic setting), for both plans",
    )
    parser.add_argument("--jobs", type=int, default=1, help="runs in parallel (processes)")
    parser.add_argument("--check", action="store_true", help="exit 1 when an aim fails")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the last transcript")
    args = parser.parse_args(argv)
    available = profiles(args.weeks)
    extras = [p.name for p in EXTRA_PROFILES]
    chosen = [
        name
        for asked in args.profile or [n for n in available if n not in extras]
        for name in (extras if asked == "extra" else [asked])
    ]
    unknown = [p for p in chosen if p not in available]
    if unknown:
        parser.error(f"unknown profile {unknown}; choose from {', '.join(available)}")
    seeds = args.seeds or [args.seed]
    honesty = args.honesty or ["honest"]
    jobs = [
        (name, args.weeks, seed, reporting, args.failure_fatigue)
        for seed in seeds
        for reporting in honesty
        for name in chosen
    ]
    if args.jobs > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            outcomes = pool.map(_evaluate, jobs)
    else:
        outcomes = [evaluate(*job, verbose=args.verbose) for job in jobs]
    failed: list[str] = []
    notes: list[str] = []
    for seed in seeds:
        extra = f", failure fatigue {args.failure_fatigue:g}" if args.failure_fatigue != 1 else ""
        print(f"{args.weeks} weeks, Mon/Thu, seed {seed}{extra}")
        print(HEADER)
        for o in outcomes:
            if o.seed != seed:
                continue
            print(o.rows[0])
            print(o.rows[1])
            failed.extend(f"{f} (seed {seed})" if len(seeds) > 1 else f for f in o.failed)
            if len(seeds) == 1:
                notes.extend(o.notes)
        print()
    print("str(1st): strength gained over the movements of the first session's exercises (what")
    print("the naive plan trains); str(all): over every movement trained. easy5+: sets with 5+")
    print("reps in reserve. eff/wk: sets with <=3 in reserve per calendar week (layoff included).")
    print()
    if len(seeds) > 1:
        span = f"{seeds[0]}..{seeds[-1]}" if seeds == list(range(seeds[0], seeds[-1] + 1)) else ""
        named = span or ",".join(map(str, seeds))
        print(f"worst case over seeds {named} (margin: strength minus naive's):")
        print("\n".join(worst_case(outcomes)))
    else:
        print("\n".join(notes))
    print()
    print("aims failed:" if failed else "all aims met")
    for f in failed:
        print(f"  {f}")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
