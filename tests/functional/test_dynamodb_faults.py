"""The DynamoDB store under faults: throttling, 5xx, timeouts and conditional conflicts.

Faults are injected at ``before-send``, inside botocore's retry loop, so the client's real
standard-mode retries run (botocore's Stubber answers before that loop and would bypass them).
moto's own ``before-send`` handler is taken off the client and called by the injector for every
request it lets through, so an injected fault never reaches moto: a throttled write did not land.
Nothing here relies on moto honouring ClientRequestToken or expiring TTL items (it does neither).
The module shares one moto (``moto_dynamodb``); each test has a table and clients of its own.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from moto.core.botocore_stubber import MockRawResponse
from moto.core.models import botocore_stubber

from skill.core.history import SessionStatus, SetRecord
from skill.core.workout import WorkoutState
from skill.store.dynamodb import (
    CONNECT_TIMEOUT_S,
    MAX_ATTEMPTS,
    READ_TIMEOUT_S,
    DynamoDBStore,
    make_client,
)
from skill.store.errors import StoreUnavailable
from tests.factories import at, make_profile, make_session, make_set, make_workout

TABLE = "hamstring-coach-faults"
USER = "amzn1.ask.account.ALICE"
ALEXA_BUDGET_S = 8.0

# -- the injector -------------------------------------------------------------------------------

Fault = Callable[[AWSPreparedRequest], AWSResponse]
"""Answers one request instead of moto (or raises, as a timeout does)."""


def error(status: int, code: str, **extra: object) -> Fault:
    """A DynamoDB JSON error answer."""

    def answer(request: AWSPreparedRequest) -> AWSResponse:
        body = json.dumps(
            {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": code, **extra}
        )
        headers = {"x-amzn-errortype": code, "content-type": "application/x-amz-json-1.0"}
        return AWSResponse(request.url, status, headers, MockRawResponse(body))  # type: ignore[arg-type]

    return answer


def throws(exc_type: Callable[..., Exception]) -> Fault:
    def answer(request: AWSPreparedRequest) -> AWSResponse:
        raise exc_type(endpoint_url=request.url)

    return answer


THROTTLED = error(400, "ThrottlingException")
THROUGHPUT = error(400, "ProvisionedThroughputExceededException")
INTERNAL = error(500, "InternalServerError")
UNAVAILABLE = error(503, "ServiceUnavailable")


@dataclass
class Injector:
    """Plans faults per operation and records every attempt that reached the wire."""

    faults: dict[str, list[Fault]] = field(default_factory=dict)
    forever: dict[str, Fault] = field(default_factory=dict)
    attempts: list[str] = field(default_factory=list)
    after: dict[str, Fault] = field(default_factory=dict)
    """Let the request reach moto, then answer with this fault (the answer was lost)."""

    def plan(self, operation: str, *faults: Fault) -> None:
        self.faults.setdefault(operation, []).extend(faults)

    def count(self, operation: str) -> int:
        return self.attempts.count(operation)

    def __call__(self, request: AWSPreparedRequest, event_name: str, **_: Any) -> AWSResponse:
        operation = event_name.rsplit(".", 1)[-1]
        self.attempts.append(operation)
        planned = self.faults.get(operation)
        if planned:
            return planned.pop(0)(request)
        if operation in self.forever:
            return self.forever[operation](request)
        response = botocore_stubber(event_name, request)
        if operation in self.after:
            return self.after.pop(operation)(request)
        assert response is not None, f"moto did not answer {operation}"
        return response


@dataclass
class Rig:
    store: DynamoDBStore
    faults: Injector
    sleeps: list[float]
    other_device: DynamoDBStore


@pytest.fixture
def rig(monkeypatch: pytest.MonkeyPatch, dynamodb_table: str) -> Rig:
    """This test's own table in the module's moto, and clients of this test's own: the injector
    sits on the store's client only, so no other test (nor the table's setup and deletion)
    sees its faults or is counted in its attempts."""
    sleeps: list[float] = []
    monkeypatch.setattr(time, "sleep", sleeps.append)  # record botocore's backoff, don't wait
    client = make_client(region="us-east-1")
    injector = Injector()
    events: Any = client.meta.events
    events.unregister("before-send", botocore_stubber)
    events.register("before-send.dynamodb", injector)
    return Rig(
        store=DynamoDBStore(dynamodb_table, client),
        faults=injector,
        sleeps=sleeps,
        other_device=DynamoDBStore(dynamodb_table, make_client(region="us-east-1")),
    )


# -- retries recover ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [THROTTLED, THROUGHPUT, INTERNAL, UNAVAILABLE],
    ids=["throttling", "throughput", "500", "503"],
)
def test_standard_retries_ride_out_two_failures_and_the_set_lands_once(
    rig: Rig, fault: Fault
) -> None:
    record = make_set("w1")
    rig.faults.plan("TransactWriteItems", fault, fault)

    assert rig.store.log_set(USER, record) is True

    assert rig.faults.count("TransactWriteItems") == 3
    assert len(rig.sleeps) == 2 and all(0 <= s <= 2.0 for s in rig.sleeps)
    [session] = rig.store.recent_sessions(USER)
    assert session.sets == [record]
    assert rig.store.log_set(USER, record) is False


def test_a_throttled_launch_read_recovers(rig: Rig) -> None:
    rig.store.save_profile(USER, make_profile())
    rig.faults.plan("Query", THROTTLED)

    assert rig.store.load_user(USER).profile == make_profile()
    assert rig.faults.count("Query") == 2


def test_a_timed_out_attempt_is_retried(rig: Rig) -> None:
    rig.faults.plan("TransactWriteItems", throws(ReadTimeoutError))

    rig.store.save_active(USER, make_workout("w1"))

    assert rig.faults.count("TransactWriteItems") == 2
    assert rig.store.load_user(USER).active == make_workout("w1")


def test_a_set_whose_answer_was_lost_is_stored_once(rig: Rig) -> None:
    """The write lands, the answer times out, botocore retries: the retry cannot add a second
    copy. (Real DynamoDB answers the retry from its ClientRequestToken; moto fails its condition
    instead, so the return value is not checked here.)"""
    record = make_set("w1")
    rig.faults.after["TransactWriteItems"] = throws(ReadTimeoutError)

    rig.store.log_set(USER, record)

    assert rig.faults.count("TransactWriteItems") == 2
    [session] = rig.store.recent_sessions(USER)
    assert session.sets == [record]


# -- persistent failures ------------------------------------------------------------------------

CALLS: dict[str, tuple[str, Callable[[DynamoDBStore], object]]] = {
    "load_user": ("Query", lambda s: s.load_user(USER)),
    "save_profile": ("PutItem", lambda s: s.save_profile(USER, make_profile())),
    "save_active": ("TransactWriteItems", lambda s: s.save_active(USER, make_workout("w1"))),
    "log_set": ("TransactWriteItems", lambda s: s.log_set(USER, make_set("w1"))),
    "end_session": ("TransactWriteItems", lambda s: s.end_session(USER, make_session("w1"))),
    "log_set with the workout": (
        "TransactWriteItems",
        lambda s: s.log_set(USER, make_set("w1"), make_workout("w1", logged=[make_set("w1")])),
    ),
    "end_session with the last set": (
        "TransactWriteItems",
        lambda s: s.end_session(USER, make_session("w1", sets=[make_set("w1")]), make_set("w1")),
    ),
    "recent_sessions": ("Query", lambda s: s.recent_sessions(USER)),
    # Its marker comes first: past that, failures are retried in rounds (tests/functional/
    # test_deletion.py), so only the marker's failure is StoreUnavailable.
    "delete_user": ("PutItem", lambda s: s.delete_user(USER)),
}


@pytest.mark.parametrize("method", list(CALLS))
@pytest.mark.parametrize(
    "fault", [THROTTLED, INTERNAL, throws(ReadTimeoutError)], ids=["throttled", "500", "timeout"]
)
def test_persistent_failure_is_store_unavailable_after_bounded_attempts(
    rig: Rig, method: str, fault: Fault
) -> None:
    operation, call = CALLS[method]
    rig.faults.forever[operation] = fault

    with pytest.raises(StoreUnavailable) as raised:
        call(rig.store)

    assert rig.faults.count(operation) == MAX_ATTEMPTS
    assert isinstance(raised.value.__cause__, ClientError | ReadTimeoutError)


@pytest.mark.parametrize(
    "exc_type", [ReadTimeoutError, ConnectTimeoutError, EndpointConnectionError]
)
def test_timeouts_and_unreachable_endpoints_are_store_unavailable(
    rig: Rig, exc_type: type[Exception]
) -> None:
    rig.faults.forever["TransactWriteItems"] = throws(exc_type)

    with pytest.raises(StoreUnavailable) as raised:
        rig.store.log_set(USER, make_set("w1"))

    assert isinstance(raised.value.__cause__, exc_type)
    assert rig.faults.count("TransactWriteItems") == MAX_ATTEMPTS
    # Not throttling: backoff is DynamoDB's 25 ms scale, 25 ms then 50 ms at most.
    assert len(rig.sleeps) == MAX_ATTEMPTS - 1 and sum(rig.sleeps) <= 0.075


def test_a_failed_set_log_can_be_retried_later_and_lands_once(rig: Rig) -> None:
    """What the skill does after StoreUnavailable: keep the write, send it on a later turn."""
    record = make_set("w1")
    rig.faults.plan("TransactWriteItems", *[THROTTLED] * MAX_ATTEMPTS)
    with pytest.raises(StoreUnavailable):
        rig.store.log_set(USER, record)
    assert rig.store.recent_sessions(USER) == []

    assert rig.store.log_set(USER, record) is True
    assert rig.store.log_set(USER, record) is False
    [session] = rig.store.recent_sessions(USER)
    assert session.sets == [record]


def after_sets(*sets: SetRecord) -> WorkoutState:
    return make_workout("w1", logged=list(sets), set_number=len(sets) + 1)


def test_a_set_and_its_workout_that_failed_together_land_later_once(rig: Rig) -> None:
    """One write for both: a failure stores neither (the pointer does not move ahead of its
    set), and the skill's later retry stores both, once."""
    rig.store.save_active(USER, make_workout("w1"))
    record = make_set("w1")
    rig.faults.plan("TransactWriteItems", *[THROTTLED] * MAX_ATTEMPTS)
    with pytest.raises(StoreUnavailable):
        rig.store.log_set(USER, record, after_sets(record))
    data = rig.store.load_user(USER)
    assert data.active == make_workout("w1")
    assert [s.sets for s in data.recent_sessions] == [[]]

    assert rig.store.log_set(USER, record, after_sets(record)) is True
    assert rig.store.log_set(USER, record, after_sets(record)) is False
    data = rig.store.load_user(USER)
    assert data.active == after_sets(record)
    assert [s.sets for s in data.recent_sessions] == [[record]]


