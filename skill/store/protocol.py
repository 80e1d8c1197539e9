"""The storage protocol every store implements (SQLite now, DynamoDB for the Lambda)."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, Field

from skill.core.history import SessionRecord, SetRecord
from skill.core.profile import Profile
from skill.core.workout import WorkoutState


class SetAside(BaseModel):
    """A stored record this release could not read as it was (written by an older release, or
    corrupt): left out of the load or migrated, and logged. The skill says so and, for an active
    workout, closes it, so stale state never locks anyone out."""

    what: Literal["profile", "active"]
    workout_id: str | None = None
    """For an unreadable active workout: its id, when the store kept it beside the data."""


class UserData(BaseModel):
    """Everything a new Alexa session needs, read in one go."""

    profile: Profile | None = None
    active: WorkoutState | None = None
    recent_sessions: list[SessionRecord] = Field(default_factory=list)
    """Newest first."""
    set_aside: list[SetAside] = Field(default_factory=list)
    """Stored records that could not be read as they were (see ``SetAside``)."""


class Store(Protocol):
    """Exactly what the skill calls: one read per Alexa session, then the writes its effects
    name. Stores may offer more (``recent_sessions`` to inspect history) outside the protocol."""

    def load_user(self, user_id: str, recent: int = 6) -> UserData:
        """Profile, active workout and the ``recent`` newest sessions (with their sets)."""
        ...

    def save_profile(self, user_id: str, profile: Profile) -> None: ...

    def save_active(self, user_id: str, workout: WorkoutState) -> None:
        """Save the in-progress workout (to resume it) and make sure its session row exists.
        A finished session is immutable: saving its workout again (a replayed request, a stale
        device) changes nothing and does not bring the active workout back."""
        ...

    def log_set(self, user_id: str, record: SetRecord) -> bool:
        """Store one set. Returns False when that set (same workout and key) was already stored,
        or when its session is finished (immutable: nothing is added to it)."""
        ...

    def end_session(self, user_id: str, session: SessionRecord) -> None:
        """Record the session as finished or partial and drop the active workout. A session
        already finished stays as it is (a replayed end changes nothing)."""
        ...

    def delete_user(self, user_id: str) -> None:
        """Every item of the user ("delete my data", or the skill disabled)."""
        ...
