"""One write per logged set on DynamoDB, the last set included (issue 11), over moto.

Store level: calls and the items each transaction writes, counted at ``before-call`` on a client
of the test's own. Turn level: ``bench/writes.py`` plays whole workouts through the Lambda
handler and meters every call (write units as DynamoDB bills them); its figures are held here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from skill.core.history import SetRecord
from skill.core.workout import WorkoutState
from skill.store.dynamodb import DynamoDBStore, make_client
from tests.factories import T0, MutableClock, make_session, make_set, make_workout

USER = "amzn1.ask.account.ALICE"
BENCH = Path(__file__).resolve().parents[2] / "bench" / "writes.py"


class Counted:
    def __init__(self, table: str) -> None:
        client = make_client(region="us-east-1")
        self.store = DynamoDBStore(table, client, clock=MutableClock(T0))
        self.calls: list[tuple[str, int]] = []
        client.meta.events.register("provide-client-params.dynamodb", self._count)

    def _count(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls.append((model.name, len(params.get("TransactItems", [None]))))

    def counting(self) -> list[tuple[str, int]]:
        self.calls.clear()
        return self.calls


@pytest.fixture
def counted(dynamodb_table: str) -> Counted:
    return Counted(dynamodb_table)


def after(*sets: SetRecord) -> WorkoutState:
    return make_workout("w1", logged=list(sets), set_number=len(sets) + 1)


def test_a_whole_workout_is_one_write_per_set_and_the_last_rewrites_nothing(
    counted: Counted,
) -> None:
    store = counted.store
    calls = counted.counting()
    store.save_active(USER, make_workout("w1"))
    assert calls == [("TransactWriteItems", 2)]  # the pointer and the session item

    sets = [make_set("w1", set_number=n) for n in range(1, 10)]
    for n, record in enumerate(sets[:-1], start=1):
        calls = counted.counting()
        assert store.log_set(USER, record, after(*sets[:n])) is True
        assert calls == [("TransactWriteItems", 2)]  # the set and the pointer, no session item

    calls = counted.counting()
    store.end_session(USER, make_session("w1", sets=sets), sets[-1])
    # The last set, the session item, the pointer dropped: no earlier set written again.
    assert calls == [("TransactWriteItems", 3)]
    assert [len(s.sets) for s in store.recent_sessions(USER)] == [9]


def test_a_stop_mid_workout_is_one_plain_write(counted: Counted) -> None:
    store = counted.store
    store.save_active(USER, make_workout("w1"))
    first = make_set("w1", set_number=1)
    store.log_set(USER, first, after(first))

    calls = counted.counting()
    store.save_active(USER, after(first).model_copy(update={"updated_at": T0.replace(hour=20)}))
    assert calls == [("UpdateItem", 1)]


def test_a_retried_set_is_stored_once_and_costs_only_the_retry(counted: Counted) -> None:
    store = counted.store
    store.save_active(USER, make_workout("w1"))
    first = make_set("w1", set_number=1)
    assert store.log_set(USER, first, after(first)) is True

    calls = counted.counting()
    assert store.log_set(USER, first, after(first)) is False
    # The one-write attempt is cancelled by the set's condition; then as two calls, as before.
    assert calls[0] == ("TransactWriteItems", 2)
    assert [len(s.sets) for s in store.recent_sessions(USER)] == [1]
    assert store.load_user(USER).active == after(first)


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_writes", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_through_the_handler_each_set_is_one_write(bench: ModuleType) -> None:
    first, again = bench.measure()
    for day in (first, again):
        kinds = day.by_kind()
        assert kinds["log set"] and len(kinds["last set"]) == 1
        for turn in kinds["log set"] + kinds["last set"]:
            assert turn.calls == ["TransactWriteItems"], (turn.said, turn.calls)
        # The set (under 1 KB) and the active workout (a few KB), both transactional.
        assert all(t.write_units <= 8 for t in kinds["log set"])
        # The set, the finished session item and the active workout dropped: nothing more.
        assert kinds["last set"][0].write_units <= 16
        assert all(not t.calls for t in kinds["cue"])
    [plan] = again.by_kind()["plan/start"]
    assert plan.calls == ["TransactWriteItems"]
    [launch] = again.by_kind()["launch"]
    assert launch.calls == ["Query"]
    summary = bench.summary(again)
    # A start and one write per set. (Before issue 11: two per set, three for the last, and
    # 140 units for a nine-set day, which is 70 now.)
    assert summary["write_calls"] == 1 + summary["sets"]
    assert summary["write_units"] <= 4 + 8 * summary["sets"]