def test_a_set_and_its_workout_whose_answer_was_lost_are_stored_once(rig: Rig) -> None:
    rig.store.save_active(USER, make_workout("w1"))
    record = make_set("w1")
    rig.faults.after["TransactWriteItems"] = throws(ReadTimeoutError)

    rig.store.log_set(USER, record, after_sets(record))

    data = rig.store.load_user(USER)
    assert data.active == after_sets(record)
    assert [s.sets for s in data.recent_sessions] == [[record]]


def test_a_last_set_that_failed_with_the_end_lands_later_once(rig: Rig) -> None:
    rig.store.save_active(USER, make_workout("w1"))
    first, last = make_set("w1", set_number=1), make_set("w1", set_number=2)
    rig.store.log_set(USER, first, after_sets(first))
    ended = make_session("w1", sets=[first, last])
    rig.faults.plan("TransactWriteItems", *[INTERNAL] * MAX_ATTEMPTS)
    with pytest.raises(StoreUnavailable):
        rig.store.end_session(USER, ended, last)
    data = rig.store.load_user(USER)
    assert data.active == after_sets(first)
    assert [s.sets for s in data.recent_sessions] == [[first]]

    rig.store.end_session(USER, ended, last)
    rig.store.end_session(USER, ended, last)
    data = rig.store.load_user(USER)
    assert data.active is None
    assert data.recent_sessions == [ended]


