"""Pending writes carried in session attributes are not trusted beyond need (issue 12, item 5).

Alexa returns our own attributes, so this is defence in depth: the tests alter them (a delete,
300 fake sets, a set for another workout, another user's state) and replay old requests through
the real handler, on SQLite and on moto's DynamoDB. Nothing may be deleted, nothing written
without bound, and a finished workout is never reopened.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.app import build_handler
from skill.core.history import SessionRecord, SessionStatus
from skill.store.dynamodb import DynamoDBStore, make_client
from skill.store.protocol import SessionFinished
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at, make_session, make_set, make_workout

AnyStore = SQLiteStore | DynamoDBStore
OTHER_USER = "amzn1.ask.account.SOMEONE-ELSE"


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AnyStore]:
    if request.param == "sqlite":
        with SQLiteStore(tmp_path / "coach.sqlite3") as opened:
            yield opened
    else:
        table: str = request.getfixturevalue("dynamodb_table")
        yield DynamoDBStore(table, make_client(region="us-east-1"))


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(at(days=30))


@pytest.fixture
def person(store: AnyStore, clock: MutableClock) -> Alexa:
    """Set up, in a workout, with one set logged."""
    alexa = Alexa(build_handler(store, clock), clock)
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", effort="right")
    assert "Logged" in alexa.text
    return alexa


def sessions(store: AnyStore, user_id: str) -> list[SessionRecord]:
    return store.recent_sessions(user_id, limit=50)


def all_sets(store: AnyStore, user_id: str) -> list[tuple[str, str]]:
    return [(s.workout_id, r.key) for s in sessions(store, user_id) for r in s.sets]


def current_id(alexa: Alexa) -> str:
    workout = alexa.workout
    assert workout is not None
    return workout.workout_id


def fake_set(workout_id: str, set_number: int, exercise_id: str = "glute_bridge") -> dict[str, Any]:
    record = make_set(workout_id, exercise_id=exercise_id, set_number=set_number, logged_at=at())
    return {"kind": "set", "record": record.model_dump(mode="json")}


def pending(alexa: Alexa) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = alexa.factory.attributes.setdefault("unsaved", [])
    return found


def finish(alexa: Alexa) -> dict[str, Any]:
    """Work through to the end of the workout; returns the envelope of a mid-workout set log
    (with its session attributes), to replay afterwards."""
    old: dict[str, Any] | None = None
    for _ in range(60):
        alexa.count_set()
        envelope = alexa.envelope("LogSetIntent", reps="8", effort="right")
        old = old or copy.deepcopy(envelope)
        alexa.send(envelope)
        if "What weight" in alexa.text:
            alexa.say("AMAZON.NextIntent")
        if alexa.ended:
            break
    assert alexa.ended and old is not None
    return old


def test_a_delete_in_the_attributes_deletes_nothing(
    person: Alexa, store: AnyStore, caplog: pytest.LogCaptureFixture
) -> None:
    before = store.load_user(person.user_id)
    stored = all_sets(store, person.user_id)
    assert before.profile is not None and stored
    pending(person).append({"kind": "delete"})

    with caplog.at_level(logging.INFO):
        person.say("AMAZON.HelpIntent")

    after = store.load_user(person.user_id)
    assert after.profile == before.profile
    assert after.active is not None
    assert all_sets(store, person.user_id) == stored
    assert person.last["sessionAttributes"]["unsaved"] == []
    assert "delete is never replayed" in caplog.text
    assert person.user_id not in caplog.text, "logs never carry the raw user id"


def test_three_hundred_fake_sets_are_not_written(person: Alexa, store: AnyStore) -> None:
    workout_id = current_id(person)
    stored = all_sets(store, person.user_id)
    pending(person).extend(fake_set(workout_id, n) for n in range(10, 310))

    person.say("AMAZON.HelpIntent")

    assert all_sets(store, person.user_id) == stored
    assert person.last["sessionAttributes"]["unsaved"] == []
    assert not person.ended


def test_only_the_current_workouts_sets_are_replayed(person: Alexa, store: AnyStore) -> None:
    workout_id = current_id(person)
    elsewhere = "20240101T000000-0badf00d"
    pending(person).extend(
        [
            fake_set(elsewhere, 1),
            fake_set(workout_id, 2),
            fake_set(workout_id, 3, exercise_id="renamed_since"),
            {"kind": "active", "workout": make_workout(elsewhere).model_dump(mode="json")},
            {"kind": "end", "session": _ended(elsewhere)},
        ]
    )

    person.say("AMAZON.HelpIntent")

    keys = all_sets(store, person.user_id)
    assert (workout_id, "00-02") in keys, "a carried set of the current workout still lands"
    assert all(w == workout_id for w, _ in keys), keys
    assert (workout_id, "00-03") not in keys, "an exercise the catalog lacks is refused"
    assert (workout_id, "00-04") not in keys and (elsewhere, "00-04") not in keys
    active = store.load_user(person.user_id).active
    assert active is not None and active.workout_id == workout_id
    assert elsewhere not in {s.workout_id for s in sessions(store, person.user_id)}


def _ended(workout_id: str) -> dict[str, Any]:
    """A finished session with a set of its own (the set is not the current workout's)."""
    own = make_set(workout_id, set_number=4, logged_at=at())
    return make_session(workout_id, started_at=at(), sets=[own]).model_dump(mode="json")


def test_another_users_attributes_write_nothing_for_either_user(
    person: Alexa, store: AnyStore, clock: MutableClock
) -> None:
    workout_id = current_id(person)
    theirs = store.load_user(person.user_id)
    stolen = copy.deepcopy(person.factory.attributes)
    stolen["unsaved"] = [fake_set(workout_id, 7)]

    intruder = Alexa(person.handler, clock, user_id=OTHER_USER)
    intruder.factory.attributes = stolen
    intruder.say("AMAZON.HelpIntent")

    assert all_sets(store, OTHER_USER) == []
    assert store.load_user(OTHER_USER).active is None
    assert store.load_user(person.user_id) == theirs
    assert intruder.workout is None, "the other user's workout is not carried on"


def test_pending_writes_without_an_owner_are_not_replayed(person: Alexa, store: AnyStore) -> None:
    workout_id = current_id(person)
    stored = all_sets(store, person.user_id)
    del person.factory.attributes["owner"]
    pending(person).append(fake_set(workout_id, 2))

    person.say("AMAZON.HelpIntent")

    assert all_sets(store, person.user_id) == stored


def test_a_replayed_request_after_the_finish_reopens_nothing(
    person: Alexa, store: AnyStore
) -> None:
    old = finish(person)
    [done] = sessions(store, person.user_id)
    assert done.status is SessionStatus.FINISHED
    assert store.load_user(person.user_id).active is None

    person.send(old, remember=False)  # the same request, delivered again
    tampered = copy.deepcopy(old)  # and once more, carrying a new set and an active save
    workout = old["session"]["attributes"]["coach"]["workout"]
    tampered["session"]["attributes"]["unsaved"] = [
        fake_set(done.workout_id, 4),
        {"kind": "active", "workout": workout},
    ]
    person.send(tampered, remember=False)

    [after] = sessions(store, person.user_id)
    assert after.status is SessionStatus.FINISHED
    assert after.ended_at == done.ended_at
    assert [r.key for r in after.sets] == [r.key for r in done.sets]
    assert store.load_user(person.user_id).active is None, "the active pointer stays gone"


# -- the stores themselves: a finished session is immutable ---------------------------------------


USER = "amzn1.ask.account.FINISHER"


def test_a_finished_session_takes_no_new_set_no_active_save_and_no_late_end(
    store: AnyStore,
) -> None:
    workout = make_workout("20240506T180000-aaaa0001")
    first = make_set(workout.workout_id, set_number=1)
    store.save_active(USER, workout)
    store.log_set(USER, first)
    finished = make_session(workout.workout_id, ended_at=at(40), sets=[first])
    store.end_session(USER, finished)

    assert store.log_set(USER, first) is False, "a retry of a stored set is just a retry"
    with pytest.raises(SessionFinished):
        store.log_set(USER, make_set(workout.workout_id, set_number=2))
    store.save_active(USER, workout)
    store.end_session(
        USER, make_session(workout.workout_id, status=SessionStatus.PARTIAL, ended_at=at(90))
    )

    assert store.load_user(USER).active is None
    [session] = store.recent_sessions(USER)
    assert session == finished


def test_ending_a_finished_session_again_still_drops_a_pointer_to_it(store: AnyStore) -> None:
    """A pointer left by an older release (before finished sessions were immutable) goes."""
    workout = make_workout("20240506T180000-aaaa0002")
    store.end_session(USER, make_session(workout.workout_id))
    if isinstance(store, SQLiteStore):
        with store._tx() as conn:  # what the old code could leave behind
            conn.execute(
                "INSERT INTO active VALUES (?, ?, ?, ?)",
                (USER, workout.workout_id, workout.model_dump_json(), "x"),
            )
    else:
        store._client.put_item(
            TableName=store.table_name,
            Item={
                "pk": {"S": f"USER#{USER}"},
                "sk": {"S": "~ACTIVE"},
                "workout_id": {"S": workout.workout_id},
                "data": {"S": workout.model_dump_json()},
            },
        )
    assert store.load_user(USER).active == workout

    store.end_session(USER, make_session(workout.workout_id))

    assert store.load_user(USER).active is None


def test_a_finished_session_stored_before_its_status_was_kept_apart_is_immutable_too(
    store: AnyStore,
) -> None:
    """DynamoDB session items written by an older release carry the status only in their JSON."""
    if not isinstance(store, DynamoDBStore):
        pytest.skip("SQLite always had a status column")
    workout = make_workout("20240506T180000-aaaa0003")
    finished = make_session(workout.workout_id, ended_at=at(40))
    store.end_session(USER, finished)
    store._client.update_item(
        TableName=store.table_name,
        Key={"pk": {"S": f"USER#{USER}"}, "sk": {"S": f"W#{workout.workout_id}"}},
        UpdateExpression="REMOVE #status",
        ExpressionAttributeNames={"#status": "status"},
    )

    store.save_active(USER, workout)
    with pytest.raises(SessionFinished):
        store.log_set(USER, make_set(workout.workout_id))

    assert store.load_user(USER).active is None
    assert store.recent_sessions(USER) == [finished]
