"""The behaviour every ``Store`` must share, run against each implementation.

Tests use only the protocol's methods, so a new backend joins by adding a factory to
``STORE_FACTORIES``; anything backend-specific belongs in that backend's own tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from moto import mock_aws

from skill.core.history import SessionRecord, SessionStatus
from skill.core.profile import Equipment, Level, Unit
from skill.core.workout import Phase
from skill.store.dynamodb import DynamoDBStore, create_table, make_client
from skill.store.protocol import Store, UserData
from skill.store.sqlite import SQLiteStore
from tests.factories import at, make_plan, make_profile, make_session, make_set, make_workout

USER = "amzn1.ask.account.ALICE"
OTHER = "amzn1.ask.account.BOB"


@dataclass(frozen=True)
class StoreFactory:
    """Opens one backend. ``open(tmp_path)`` gives a context manager that yields the store and
    cleans it up; ``persistent`` means opening again on the same tmp_path sees the same data."""

    open: Callable[[Path], AbstractContextManager[Store]]
    persistent: bool = False


def _sqlite_memory(tmp_path: Path) -> AbstractContextManager[Store]:
    return SQLiteStore(":memory:")


def _sqlite_file(tmp_path: Path) -> AbstractContextManager[Store]:
    return SQLiteStore(tmp_path / "nested" / "dir" / "coach.db")


@contextmanager
def _dynamodb(tmp_path: Path) -> Iterator[Store]:
    """moto's DynamoDB, through the same client configuration the Lambda uses. Opening again
    inside the first ``mock_aws`` (``reopen``) sees the same table: a new client, the same data."""
    with mock_aws():
        client = make_client(region="us-east-1")
        create_table(client, "hamstring-coach-test")
        yield DynamoDBStore("hamstring-coach-test", client)


STORE_FACTORIES = [
    pytest.param(StoreFactory(_sqlite_memory), id="sqlite-memory"),
    pytest.param(StoreFactory(_sqlite_file, persistent=True), id="sqlite-file"),
    pytest.param(StoreFactory(_dynamodb, persistent=True), id="dynamodb"),
]

_FACTORY = pytest.StashKey[StoreFactory]()


@pytest.fixture(params=STORE_FACTORIES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    factory: StoreFactory = request.param
    request.node.stash[_FACTORY] = factory
    with factory.open(tmp_path) as opened:
        yield opened


@pytest.fixture
def reopen(
    store: Store, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], Store]]:
    """Closes ``store`` (when it can be closed) and opens the same backing data again."""
    factory: StoreFactory = request.node.stash[_FACTORY]
    if not factory.persistent:
        pytest.skip("this backend keeps nothing once closed")
    with ExitStack() as stack:

        def _reopen() -> Store:
            close = getattr(store, "close", None)
            if callable(close):
                close()
            return stack.enter_context(factory.open(tmp_path))

        yield _reopen


# -- profile ------------------------------------------------------------------------------------


def test_profile_round_trip_and_overwrite(store: Store) -> None:
    first = make_profile(equipment=[Equipment.BARBELL], level=Level.NEW, unit=Unit.KG)
    store.save_profile(USER, first)
    assert store.load_user(USER).profile == first

    second = make_profile(equipment=[Equipment.BANDS, Equipment.BALL], level=Level.EXPERIENCED)
    store.save_profile(USER, second)
    assert store.load_user(USER).profile == second


# -- active workout -----------------------------------------------------------------------------


def test_active_workout_save_load_replace(store: Store) -> None:
    workout = make_workout("w1", plan=make_plan("rdl_barbell", "nordic_curl"), lighter=True)
    store.save_active(USER, workout)
    assert store.load_user(USER).active == workout

    advanced = workout.model_copy(
        update={"set_number": 2, "phase": Phase.FEEDBACK, "logged": [make_set("w1")]}
    )
    store.save_active(USER, advanced)
    assert store.load_user(USER).active == advanced

    other = make_workout("w2", started_at=at(days=1))
    store.save_active(USER, other)
    assert store.load_user(USER).active == other


def test_save_active_creates_an_active_session(store: Store) -> None:
    store.save_active(USER, make_workout("w1", plan=make_plan("rdl_barbell", "glute_bridge")))

    [session] = store.recent_sessions(USER)
    assert session.workout_id == "w1"
    assert session.status is SessionStatus.ACTIVE
    assert session.started_at == at(0)
    assert session.ended_at is None
    assert session.exercise_ids == ["rdl_barbell", "glute_bridge"]
    assert session.sets == []


def test_resuming_an_ended_workout_reactivates_its_session(store: Store) -> None:
    workout = make_workout("w1")
    store.save_active(USER, workout)
    store.log_set(USER, make_set("w1"))
    store.end_session(USER, make_session("w1", status=SessionStatus.PARTIAL))

    store.save_active(USER, workout)

    [session] = store.recent_sessions(USER)
    assert session.status is SessionStatus.ACTIVE
    assert session.ended_at is None
    assert session.sets == [make_set("w1")]
    assert store.load_user(USER).active == workout


# -- sets ---------------------------------------------------------------------------------------


def test_log_set_is_idempotent(store: Store) -> None:
    record = make_set("w1")
    assert store.log_set(USER, record) is True
    assert store.log_set(USER, record) is False
    # A retry with the same key but other details is still the same set: the first one stays.
    assert store.log_set(USER, record.model_copy(update={"reps": 7})) is False

    [session] = store.recent_sessions(USER)
    assert session.sets == [record]


def test_log_set_without_a_session_opens_one(store: Store) -> None:
    record = make_set("w1", logged_at=at(12))
    store.log_set(USER, record)

    [session] = store.recent_sessions(USER)
    assert session.workout_id == "w1"
    assert session.status is SessionStatus.ACTIVE
    assert session.started_at == record.logged_at


def test_different_sets_are_all_stored_in_logging_order(store: Store) -> None:
    store.save_active(USER, make_workout("w1", plan=make_plan("rdl_barbell", "nordic_curl")))
    first = make_set("w1", exercise_index=0, set_number=1, logged_at=at(4))
    second = make_set("w1", exercise_index=0, set_number=2, logged_at=at(8))
    # Time decides even against key order (a set of the first exercise made up at the end)...
    back = make_set("w1", exercise_index=1, set_number=1, logged_at=at(15))
    late = make_set("w1", exercise_index=0, set_number=3, logged_at=at(30))
    # ...and at the same moment the key (exercise, then set) decides.
    tie_late = make_set("w1", exercise_index=1, set_number=3, logged_at=at(40))
    tie_early = make_set("w1", exercise_index=1, set_number=2, logged_at=at(40))
    for record in (late, second, tie_late, first, back, tie_early):
        assert store.log_set(USER, record) is True

    [session] = store.recent_sessions(USER)
    assert session.sets == [first, second, back, late, tie_early, tie_late]


# -- ending a session ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [SessionStatus.FINISHED, SessionStatus.PARTIAL])
def test_end_session_records_status_keeps_sets_and_clears_active(
    store: Store, status: SessionStatus
) -> None:
    workout = make_workout("w1", plan=make_plan("rdl_barbell", "nordic_curl"), lighter=True)
    sets = [make_set("w1", set_number=1), make_set("w1", set_number=2)]
    store.save_active(USER, workout)
    for record in sets:
        store.log_set(USER, record)

    ended = make_session(
        "w1",
        status=status,
        ended_at=at(40),
        sets=sets,
        exercise_ids=["rdl_barbell", "nordic_curl"],
        lighter=True,
    )
    store.end_session(USER, ended)

    data = store.load_user(USER)
    assert data.active is None
    assert data.recent_sessions == [ended]


def test_end_session_stores_a_set_it_carries_exactly_once(store: Store) -> None:
    stored, unstored = make_set("w1", set_number=1), make_set("w1", set_number=2)
    store.save_active(USER, make_workout("w1"))
    store.log_set(USER, stored)

    store.end_session(USER, make_session("w1", sets=[stored, unstored]))

    [session] = store.recent_sessions(USER)
    assert session.sets == [stored, unstored]
    assert store.log_set(USER, unstored) is False
    [session] = store.recent_sessions(USER)
    assert session.sets == [stored, unstored]


def test_end_session_keeps_a_different_active_workout(store: Store) -> None:
    store.save_active(USER, make_workout("w1"))
    newer = make_workout("w2", started_at=at(days=1))
    store.save_active(USER, newer)

    store.end_session(USER, make_session("w1", status=SessionStatus.PARTIAL))

    assert store.load_user(USER).active == newer


# -- history ------------------------------------------------------------------------------------


def test_recent_sessions_newest_first_with_limit(store: Store) -> None:
    # Saved out of order, with mixed UTC offsets: order is by instant, not by local clock time
    # ("wed" reads 23:00 in +05:00 but began an hour before "thu", which reads 19:00 in UTC).
    plus_five = timezone(timedelta(hours=5))
    starts = {
        "mon": at(days=0),
        "thu": at(60, days=2),
        "tue": at(days=1),
        "fri": at(days=4).astimezone(timezone(timedelta(hours=-7))),
        "wed": at(days=2).astimezone(plus_five),
    }
    for workout_id, started_at in starts.items():
        store.end_session(USER, make_session(workout_id, started_at=started_at))

    def ids(sessions: list[SessionRecord]) -> list[str]:
        return [s.workout_id for s in sessions]

    newest = ["fri", "thu", "wed", "tue", "mon"]
    assert ids(store.recent_sessions(USER)) == newest
    assert ids(store.recent_sessions(USER, limit=2)) == newest[:2]
    assert ids(store.load_user(USER, recent=3).recent_sessions) == newest[:3]
    assert store.recent_sessions(USER, limit=0) == []


def test_sessions_since_returns_only_that_window_with_sets(store: Store) -> None:
    for day, workout_id in enumerate(["mon", "tue", "wed", "thu"]):
        sets = [make_set(workout_id, set_number=n, logged_at=at(5 + n, days=day)) for n in (1, 2)]
        store.end_session(USER, make_session(workout_id, started_at=at(days=day), sets=sets))
    store.end_session("someone-else", make_session("x", started_at=at(days=3)))

    found = store.sessions_since(USER, at(days=2))

    assert [s.workout_id for s in found] == ["thu", "wed"]
    assert [len(s.sets) for s in found] == [2, 2]
    assert all(r.workout_id == s.workout_id for s in found for r in s.sets)
    assert store.sessions_since(USER, at(days=9)) == []


def test_last_session_with_an_exercise(store: Store) -> None:
    curl = {"exercise_id": "lying_leg_curl"}
    early = [make_set("w1", exercise_index=1, logged_at=at(10), **curl)]
    store.end_session(USER, make_session("w1", started_at=at(), sets=[make_set("w1"), *early]))
    store.end_session(
        USER, make_session("w2", started_at=at(days=2), sets=[make_set("w2", logged_at=at(days=2))])
    )
    store.end_session(
        "someone-else",
        make_session(
            "w9",
            started_at=at(days=3),
            sets=[make_set("w9", exercise_index=1, logged_at=at(days=3), **curl)],
        ),
    )

    found = store.last_session_with(USER, "lying_leg_curl")
    assert found is not None and found.workout_id == "w1"
    assert {r.exercise_id for r in found.sets} == {"rdl_barbell", "lying_leg_curl"}
    newest_rdl = store.last_session_with(USER, "rdl_barbell")
    assert newest_rdl is not None and newest_rdl.workout_id == "w2"
    assert store.last_session_with(USER, "nordic_curl") is None


def test_recent_sessions_limit_keeps_each_sessions_sets(store: Store) -> None:
    for day, workout_id in enumerate(["old", "mid", "new"]):
        started = at(days=day)
        store.save_active(USER, make_workout(workout_id, started_at=started))
        for n in (1, 2):
            store.log_set(
                USER, make_set(workout_id, set_number=n, logged_at=started + timedelta(minutes=n))
            )

    sessions = store.recent_sessions(USER, limit=2)

    assert [s.workout_id for s in sessions] == ["new", "mid"]
    for session in sessions:
        assert [(r.workout_id, r.set_number) for r in session.sets] == [
            (session.workout_id, 1),
            (session.workout_id, 2),
        ]


# -- users --------------------------------------------------------------------------------------


def _populate(store: Store, user_id: str) -> UserData:
    """A user with a profile, an ended session and an active one with a set; returns the load."""
    store.save_profile(user_id, make_profile())
    store.end_session(
        user_id, make_session("w0", started_at=at(days=-2), sets=[make_set("w0", logged_at=at())])
    )
    store.save_active(user_id, make_workout("w1"))
    store.log_set(user_id, make_set("w1"))
    return store.load_user(user_id)


def test_users_are_isolated(store: Store) -> None:
    alice = _populate(store, USER)

    assert store.load_user(OTHER) == UserData()
    # The same workout id and set key for another user is a different set.
    assert store.log_set(OTHER, make_set("w1")) is True
    store.save_profile(OTHER, make_profile(level=Level.EXPERIENCED))
    store.save_active(OTHER, make_workout("w1", lighter=True))
    store.end_session(OTHER, make_session("w1", status=SessionStatus.PARTIAL))

    assert store.load_user(USER) == alice


def test_delete_user_removes_only_that_user(store: Store) -> None:
    _populate(store, USER)
    bob = _populate(store, OTHER)

    store.delete_user(USER)

    assert store.load_user(USER) == UserData()
    assert store.recent_sessions(USER) == []
    assert store.log_set(USER, make_set("w1")) is True  # nothing of the old set is left
    assert store.load_user(OTHER) == bob


def test_load_unknown_user_is_empty(store: Store) -> None:
    assert store.load_user("amzn1.ask.account.NOBODY") == UserData()
    assert store.recent_sessions("amzn1.ask.account.NOBODY") == []
    store.delete_user("amzn1.ask.account.NOBODY")  # not an error


def test_data_persists_across_reopen(store: Store, reopen: Callable[[], Store]) -> None:
    before = _populate(store, USER)

    reopened = reopen()

    assert reopened.load_user(USER) == before
    assert reopened.log_set(USER, make_set("w1")) is False
