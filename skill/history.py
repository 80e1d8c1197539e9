"""What was actually done: logged sets and sessions, the raw material for planning."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field

from skill.profile import Unit


class Effort(StrEnum):
    EASY = "easy"
    RIGHT = "right"
    HARD = "hard"


class SessionStatus(StrEnum):
    ACTIVE = "active"
    FINISHED = "finished"
    PARTIAL = "partial"


class SetRecord(BaseModel):
    """One logged set. ``key`` is unique within its workout, so a retried log lands once."""

    workout_id: str
    exercise_id: str
    exercise_index: int = Field(ge=0)
    set_number: int = Field(ge=1)
    target_reps: int = Field(ge=1)
    reps: int = Field(ge=0)
    load: float | None = Field(default=None, ge=0)
    unit: Unit | None = None
    effort: Effort | None = None
    tempo_scale: float = 1.0
    logged_at: AwareDatetime

    @property
    def key(self) -> str:
        return f"{self.exercise_index:02d}-{self.set_number:02d}"


class SessionRecord(BaseModel):
    """One hamstring session, finished or cut off, with the sets that were logged in it."""

    workout_id: str
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    status: SessionStatus = SessionStatus.ACTIVE
    lighter: bool = False
    exercise_ids: list[str] = Field(default_factory=list)
    """The exercises planned, in order; rotation looks at these."""
    sets: list[SetRecord] = Field(default_factory=list)

    @property
    def last_activity(self) -> datetime:
        """When training last happened: the last logged set (closing a record is not training)."""
        if self.sets:
            return max(s.logged_at for s in self.sets)
        return self.ended_at or self.started_at


class HistorySummary(BaseModel):
    """The small slice of history planning needs, small enough to ride in session attributes."""

    last_session_at: AwareDatetime | None = None
    """When the last session with at least one logged set last had activity."""
    recent_exercises: list[list[str]] = Field(default_factory=list)
    """Exercise ids done per recent session, newest first."""

    @classmethod
    def from_sessions(cls, sessions: list[SessionRecord]) -> HistorySummary:
        done = [s for s in sessions if s.sets]
        done.sort(key=lambda s: s.started_at, reverse=True)
        return cls(
            last_session_at=done[0].last_activity if done else None,
            recent_exercises=[sorted({r.exercise_id for r in s.sets}) for s in done[:6]],
        )
