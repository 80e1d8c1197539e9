"""No orphans (issue 12, item 3): a session that can never be finished is closed by the next
launch, within its one read, and history counts only real sessions.

Each cause leaves a session item "active" that no active workout points to: a start superseded
by a newer one (a replayed start, a second device), a start whose active save was lost in an
outage while its sets landed, and (DynamoDB) a workout abandoned until its pointer expired. The
next launch, through the real handler, closes it as partial at its last activity; the workout
that is really in progress is left alone. On SQLite and on moto's DynamoDB.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.app import build_handler
from skill.core.history import Hurt, PainKind, SessionRecord, SessionStatus
from skill.store.codec import workout_id
from skill.store.dynamodb import DynamoDBStore, make_client
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at, make_profile, make_session, make_set
from tests.factories import make_workout as workout

AnyStore = SQLiteStore | DynamoDBStore
USER = "amzn1.ask.account.ORPHANS"


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AnyStore]:
    if request.param == "sqlite":
        with SQLiteStore(tmp_path / "coach.sqlite3") as opened:
            yield opened
    else:
        table: str = request.getfixturevalue("dynamodb_table")
        yield DynamoDBStore(table, make_client(region="us-east-1"))


def wid(when: datetime) -> str:
    return workout_id(when, f"request-{when.isoformat()}")


def launch(store: AnyStore, when: datetime) -> Alexa:
    clock = MutableClock(when)
    alexa = Alexa(build_handler(store, clock), clock, user_id=USER)
    alexa.launch()
    return alexa


def sessions(store: AnyStore) -> dict[str, SessionRecord]:
    return {s.workout_id: s for s in store.recent_sessions(USER, limit=20)}


def test_a_superseded_start_is_closed_and_the_newer_workout_left_alone(store: AnyStore) -> None:
    store.save_profile(USER, make_profile())
    old, new = at(days=1), at(days=1, minutes=1)
    store.save_active(USER, workout(wid(old), started_at=old))
    store.save_active(USER, workout(wid(new), started_at=new))

    launch(store, at(days=1, minutes=30))

    found = sessions(store)
    assert found[wid(old)].status is SessionStatus.PARTIAL
    assert found[wid(old)].ended_at == old, "closed at its last activity, not at the launch"
    assert found[wid(new)].status is SessionStatus.ACTIVE
    active = store.load_user(USER).active
    assert active is not None and active.workout_id == wid(new)


def test_sets_whose_active_save_was_lost_are_kept_in_a_closed_session(store: AnyStore) -> None:
    """An outage took the workout's active save but not its sets: no pointer, session active."""
    store.save_profile(USER, make_profile())
    started = at(days=1)
    logged = [
        make_set(wid(started), set_number=n, logged_at=at(days=1, minutes=3 * n)) for n in (1, 2)
    ]
    for record in logged:
        assert store.log_set(USER, record)
    assert store.load_user(USER).active is None

    launch(store, at(days=3))

    closed = sessions(store)[wid(started)]
    assert closed.status is SessionStatus.PARTIAL
    assert closed.ended_at == logged[-1].logged_at
    assert [r.storage_key for r in closed.sets] == [r.storage_key for r in logged]


def test_a_workout_abandoned_past_its_pointer_expiry_is_closed(dynamodb_table: str) -> None:
    """DynamoDB lets an abandoned active workout expire (TTL): its session would stay active."""
    started = at(days=1)
    then = DynamoDBStore(dynamodb_table, make_client(region="us-east-1"), clock=lambda: started)
    then.save_profile(USER, make_profile())
    then.save_active(USER, workout(wid(started), started_at=started))
    now = DynamoDBStore(dynamodb_table, make_client(region="us-east-1"), clock=lambda: at(days=20))
    assert now.load_user(USER).active is None, "expired"

    launch(now, at(days=20))

    assert sessions(now)[wid(started)].status is SessionStatus.PARTIAL


