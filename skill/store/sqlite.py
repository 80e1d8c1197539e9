"""SQLite implementation of ``Store``: the backend for local runs (Flask server, CLI, tests).

One connection guarded by a lock, because the Flask dev server may call in from several threads
and a single connection keeps ``:memory:`` databases shared. Models are stored as their pydantic
JSON; the few fields we query or sort on are copied into columns.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from skill.core.history import SessionRecord, SessionStatus, SetRecord
from skill.core.profile import Profile
from skill.core.workout import WorkoutState
from skill.store.codec import Clock, parse, read, timestamp, utc_now
from skill.store.errors import StoreUnavailable
from skill.store.lifecycle import Closing
from skill.store.protocol import (
    SessionFinished,
    SetAside,
    UserData,
    check_one_workout,
    log_then_end,
    rewinds,
)

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""Stored in ``PRAGMA user_version``; bump it and add a migration step when the schema changes."""

BUSY_TIMEOUT_S = 5.0
"""How long to wait for another process's write lock before failing with "database is locked"."""

MEMORY = ":memory:"

# ``data`` holds JSON but is declared TEXT: a column declared JSON gets NUMERIC affinity.
# Timestamp columns hold UTC ISO strings with microseconds so that they sort as text.
_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS profiles (
        user_id    TEXT PRIMARY KEY,
        data       TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS active (
        user_id    TEXT PRIMARY KEY,
        workout_id TEXT NOT NULL,
        data       TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS sessions (
        user_id    TEXT NOT NULL,
        workout_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at   TEXT,
        status     TEXT NOT NULL,
        data       TEXT NOT NULL,
        PRIMARY KEY (user_id, workout_id)
    )
    """,
    "CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions (user_id, started_at)",
    """
    CREATE TABLE IF NOT EXISTS sets (
        user_id    TEXT NOT NULL,
        workout_id TEXT NOT NULL,
        set_key    TEXT NOT NULL,
        data       TEXT NOT NULL,
        logged_at  TEXT NOT NULL,
        PRIMARY KEY (user_id, workout_id, set_key)
    )
    """,
    # A deletion under way (``delete_user``): kept until every other row of the user is gone.
    # Added without a version bump: CREATE IF NOT EXISTS runs on every open.
    """
    CREATE TABLE IF NOT EXISTS deletions (
        user_id      TEXT PRIMARY KEY,
        requested_at TEXT NOT NULL
    )
    """,
)

_USER_TABLES = ("profiles", "active", "sessions", "sets")
"""Every table holding a user's data (``deletions`` aside: it is removed last)."""

_CLOSE_ORPHAN = """
    UPDATE sessions SET ended_at = ?, status = ?, data = ?
    WHERE user_id = ? AND workout_id = ? AND status = ?
        AND workout_id NOT IN (SELECT workout_id FROM active WHERE user_id = ?)
"""

_UPSERT_SESSION = """
    INSERT INTO sessions (user_id, workout_id, started_at, ended_at, status, data)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (user_id, workout_id) DO UPDATE SET
        started_at = excluded.started_at,
        ended_at = excluded.ended_at,
        status = excluded.status,
        data = excluded.data
"""

_INSERT_SET = """
    INSERT OR IGNORE INTO sets (user_id, workout_id, set_key, data, logged_at)
    VALUES (?, ?, ?, ?, ?)
"""

# The FROM/WHERE of both queries a session read makes (the sessions, then all of their sets), so
# the sets query needs no list of ids and no per-session round trip.
_NEWEST = "FROM sessions WHERE user_id = ? ORDER BY started_at DESC, workout_id DESC LIMIT ?"


class SQLiteStore(Closing):
    """``Store`` on a SQLite file (WAL mode) or ``":memory:"``; safe to share between threads."""

    def __init__(
        self, path: str | Path, busy_timeout: float = BUSY_TIMEOUT_S, *, clock: Clock = utc_now
    ) -> None:
        """``clock`` stamps ``updated_at``: the skill's own clock, so the chat's ``--now`` holds."""
        self._clock = clock
        target = str(path)
        if target != MEMORY:
            file = Path(target).expanduser()
            file.parent.mkdir(parents=True, exist_ok=True)
            target = str(file)
        # ``timeout`` is SQLite's busy timeout. Autocommit mode (isolation_level=None) because
        # transactions are explicit, see ``_tx``.
        self._conn = sqlite3.connect(
            target, timeout=busy_timeout, check_same_thread=False, isolation_level=None
        )
        self._lock = threading.Lock()
        try:
            if target != MEMORY:
                # Readers don't block the writer (and vice versa) across processes.
                self._conn.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    def _migrate(self) -> None:
        with self._tx() as conn:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"Database schema version {version} is newer than this code "
                    f"({SCHEMA_VERSION}); upgrade the skill."
                )
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _tx(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """One locked transaction. Writes BEGIN IMMEDIATE so they wait (busy timeout) for another
        process's lock up front rather than fail halfway; reads get a consistent snapshot.

        ``sqlite3.OperationalError`` ("database is locked" after the busy timeout, disk I/O
        errors, a full disk) is raised as ``StoreUnavailable``, like any store's outage."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        try:
                            conn.execute("ROLLBACK")
                        except sqlite3.OperationalError:
                            logger.warning("ROLLBACK failed", exc_info=True)
                    raise
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"SQLite: {exc}") from exc

    # -- Store ---------------------------------------------------------------------------------

    def load_user(self, user_id: str, recent: int = 6) -> UserData:
        set_aside: list[SetAside] = []
        with self._tx(write=False) as conn:
            row = conn.execute("SELECT data FROM profiles WHERE user_id = ?", (user_id,)).fetchone()
            profile = None
            if row:
                profile, changed = read(Profile, row[0], "profile row", lenient=True)
                if changed:
                    set_aside.append(SetAside(what="profile"))
            row = conn.execute(
                "SELECT workout_id, data FROM active WHERE user_id = ?", (user_id,)
            ).fetchone()
            active = parse(WorkoutState, row[1], "active workout row") if row else None
            if row and active is None:
                set_aside.append(SetAside(what="active", workout_id=row[0]))
            sessions = self._recent(conn, user_id, recent)
            pending = conn.execute(
                "SELECT 1 FROM deletions WHERE user_id = ?", (user_id,)
            ).fetchone()
        return UserData(
            profile=profile,
            active=active,
            recent_sessions=sessions,
            set_aside=set_aside,
            deletion_pending=pending is not None,
        )

    def save_profile(self, user_id: str, profile: Profile) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO profiles (user_id, data, updated_at) VALUES (?, ?, ?)",
                (user_id, profile.model_dump_json(), timestamp(self._clock())),
            )

    def save_active(
        self, user_id: str, workout: WorkoutState, profile: Profile | None = None
    ) -> None:
        """Also (re)marks the workout's session active: resuming a workout that was ended as
        partial (say, closed by another device) reopens it. A finished session is immutable:
        a replayed save for it changes nothing and does not bring the active workout back.
        With ``profile``, ``save_profile`` first."""
        if profile is not None:
            self.save_profile(user_id, profile)
        session = workout.as_session()
        with self._tx() as conn:
            if self._finished(conn, user_id, workout.workout_id):
                logger.info("not reopening finished workout %s", workout.workout_id)
                return
            row = conn.execute("SELECT data FROM active WHERE user_id = ?", (user_id,)).fetchone()
            stored = parse(WorkoutState, row[0], "active workout row") if row else None
            if stored is not None and rewinds(stored, workout):
                logger.info("not rewinding the active workout to %s", workout.workout_id)
                if stored.workout_id != workout.workout_id:
                    self._upsert_session(conn, user_id, session)
                return
            conn.execute(
                "INSERT OR REPLACE INTO active (user_id, workout_id, data, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (user_id, workout.workout_id, workout.model_dump_json(), timestamp(self._clock())),
            )
            self._upsert_session(conn, user_id, session)

    def log_set(self, user_id: str, record: SetRecord, active: WorkoutState | None = None) -> bool:
        """False when the set was there; ``SessionFinished`` when it was not and its session is
        finished (nothing is added to it). With ``active``, then ``save_active`` (a local file:
        two transactions cost nothing worth saving)."""
        stored = self._log_set(user_id, record)
        if active is not None:
            self.save_active(user_id, active)
        return stored

    def _log_set(self, user_id: str, record: SetRecord) -> bool:
        placeholder = SessionRecord(workout_id=record.workout_id, started_at=record.logged_at)
        with self._tx() as conn:
            there = conn.execute(
                "SELECT 1 FROM sets WHERE user_id = ? AND workout_id = ? AND set_key = ?",
                (user_id, record.workout_id, record.storage_key),
            ).fetchone()
            if there:
                return False
            if self._finished(conn, user_id, record.workout_id):
                logger.info("not adding set %s to finished workout", record.key)
                raise SessionFinished(record.workout_id)
            conn.execute(
                "INSERT OR IGNORE INTO sessions"
                " (user_id, workout_id, started_at, ended_at, status, data)"
                " VALUES (?, ?, ?, NULL, ?, ?)",
                (
                    user_id,
                    record.workout_id,
                    timestamp(placeholder.started_at),
                    placeholder.status.value,
                    placeholder.model_dump_json(exclude={"sets"}),
                ),
            )
            inserted = self._insert_sets(conn, user_id, [record])
        return inserted == 1

    def end_session(
        self, user_id: str, session: SessionRecord, last: SetRecord | None = None
    ) -> None:
        """Upserts the session row and adds any of ``session.sets`` not stored yet, so sets are
        neither lost nor doubled. Only drops the active workout if it is this one. A session
        already finished stays exactly as it is (a replayed end, or a late partial one). With
        ``last``, ``log_set(last)`` first (``SessionFinished`` raised after the end)."""
        check_one_workout(session, last)
        if last is not None:
            log_then_end(
                lambda: self._log_set(user_id, last), lambda: self.end_session(user_id, session)
            )
            return
        with self._tx() as conn:
            if not self._finished(conn, user_id, session.workout_id):
                self._upsert_session(conn, user_id, session)
                self._insert_sets(conn, user_id, session.sets)
            conn.execute(
                "DELETE FROM active WHERE user_id = ? AND workout_id = ?",
                (user_id, session.workout_id),
            )

    def close_sessions(self, user_id: str, sessions: list[SessionRecord]) -> None:
        """One transaction; a session no longer active, or the active workout now, is left."""
        if not sessions:
            return
        active = SessionStatus.ACTIVE.value
        with self._tx() as conn:
            for session in sessions:
                conn.execute(
                    _CLOSE_ORPHAN,
                    (
                        timestamp(session.ended_at) if session.ended_at else None,
                        session.status.value,
                        session.model_dump_json(exclude={"sets"}),
                        user_id,
                        session.workout_id,
                        active,
                        user_id,
                    ),
                )

    def delete_user(self, user_id: str) -> bool:
        """The marker in a transaction of its own, then everything else and the marker in one:
        if that one fails (the file locked past the busy timeout, a disk error), the marker
        stays and the next ``load_user`` reports the deletion as pending."""
        with self._tx() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO deletions (user_id, requested_at) VALUES (?, ?)",
                (user_id, timestamp(self._clock())),
            )
        try:
            with self._tx() as conn:
                for table in _USER_TABLES:
                    conn.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))
                conn.execute("DELETE FROM deletions WHERE user_id = ?", (user_id,))
        except StoreUnavailable:
            logger.warning("deletion cut short; its marker stays", exc_info=True)
            return False
        return True

    # -- inspection (not in the Store protocol: the skill reads through load_user) -------------

    def recent_sessions(self, user_id: str, limit: int = 10) -> list[SessionRecord]:
        """Newest first, each with its sets in logging order."""
        with self._tx(write=False) as conn:
            return self._recent(conn, user_id, limit)

    # -- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        """Idempotent; any later call on the store raises ``sqlite3.ProgrammingError``."""
        with self._lock:
            self._conn.close()

    # -- helpers (called with the lock held, inside a transaction) ----------------------------

    @staticmethod
    def _finished(conn: sqlite3.Connection, user_id: str, workout_id: str) -> bool:
        """Whether the workout's session is stored as finished: then it is never changed again."""
        row = conn.execute(
            "SELECT status FROM sessions WHERE user_id = ? AND workout_id = ?",
            (user_id, workout_id),
        ).fetchone()
        return row is not None and row[0] == SessionStatus.FINISHED.value

    @staticmethod
    def _upsert_session(conn: sqlite3.Connection, user_id: str, session: SessionRecord) -> None:
        """Sets live in their own table; they are never copied into the session row."""
        conn.execute(
            _UPSERT_SESSION,
            (
                user_id,
                session.workout_id,
                timestamp(session.started_at),
                timestamp(session.ended_at) if session.ended_at else None,
                session.status.value,
                session.model_dump_json(exclude={"sets"}),
            ),
        )

    @staticmethod
    def _insert_sets(conn: sqlite3.Connection, user_id: str, records: Iterable[SetRecord]) -> int:
        """How many were new; the primary key (the storage key: position and report) makes a
        retried log a no-op."""
        inserted = 0
        for record in records:
            cursor = conn.execute(
                _INSERT_SET,
                (
                    user_id,
                    record.workout_id,
                    record.storage_key,
                    record.model_dump_json(),
                    timestamp(record.logged_at),
                ),
            )
            inserted += cursor.rowcount
        return inserted

    @staticmethod
    def _recent(conn: sqlite3.Connection, user_id: str, limit: int) -> list[SessionRecord]:
        """Two queries whatever ``limit`` is: the sessions, then all of their sets."""
        if limit <= 0:  # SQLite reads a negative LIMIT as "no limit".
            return []
        sessions: dict[str, SessionRecord] = {}
        newest = conn.execute(f"SELECT workout_id, data {_NEWEST}", (user_id, limit))
        for workout_id, data in newest:
            session = parse(SessionRecord, data, "session row")
            if session is not None:
                sessions[workout_id] = session
        if not sessions:
            return []
        sets_sql = (
            "SELECT workout_id, data FROM sets WHERE user_id = ? "
            f"AND workout_id IN (SELECT workout_id {_NEWEST}) ORDER BY logged_at, set_key"
        )
        for workout_id, data in conn.execute(sets_sql, (user_id, user_id, limit)):
            record = parse(SetRecord, data, "set row")
            if record is not None and workout_id in sessions:
                sessions[workout_id].sets.append(record)
        return list(sessions.values())
