"""What the DynamoDB store costs: API calls per operation, item sizes, keys and TTL (over moto).

Calls are counted at ``before-call``: once per API call, whatever botocore's retries do. The module
shares one moto (``moto_dynamodb``); each test has a table of its own and counts on a client of
its own, so it counts only its own calls.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from skill.core.history import SessionRecord, SessionStatus, SetRecord
from skill.core.rules import MAX_SETS_PER_SESSION
from skill.core.workout import WorkoutState
from skill.store.dynamodb import (
    ACTIVE_TTL,
    ITEMS_PER_SESSION,
    TTL_ATTRIBUTE,
    DynamoDBStore,
    make_client,
)
from tests.factories import (
    T0,
    MutableClock,
    make_plan,
    make_profile,
    make_session,
    make_set,
    make_workout,
)

USER = "amzn1.ask.account.ALICE"
RECENT = 12  # what a launch asks for (skill.alexa.runner.RECENT_SESSIONS)
PLAN = ("rdl_barbell", "lying_leg_curl", "glute_bridge")


def time_id(started: datetime, n: int = 0) -> str:
    """A workout id as the skill makes them: UTC start to the second, then a random part."""
    return f"{started.astimezone(UTC):%Y%m%dT%H%M%S}-{n:08x}"


@dataclass
class Rig:
    store: DynamoDBStore
    client: Any
    table: str
    clock: MutableClock
    calls: list[str] = field(default_factory=list)

    def counting(self) -> list[str]:
        """Forget the calls so far; the returned list fills with the ones that follow."""
        self.calls.clear()
        return self.calls

    def items(self) -> list[dict[str, Any]]:
        pages = self.client.get_paginator("scan").paginate(TableName=self.table)
        return [item for page in pages for item in page["Items"]]


@pytest.fixture
def rig(dynamodb_table: str) -> Rig:
    """This test's own table, and a client of its own that counts its calls."""
    client = make_client(region="us-east-1")
    clock = MutableClock(T0)
    rig = Rig(DynamoDBStore(dynamodb_table, client, clock=clock), client, dynamodb_table, clock)

    def count(event_name: str, **_: Any) -> None:
        rig.calls.append(event_name.rsplit(".", 1)[-1])

    client.meta.events.register("before-call.dynamodb", count)
    return rig


def ten_sets(workout_id: str, started: datetime) -> list[SetRecord]:
    """Four sets of the first exercise, three each of the other two: ten, a full session."""
    shape = (
        [(0, n) for n in range(1, 5)] + [(1, n) for n in (1, 2, 3)] + [(2, n) for n in (1, 2, 3)]
    )
    return [
        make_set(
            workout_id,
            exercise_index=index,
            exercise_id=PLAN[index],
            set_number=number,
            load=60.0 + 5 * number,
            logged_at=started + timedelta(minutes=4 * (i + 1)),
        )
        for i, (index, number) in enumerate(shape)
    ]


def finished(workout_id: str, started: datetime, sets: list[SetRecord]) -> SessionRecord:
    return make_session(workout_id, started_at=started, sets=sets, exercise_ids=PLAN)


def trained(started: datetime) -> SessionRecord:
    """A finished session of the plan, ten sets, with a skill-made id."""
    workout_id = time_id(started)
    return finished(workout_id, started, ten_sets(workout_id, started))


def train(store: DynamoDBStore, user: str, started: datetime) -> SessionRecord:
    """One session as the skill stores it: saved active, each set logged, then ended."""
    session = trained(started)
    workout = make_workout(session.workout_id, started_at=started, plan=make_plan(*PLAN))
    store.save_active(user, workout)
    for record in session.sets:
        assert store.log_set(user, record) is True
    store.end_session(user, session)
    return session


def put_history(rig: Rig, user: str, sessions: Iterable[SessionRecord]) -> None:
    """Store ended sessions with their sets as the store's own writes leave them (one item per
    session, one per set), 25 items a BatchWriteItem. Much faster on moto than ``end_session``,
    for which moto copies the whole table on every transaction; for seeding history under a
    read. ``test_put_history_stores_what_the_write_path_stores`` keeps the two the same."""
    items = []
    for session in sessions:
        assert len({r.key for r in session.sets}) == len(session.sets), "first wins is not modelled"
        items.append(rig.store._session_item(user, session))
        items.extend(rig.store._set_item(user, record) for record in session.sets)
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
        out = rig.client.batch_write_item(RequestItems={rig.table: batch})
        assert not out.get("UnprocessedItems")


