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

    def save_active(self, user_id: str, workout: WorkoutState) -> None:
        self.gate("save_active", False)
        self.inner.save_active(user_id, workout)

    def log_set(self, user_id: str, record: SetRecord) -> bool:
        self.gate("log_set", False)
        return bool(self.inner.log_set(user_id, record))

    def end_session(self, user_id: str, session: SessionRecord) -> None:
        self.gate("end_session", False)
        self.inner.end_session(user_id, session)

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
