"""What progression and the weekly checks conclude; small enough for session attributes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import AwareDatetime, Field

from skill.core.model import Model, new_list
from skill.core.profile import Unit


class Change(StrEnum):
    START = "start"
    ADD_LOAD = "add_load"
    ADD_REPS = "add_reps"
    HOLD = "hold"
    REGRESS = "regress"
    HARDER = "harder"
    EASIER = "easier"


class Reason(StrEnum):
    """Why progression chose its change; speech picks its words from change and reason.

    The values are the phrases stored before this was an enum, so older session attributes
    still load.
    """

    NO_DATA = "no data"
    PAIN = "pain"
    """It hurt last time: a lighter load, or the easier variation."""
    PAIN_SHORTER_RANGE = "pain, shorter range"
    """It hurt, and nothing lighter or easier is at hand: same load, shorter range."""
    TWO_HARD = "two hard sessions"
    """Missed targets two outings running: a lighter load, or the easier variation. (The value
    predates the rule; a hard set alone never steps back.)"""
    TWO_HARD_SHORTER_RANGE = "two hard sessions, shorter range"
    """Missed targets twice, and nothing lighter or easier is at hand: shorter range."""
    TWO_HARD_FEWER_REPS = "two hard sessions, fewer reps"
    """Missed targets twice with reps above the bottom of the range: same load, the reps that
    were made."""
    LAYOFF = "layoff"
    """About ten days or more off: one step below the last prescription."""
    LONG_LAYOFF = "long layoff"
    """About four weeks or more off: two steps lighter, or the easier variation."""
    MISSED_REPS = "missed reps"
    HARD_SET = "a hard set"
    HARD_LAST_SET = "a hard last set"
    """Only the last set was hard and every rep was made: one more rep, not more load."""
    REPS_IN_RANGE = "reps in range"
    """Below the top of the range: add reps first."""
    TOP_OF_RANGE = "top of range"
    """Every set reached the top: the next weight, or the harder variation."""
    TOP_NO_HARDER = "top of range, no harder variation"
    """Bodyweight at the top with no harder variation at hand: reps past the range."""
    SLOW_LOWERING = "top of range, slow the lowering"
    """Nothing else can go up: same reps and load, a slower lowering."""
    WEIGHT_UNKNOWN = "top of range, weight unknown"
    EASY_NEAR_TOP = "easy near the top"
    """Every set easy and within a rep of the top: the next weight now."""
    NEW_BLOCK = "new block"
    """The block ended: another exercise for the slot, starting from the last one's numbers."""
    BIG_JUMP = "next weight is a big jump"
    """The next weight is over the 10% step: earn it with reps, or the harder variation."""

    @property
    def hurt(self) -> bool:
        """The step back is for pain (not for two hard sessions)."""
        return self in (Reason.PAIN, Reason.PAIN_SHORTER_RANGE)

    @property
    def layoff(self) -> bool:
        """The step back is for time off."""
        return self in (Reason.LAYOFF, Reason.LONG_LAYOFF)


_PRIORITY = {
    Change.REGRESS: 0,
    Change.EASIER: 0,
    Change.ADD_LOAD: 1,
    Change.HARDER: 1,
    Change.ADD_REPS: 2,
    Change.HOLD: 3,
    Change.START: 4,
}


class Advice(Model):
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
    reason: Reason
    last_done: AwareDatetime | None = None

    @property
    def priority(self) -> int:
        """Safety first, then real changes, then holds; START last."""
        return _PRIORITY[self.change]


class LastTime(Model):
    """What was done for one exercise the last time it was done."""

    exercise_id: str
    at: AwareDatetime
    reps: list[int]
    load: float | None = None
    unit: Unit | None = None


class WeekReport(Model):
    """This calendar week (Monday to Sunday) against the guide's weekly rules."""

    week_start: date
    session_times: list[AwareDatetime] = Field(default_factory=new_list)
    """When each session with logged sets happened, oldest first."""
    sets_per_session: list[int] = Field(default_factory=new_list)
    sets_per_exercise: dict[str, int] = Field(default_factory=dict)
    previous_session: AwareDatetime | None = None
    """The last session before this week, so spacing is checked across the week boundary."""

    @property
    def sets(self) -> int:
        return sum(self.sets_per_session)

    @property
    def sessions(self) -> int:
        return len(self.session_times)
