"""Who the person is, as far as planning cares: their kit and their experience."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, Field

from skill.core.model import Model, new_list


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


POUND_LOCALES = frozenset({"en-us", "en-ca", ""})
"""Where a new profile starts in pounds; everywhere else (the UK, Australia, India, and any
locale we don't list) in kilograms."""
ASK_UNIT_LOCALES = frozenset({"en-ca"})
"""Where people train in both: onboarding asks once, unless the device or the person said."""


def unit_for_locale(locale: str) -> Unit:
    """The unit a new profile starts in, before the device or the person says otherwise."""
    return Unit.LB if locale.lower() in POUND_LOCALES else Unit.KG


def asks_unit(locale: str) -> bool:
    """Whether onboarding asks "pounds or kilos?" in this locale."""
    return locale.lower() in ASK_UNIT_LOCALES


class Profile(Model):
    """Stored per user. Bodyweight is always available, so it is implied, never required."""

    equipment: list[Equipment] = Field(default_factory=new_list)
    level: Level | None = None
    unit: Unit = Unit.LB
    unit_said: bool = False
    """The person chose the unit (said it, or answered "pounds or kilos?"): the device setting
    and the locale no longer change it."""
    disclaimer_given: bool = False
    reminder_id: str | None = None
    """The one pending Reminders API reminder we set (its alert token), if any."""
    reminder_at: AwareDatetime | None = None
    """When that reminder (or the one waiting for permission) is for."""
    reminder_declined_week: date | None = None
    """The Monday of the week they said no to a reminder: not asked again that week."""

    @property
    def complete(self) -> bool:
        return bool(self.equipment) and self.level is not None

    def available(self) -> set[Equipment]:
        return {*self.equipment, Equipment.BODYWEIGHT}
