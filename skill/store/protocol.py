"""The storage protocol every store implements (SQLite now, DynamoDB for the Lambda)."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field

from skill.core.history import SessionRecord, SetRecord
from skill.core.profile import Profile
from skill.core.workout import WorkoutState


class UserData(BaseModel):
    """Everything a new Alexa session needs, read in one go."""

    profile: Profile | None = None
    active: WorkoutState | None = None
    recent_sessions: list[SessionRecord] = Field(default_factory=list)
    """Newest first."""


class Store(Protocol):
    """Exactly what the skill calls: one read per Alexa session, then the writes its effects
    name. Stores may offer more (``recent_sessions`` to inspect history) outside the protocol."""

    def load_user(self, user_id: str, recent: int = 6) -> UserData:
        """Profile, active workout and the ``recent`` newest sessions (with their sets)."""
        ...

    def save_profile(self, user_id: str, profile: Profile) -> None: ...

    def save_active(self, user_id: str, workout: WorkoutState) -> None:
        """Save the in-progress workout (to resume it) and make sure its session row exists."""
        ...

    def log_set(self, user_id: str, record: SetRecord) -> bool:
        """Store one set. Returns False when that set (same workout and key) was already stored."""
        ...

    def end_session(self, user_id: str, session: SessionRecord) -> None:
        """Record the session as finished or partial and drop the active workout."""
        ...

    def delete_user(self, user_id: str) -> None:
        """Every item of the user ("delete my data", or the skill disabled)."""
        ...