def everything(store: DynamoDBStore, user: str) -> list[SessionRecord]:
    return store.recent_sessions(user, limit=10_000)


# -- seeding ------------------------------------------------------------------------------------


def test_put_history_stores_what_the_write_path_stores(rig: Rig) -> None:
    """The seeding shortcut leaves the very items that training (save_active, log_set,
    end_session) leaves, and that end_session alone leaves: the tests that seed with it read
    what a real history would be."""
    users = {
        "trained": "amzn1.ask.account.TRAINED",
        "ended": "amzn1.ask.account.ENDED",
        "seeded": "amzn1.ask.account.SEEDED",
    }
    started = T0 + timedelta(hours=18)
    session = train(rig.store, users["trained"], started)
    rig.store.end_session(users["ended"], session)
    put_history(rig, users["seeded"], [session])

    stored: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in users}
    names = {f"USER#{user}": name for name, user in users.items()}
    for item in rig.items():
        stored[names[item.pop("pk")["S"]]][item["sk"]["S"]] = item
    assert len(stored["seeded"]) == 1 + 10
    assert stored["trained"] == stored["seeded"] == stored["ended"]


# -- a launch -----------------------------------------------------------------------------------


def test_a_launch_is_one_query_for_profile_active_workout_and_twelve_sessions(rig: Rig) -> None:
    store = rig.store
    store.save_profile(USER, make_profile())
    put_history(rig, USER, [trained(T0 + timedelta(days=3.5 * week)) for week in range(RECENT)])
    started = T0 + timedelta(days=3.5 * RECENT)
    active = make_workout(time_id(started), started_at=started, plan=make_plan(*PLAN))
    store.save_active(USER, active)
    for record in ten_sets(active.workout_id, started)[:2]:
        store.log_set(USER, record)

    calls = rig.counting()
    data = store.load_user(USER, recent=RECENT)

    assert calls == ["Query"]
    assert data.profile == make_profile()
    assert data.active == active
    assert len(data.recent_sessions) == RECENT
    assert data.recent_sessions[0].workout_id == active.workout_id
    assert [len(s.sets) for s in data.recent_sessions] == [2] + [10] * (RECENT - 1)
    assert data.recent_sessions == everything(store, USER)[:RECENT]


def test_a_long_history_still_launches_in_one_query(rig: Rig) -> None:
    store = rig.store
    store.save_profile(USER, make_profile())
    # Over twice what one launch page holds.
    put_history(rig, USER, [trained(T0 + timedelta(days=2 * n, hours=n % 5)) for n in range(30)])

    calls = rig.counting()
    data = store.load_user(USER, recent=RECENT)

    assert calls == ["Query"]
    assert data.recent_sessions == everything(store, USER)[:RECENT]
    assert all(len(s.sets) == 10 for s in data.recent_sessions)


def test_reads_page_on_only_while_a_wanted_session_can_be_unread(rig: Rig) -> None:
    """Sessions far bigger than a page's share (30 sets each) need more pages, never a wrong
    answer, and no more pages than that."""
    store = rig.store
    history = []
    for n in range(8):
        started = T0 + timedelta(days=n)
        workout_id = time_id(started)
        sets = [
            make_set(workout_id, exercise_index=i, set_number=1, logged_at=started)
            for i in range(3 * MAX_SETS_PER_SESSION)
        ]
        history.append(finished(workout_id, started, sets))
    put_history(rig, USER, history)

    calls = rig.counting()
    found = store.recent_sessions(USER, limit=3)

    page = 2 + 3 * ITEMS_PER_SESSION
    assert calls == ["Query"] * math.ceil(3 * 31 / page)
    assert found == everything(store, USER)[:3]
    assert all(len(s.sets) == 30 for s in found)


def test_a_page_ending_inside_one_second_reads_on_to_order_by_start(rig: Rig) -> None:
    """Two ids made in the same second sort by their random part, not by start: a page that ends
    right after one of them must not stop there."""
    store = rig.store
    second = T0 + timedelta(days=1)
    first_id, second_id = time_id(second, 0xFF), time_id(second, 0x01)
    page = 2 + ITEMS_PER_SESSION
    sets = [
        make_set(first_id, exercise_index=i, set_number=1, logged_at=second)
        for i in range(page - 1)
    ]
    store.end_session(USER, finished(first_id, second, sets))
    later = make_session(second_id, started_at=second + timedelta(microseconds=500))
    store.end_session(USER, later)

    calls = rig.counting()
    [newest] = store.recent_sessions(USER, limit=1)

    assert newest == later
    assert calls == ["Query", "Query"]


