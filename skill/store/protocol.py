"""The storage protocol every store implements (SQLite now, DynamoDB for the Lambda)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Protocol

from pydantic import Field

from skill.core.history import SessionRecord, SetRecord
from skill.core.model import Model, new_list
from skill.core.profile import Profile
from skill.core.workout import WorkoutState
from skill.store.codec import timestamp


class SetAside(Model):
    """A stored record this release could not read as it was (written by an older release, or
    corrupt): left out of the load or migrated, and logged. The skill says so and, for an active
    workout, closes it, so stale state never locks anyone out."""

    what: Literal["profile", "active"]
    workout_id: str | None = None
    """For an unreadable active workout: its id, when the store kept it beside the data."""


class SessionFinished(Exception):
    """A set was refused because its workout's session is finished (immutable): say so, the
    set is not stored. Raised only for a set not stored already (a retry is just False)."""


class UserData(Model):
    """Everything a new Alexa session needs, read in one go."""

    profile: Profile | None = None
    active: WorkoutState | None = None
    recent_sessions: list[SessionRecord] = Field(default_factory=new_list)
    """Newest first."""
    set_aside: list[SetAside] = Field(default_factory=new_list)
    """Stored records that could not be read as they were (see ``SetAside``)."""
    deletion_pending: bool = False
    """A deletion ("delete my data", the skill disabled) was started and not finished: the
    caller finishes it (``Store.delete_user``) before using anything else read here."""


class Store(Protocol):
    """Exactly what the skill calls: one read per Alexa session, then the writes its effects
    name. Stores may offer more (``recent_sessions`` to inspect history) outside the protocol."""

    def load_user(self, user_id: str, recent: int = 6) -> UserData:
        """Profile, active workout and the ``recent`` newest sessions (with their sets)."""
        ...

    def save_profile(self, user_id: str, profile: Profile) -> None: ...

    def save_active(
        self, user_id: str, workout: WorkoutState, profile: Profile | None = None
    ) -> None:
        """Save the in-progress workout (to resume it) and make sure its session row exists.
        A finished session is immutable: saving its workout again (a replayed request, a stale
        device) changes nothing and does not bring the active workout back. The pointer is never
        rewound (``rewinds``): an older workout, or this one less far along, leaves it as is.

        With ``profile`` (setup ends and the first workout starts), also ``save_profile``
        first: the same outcome as the two calls, in one write where the store can."""
        ...

    def log_set(self, user_id: str, record: SetRecord, active: WorkoutState | None = None) -> bool:
        """Store one set, keyed by ``record.storage_key``. Returns False when that set (same
        workout and storage key: a retry) was already stored. Raises ``SessionFinished`` when
        it was not and its session is finished (immutable: nothing is added to it).

        With ``active`` (the workout as this set leaves it), also ``save_active(active)``: the
        same outcome as the two calls in that order, in one write where the store can."""
        ...

    def end_session(
        self, user_id: str, session: SessionRecord, last: SetRecord | None = None
    ) -> None:
        """Record the session as finished or partial and drop the active workout. A session
        already finished stays as it is (a replayed end changes nothing).

        With ``last`` (the set that ended it, also among ``session.sets``), first
        ``log_set(last)``: the same outcome as the two calls in that order (``SessionFinished``
        is raised after the end is stored), in one write where the store can."""
        ...

    def close_sessions(self, user_id: str, sessions: list[SessionRecord]) -> None:
        """Store these sessions' closed records (orphans: still marked active, but no longer
        the active workout), in one write. Only a session still active and not the active
        workout now is changed, so a session another device ended or resumed meanwhile stays
        as that device left it. Their sets are stored apart already: ``sessions`` carry none."""
        ...

    def delete_user(self, user_id: str) -> bool:
        """Every item of the user ("delete my data", or the skill disabled). A durable marker
        is stored first, so a deletion cut short is finished later (``load_user`` reports it as
        ``deletion_pending``). True when nothing of the user is left; False when some is and
        the marker stays (it was retried within a bounded time). Raises ``StoreUnavailable``
        when not even the marker could be stored: then nothing was deleted."""
        ...


def progress(workout: WorkoutState) -> str:
    """How far along a workout is, as text that sorts in order: sets logged, then position,
    then the last change."""
    moment = workout.updated_at or workout.started_at
    return (
        f"{len(workout.logged):04d}-{workout.exercise_index:03d}-{workout.set_number:03d}-"
        f"{timestamp(moment)}"
    )


def rewinds(stored: WorkoutState, incoming: WorkoutState) -> bool:
    """Whether saving ``incoming`` over the ``stored`` active workout would rewind it: a workout
    started before the stored one (a stale device still on an older workout), or the same
    workout less far along (a device behind the other, or a replayed request)."""
    if stored.workout_id != incoming.workout_id:
        return incoming.started_at < stored.started_at
    return progress(incoming) < progress(stored)


def check_one_workout(session: SessionRecord, last: SetRecord | None = None) -> None:
    """``end_session``'s precondition in every store: its sets (and ``last``) are the session's."""
    strays = [s.key for s in session.sets if s.workout_id != session.workout_id]
    if last is not None and last.workout_id != session.workout_id:
        strays.append(last.key)
    if strays:
        raise ValueError(f"Sets {strays} belong to another workout than {session.workout_id!r}")


def log_then_end(log: Callable[[], object], end: Callable[[], None]) -> None:
    """``end_session(last=...)`` as two calls: the set, then the end. The end is stored even
    when the set is refused for a session finished elsewhere; that refusal is raised after."""
    refused: SessionFinished | None = None
    try:
        log()
    except SessionFinished as exc:
        refused = exc
    end()
    if refused is not None:
        raise refused
