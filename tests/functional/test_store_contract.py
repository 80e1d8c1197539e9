"""The behaviour every ``Store`` must share, run against each implementation.

Tests use only the protocol's methods, plus ``recent_sessions`` (which every store offers, outside
the protocol, to inspect history), so a new backend joins by adding a factory to
``STORE_FACTORIES``; anything backend-specific belongs in that backend's own tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from skill.core import blocks
from skill.core.catalog import load_catalog
from skill.core.history import SessionRecord, SessionStatus, SetRecord
from skill.core.profile import Equipment, Level, Unit
from skill.core.programme import Programme
from skill.core.workout import Phase, WorkoutState
from skill.store.dynamodb import DynamoDBStore, make_client
from skill.store.protocol import SessionFinished, UserData
from skill.store.sqlite import SQLiteStore
from tests.factories import at, make_plan, make_profile, make_session, make_set, make_workout

AnyStore = SQLiteStore | DynamoDBStore
"""The stores under test: the ``Store`` protocol, plus ``recent_sessions`` to look inside."""

USER = "amzn1.ask.account.ALICE"
OTHER = "amzn1.ask.account.BOB"


@dataclass(frozen=True)
class StoreFactory:
    """Opens one backend. ``open(request)`` gives a context manager that yields the store and
    cleans it up, taking what it needs from the test's fixtures (``tmp_path``, a DynamoDB
    table); ``persistent`` means opening again in the same test sees the same data."""

    open: Callable[[pytest.FixtureRequest], AbstractContextManager[AnyStore]]
    persistent: bool = False


def _sqlite_memory(request: pytest.FixtureRequest) -> AbstractContextManager[AnyStore]:
    return SQLiteStore(":memory:")


def _sqlite_file(request: pytest.FixtureRequest) -> AbstractContextManager[AnyStore]:
    tmp_path: Path = request.getfixturevalue("tmp_path")
    return SQLiteStore(tmp_path / "nested" / "dir" / "coach.db")


@contextmanager
def _dynamodb(request: pytest.FixtureRequest) -> Iterator[AnyStore]:
    """moto's DynamoDB (one per module, ``moto_dynamodb``), through the same client configuration
    the Lambda uses, on the test's own table (``dynamodb_table``, deleted afterwards). Opening
    again (``reopen``) makes a new client to the same table: the same data."""
    table: str = request.getfixturevalue("dynamodb_table")
    yield DynamoDBStore(table, make_client(region="us-east-1"))


STORE_FACTORIES = [
    pytest.param(StoreFactory(_sqlite_memory), id="sqlite-memory"),
    pytest.param(StoreFactory(_sqlite_file, persistent=True), id="sqlite-file"),
    pytest.param(StoreFactory(_dynamodb, persistent=True), id="dynamodb"),
]

_FACTORY = pytest.StashKey[StoreFactory]()


@pytest.fixture(params=STORE_FACTORIES)
def store(request: pytest.FixtureRequest) -> Iterator[AnyStore]:
    factory: StoreFactory = request.param
    request.node.stash[_FACTORY] = factory
    with factory.open(request) as opened:
        yield opened


@pytest.fixture
def reopen(store: AnyStore, request: pytest.FixtureRequest) -> Iterator[Callable[[], AnyStore]]:
    """Closes ``store`` (when it can be closed) and opens the same backing data again."""
    factory: StoreFactory = request.node.stash[_FACTORY]
    if not factory.persistent:
        pytest.skip("this backend keeps nothing once closed")
    with ExitStack() as stack:

        def _reopen() -> AnyStore:
            close = getattr(store, "close", None)
            if callable(close):
                close()
            return stack.enter_context(factory.open(request))

        yield _reopen


# -- profile ------------------------------------------------------------------------------------


def test_profile_round_trip_and_overwrite(store: AnyStore) -> None:
    first = make_profile(equipment=[Equipment.BARBELL], level=Level.NEW, unit=Unit.KG)
    store.save_profile(USER, first)
    assert store.load_user(USER).profile == first

    second = make_profile(equipment=[Equipment.BANDS, Equipment.BALL], level=Level.EXPERIENCED)
    store.save_profile(USER, second)
    assert store.load_user(USER).profile == second


# -- active workout -----------------------------------------------------------------------------


def test_active_workout_save_load_replace(store: AnyStore) -> None:
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


def test_save_active_creates_an_active_session(store: AnyStore) -> None:
    store.save_active(USER, make_workout("w1", plan=make_plan("rdl_barbell", "glute_bridge")))

    [session] = store.recent_sessions(USER)
    assert session.workout_id == "w1"
    assert session.status is SessionStatus.ACTIVE
    assert session.started_at == at(0)
    assert session.ended_at is None
    assert session.exercise_ids == ["rdl_barbell", "glute_bridge"]
    assert session.sets == []


def test_resuming_an_ended_workout_reactivates_its_session(store: AnyStore) -> None:
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


def test_log_set_is_idempotent(store: AnyStore) -> None:
    record = make_set("w1")
    assert store.log_set(USER, record) is True
    assert store.log_set(USER, record) is False
    # A retry with the same key but other details is still the same set: the first one stays.
    assert store.log_set(USER, record.model_copy(update={"reps": 7})) is False

    [session] = store.recent_sessions(USER)
    assert session.sets == [record]


def test_log_set_without_a_session_opens_one(store: AnyStore) -> None:
    record = make_set("w1", logged_at=at(12))
    store.log_set(USER, record)

    [session] = store.recent_sessions(USER)
    assert session.workout_id == "w1"
    assert session.status is SessionStatus.ACTIVE
    assert session.started_at == record.logged_at


def test_different_sets_are_all_stored_in_logging_order(store: AnyStore) -> None:
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
    store: AnyStore, status: SessionStatus
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


def test_end_session_stores_a_set_it_carries_exactly_once(store: AnyStore) -> None:
    stored, unstored = make_set("w1", set_number=1), make_set("w1", set_number=2)
    store.save_active(USER, make_workout("w1"))
    store.log_set(USER, stored)

    store.end_session(USER, make_session("w1", sets=[stored, unstored]))

    [session] = store.recent_sessions(USER)
    assert session.sets == [stored, unstored]
    assert store.log_set(USER, unstored) is False
    [session] = store.recent_sessions(USER)
    assert session.sets == [stored, unstored]


def test_end_session_keeps_a_different_active_workout(store: AnyStore) -> None:
    store.save_active(USER, make_workout("w1"))
    newer = make_workout("w2", started_at=at(days=1))
    store.save_active(USER, newer)

    store.end_session(USER, make_session("w1", status=SessionStatus.PARTIAL))

    assert store.load_user(USER).active == newer


# -- history ------------------------------------------------------------------------------------


def test_recent_sessions_newest_first_with_limit(store: AnyStore) -> None:
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


def test_recent_sessions_limit_keeps_each_sessions_sets(store: AnyStore) -> None:
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


def _populate(store: AnyStore, user_id: str) -> UserData:
    """A user with a profile, an ended session and an active one with a set; returns the load."""
    store.save_profile(user_id, make_profile())
    store.end_session(
        user_id, make_session("w0", started_at=at(days=-2), sets=[make_set("w0", logged_at=at())])
    )
    store.save_active(user_id, make_workout("w1"))
    store.log_set(user_id, make_set("w1"))
    return store.load_user(user_id)


def test_users_are_isolated(store: AnyStore) -> None:
    alice = _populate(store, USER)

    assert store.load_user(OTHER) == UserData()
    # The same workout id and set key for another user is a different set.
    assert store.log_set(OTHER, make_set("w1")) is True
    store.save_profile(OTHER, make_profile(level=Level.EXPERIENCED))
    store.save_active(OTHER, make_workout("w1", lighter=True))
    store.end_session(OTHER, make_session("w1", status=SessionStatus.PARTIAL))

    assert store.load_user(USER) == alice


def test_delete_user_removes_only_that_user(store: AnyStore) -> None:
    _populate(store, USER)
    bob = _populate(store, OTHER)

    store.delete_user(USER)

    assert store.load_user(USER) == UserData()
    assert store.recent_sessions(USER) == []
    assert store.log_set(USER, make_set("w1")) is True  # nothing of the old set is left
    assert store.load_user(OTHER) == bob


def test_load_unknown_user_is_empty(store: AnyStore) -> None:
    assert store.load_user("amzn1.ask.account.NOBODY") == UserData()
    assert store.recent_sessions("amzn1.ask.account.NOBODY") == []
    store.delete_user("amzn1.ask.account.NOBODY")  # not an error


def test_data_persists_across_reopen(store: AnyStore, reopen: Callable[[], AnyStore]) -> None:
    before = _populate(store, USER)

    reopened = reopen()

    assert reopened.load_user(USER) == before
    assert reopened.log_set(USER, make_set("w1")) is False


# -- the programme ------------------------------------------------------------------------------


def test_the_programme_rides_on_the_ended_session_and_comes_back_in_one_read(
    store: AnyStore,
) -> None:
    """The programme (issue 9) is stored with each ended session, so launch's one read brings
    it back whole: the newest ended session's is the person's."""
    catalog = load_catalog()
    profile = make_profile()
    sets = [make_set(set_number=n, reps=12, load=100.0) for n in (1, 2, 3)]
    first = make_session(sets=sets)
    history = blocks.summarize(catalog, [], profile, at())  # the launch before it
    assert history.programme.entries, "a programme to store"
    first.programme = blocks.after(
        catalog, profile, history, history.programme, first, at(minutes=50)
    )
    store.end_session(USER, first)
    older = make_session("w0", started_at=at(days=-4))
    older.programme = Programme()
    store.end_session(USER, older)

    data = store.load_user(USER)
    assert blocks.stored(data.recent_sessions) == first.programme
    relaunch = blocks.summarize(catalog, data.recent_sessions, profile, at(days=3))
    assert relaunch.programme.exercise_ids == first.programme.exercise_ids
    rdl = relaunch.programme.entry_for("rdl_barbell")
    assert rdl is not None and rdl.track is not None and rdl.sessions == 1
    assert (rdl.advice.load, rdl.advice.target_reps) == (105.0, 10), "the next step, by session"


# -- a set and the active workout in one write (log_set with ``active``, end_session with
# ``last``): the same outcome as the calls one after the other ---------------------------------


def _after(workout_id: str, *sets: SetRecord, **changes: object) -> WorkoutState:
    """The workout as these sets leave it: logged, and the next set up."""
    return make_workout(workout_id, logged=list(sets), set_number=len(sets) + 1, **changes)


def test_a_set_logged_with_its_workout_is_stored_once_and_moves_the_pointer(
    store: AnyStore,
) -> None:
    store.save_active(USER, make_workout("w1"))
    first = make_set("w1", set_number=1)
    after_first = _after("w1", first)
    assert store.log_set(USER, first, after_first) is True
    # A retried request: stored once, and the pointer stays where the first one left it.
    assert store.log_set(USER, first, after_first) is False
    second = make_set("w1", set_number=2)
    after_second = _after("w1", first, second)
    assert store.log_set(USER, second, after_second) is True
    assert store.log_set(USER, first, after_first) is False

    data = store.load_user(USER)
    assert data.active == after_second
    assert [s.sets for s in data.recent_sessions] == [[first, second]]
    assert data.recent_sessions[0].status is SessionStatus.ACTIVE


def test_a_set_logged_with_its_workout_never_moves_another_workouts_pointer(
    store: AnyStore,
) -> None:
    store.save_active(USER, make_workout("w1"))
    newer = make_workout("w2", started_at=at(60))
    store.save_active(USER, newer)  # a second device started a new workout

    late = make_set("w1", set_number=1)
    assert store.log_set(USER, late, _after("w1", late)) is True

    data = store.load_user(USER)
    assert data.active == newer
    old = next(s for s in data.recent_sessions if s.workout_id == "w1")
    assert old.sets == [late]


def test_a_set_logged_with_its_workout_opens_the_pointer_when_there_is_none(
    store: AnyStore,
) -> None:
    """The start's own save was lost (an outage): the set and the workout still land."""
    record = make_set("w1", set_number=1)
    workout = _after("w1", record)
    assert store.log_set(USER, record, workout) is True

    data = store.load_user(USER)
    assert data.active == workout
    assert [s.sets for s in data.recent_sessions] == [[record]]


