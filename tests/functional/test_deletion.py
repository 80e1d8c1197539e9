"""Deletion that tells the truth (issue 12, item 6).

"Delete my data" says "done" only when nothing is left: failed and unprocessed batches are
retried within the turn; past that, it says deletion is under way, the store keeps a durable
marker, and the person's next request finishes the deletion before anything else. A
SkillDisabled event that cannot finish keeps the same marker and fails (never speaks), so a
redelivered event can finish it. Faults: a failed DynamoDB batch injected on moto (as in
test_dynamodb_faults.py), a failed delete transaction on SQLite.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from moto.core.botocore_stubber import MockRawResponse
from moto.core.models import botocore_stubber

from skill.alexa.app import build_handler
from skill.alexa.runner import (
    DELETION_FINISHED,
    DELETION_STILL_PENDING,
    DELETION_UNDER_WAY,
    DeletionIncomplete,
)
from skill.store.dynamodb import DELETING_SK, MAX_ATTEMPTS, DynamoDBStore, make_client
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at
from tests.functional.test_dynamodb_faults import INTERNAL, Injector
from tests.functional.test_privacy import is_empty, skill_disabled, trained

USER = "amzn1.ask.account.LEAVING"
OTHER = "amzn1.ask.account.STAYING"
DONE = "Done. I've deleted everything I had about you."


class FailingDeletes:
    """A SQLite connection whose deletes of sets fail, as a locked or failing disk would."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.failing = True

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if self.failing and sql.startswith("DELETE FROM sets"):
            raise sqlite3.OperationalError("disk I/O error")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


class Faulty:
    """A store and a switch that makes its deletion fail part-way, whatever the backend."""

    def __init__(self, store: SQLiteStore | DynamoDBStore, injector: Injector | None) -> None:
        self.store = store
        self.injector = injector
        self.conn: FailingDeletes | None = None

    def break_deletes(self) -> None:
        if isinstance(self.store, SQLiteStore):
            self.conn = FailingDeletes(self.store._conn)
            self.store._conn = self.conn  # type: ignore[assignment]
        else:
            assert self.injector is not None
            self.injector.forever["BatchWriteItem"] = INTERNAL

    def mend(self) -> None:
        if self.conn is not None:
            self.conn.failing = False
        if self.injector is not None:
            self.injector.forever.clear()


@pytest.fixture(params=["sqlite", "dynamodb"])
def faulty(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Faulty]:
    if request.param == "sqlite":
        with SQLiteStore(tmp_path / "coach.sqlite3") as opened:
            yield Faulty(opened, None)
        return
    table: str = request.getfixturevalue("dynamodb_table")
    client = make_client(region="us-east-1")
    injector = Injector()
    events: Any = client.meta.events
    events.unregister("before-send", botocore_stubber)
    events.register("before-send.dynamodb", injector)
    store = DynamoDBStore(table, client)
    store.delete_budget_s = 1.0
    yield Faulty(store, injector)


def person(faulty: Faulty, user_id: str = USER) -> Alexa:
    alexa = trained(faulty.store, user_id)
    alexa.clock.advance(days=1)
    return alexa


def confirm_delete(alexa: Alexa) -> str:
    alexa.launch()
    alexa.say("DeleteDataIntent")
    return alexa.say("AMAZON.YesIntent")


def test_a_failed_batch_is_never_called_done_and_the_next_launch_finishes(faulty: Faulty) -> None:
    other = person(faulty, OTHER)
    alexa = person(faulty)
    faulty.break_deletes()

    confirm_delete(alexa)

    assert alexa.ended
    assert DONE not in alexa.text and "deleted everything" not in alexa.text
    assert alexa.text == DELETION_UNDER_WAY
    data = faulty.store.load_user(USER)
    assert data.deletion_pending, "a durable marker says deletion is under way"

    alexa.launch()  # still failing: nothing is coached on half-deleted data
    assert alexa.ended and alexa.text == DELETION_STILL_PENDING

    faulty.mend()
    alexa.launch()
    assert alexa.text.startswith(DELETION_FINISHED), alexa.text
    assert "Welcome to Hamstring Coach" in alexa.text, "a fresh start, as a new user"
    data = faulty.store.load_user(USER)
    assert not data.deletion_pending and data.active is None and not data.recent_sessions
    assert not is_empty(faulty.store, other.user_id)


@pytest.mark.parametrize("faulty", ["dynamodb"], indirect=True)
def test_failed_and_unprocessed_batches_are_retried_in_the_turn(faulty: Faulty) -> None:
    alexa = person(faulty)
    assert faulty.injector is not None

    def nothing_processed(request: AWSPreparedRequest) -> AWSResponse:
        body = json.loads(cast(bytes, request.body))
        answer = json.dumps({"UnprocessedItems": body["RequestItems"]})
        headers = {"content-type": "application/x-amz-json-1.0"}
        return AWSResponse(request.url, 200, headers, MockRawResponse(answer))  # type: ignore[arg-type]

    # A batch that fails all its attempts, then one left wholly unprocessed.
    faulty.injector.plan("BatchWriteItem", *[INTERNAL] * MAX_ATTEMPTS, nothing_processed)

    confirm_delete(alexa)

    assert DONE in alexa.text and alexa.ended
    assert is_empty(faulty.store, USER)
    assert not faulty.store.load_user(USER).deletion_pending


def test_skill_disabled_that_cannot_finish_fails_silently_and_keeps_the_marker(
    faulty: Faulty,
) -> None:
    alexa = person(faulty)
    faulty.break_deletes()
    event = skill_disabled(alexa.user_id)

    with pytest.raises(DeletionIncomplete):
        alexa.handler(event, None)

    assert faulty.store.load_user(USER).deletion_pending
    faulty.mend()
    response = alexa.handler(event, None)  # Alexa delivers it again
    assert "outputSpeech" not in response.get("response", {})
    assert is_empty(faulty.store, USER)
    assert not faulty.store.load_user(USER).deletion_pending


def test_skill_disabled_failure_is_a_server_error_not_speech(faulty: Faulty) -> None:
    """Through ``serve``: HTTP 500 with a short JSON body, nothing spoken."""
    from skill.web.app import create_app

    alexa = person(faulty)
    faulty.break_deletes()
    handler = build_handler(faulty.store, MutableClock(at(days=40)))
    app = create_app({"VERIFY": False}, handler=handler, warnings=io.StringIO())

    answer = app.test_client().post("/", json=skill_disabled(alexa.user_id))

    assert answer.status_code == 500
    assert "outputSpeech" not in answer.get_data(as_text=True)
    assert faulty.store.load_user(USER).deletion_pending


@pytest.mark.parametrize("faulty", ["dynamodb"], indirect=True)
def test_the_marker_sorts_where_every_launch_reads_it(faulty: Faulty) -> None:
    person(faulty)
    faulty.break_deletes()
    assert faulty.store.delete_user(USER) is False
    assert isinstance(faulty.store, DynamoDBStore)
    assert faulty.store.load_user(USER, recent=0).deletion_pending
    keys = [
        item["sk"]["S"]
        for item in faulty.store._client.query(
            TableName=faulty.store.table_name,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": f"USER#{USER}"}},
        )["Items"]
    ]
    assert DELETING_SK in keys