def test_a_resumable_workout_is_not_an_orphan(store: AnyStore) -> None:
    store.save_profile(USER, make_profile())
    started = at(days=1)
    store.save_active(USER, workout(wid(started), started_at=started))

    launch(store, at(days=1, minutes=30))  # within RESUME_WITHIN: offered, not closed

    assert sessions(store)[wid(started)].status is SessionStatus.ACTIVE
    active = store.load_user(USER).active
    assert active is not None and active.workout_id == wid(started)


def test_orphans_never_hide_the_last_sessions_pull(store: AnyStore) -> None:
    """Empty sessions (an orphan closed, a bare closing) are not real sessions: the check-in on
    last time's pull still comes, at the launch that closes them and at every one after."""
    store.save_profile(USER, make_profile())
    pulled = make_session(wid(at()), started_at=at(), sets=[make_set(wid(at()))])
    pulled = pulled.model_copy(update={"hurts": [Hurt(area="hamstring", kind=PainKind.PULL)]})
    store.end_session(USER, pulled)
    old, new = at(days=1), at(days=1, minutes=1)
    store.save_active(USER, workout(wid(old), started_at=old))
    store.save_active(USER, workout(wid(new), started_at=new))
    bare = workout(wid(new), started_at=new).as_session(SessionStatus.PARTIAL, new)
    store.end_session(USER, bare)

    first = launch(store, at(days=2))
    assert sessions(store)[wid(old)].status is SessionStatus.PARTIAL
    second = launch(store, at(days=2, minutes=30))

    for alexa in (first, second):
        assert "felt a pull in your hamstring" in alexa.text, alexa.text


def test_the_closing_is_one_write_and_only_when_there_is_an_orphan(dynamodb_table: str) -> None:
    client = make_client(region="us-east-1")
    calls: list[str] = []

    def count(event_name: str, **_: Any) -> None:
        calls.append(event_name.rsplit(".", 1)[-1])

    client.meta.events.register("before-call.dynamodb", count)
    store = DynamoDBStore(dynamodb_table, client)
    store.save_profile(USER, make_profile())
    old, new = at(days=1), at(days=1, minutes=1)
    store.save_active(USER, workout(wid(old), started_at=old))
    store.save_active(USER, workout(wid(new), started_at=new))

    calls.clear()
    launch(store, at(days=1, minutes=30))
    assert calls == ["Query", "TransactWriteItems"]

    calls.clear()
    launch(store, at(days=1, minutes=40))
    assert calls == ["Query"], "nothing left to close: the launch only reads"


def test_a_session_another_device_ended_meanwhile_is_left_as_it_ended(store: AnyStore) -> None:
    """The closing write changes only sessions still active; the others are still closed."""
    ended, orphaned = at(days=1), at(days=1, minutes=1)
    finished = workout(wid(ended), started_at=ended).as_session(
        SessionStatus.FINISHED, at(days=1, minutes=40)
    )
    store.end_session(USER, finished)
    assert store.log_set(USER, make_set(wid(orphaned), logged_at=orphaned))
    closing = [
        s.model_copy(update={"status": SessionStatus.PARTIAL, "ended_at": s.started_at})
        for s in sessions(store).values()
    ]

    store.close_sessions(USER, closing)

    found = sessions(store)
    assert found[wid(ended)] == finished
    assert found[wid(orphaned)].status is SessionStatus.PARTIAL
    assert len(found[wid(orphaned)].sets) == 1


def test_the_active_workout_is_never_closed_as_an_orphan(store: AnyStore) -> None:
    """Another device made it the active workout after this launch read: it stays active."""
    resumed = at(days=2)
    store.save_active(USER, workout(wid(resumed), started_at=resumed))
    current = workout(wid(resumed), started_at=resumed).as_session()
    closed = current.model_copy(update={"status": SessionStatus.PARTIAL, "ended_at": resumed})

    store.close_sessions(USER, [closed])

    assert sessions(store)[wid(resumed)].status is SessionStatus.ACTIVE