def test_a_set_logged_with_a_workout_finished_elsewhere_is_refused(store: AnyStore) -> None:
    store.save_active(USER, make_workout("w1"))
    store.end_session(USER, make_session("w1"))

    record = make_set("w1", set_number=1)
    with pytest.raises(SessionFinished):
        store.log_set(USER, record, _after("w1", record))

    data = store.load_user(USER)
    assert data.active is None
    assert [s.sets for s in data.recent_sessions] == [[]]


def test_the_last_set_and_the_end_are_one_write_and_a_replay_changes_nothing(
    store: AnyStore,
) -> None:
    store.save_active(USER, make_workout("w1"))
    first, last = make_set("w1", set_number=1), make_set("w1", set_number=2)
    store.log_set(USER, first, _after("w1", first))

    ended = make_session("w1", sets=[first, last])
    store.end_session(USER, ended, last)
    store.end_session(USER, ended, last)  # a retried request
    assert store.log_set(USER, last) is False

    data = store.load_user(USER)
    assert data.active is None
    assert data.recent_sessions == [ended]


def test_the_last_set_stores_every_set_the_end_carries_that_is_missing(store: AnyStore) -> None:
    """Earlier sets lost in an outage ride on the end: none lost, none doubled."""
    store.save_active(USER, make_workout("w1"))
    first, second, last = (make_set("w1", set_number=n) for n in (1, 2, 3))
    store.log_set(USER, second, _after("w1", first, second))

    ended = make_session("w1", sets=[first, second, last])
    store.end_session(USER, ended, last)

    data = store.load_user(USER)
    assert data.active is None
    assert data.recent_sessions == [ended]


