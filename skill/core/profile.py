"""Who the person is, as far as planning cares: their kit and their experience."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Equipment(StrEnum):
    MACHINES = "machines"
    BARBELL = "barbell"
    DUMBBELLS = "dumbbells"
    KETTLEBELL = "kettlebell"
    BANDS = "bands"
    BALL = "ball"
    BODYWEIGHT = "bodyweight"


class Level(StrEnum):
    NEW = "new"
    SOME = "some"
    EXPERIENCED = "experienced"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Unit(StrEnum):
    LB = "lb"
    KG = "kg"


def unit_for_locale(locale: str) -> Unit:
    """Pounds for the US, kilograms everywhere else we plan to ship."""
    return Unit.LB if locale.lower() in ("en-us", "") else Unit.KG


class Profile(BaseModel):
    """Stored per user. Bodyweight is always available, so it is implied, never required."""

    equipment: list[Equipment] = Field(default_factory=list)
    level: Level | None = None
    unit: Unit = Unit.LB
    disclaimer_given: bool = False

    @property
    def complete(self) -> bool:
        return bool(self.equipment) and self.level is not None

    def available(self) -> set[Equipment]:
        return {*self.equipment, Equipment.BODYWEIGHT}
