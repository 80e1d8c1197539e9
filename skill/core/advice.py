"""What progression and the weekly checks conclude; small enough for session attributes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field

from skill.core.profile import Unit


class Change(StrEnum):
    START = "start"
    ADD_LOAD = "add_load"
    ADD_REPS = "add_reps"
    HOLD = "hold"
    REGRESS = "regress"
    HARDER = "harder"
    EASIER = "easier"


_PRIORITY = {
    Change.REGRESS: 0,
    Change.EASIER: 0,
    Change.ADD_LOAD: 1,
    Change.HARDER: 1,
    Change.ADD_REPS: 2,
    Change.HOLD: 3,
    Change.START: 4,
}


class Advice(BaseModel):
    """Next time's target for one exercise, and why."""

    exercise_id: str
    change: Change
    sets: int
    target_reps: int
    load: float | None = None
    unit: Unit | None = None
    switch_to: str | None = None
    """For HARDER / EASIER: the variation to do instead."""
    tempo_scale: float = 1.0
    """Above 1 when the progression is a slower lowering at the same weight and reps."""
    reason: str = ""
    last_done: AwareDatetime | None = None

    @property
    def priority(self) -> int:
        """Safety first, then real changes, then holds; START last."""
        return _PRIORITY[self.change]


class LastTime(BaseModel):
    """What was done for one exercise the last time it was done."""

    exercise_id: str
    at: AwareDatetime
    reps: list[int]
    load: float | None = None
    unit: Unit | None = None


class WeekReport(BaseModel):
    """This calendar week (Monday to Sunday) against the guide's weekly rules."""

    week_start: date
    session_times: list[AwareDatetime] = Field(default_factory=list)
    """When each session with logged sets happened, oldest first."""
    sets_per_session: list[int] = Field(default_factory=list)
    sets_per_exercise: dict[str, int] = Field(default_factory=dict)
    previous_session: AwareDatetime | None = None
    """The last session before this week, so spacing is checked across the week boundary."""

    @property
    def sets(self) -> int:
        return sum(self.sets_per_session)

    @property
    def sessions(self) -> int:
        return len(self.session_times)
