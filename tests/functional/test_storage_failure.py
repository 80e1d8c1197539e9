"""Storage trouble is survived: the person hears it, the workout goes on, nothing is lost or
written twice. Driven through the Lambda-style handler with real envelopes over a store that
fails on demand (the DynamoDB store raises the same StoreUnavailable, see its fault tests)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from skill.alexa.app import build_handler
from skill.alexa.runner import SAVE_FAILED
from skill.core.history import SessionStatus
from skill.store.errors import StoreUnavailable
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at, make_workout
from tests.faults import GatedStore


class FlakyStore(GatedStore):
    """A real SQLite store whose writes (or reads) fail while ``down`` is set."""

    def __init__(self, inner: SQLiteStore) -> None:
        super().__init__(inner)
        self.down = False
        self.reads_down = False
        self.failed_calls = 0

    def gate(self, name: str, read: bool) -> None:
        if self.down and (not read or self.reads_down):
            self.failed_calls += 1
            raise StoreUnavailable("injected: throttled")


@pytest.fixture
def flaky(tmp_path: Path) -> Iterator[FlakyStore]:
    with SQLiteStore(tmp_path / "coach.sqlite3") as inner:
        yield FlakyStore(inner)


@pytest.fixture
def person(flaky: FlakyStore) -> Alexa:
    clock = MutableClock(at(days=30))
    alexa = Alexa(build_handler(flaky, clock), clock)
    alexa.onboard(("bodyweight",), "new")
    return alexa


def log_a_set(alexa: Alexa) -> str:
    alexa.count_set()
    return alexa.say("LogSetIntent", reps="8", load="20", unit="pounds", effort="right")


def stored_keys(flaky: FlakyStore, user_id: str) -> list[str]:
    sessions = flaky.inner.recent_sessions(user_id)
    return [f"{s.workout_id}:{r.key}" for s in sessions for r in s.sets]


def unsaved(alexa: Alexa) -> list[dict[str, object]]:
    found: list[dict[str, object]] = alexa.last.get("sessionAttributes", {}).get("unsaved", [])
    return found


def test_a_set_logged_while_storage_is_down_is_saved_on_the_next_good_turn(
    person: Alexa, flaky: FlakyStore
) -> None:
    flaky.down = True
    log_a_set(person)
    assert "couldn't save" in person.text
    assert not person.ended, "the workout goes on"
    assert "Set two" in person.text
    assert [u["kind"] for u in unsaved(person)] == ["set", "active"]
    assert stored_keys(flaky, person.user_id) == []

    flaky.down = False
    person.say("ReadyIntent")
    assert "couldn't save" not in person.text
    assert unsaved(person) == []
    assert len(stored_keys(flaky, person.user_id)) == 1
    person.say("LogSetIntent", effort="hard")
    keys = stored_keys(flaky, person.user_id)
    assert len(keys) == 2 and len(set(keys)) == 2, "both sets, once each"


def test_a_long_outage_keeps_every_set_in_order_and_lands_each_once(
    person: Alexa, flaky: FlakyStore
) -> None:
    flaky.down = True
    log_a_set(person)
    person.say("ReadyIntent")
    person.say("LogSetIntent", effort="easy")
    kinds = [u["kind"] for u in unsaved(person)]
    assert kinds.count("set") == 2 and kinds.count("active") == 1, kinds
    flaky.down = False
    person.say("AMAZON.HelpIntent")
    assert unsaved(person) == []
    sets = flaky.inner.recent_sessions(person.user_id)[0].sets
    assert [r.set_number for r in sets] == [1, 2]
    assert sets[1].effort is not None and sets[1].effort.value == "easy"


def test_a_retried_turn_after_recovery_does_not_double_count(
    person: Alexa, flaky: FlakyStore
) -> None:
    flaky.down = True
    log_a_set(person)
    flaky.down = False
    retry = person.envelope("AMAZON.HelpIntent")
    person.send(retry, remember=False)  # the response is lost on the way back
    person.send(retry)  # Alexa retries with the same session attributes
    assert len(stored_keys(flaky, person.user_id)) == 1


def test_repeat_replays_the_coaching_with_one_fresh_storage_notice(
    person: Alexa, flaky: FlakyStore
) -> None:
    """The shell's notice is not part of what was said: a repeat while the writes still wait
    gets the notice once, and once they are saved, the coaching alone (in short: the set logged
    and the next one announced, without the rest countdown)."""
    flaky.down = True
    log_a_set(person)
    noticed = person.text
    assert noticed.startswith(SAVE_FAILED) and "Rest" in noticed

    person.say("AMAZON.RepeatIntent")
    again = person.text
    assert again.startswith(SAVE_FAILED) and again.count(SAVE_FAILED) == 1, "the notice once"
    coaching = again.removeprefix(SAVE_FAILED).strip()
    waiting = "One set and where you are in the workout are waiting to be saved; "
    waiting += "I'll try again on your next step."
    assert coaching.startswith(waiting), "what waits is named"
    coaching = coaching.removeprefix(waiting).strip()
    assert "Rest" not in coaching and "Set two of four" in coaching
    assert coaching.split(". ")[0] in noticed, "the same coaching"

    flaky.down = False
    person.say("AMAZON.RepeatIntent")
    assert person.text == coaching


def test_stopping_while_storage_is_down_ends_and_says_what_is_not_saved(
    person: Alexa, flaky: FlakyStore
) -> None:
    """Stop always stops (certification), and says plainly what could not be saved; the set
    stored before the outage stays stored."""
    log_a_set(person)
    flaky.down = True
    person.say("AMAZON.StopIntent")
    assert person.ended, "Stop ends the session even while writes fail"
    assert "couldn't save" in person.text and "not saved" in person.text
    assert "Saved" not in person.text
    flaky.down = False
    [session] = flaky.inner.recent_sessions(person.user_id)
    assert len(session.sets) == 1, "the set logged before the outage is kept"


def test_finishing_while_storage_is_down_then_retrying_stores_the_finished_session(
    person: Alexa, flaky: FlakyStore
) -> None:
    guard = 0
    while guard < 40:
        guard += 1
        person.say("ReadyIntent")
        person.say("LogSetIntent", effort="right", load="20", unit="pounds")
        if "What weight" in person.text:
            person.say("AMAZON.NextIntent")
        if "That's hamstring day done" in person.text:
            break
        if guard == 1:
            flaky.down = True  # everything after the first set fails for a while
    assert "That's hamstring day done" in person.text
    assert not person.ended
    flaky.down = False
    person.say("AMAZON.YesIntent")
    assert person.ended and "Saved" in person.text
    [session] = flaky.inner.recent_sessions(person.user_id)
    assert session.status is SessionStatus.FINISHED
    keys = [r.key for r in session.sets]
    assert len(keys) == len(set(keys)) >= 2


def test_storage_down_at_launch_says_so_and_writes_nothing(
    person: Alexa, flaky: FlakyStore
) -> None:
    person.say("AMAZON.StopIntent")
    flaky.down = flaky.reads_down = True
    person.launch()
    assert "can't reach your saved progress" in person.text
    assert person.ended


def test_a_locked_sqlite_file_reads_as_store_unavailable(tmp_path: Path) -> None:
    """Another process holding the write lock past the busy timeout is storage trouble."""
    path = tmp_path / "locked.sqlite3"
    with SQLiteStore(path, busy_timeout=0.1) as store:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreUnavailable):
                store.save_active("someone", make_workout("w1"))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        store.save_active("someone", make_workout("w1"))
        assert store.load_user("someone").active is not None
