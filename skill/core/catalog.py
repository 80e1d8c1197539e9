"""The exercise catalog: every hamstring exercise the guide names, validated on load.

The data lives in ``skill/data/exercises.json`` so a coach can adapt it without touching code.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from functools import cache
from importlib import resources

from pydantic import Field, model_validator

from skill.core.model import Model, new_list
from skill.core.profile import Equipment, Level


class Slot(StrEnum):
    """The three places in a session: a hinge, a knee-flexion curl, a bridge/Nordic/power move."""

    HINGE = "hinge"
    CURL = "curl"
    BRIDGE_POWER = "bridge_power"


class Movement(StrEnum):
    """How a rep moves, which decides how it is counted and how it may progress."""

    HINGE = "hinge"
    """Lower slowly from standing into the stretch, then stand tall (Romanian deadlifts)."""
    PULL = "pull"
    """Pull from the floor, then lower under control (deadlifts)."""
    CURL = "curl"
    """Curl the heels in, squeeze, then lower slowly (leg curls)."""
    NORDIC = "nordic"
    """Lower the body as slowly as possible, catch, push back up."""
    BRIDGE = "bridge"
    """Drive the hips up, hold the squeeze, lower (bridges and hip thrusts)."""
    MARCH = "march"
    """Leg by leg while the hips stay up (banded marches)."""
    KICK = "kick"
    """One leg drives back and up against the band, then returns."""
    SWING = "swing"
    """Ballistic: a fast hip snap, never a slow tempo (kettlebell swings)."""

    @property
    def ballistic(self) -> bool:
        return self is Movement.SWING


class LoadType(StrEnum):
    """How load is added, which decides the progression step (barbell ~5 lb, band next level...)."""

    BARBELL = "barbell"
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    MACHINE = "machine"
    BAND = "band"
    BODYWEIGHT = "bodyweight"


class Tempo(Model):
    """Seconds per phase of a rep: lower (eccentric), pause in the stretch, lift and squeeze."""

    lower: float = Field(3.0, ge=0.5, le=6)
    pause: float = Field(1.0, ge=0, le=4)
    lift: float = Field(1.0, ge=0.3, le=4)

    @property
    def rep_seconds(self) -> float:
        return self.lower + self.pause + self.lift


class Exercise(Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=3)
    """Spoken name, plural where natural: "Romanian deadlifts"."""
    singular: str = Field(min_length=3)
    """Spoken for one rep or a mention: "Romanian deadlift"."""
    synonyms: list[str] = Field(default_factory=new_list)
    equipment: list[Equipment] = Field(min_length=1)
    """Any one of these is enough to do it."""
    load_type: LoadType
    level: Level
    slots: list[Slot] = Field(min_length=1)
    movement: Movement
    sets: int = Field(ge=1, le=5)
    rep_low: int = Field(ge=1, le=30)
    rep_high: int = Field(ge=1, le=30)
    tempo: Tempo = Field(default_factory=Tempo)
    rest_seconds: int = Field(ge=30, le=180)
    per_side: bool = False
    """Single-leg moves: the count covers one side, then the other."""
    setup_cues: list[str] = Field(min_length=3)
    mid_set_cues: list[str] = Field(min_length=4)
    feel: str = Field(min_length=10)
    """What the person should feel, answered to "what should I feel"."""
    mistakes: list[str] = Field(min_length=2)
    trains: str = Field(min_length=5)
    easier: str | None = None
    harder: str | None = None
    family: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """The movement this is a variation of ("deadlift" holds the barbell, dumbbell and band RDLs
    and the deadlift): asked about one, someone who logged another wants their own numbers."""
    guide_name: str | None = None
    """Set when the guide names this exercise; ties catalog coverage to the source."""

    @model_validator(mode="after")
    def _range(self) -> Exercise:
        if self.rep_low > self.rep_high:
            raise ValueError(f"{self.id}: rep_low {self.rep_low} > rep_high {self.rep_high}")
        if self.easier == self.id or self.harder == self.id:
            raise ValueError(f"{self.id}: links to itself")
        return self

    def doable_with(self, kit: Collection[Equipment]) -> bool:
        """Whether this kit is enough: any one listed piece will do, and bodyweight needs none."""
        return any(q is Equipment.BODYWEIGHT or q in kit for q in self.equipment)


class Catalog(Model):
    exercises: list[Exercise]

    @model_validator(mode="after")
    def _links(self) -> Catalog:
        ids = [e.id for e in self.exercises]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate exercise ids")
        known = set(ids)
        for e in self.exercises:
            for link in (e.easier, e.harder):
                if link is not None and link not in known:
                    raise ValueError(f"{e.id}: variation {link!r} is not in the catalog")
        for name in sorted({e.family for e in self.exercises}):
            self._check_family(name)
        return self

    def _check_family(self, name: str) -> None:
        """A family is one progression: its members reach each other by easier/harder links."""
        members = {e.id: e for e in self.exercises if e.family == name}
        links = {(e.id, i) for e in members.values() for i in (e.easier, e.harder) if i in members}
        links |= {(b, a) for a, b in links}
        reached, queue = set[str](), [min(members)]
        while queue:
            here = queue.pop()
            reached.add(here)
            queue += [b for a, b in links if a == here and b not in reached]
        if reached != set(members):
            lost = sorted(set(members) - reached)
            raise ValueError(f"family {name!r}: {lost} not linked to the rest by easier/harder")

    def get(self, exercise_id: str) -> Exercise:
        for e in self.exercises:
            if e.id == exercise_id:
                return e
        raise KeyError(exercise_id)

    def variations(self, exercise_id: str) -> list[str]:
        """The exercise and the other variations of its movement (its family), itself first."""
        family = self.get(exercise_id).family
        others = [e.id for e in self.exercises if e.family == family and e.id != exercise_id]
        return [exercise_id, *others]

    def __contains__(self, exercise_id: object) -> bool:
        return any(e.id == exercise_id for e in self.exercises)


@cache
def load_catalog() -> Catalog:
    text = resources.files("skill").joinpath("data/exercises.json").read_text(encoding="utf-8")
    return Catalog.model_validate_json(text)
