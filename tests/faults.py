"""A real store behind a gate, for injecting storage faults where a test wants them."""

from __future__ import annotations

from typing import Any

from skill.core.history import SessionRecord, SetRecord
from skill.core.profile import Profile
from skill.core.workout import WorkoutState
from skill.store.protocol import Store, UserData


class GatedStore:
    """Every protocol call asks ``gate(name, read)`` first, then goes to ``inner``. A subclass's
    gate raises ``StoreUnavailable`` to inject the fault it models (an outage, the n-th write,
    named calls); anything else (``recent_sessions``, ``close``) goes straight to ``inner``."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner

    def gate(self, name: str, read: bool) -> None:
        """No fault: subclasses decide."""

    def load_user(self, user_id: str, recent: int = 6) -> UserData:
        self.gate("load_user", True)
        return self.inner.load_user(user_id, recent)

    def save_profile(self, user_id: str, profile: Profile) -> None:
        self.gate("save_profile", False)
        self.inner.save_profile(user_id, profile)

    def save_active(
        self, user_id: str, workout: WorkoutState, profile: Profile | None = None
    ) -> None:
        if profile is not None:
            self.gate("save_profile", False)
        self.gate("save_active", False)
        self.inner.save_active(user_id, workout, profile)

    def log_set(self, user_id: str, record: SetRecord, active: WorkoutState | None = None) -> bool:
        """A set logged with the active workout is one write: each part's gate is asked before
        it, so a fault in either stores neither (as one failed transaction)."""
        self.gate("log_set", False)
        if active is not None:
            self.gate("save_active", False)
        return bool(self.inner.log_set(user_id, record, active))

    def end_session(
        self, user_id: str, session: SessionRecord, last: SetRecord | None = None
    ) -> None:
        if last is not None:
            self.gate("log_set", False)
        self.gate("end_session", False)
        self.inner.end_session(user_id, session, last)

    def close_sessions(self, user_id: str, sessions: list[SessionRecord]) -> None:
        self.gate("close_sessions", False)
        self.inner.close_sessions(user_id, sessions)

    def delete_user(self, user_id: str) -> bool:
        self.gate("delete_user", False)
        return bool(self.inner.delete_user(user_id))

    def __getattr__(self, name: str) -> Any:
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)
