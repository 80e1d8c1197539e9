"""Stored state that outlives releases never locks anyone out (issue 12, item 8).

A stored active workout or profile that this release can't use (an exercise renamed since, a
field removed or added, garbage) is migrated, or set aside with a short apology at launch, and
logged. Loaded through the launch path: real envelopes through the handler, on SQLite and on
moto's DynamoDB.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from skill.alexa.app import SORRY, build_handler
from skill.alexa.runner import PROFILE_SET_ASIDE, WORKOUT_SET_ASIDE
from skill.core.catalog import load_catalog
from skill.core.history import SessionStatus
from skill.core.profile import Equipment
from skill.core.workout import WorkoutState
from skill.store.dynamodb import DynamoDBStore, make_client
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at, make_session, make_set

AnyStore = SQLiteStore | DynamoDBStore
Raw = Callable[[str, str, str], None]
"""Writes a stored record's data as an older release (or a bad write) left it:
``raw(user_id, "profile" | "active", data)``; an active workout keeps its workout id."""


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AnyStore]:
    if request.param == "sqlite":
        with SQLiteStore(tmp_path / "coach.sqlite3") as opened:
            yield opened
    else:
        table: str = request.getfixturevalue("dynamodb_table")
        yield DynamoDBStore(table, make_client(region="us-east-1"))


@pytest.fixture
def raw(store: AnyStore) -> Raw:
    def write(user_id: str, what: str, data: str) -> None:
        active = store.load_user(user_id).active
        workout_id = active.workout_id if active else "20240101T000000-0ld0ld00"
        if isinstance(store, SQLiteStore):
            with store._tx() as conn:
                if what == "profile":
                    conn.execute("UPDATE profiles SET data = ? WHERE user_id = ?", (data, user_id))
                else:
                    conn.execute(
                        "INSERT OR REPLACE INTO active VALUES (?, ?, ?, ?)",
                        (user_id, workout_id, data, "2024-01-01"),
                    )
            return
        item = {"pk": {"S": f"USER#{user_id}"}, "data": {"S": data}}
        if what == "profile":
            item["sk"] = {"S": "~PROFILE"}
        else:
            item |= {"sk": {"S": "~ACTIVE"}, "workout_id": {"S": workout_id}}
        store._client.put_item(TableName=store.table_name, Item=item)

    return write


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(at(days=30))


@pytest.fixture
def person(store: AnyStore, clock: MutableClock) -> Alexa:
    """Set up, one set logged, then stopped: the workout waits to be picked up."""
    alexa = Alexa(build_handler(store, clock), clock)
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", effort="right")
    alexa.say("AMAZON.StopIntent")
    assert alexa.ended and store.load_user(alexa.user_id).active is not None
    clock.advance(minutes=30)
    alexa.factory.new_session()
    return alexa


def stored_active(store: AnyStore, user_id: str) -> WorkoutState:
    active = store.load_user(user_id).active
    assert active is not None
    return active


def stored_json(store: AnyStore, user_id: str) -> str:
    return stored_active(store, user_id).model_dump_json()


def assert_not_locked_out(alexa: Alexa) -> None:
    """After the launch: "yes" (start, or pick up) and "start hamstring day" both coach."""
    assert SORRY not in alexa.text
    alexa.say("StartWorkoutIntent")
    assert SORRY not in alexa.text
    workout = alexa.workout
    assert workout is not None, alexa.text
    catalog = load_catalog()
    assert all(p.exercise_id in catalog for p in workout.plan)
    alexa.count_set()
    assert SORRY not in alexa.text


def test_a_workout_naming_a_renamed_exercise_is_closed_with_an_apology(
    person: Alexa, store: AnyStore, raw: Raw, caplog: pytest.LogCaptureFixture
) -> None:
    active = stored_active(store, person.user_id)
    stale, workout_id = active.model_dump_json(), active.workout_id
    for exercise_id in {p.exercise_id for p in active.plan}:
        stale = stale.replace(f'"{exercise_id}"', '"hamstring_thing_v0"')
    raw(person.user_id, "active", stale)

    with caplog.at_level(logging.WARNING):
        person.launch()

    assert person.text.startswith(WORKOUT_SET_ASIDE), person.text
    assert not person.ended
    assert "hamstring_thing_v0" in caplog.text and person.user_id not in caplog.text
    data = store.load_user(person.user_id)
    assert data.active is None
    [closed] = [s for s in data.recent_sessions if s.workout_id == workout_id]
    assert closed.status is SessionStatus.PARTIAL
    assert len(closed.sets) == 1, "the set logged in it is kept"
    assert_not_locked_out(person)


@pytest.mark.parametrize(
    "garbage",
    ['{"workout_id": "w", "started_at": "2024-05-06T18:00:00Z"}', "{not json", "null", ""],
    ids=["plan-removed", "not-json", "null", "empty"],
)
def test_an_unreadable_workout_is_closed_with_an_apology(
    person: Alexa, store: AnyStore, raw: Raw, garbage: str
) -> None:
    workout_id = stored_active(store, person.user_id).workout_id
    raw(person.user_id, "active", garbage)

    person.launch()

    assert person.text.startswith(WORKOUT_SET_ASIDE), person.text
    data = store.load_user(person.user_id)
    assert data.active is None and data.set_aside == []
    [closed] = [s for s in data.recent_sessions if s.workout_id == workout_id]
    assert closed.status is SessionStatus.PARTIAL and len(closed.sets) == 1
    person.factory.new_session()
    person.launch()
    assert WORKOUT_SET_ASIDE not in person.text, "said once: the workout is closed now"
    assert_not_locked_out(person)


def test_an_extra_field_in_a_stored_workout_is_ignored(
    person: Alexa, store: AnyStore, raw: Raw
) -> None:
    raw(person.user_id, "active", stored_json(store, person.user_id)[:-1] + ', "new": 1}')

    person.launch()

    assert WORKOUT_SET_ASIDE not in person.text
    assert "pick it up" in person.text, "offered as usual"
    person.say("AMAZON.YesIntent")
    assert person.workout is not None and SORRY not in person.text


def test_a_profile_with_a_renamed_equipment_is_migrated_with_an_apology(
    person: Alexa, store: AnyStore, raw: Raw, caplog: pytest.LogCaptureFixture
) -> None:
    raw(
        person.user_id,
        "profile",
        '{"equipment": ["bands", "hover_board"], "level": "new", "unit": "lb",'
        ' "disclaimer_given": true, "removed_field": 3}',
    )

    with caplog.at_level(logging.WARNING):
        person.launch()

    assert person.text.startswith(PROFILE_SET_ASIDE), person.text
    assert "Migrated profile" in caplog.text and person.user_id not in caplog.text
    profile = store.load_user(person.user_id).profile
    assert profile is not None and profile.equipment == [Equipment.BANDS]
    assert_not_locked_out(person)


def test_an_unreadable_profile_is_set_aside_and_asked_again(
    person: Alexa, store: AnyStore, raw: Raw
) -> None:
    raw(person.user_id, "profile", "[garbage")

    person.launch()

    assert person.text.startswith(PROFILE_SET_ASIDE), person.text
    assert SORRY not in person.text
    person.say("AMAZON.NoIntent")  # not picking up the stopped workout
    person.say("StartWorkoutIntent")
    assert "equipment" in person.text.lower(), "set up again"
    person.say("SetEquipmentIntent", equipmentOne="bands")
    person.say("SetLevelIntent", level="new")
    assert SORRY not in person.text
    profile = store.load_user(person.user_id).profile
    assert profile is not None and profile.complete


def test_history_naming_a_renamed_exercise_does_not_lock_anyone_out(
    store: AnyStore, clock: MutableClock
) -> None:
    alexa = Alexa(build_handler(store, clock), clock)
    alexa.onboard(("bodyweight",), "new")
    alexa.say("AMAZON.StopIntent")
    old = "20240601T180000-0ld0ld00"
    sets = [
        make_set(old, exercise_id="gone_curl", set_number=n, logged_at=at(n, days=25))
        for n in (1, 2, 3)
    ]
    session = make_session(old, started_at=at(days=25), sets=sets, exercise_ids=["gone_curl"])
    store.end_session(alexa.user_id, session)
    alexa.factory.new_session()

    alexa.launch()
    alexa.say("AMAZON.NoIntent")  # not picking up the stopped workout
    assert SORRY not in alexa.text
    alexa.say("AMAZON.HelpIntent")
    assert_not_locked_out(alexa)
