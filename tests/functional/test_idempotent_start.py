"""Idempotent starts and promised sets (issue 12, item 7).

A workout's id derives from the request that starts it (its time and request id), so a replayed
start finds the same workout instead of making a second "active" session. A set promised with
"I'll save it on your next step" is not lost when the session ends before that step: the
SessionEndedRequest retries it, and when that still fails but the workout itself could be saved,
the next launch stores the set and says so. Through the real handler, on SQLite and moto.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from skill.alexa.app import build_handler
from skill.core.history import SessionRecord, SessionStatus
from skill.store.codec import workout_id
from skill.store.dynamodb import DynamoDBStore, make_client
from skill.store.errors import StoreUnavailable
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at
from tests.faults import GatedStore

AnyStore = SQLiteStore | DynamoDBStore


class Faulty(GatedStore):
    """A real store whose named writes fail (``StoreUnavailable``) while listed in ``down``."""

    def __init__(self, inner: AnyStore) -> None:
        super().__init__(inner)
        self.down: set[str] = set()

    def gate(self, name: str, read: bool) -> None:
        if name in self.down:
            raise StoreUnavailable(f"injected: {name} down")


WRITES = {"save_profile", "save_active", "log_set", "end_session"}


@pytest.fixture(params=["sqlite", "dynamodb"])
def faulty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Faulty]:
    if request.param == "sqlite":
        with SQLiteStore(tmp_path / "coach.sqlite3") as opened:
            yield Faulty(opened)
    else:
        table: str = request.getfixturevalue("dynamodb_table")
        yield Faulty(DynamoDBStore(table, make_client(region="us-east-1")))


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(at(days=30))


@pytest.fixture
def alexa(faulty: Faulty, clock: MutableClock) -> Alexa:
    return Alexa(build_handler(faulty, clock), clock)


def sessions(faulty: Faulty, user_id: str) -> list[SessionRecord]:
    found: list[SessionRecord] = faulty.inner.recent_sessions(user_id, limit=50)
    return found


def current_id(alexa: Alexa) -> str:
    workout = alexa.workout
    assert workout is not None
    return workout.workout_id


def test_the_same_request_makes_the_same_workout_id() -> None:
    moment = at()
    assert workout_id(moment, "amzn1.echo-api.request.1") == workout_id(
        moment, "amzn1.echo-api.request.1"
    )
    assert workout_id(moment, "amzn1.echo-api.request.1") != workout_id(
        moment, "amzn1.echo-api.request.2"
    )
    assert workout_id(moment) != workout_id(moment), "without a request: random"


def test_a_replayed_start_finds_the_same_workout(
    alexa: Alexa, faulty: Faulty, clock: MutableClock
) -> None:
    alexa.launch()
    alexa.say("SetEquipmentIntent", equipmentOne="bodyweight")
    start = alexa.envelope("SetLevelIntent", level="new")  # the answer that starts the workout
    alexa.send(start)
    first = current_id(alexa)

    clock.advance(seconds=3)
    alexa.send(start, remember=False)  # delivered again
    assert current_id(alexa) == first

    [session] = sessions(faulty, alexa.user_id)
    assert (session.workout_id, session.status) == (first, SessionStatus.ACTIVE)
    loaded = faulty.inner.load_user(alexa.user_id).active
    assert loaded is not None and loaded.workout_id == first


def test_a_replayed_one_shot_start_makes_one_active_session(
    alexa: Alexa, faulty: Faulty, clock: MutableClock
) -> None:
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", effort="right")
    alexa.say("AMAZON.StopIntent")
    alexa.launch()
    alexa.say("AMAZON.NoIntent")  # close the old one
    clock.advance(days=3)
    alexa.factory.new_session()
    start = alexa.envelope("StartWorkoutIntent")
    alexa.send(start)
    started = current_id(alexa)
    clock.advance(seconds=2)
    alexa.factory.new_session()
    alexa.send(start, remember=False)

    active = [s for s in sessions(faulty, alexa.user_id) if s.status is SessionStatus.ACTIVE]
    assert [s.workout_id for s in active] == [started]


def promise_a_set(alexa: Alexa, faulty: Faulty) -> None:
    """Set up and log one set, then log the second while set logs fail: "I'll save it on your
    next step"."""
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", effort="right")
    faulty.down = {"log_set"}
    alexa.count_set()
    alexa.say("LogSetIntent", reps="9", effort="hard")
    assert "waiting to be saved" in alexa.text and "Logged" in alexa.text


def stored_reps(faulty: Faulty, user_id: str) -> list[int]:
    return [r.reps for s in sessions(faulty, user_id) for r in s.sets]


def test_the_session_end_saves_a_promised_set(
    alexa: Alexa, faulty: Faulty, clock: MutableClock
) -> None:
    promise_a_set(alexa, faulty)
    faulty.down = set()
    clock.advance(minutes=8)
    alexa.leave()  # the session timed out before the next step
    assert sorted(stored_reps(faulty, alexa.user_id)) == [8, 9]


def test_a_promised_set_the_session_end_could_not_save_is_saved_and_told_at_the_next_launch(
    alexa: Alexa, faulty: Faulty, clock: MutableClock
) -> None:
    promise_a_set(alexa, faulty)
    clock.advance(minutes=8)
    alexa.leave()  # sets still fail; the workout itself (holding the set) is saved
    assert stored_reps(faulty, alexa.user_id) == [8]

    faulty.down = set()
    clock.advance(hours=1)
    alexa.launch()
    assert "Last time, one set was not saved" in alexa.text
    assert "pick it up" in alexa.text
    assert sorted(stored_reps(faulty, alexa.user_id)) == [8, 9]

    alexa.factory.new_session()
    alexa.launch()
    assert "not saved" not in alexa.text, "said once"


def test_nothing_is_claimed_at_the_next_launch_when_nothing_was_missing(
    alexa: Alexa, faulty: Faulty, clock: MutableClock
) -> None:
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", effort="right")
    alexa.leave()
    clock.advance(hours=1)
    alexa.launch()
    assert "not saved" not in alexa.text
    assert stored_reps(faulty, alexa.user_id) == [8]