def test_a_conflict_on_a_set_and_its_workout_is_store_unavailable(rig: Rig) -> None:
    rig.store.save_active(USER, make_workout("w1"))
    record = make_set("w1")
    rig.faults.plan(
        "TransactWriteItems",
        error(
            400,
            "TransactionCanceledException",
            CancellationReasons=[{"Code": "None"}, {"Code": "TransactionConflict"}],
        ),
    )
    with pytest.raises(StoreUnavailable):
        rig.store.log_set(USER, record, after_sets(record))
    assert rig.store.log_set(USER, record, after_sets(record)) is True


# -- conditional conflicts ----------------------------------------------------------------------


def test_two_devices_logging_the_same_set_first_write_wins(rig: Rig) -> None:
    phone, speaker = rig.store, rig.other_device
    phone.save_active(USER, make_workout("w1"))
    first = make_set("w1", reps=10, load=60.0)
    second = make_set("w1", reps=7, load=80.0, logged_at=at(9))

    assert phone.log_set(USER, first) is True
    assert speaker.log_set(USER, second) is False
    # The other device ending the workout with its own copy of the set changes nothing either.
    speaker.end_session(USER, make_session("w1", sets=[second]))

    [session] = speaker.recent_sessions(USER)
    assert session.sets == [first]
    assert session.status is SessionStatus.FINISHED


