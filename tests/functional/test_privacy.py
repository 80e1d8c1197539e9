"""Privacy: "delete my data" (confirmed first) and the SkillDisabled event each remove every item
of that user, on SQLite and on DynamoDB, and nothing of anyone else."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.app import build_handler
from skill.local.envelope import DEFAULT_SKILL_ID
from skill.store.dynamodb import DynamoDBStore, make_client
from skill.store.protocol import Store
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        with SQLiteStore(tmp_path / "coach.sqlite3") as opened:
            yield opened
        return
    # The module's moto (``moto_dynamodb``), a table of this test's own.
    table: str = request.getfixturevalue("dynamodb_table")
    yield DynamoDBStore(table, make_client(region="us-east-1"))


def trained(store: Store, user_id: str) -> Alexa:
    clock = MutableClock(at(days=30))
    alexa = Alexa(build_handler(store, clock), clock, user_id=user_id)
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", load="20", unit="pounds", effort="right")
    alexa.say("AMAZON.StopIntent")
    data = store.load_user(user_id)
    assert data.profile is not None and data.active is not None and data.recent_sessions
    return alexa


def is_empty(store: Store, user_id: str) -> bool:
    data = store.load_user(user_id)
    return data.profile is None and data.active is None and not data.recent_sessions


def skill_disabled(user_id: str) -> dict[str, Any]:
    """The event Alexa sends when a person disables the skill (no session)."""
    return {
        "version": "1.0",
        "context": {
            "System": {
                "application": {"applicationId": DEFAULT_SKILL_ID},
                "user": {"userId": user_id},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": {
            "type": "AlexaSkillEvent.SkillDisabled",
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": "2026-12-01T18:00:00Z",
            "eventCreationTime": "2026-12-01T18:00:00Z",
            "eventPublishingTime": "2026-12-01T18:00:00Z",
            "body": {"userInformationPersistenceStatus": "NOT_PERSISTED"},
        },
    }


def test_delete_my_data_asks_first_and_no_keeps_everything(store: Store) -> None:
    alexa = trained(store, "amzn1.ask.account.KEEP")
    alexa.launch()
    alexa.say("DeleteDataIntent")
    assert "Are you sure" in alexa.text and not alexa.ended
    alexa.say("AMAZON.NoIntent")
    assert "nothing deleted" in alexa.text
    assert not is_empty(store, alexa.user_id)


def test_delete_my_data_confirmed_removes_only_that_user(store: Store) -> None:
    other = trained(store, "amzn1.ask.account.OTHER")
    alexa = trained(store, "amzn1.ask.account.LEAVING")
    alexa.launch()
    alexa.say("DeleteDataIntent")
    alexa.say("AMAZON.YesIntent")
    assert alexa.ended and "deleted" in alexa.text
    assert is_empty(store, alexa.user_id)
    assert not is_empty(store, other.user_id)
    alexa.launch()
    assert "Welcome to Hamstring Coach" in alexa.text, "a fresh start, as a new user"


def test_skill_disabled_event_deletes_that_user(store: Store) -> None:
    other = trained(store, "amzn1.ask.account.STAYS")
    alexa = trained(store, "amzn1.ask.account.DISABLED")
    response = alexa.handler(skill_disabled(alexa.user_id), None)
    assert response["version"] == "1.0"
    assert "outputSpeech" not in response.get("response", {})
    assert is_empty(store, alexa.user_id)
    assert not is_empty(store, other.user_id)