def test_the_last_set_of_a_workout_finished_elsewhere_is_refused(store: AnyStore) -> None:
    store.save_active(USER, make_workout("w1"))
    first = make_set("w1", set_number=1)
    store.log_set(USER, first, _after("w1", first))
    elsewhere = make_session("w1", sets=[first])
    store.end_session(USER, elsewhere)

    last = make_set("w1", set_number=2)
    with pytest.raises(SessionFinished):
        store.end_session(USER, make_session("w1", sets=[first, last], ended_at=at(90)), last)

    data = store.load_user(USER)
    assert data.active is None
    assert data.recent_sessions == [elsewhere]


def test_the_last_set_keeps_another_workouts_pointer(store: AnyStore) -> None:
    store.save_active(USER, make_workout("w1"))
    first = make_set("w1", set_number=1)
    store.log_set(USER, first, _after("w1", first))
    newer = make_workout("w2", started_at=at(60))
    store.save_active(USER, newer)

    last = make_set("w1", set_number=2)
    ended = make_session("w1", sets=[first, last])
    store.end_session(USER, ended, last)

    data = store.load_user(USER)
    assert data.active == newer
    assert next(s for s in data.recent_sessions if s.workout_id == "w1") == ended


def test_the_first_workout_and_the_profile_are_saved_together(store: AnyStore) -> None:
    profile = make_profile()
    workout = make_workout("w1")
    store.save_active(USER, workout, profile)

    data = store.load_user(USER)
    assert data.profile == profile
    assert data.active == workout
    assert [s.workout_id for s in data.recent_sessions] == ["w1"]


@pytest.mark.parametrize("case", ["finished", "rewound"])
def test_the_profile_is_saved_even_when_the_workout_is_not(store: AnyStore, case: str) -> None:
    """A replayed start of a workout finished since, or one older than the active workout:
    the pointer stays as it is, and the profile saved with it is still stored."""
    store.save_active(USER, make_workout("w1"))
    if case == "finished":
        store.end_session(USER, make_session("w1"))
        kept = None
    else:
        kept = make_workout("w2", started_at=at(60))
        store.save_active(USER, kept)
    profile = make_profile()
    store.save_active(USER, make_workout("w1"), profile)

    data = store.load_user(USER)
    assert data.profile == profile
    assert data.active == kept
