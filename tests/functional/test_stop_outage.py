"""Stop and cancel always end the session, even while writes fail (issue 12, item 7).

During an outage they say plainly what is not saved yet (never "saved") and still exit with
shouldEndSession true. Through the real handler, over SQLite and moto's DynamoDB behind a switch
that makes every write fail as an outage does (``StoreUnavailable``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from skill.alexa.app import build_handler
from skill.store.dynamodb import DynamoDBStore, make_client
from skill.store.errors import StoreUnavailable
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at
from tests.faults import GatedStore

AnyStore = SQLiteStore | DynamoDBStore


class Outage(GatedStore):
    """A real store whose writes fail while ``down`` is set (reads still work)."""

    def __init__(self, inner: AnyStore) -> None:
        super().__init__(inner)
        self.down = False

    def gate(self, name: str, read: bool) -> None:
        if self.down and not read:
            raise StoreUnavailable("injected: outage")


@pytest.fixture(params=["sqlite", "dynamodb"])
def outage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Outage]:
    if request.param == "sqlite":
        with SQLiteStore(tmp_path / "coach.sqlite3") as opened:
            yield Outage(opened)
    else:
        table: str = request.getfixturevalue("dynamodb_table")
        yield Outage(DynamoDBStore(table, make_client(region="us-east-1")))


@pytest.fixture
def person(outage: Outage) -> Alexa:
    """Set up, in a workout of glute bridges (no weight to ask), nothing logged yet."""
    clock = MutableClock(at(days=30))
    alexa = Alexa(build_handler(outage, clock), clock)
    alexa.onboard(("bodyweight",), "new")
    return alexa


def log_a_set(alexa: Alexa) -> None:
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", effort="right")
    assert "Logged" in alexa.text


def stored_sets(outage: Outage, user_id: str) -> int:
    return sum(len(s.sets) for s in outage.inner.recent_sessions(user_id))


@pytest.mark.parametrize(
    "intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"]
)
def test_stop_during_an_outage_says_what_is_not_saved_and_exits(
    person: Alexa, outage: Outage, intent: str
) -> None:
    log_a_set(person)
    outage.down = True
    log_a_set(person)
    assert "couldn't save" in person.text and not person.ended

    person.say(intent)

    assert person.ended, "stop always ends the session"
    assert "Saved" not in person.text and "saved" in person.text
    assert "one set and where you are in the workout are not saved" in person.text
    assert stored_sets(outage, person.user_id) == 1


def test_stop_at_once_during_an_outage_exits_on_the_first_try(
    person: Alexa, outage: Outage
) -> None:
    """Nothing logged yet, only where you are: one stop, not five."""
    outage.down = True
    person.say("AMAZON.StopIntent")
    assert person.ended
    assert "where you are in the workout is not saved" in person.text


def test_no_to_try_saving_again_exits_too(person: Alexa, outage: Outage) -> None:
    """Finishing during an outage asks to try again; "no" lets the person go."""
    for _ in range(40):
        person.count_set()
        person.say("LogSetIntent", reps="8", effort="right")
        outage.down = True
        if "try saving again" in person.text:
            break
    assert "try saving again" in person.text and not person.ended
    person.say("AMAZON.NoIntent")
    assert person.ended
    assert "may be lost" in person.text


def test_stop_after_the_store_is_back_saves_and_says_so(person: Alexa, outage: Outage) -> None:
    outage.down = True
    log_a_set(person)
    outage.down = False
    person.say("AMAZON.StopIntent")
    assert person.ended
    assert person.text.startswith("Saved where you are")
    assert stored_sets(outage, person.user_id) == 1
    assert outage.inner.load_user(person.user_id).active is not None


def test_a_delete_that_fails_says_so_ends_and_is_not_carried(person: Alexa, outage: Outage) -> None:
    """A delete is never left in session attributes to be replayed (they can't be trusted to
    delete), and "done" is never said for a delete that did not happen."""
    log_a_set(person)
    person.say("DeleteDataIntent")
    outage.down = True
    person.say("AMAZON.YesIntent")
    assert person.ended
    assert "couldn't finish deleting" in person.text and "deleted everything" not in person.text
    assert person.last["sessionAttributes"]["unsaved"] == []
    assert stored_sets(outage, person.user_id) == 1
