"""Honest confirmations (issue 12, item 2): a fault on every write of a workout in turn.

A workout is played through the real handler with real envelopes, once without faults to count
its writes, then once per write with that write failing (``once``) and once with every write
from it on failing (``outage``), on SQLite and on DynamoDB (moto). After every turn:

- while any write is pending (carried in session attributes), nothing "saved" is said, and
  the pending writes are named ("... waiting to be saved" or "... not saved");
- whenever "saved" is said, nothing is pending and every set the workout holds is in the store.

The faults are injected at the store's interface (``StoreUnavailable``, which both stores
raise once their own retries are spent: see test_storage_failure.py and
test_dynamodb_faults.py for faults below it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.app import build_handler
from skill.store.errors import StoreUnavailable
from skill.store.protocol import Store
from tests.factories import Alexa, MutableClock, at
from tests.faults import GatedStore

WRITES = ("save_profile", "save_active", "log_set", "end_session", "close_sessions", "delete_user")
CLAIM = re.compile(r"(?<!not )(?<!to be )\bsaved\b|\ball saved\b", re.IGNORECASE)
"""Saying something is saved ("Saved. See you next time.", "It's all saved."), as opposed to
saying it is not ("... not saved", "... waiting to be saved")."""
NAMED = re.compile(r"waiting to be saved|not saved", re.IGNORECASE)


class FaultyStore(GatedStore):
    """Any store, whose n-th write (counting from 0) fails, or every write from it on."""

    def __init__(self, inner: Store, fail_at: int | None = None, outage: bool = False) -> None:
        super().__init__(inner)
        self.fail_at, self.outage = fail_at, outage
        self.writes = 0

    def gate(self, name: str, read: bool) -> None:
        if read:
            return
        n, self.writes = self.writes, self.writes + 1
        if self.fail_at is not None and (n == self.fail_at or (self.outage and n > self.fail_at)):
            raise StoreUnavailable(f"injected: write {n} ({name})")


def pending(alexa: Alexa) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (alexa.last.get("sessionAttributes") or {}).get("unsaved", [])
    return found


def stored_sets(store: Store, user_id: str) -> set[str]:
    data = store.load_user(user_id, recent=12)
    return {r.storage_key for s in data.recent_sessions for r in s.sets}


def check_turn(alexa: Alexa, store: Store, where: str) -> None:
    text = alexa.text
    waiting = pending(alexa)
    if waiting:
        assert not CLAIM.search(text), f"{where}: 'saved' said with {len(waiting)} pending: {text}"
        assert NAMED.search(text), f"{where}: pending writes not named: {text}"
    if CLAIM.search(text):
        assert not waiting, f"{where}: {text}"
        workout = alexa.workout
        if workout is not None:
            missing = {r.storage_key for r in workout.logged} - stored_sets(store, alexa.user_id)
            assert not missing, f"{where}: said saved with {len(missing)} sets missing: {text}"


Script = Callable[[Alexa, Callable[[str], None]], None]


def finish(alexa: Alexa, check: Callable[[str], None]) -> None:
    """A whole workout, set by set, to its summary; "no" if asked to try saving again."""
    for turn in range(40):
        alexa.count_set()
        check(f"ready {turn}")
        alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")
        check(f"log {turn}")
        if "What weight" in alexa.text:
            alexa.say("AMAZON.NextIntent")
            check(f"no weight {turn}")
        if alexa.ended or "hamstring day done" in alexa.text or "try saving" in alexa.text:
            break
    if not alexa.ended:
        alexa.say("AMAZON.NoIntent")
        check("no to retrying")


def stop_after_two(alexa: Alexa, check: Callable[[str], None]) -> None:
    for turn in range(2):
        alexa.count_set()
        check(f"ready {turn}")
        alexa.say("LogSetIntent", effort="easy", load="20", unit="pounds")
        check(f"log {turn}")
    alexa.say("AMAZON.StopIntent")
    check("stop")


def pull(alexa: Alexa, check: Callable[[str], None]) -> None:
    alexa.count_set()
    check("ready")
    alexa.say("LogSetIntent", effort="hard", load="20", unit="pounds")
    check("log")
    alexa.say("PullIntent")
    assert "strain" in alexa.text, alexa.text
    check("pull")
    if not alexa.ended:
        alexa.say("AMAZON.NoIntent")
        check("no to retrying")


SCRIPTS: dict[str, Script] = {"finish": finish, "stop": stop_after_two, "pull": pull}


def run_matrix(make_store: Callable[[], Store], script: Script) -> int:
    """Plays the script once clean, then once per write with that write failing and once with
    every write from it on failing, each as a new person. Returns how many runs were faulted."""
    people = iter(range(1_000_000))

    def person(store: Store) -> tuple[Alexa, FaultyStore]:
        faulty = FaultyStore(store)
        clock = MutableClock(at(days=30))
        user = f"amzn1.ask.account.HONEST-{next(people)}"
        alexa = Alexa(build_handler(faulty, clock), clock, user_id=user)
        alexa.onboard(("dumbbells",), "new")
        return alexa, faulty

    clean = make_store()
    alexa, counter = person(clean)
    start = counter.writes
    script(alexa, lambda where: check_turn(alexa, clean, f"clean, {where}"))
    total = counter.writes - start
    assert total >= 3, "the workout writes"
    runs = 0
    for k in range(total):
        for outage in (False, True):
            store = make_store()
            alexa, faulty = person(store)
            faulty.fail_at, faulty.outage = faulty.writes + k, outage
            label = f"write {k} {'onward' if outage else 'once'}"

            def check(where: str, a: Alexa = alexa, s: Store = store, lb: str = label) -> None:
                check_turn(a, s, f"{lb}, {where}")

            script(alexa, check)
            runs += 1
    return runs


@pytest.fixture
def sqlite_stores(tmp_path: Path) -> Iterator[Callable[[], Store]]:
    from skill.store.sqlite import SQLiteStore

    opened: list[SQLiteStore] = []

    def make() -> Store:
        store = SQLiteStore(tmp_path / f"coach-{len(opened)}.sqlite3")
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_sqlite_says_saved_only_when_saved(name: str, sqlite_stores: Callable[[], Store]) -> None:
    assert run_matrix(sqlite_stores, SCRIPTS[name]) > 0


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_dynamodb_says_saved_only_when_saved(name: str, dynamodb_table: str) -> None:
    from skill.store.dynamodb import DynamoDBStore, make_client

    client = make_client(region="us-east-1")
    # One table: each run is a person of its own.
    assert run_matrix(lambda: DynamoDBStore(dynamodb_table, client), SCRIPTS[name]) > 0