def test_ids_without_a_time_prefix_are_ordered_by_start_too(rig: Rig) -> None:
    """Ids the skill did not make sort apart from its own, and every read takes all of them."""
    store = rig.store
    for n in range(30):
        started = T0 + timedelta(days=n)
        store.end_session(USER, make_session(time_id(started), started_at=started))
    newest, oldest = T0 + timedelta(days=40), T0 - timedelta(days=1)
    store.end_session(USER, make_session("imported-newest", started_at=newest))
    store.end_session(USER, make_session("zz-imported-oldest", started_at=oldest))
    store.end_session(USER, make_session("mid", started_at=T0 + timedelta(days=29, hours=1)))

    data = store.load_user(USER, recent=3)

    assert [s.workout_id for s in data.recent_sessions] == [
        "imported-newest",
        "mid",
        time_id(T0 + timedelta(days=29)),
    ]
    assert data.recent_sessions == everything(store, USER)[:3]


def test_a_session_opened_by_its_first_set_is_found_by_its_start(rig: Rig) -> None:
    """log_set alone opens a session starting at that set, minutes after its id's time."""
    store = rig.store
    for n in range(30):
        started = T0 + timedelta(days=n)
        store.end_session(USER, make_session(time_id(started), started_at=started))
    made = T0 + timedelta(days=29, hours=1)
    record = make_set(time_id(made), logged_at=made + timedelta(minutes=20))
    store.log_set(USER, record)

    [newest] = store.load_user(USER, recent=1).recent_sessions

    assert newest.workout_id == record.workout_id
    assert newest.started_at == record.logged_at


# -- writes -------------------------------------------------------------------------------------


def test_each_write_is_one_call(rig: Rig) -> None:
    store = rig.store
    started = T0
    workout = make_workout(time_id(started), started_at=started, plan=make_plan(*PLAN))
    record = ten_sets(workout.workout_id, started)[0]

    calls = rig.counting()
    store.save_profile(USER, make_profile())
    assert calls == ["PutItem"]

    calls = rig.counting()
    store.save_active(USER, workout)
    assert calls == ["TransactWriteItems"]

    calls = rig.counting()
    assert store.log_set(USER, record) is True
    assert calls == ["TransactWriteItems"]

    calls = rig.counting()
    assert store.log_set(USER, record) is False  # a retried request
    assert calls == ["TransactWriteItems"]

    calls = rig.counting()
    store.end_session(USER, finished(workout.workout_id, started, [record]))
    assert calls == ["TransactWriteItems"]
    assert store.load_user(USER).active is None


def test_ending_a_workout_that_is_no_longer_the_active_one_keeps_the_active_one(
    rig: Rig,
) -> None:
    store = rig.store
    old_start, new_start = T0, T0 + timedelta(days=2)
    newer = make_workout(time_id(new_start), started_at=new_start)
    store.save_active(USER, newer)

    calls = rig.counting()
    store.end_session(USER, make_session(time_id(old_start), started_at=old_start))

    assert calls == ["TransactWriteItems", "TransactWriteItems"]  # the second without the delete
    assert store.load_user(USER).active == newer


def test_reads_that_need_no_data_make_no_call(rig: Rig) -> None:
    calls = rig.counting()
    assert rig.store.recent_sessions(USER, limit=0) == []
    assert calls == []


def test_history_reads_and_delete_call_counts(rig: Rig) -> None:
    store = rig.store
    store.save_profile(USER, make_profile())
    put_history(rig, USER, [trained(T0 + timedelta(days=3 * n)) for n in range(4)])

    calls = rig.counting()
    assert len(store.recent_sessions(USER)) == 4
    assert calls == ["Query"]

    calls = rig.counting()
    items = len(rig.items())
    calls.clear()
    assert store.delete_user(USER) is True
    # The marker, the keys and their deletes, a Query that finds nothing left, the marker gone.
    batches = ["BatchWriteItem"] * math.ceil(items / 25)
    assert calls == ["PutItem", "Query", *batches, "Query", "DeleteItem"]
    assert rig.items() == []


# -- items --------------------------------------------------------------------------------------


def item_size(item: dict[str, Any]) -> int:
    """DynamoDB's item size: attribute names plus values (strings and numbers as text)."""
    total = 0
    for name, value in item.items():
        (kind, raw), *_ = value.items()
        total += len(name.encode()) + (len(raw.encode()) if kind in ("S", "N") else 1)
    return total