def test_an_injected_condition_failure_on_log_set_is_false_and_not_retried(rig: Rig) -> None:
    """The answer DynamoDB gives when the set's key is taken: False at once, no retry, and
    nothing written (the whole transaction was cancelled)."""
    rig.faults.plan(
        "TransactWriteItems",
        error(
            400,
            "TransactionCanceledException",
            CancellationReasons=[
                {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
                {"Code": "None"},
            ],
        ),
    )

    assert rig.store.log_set(USER, make_set("w1")) is False
    assert rig.faults.count("TransactWriteItems") == 1
    assert rig.store.recent_sessions(USER) == []


def test_a_transaction_conflict_is_store_unavailable_not_a_duplicate(rig: Rig) -> None:
    """Two devices writing the same session at the same instant: DynamoDB cancels one. That is
    not "already stored"; the skill must keep the set and send it again."""
    rig.faults.plan(
        "TransactWriteItems",
        error(
            400,
            "TransactionCanceledException",
            CancellationReasons=[{"Code": "None"}, {"Code": "TransactionConflict"}],
        ),
    )

    with pytest.raises(StoreUnavailable):
        rig.store.log_set(USER, make_set("w1"))
    assert rig.store.log_set(USER, make_set("w1")) is True


def test_delete_user_resends_unprocessed_items(rig: Rig) -> None:
    rig.store.save_profile(USER, make_profile())
    rig.store.save_active(USER, make_workout("w1"))
    rig.store.log_set(USER, make_set("w1"))

    def nothing_processed(request: AWSPreparedRequest) -> AWSResponse:
        body = json.loads(cast(bytes, request.body))
        answer = json.dumps({"UnprocessedItems": body["RequestItems"]})
        headers = {"content-type": "application/x-amz-json-1.0"}
        return AWSResponse(request.url, 200, headers, MockRawResponse(answer))  # type: ignore[arg-type]

    rig.faults.plan("BatchWriteItem", nothing_processed)

    assert rig.store.delete_user(USER) is True

    assert rig.faults.count("BatchWriteItem") == 2
    assert rig.store.load_user(USER).profile is None
    assert rig.store.recent_sessions(USER) == []


# -- the client's configuration -----------------------------------------------------------------


def test_client_uses_standard_retries_and_timeouts_that_fit_alexas_budget() -> None:
    client = make_client(region="us-east-1")
    config: Any = client.meta.config

    assert config.retries == {"mode": "standard", "total_max_attempts": 3}
    assert config.connect_timeout == CONNECT_TIMEOUT_S == 0.5
    assert config.read_timeout == READ_TIMEOUT_S == 1.0
    # botocore's standard backoff before retry i (1-based): rand(0, 1) * scale * 2**(i-1), with
    # scale 25 ms for DynamoDB timeouts and 5xx, 1 s for throttling.
    per_attempt = config.connect_timeout + config.read_timeout
    retries = range(MAX_ATTEMPTS - 1)
    every_attempt_times_out = MAX_ATTEMPTS * per_attempt + sum(0.025 * 2**i for i in retries)
    every_attempt_throttled = sum(1.0 * 2**i for i in retries)  # answered in milliseconds
    pathological = MAX_ATTEMPTS * per_attempt + sum(1.0 * 2**i for i in retries)
    assert every_attempt_times_out <= 4.6
    assert every_attempt_throttled <= 3.0
    assert pathological < ALEXA_BUDGET_S


def test_a_hung_endpoint_costs_a_bounded_time_not_the_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real socket that accepts connections and never answers: the configured read timeout and
    attempts end the call in about 3 s, as StoreUnavailable, well inside Alexa's 8 s."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)  # the kernel completes the handshakes; nobody ever reads or answers
        host, port = server.getsockname()
        store = DynamoDBStore(
            TABLE, make_client(region="us-east-1", endpoint_url=f"http://{host}:{port}")
        )

        started = time.monotonic()
        with pytest.raises(StoreUnavailable) as raised:
            store.load_user(USER)
        elapsed = time.monotonic() - started

    assert isinstance(raised.value.__cause__, ReadTimeoutError)
    assert MAX_ATTEMPTS * READ_TIMEOUT_S * 0.9 <= elapsed < ALEXA_BUDGET_S / 2
