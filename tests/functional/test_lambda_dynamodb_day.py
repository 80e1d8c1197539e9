"""A whole hamstring day through the Lambda handler on DynamoDB (moto), counting the DynamoDB
calls each turn makes: a launch reads once, turns that need no data make no call, a logged set
is one write (the last one too), and every set is stored exactly once."""

from __future__ import annotations

from typing import Any

import pytest

from skill.alexa.app import build_handler
from skill.store.dynamodb import DynamoDBStore, make_client
from tests.factories import Alexa, MutableClock, at


class CallCounter:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, model: Any, **_: Any) -> None:
        self.calls.append(model.name)

    def take(self) -> list[str]:
        taken, self.calls = self.calls, []
        return taken


@pytest.fixture
def dynamo(dynamodb_table: str) -> tuple[DynamoDBStore, CallCounter]:
    """The test's own table in the module's moto, and a client of its own that counts its calls."""
    client = make_client(region="us-east-1")
    counter = CallCounter()
    client.meta.events.register("before-call.dynamodb", counter)
    return DynamoDBStore(dynamodb_table, client), counter


def test_a_whole_day_on_dynamodb_with_calls_counted_per_turn(
    dynamo: tuple[DynamoDBStore, CallCounter],
) -> None:
    store, counter = dynamo
    clock = MutableClock(at(days=30))
    alexa = Alexa(build_handler(store, clock), clock)

    alexa.launch()
    assert counter.take() == ["Query"], "a launch reads profile, workout and history at once"
    alexa.say("SetEquipmentIntent", equipmentOne="bodyweight")
    assert counter.take() == ["PutItem"], "the profile is saved"
    alexa.say("SetLevelIntent", level="new")
    assert counter.take() == ["TransactWriteItems"], "the profile and the new workout, at once"
    plan = alexa.workout
    assert plan is not None
    planned_sets = sum(p.sets for p in plan.plan)

    logged = 0
    for _ in range(30):
        alexa.count_set()
        assert counter.take() == [], "counting a set needs no storage"
        alexa.say("FormCueIntent")
        assert counter.take() == [], "a form cue needs no storage"
        alexa.say("LogSetIntent", reps="8", load="20", unit="pounds", effort="right")
        calls = counter.take()
        logged += 1
        if alexa.ended:
            assert calls == ["TransactWriteItems"], "the set and the finished session, at once"
            break
        assert calls == ["TransactWriteItems"], "the set and the workout, at once"
    assert "That's hamstring day done" in alexa.text
    assert logged == planned_sets

    [session] = store.recent_sessions(alexa.user_id)
    assert session.status.value == "finished"
    keys = [s.key for s in session.sets]
    assert len(keys) == planned_sets == len(set(keys)), "each logged set present exactly once"
    assert all(s.reps == 8 for s in session.sets)
    assert store.load_user(alexa.user_id).active is None


def test_a_retried_log_on_dynamodb_lands_once(
    dynamo: tuple[DynamoDBStore, CallCounter],
) -> None:
    store, _ = dynamo
    clock = MutableClock(at(days=30))
    alexa = Alexa(build_handler(store, clock), clock)
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    envelope = alexa.envelope("LogSetIntent", reps="8", load="20", unit="pounds", effort="hard")
    alexa.send(envelope, remember=False)
    alexa.send(envelope)
    sessions = store.recent_sessions(alexa.user_id)
    assert [s.key for s in sessions[0].sets] == ["00-01"]