def test_items_stay_small_after_a_hundred_sets_in_one_session(rig: Rig) -> None:
    store = rig.store
    started = T0
    workout_id = time_id(started)
    plan = make_plan(*PLAN, sets=5)
    sets = [
        make_set(
            workout_id,
            exercise_index=n // 5,
            set_number=n % 5 + 1,
            logged_at=started + timedelta(minutes=n),
            load=100.0,
            target_load=100.0,
            unit="lb",
            effort="right",
        )
        for n in range(100)
    ]
    # The active workout carries its own sets: at most a full plan (5 sets × 3 exercises).
    full = make_workout(workout_id, started_at=started, plan=plan, logged=sets[:15])
    store.save_active(USER, full)
    for record in sets:
        assert store.log_set(USER, record) is True

    sizes = {item["sk"]["S"]: item_size(item) for item in rig.items()}
    assert len(sizes) == 1 + 1 + 100  # active, session, one item per set
    assert max(sizes.values()) < 6 * 1024
    assert all(size < 1024 for sk, size in sizes.items() if sk != "~ACTIVE")

    calls = rig.counting()
    store.end_session(USER, finished(workout_id, started, sets))
    assert calls == ["TransactWriteItems", "TransactWriteItems"]  # 100 actions per transaction
    sizes = {item["sk"]["S"]: item_size(item) for item in rig.items()}
    assert len(sizes) == 1 + 100 and max(sizes.values()) < 1024
    [session] = store.recent_sessions(USER)
    assert session.sets == sets


def test_key_layout(rig: Rig) -> None:
    store = rig.store
    timed = time_id(T0)
    store.save_profile(USER, make_profile())
    store.save_active(USER, make_workout(timed))
    store.log_set(USER, make_set(timed))
    store.log_set(USER, make_set("w1"))

    keys = sorted(((item["pk"]["S"], item["sk"]["S"]) for item in rig.items()), reverse=True)

    pk = f"USER#{USER}"
    assert keys == [
        (pk, "~PROFILE"),
        (pk, "~ACTIVE"),
        (pk, "X#w1#S#00-01"),
        (pk, "X#w1"),
        (pk, f"W#{timed}#S#00-01"),
        (pk, f"W#{timed}"),
    ]


def test_ids_holding_the_key_separator_do_not_collide(rig: Rig) -> None:
    store = rig.store
    plain, tricky = "w", "w#S#00-01"
    assert store.log_set(USER, make_set(plain)) is True
    assert store.log_set(USER, make_set(tricky)) is True

    sessions = {s.workout_id: s for s in store.recent_sessions(USER)}
    assert set(sessions) == {plain, tricky}
    assert [r.workout_id for r in sessions[tricky].sets] == [tricky]
    assert [r.workout_id for r in sessions[plain].sets] == [plain]


# -- TTL ----------------------------------------------------------------------------------------


def test_active_workouts_carry_a_ttl_renewed_on_every_save(rig: Rig) -> None:
    store = rig.store
    ttl = rig.client.describe_time_to_live(TableName=rig.table)["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": TTL_ATTRIBUTE}

    def expires_at() -> int:
        [active] = [i for i in rig.items() if i["sk"]["S"] == "~ACTIVE"]
        return int(active[TTL_ATTRIBUTE]["N"])

    workout = make_workout(time_id(T0))
    store.save_active(USER, workout)
    assert expires_at() == int((T0 + ACTIVE_TTL).timestamp())

    rig.clock.advance(days=3)
    store.save_active(USER, workout)
    assert expires_at() == int((T0 + timedelta(days=3) + ACTIVE_TTL).timestamp())
    assert all(TTL_ATTRIBUTE not in item for item in rig.items() if item["sk"]["S"] != "~ACTIVE")


def test_an_expired_active_workout_is_not_offered_before_dynamodb_deletes_it(rig: Rig) -> None:
    """DynamoDB deletes expired items up to days late (moto never does): reads skip them."""
    store = rig.store
    workout: WorkoutState = make_workout(time_id(T0))
    store.save_active(USER, workout)

    rig.clock.advance(days=13, hours=23)
    assert store.load_user(USER).active == workout

    rig.clock.advance(hours=1)
    data = store.load_user(USER)
    assert data.active is None
    assert any(item["sk"]["S"] == "~ACTIVE" for item in rig.items())  # still there
    [session] = data.recent_sessions  # the abandoned session itself stays in history
    assert session.status is SessionStatus.ACTIVE
