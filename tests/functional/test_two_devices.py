"""One person, two devices, one workout (issue 12, item 1).

A set's identity is its position and its report (``SetRecord.storage_key``): a retry of the same
report stores once, a different report for a position already logged is a set of its own (both
kept; progression counts the newest), and a set for a workout another device finished is refused
with speech, never dropped in silence. The active-workout pointer is never rewound by a stale
device. Store contract on SQLite and moto's DynamoDB, then the same through the real handler.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from skill.alexa.app import build_handler
from skill.core.history import SessionRecord, SessionStatus, newest_per_position
from skill.store.dynamodb import DynamoDBStore, make_client
from skill.store.protocol import SessionFinished
from skill.store.sqlite import SQLiteStore
from tests.factories import (
    Alexa,
    MutableClock,
    at,
    make_session,
    make_set,
    make_workout,
)

AnyStore = SQLiteStore | DynamoDBStore
USER = "amzn1.ask.account.TWO-DEVICES"
WID = "20240506T180000-aaaa0001"


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AnyStore]:
    if request.param == "sqlite":
        with SQLiteStore(tmp_path / "coach.sqlite3") as opened:
            yield opened
    else:
        table: str = request.getfixturevalue("dynamodb_table")
        yield DynamoDBStore(table, make_client(region="us-east-1"))


def sessions(store: AnyStore, user_id: str = USER) -> list[SessionRecord]:
    return store.recent_sessions(user_id, limit=50)


# -- the store contract -----------------------------------------------------------------------


def test_a_retry_stores_once_and_another_report_for_the_position_is_its_own_set(
    store: AnyStore,
) -> None:
    workout = make_workout(WID, started_at=at())
    store.save_active(USER, workout)
    phone = make_set(WID, set_number=2, reps=10, load=20.0).identified()
    speaker = make_set(WID, set_number=2, reps=12, load=25.0, logged_at=at(12)).identified()
    assert phone.key == speaker.key and phone.storage_key != speaker.storage_key

    assert store.log_set(USER, phone) is True
    assert store.log_set(USER, phone) is False, "the same request again"
    same_words = phone.model_copy(update={"logged_at": at(30)}).identified()
    assert store.log_set(USER, same_words) is False, "the same report content is a retry"
    assert store.log_set(USER, speaker) is True, "another device's report is not a retry"

    [session] = sessions(store)
    assert sorted(r.reps for r in session.sets) == [10, 12]
    [counted] = newest_per_position(session.sets)
    assert counted.reps == 12, "progression counts the newest report for a position"


def test_ending_the_session_does_not_double_either_devices_sets(store: AnyStore) -> None:
    phone = make_set(WID, set_number=1, reps=10).identified()
    speaker = make_set(WID, set_number=1, reps=9, logged_at=at(20)).identified()
    store.log_set(USER, phone)
    store.log_set(USER, speaker)
    store.end_session(USER, make_session(WID, started_at=at(), sets=[speaker]))
    [session] = sessions(store)
    assert sorted(r.reps for r in session.sets) == [9, 10]


def test_sets_stored_before_reports_had_an_identity_still_dedupe(store: AnyStore) -> None:
    """Sets from an older release (no ``report``) keep their old key: carried again in a
    session end (from an active workout saved back then) they land once."""
    old = make_set(WID, set_number=1)
    assert old.report is None and old.storage_key == old.key == "00-01"
    store.log_set(USER, old)
    store.end_session(USER, make_session(WID, started_at=at(), sets=[old]))
    [session] = sessions(store)
    assert [r.key for r in session.sets] == ["00-01"]


def test_both_resuming_the_pointer_keeps_the_device_further_along(store: AnyStore) -> None:
    one = make_set(WID, set_number=1).identified()
    two = make_set(WID, set_number=2).identified()
    ahead = make_workout(WID, set_number=3, logged=[one, two], updated_at=at(10))
    behind = make_workout(WID, set_number=2, logged=[one], updated_at=at(12))

    store.save_active(USER, ahead)
    store.save_active(USER, behind)  # the stale device saves later
    assert store.load_user(USER).active == ahead

    caught_up = behind.model_copy(
        update={"set_number": 4, "logged": [one, two, make_set(WID, set_number=3)]}
    )
    store.save_active(USER, caught_up)
    assert store.load_user(USER).active == caught_up


def test_both_starting_fresh_the_newer_workout_stays_active(store: AnyStore) -> None:
    older = make_workout("20240506T180000-aaaa0001", started_at=at())
    newer = make_workout("20240506T180100-bbbb0002", started_at=at(1))
    store.save_active(USER, older)
    store.save_active(USER, newer)
    store.save_active(USER, older.model_copy(update={"set_number": 2, "updated_at": at(5)}))
    assert store.load_user(USER).active == newer, "a stale device can't rewind the pointer"
    store.log_set(USER, make_set(older.workout_id).identified())
    store.log_set(USER, make_set(newer.workout_id, reps=8).identified())

    got = {s.workout_id: s for s in sessions(store)}
    assert set(got) == {older.workout_id, newer.workout_id}
    assert all(s.status is SessionStatus.ACTIVE for s in got.values())
    assert [r.reps for r in got[newer.workout_id].sets] == [8]
    assert [r.reps for r in got[older.workout_id].sets] == [10]


def test_one_finishing_while_the_other_continues_refuses_loudly(store: AnyStore) -> None:
    workout = make_workout(WID, started_at=at())
    first = make_set(WID, set_number=1).identified()
    store.save_active(USER, workout)
    store.log_set(USER, first)
    store.end_session(USER, make_session(WID, started_at=at(), sets=[first]))

    late = make_set(WID, set_number=2, reps=7, logged_at=at(50)).identified()
    assert store.log_set(USER, first) is False, "a retry of a stored set is not refused"
    with pytest.raises(SessionFinished):
        store.log_set(USER, late)
    store.save_active(USER, workout.model_copy(update={"set_number": 3, "logged": [first, late]}))

    assert store.load_user(USER).active is None
    [session] = sessions(store)
    assert session.status is SessionStatus.FINISHED
    assert [r.reps for r in session.sets] == [10]


# -- through the real handler -------------------------------------------------------------------


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(at(days=30))


@pytest.fixture
def phone(store: AnyStore, clock: MutableClock) -> Alexa:
    """Set up, one set of glute bridges logged, then stopped: a workout to resume."""
    alexa = Alexa(build_handler(store, clock), clock, user_id=USER)
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", effort="right")
    assert "Logged" in alexa.text
    alexa.say("AMAZON.StopIntent")
    assert alexa.ended
    return alexa


def resume(alexa: Alexa) -> None:
    alexa.launch()
    assert "pick it up" in alexa.text
    alexa.say("AMAZON.YesIntent")
    assert alexa.workout is not None


def test_two_devices_resuming_one_workout_both_sets_are_stored(
    phone: Alexa, store: AnyStore, clock: MutableClock
) -> None:
    speaker = Alexa(phone.handler, clock, user_id=USER)
    resume(phone)
    resume(speaker)

    phone.count_set()
    phone.say("LogSetIntent", reps="10", effort="easy")
    assert "Logged" in phone.text
    clock.advance(seconds=30)
    speaker.count_set()
    report = speaker.envelope("LogSetIntent", reps="12", effort="easy")
    speaker.send(report)
    assert "Logged" in speaker.text

    [session] = sessions(store)
    assert sorted((r.set_number, r.reps) for r in session.sets) == [(1, 8), (2, 10), (2, 12)]
    clock.advance(seconds=5)
    speaker.send(report, remember=False)  # Alexa retries the very same request
    assert "Logged" in speaker.text
    assert len(sessions(store)[0].sets) == 3, "a retry stores nothing more"


def test_a_set_for_a_workout_finished_on_another_device_is_refused_with_speech(
    phone: Alexa, store: AnyStore, clock: MutableClock
) -> None:
    speaker = Alexa(phone.handler, clock, user_id=USER)
    resume(phone)
    resume(speaker)
    for _ in range(60):
        phone.count_set()
        phone.say("LogSetIntent", reps="8", effort="right")
        if phone.ended:
            break
    assert phone.ended
    [done] = sessions(store)
    assert done.status is SessionStatus.FINISHED

    clock.advance(minutes=1)
    speaker.count_set()
    speaker.say("LogSetIntent", reps="11", effort="hard")
    assert "already finished" in speaker.text and "not saved" in speaker.text
    assert "Logged" not in speaker.text
    assert speaker.ended
    [after] = sessions(store)
    assert len(after.sets) == len(done.sets)
    assert after.status is SessionStatus.FINISHED
    assert store.load_user(USER).active is None
    assert clock() - done.started_at < timedelta(hours=2)
