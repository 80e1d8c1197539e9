"""Shared fixtures: the skill built over a SQLite file in tmp_path, a hand-moved clock, an
``Alexa`` that sends real envelopes through the Lambda-style handler and checks every response,
and one moto DynamoDB per module for tests that want it.

Every test gets its tier from its directory (``unit``, ``functional``, ``e2e``; tests/test_tidy.py
is ``tidy``), so ``pytest -m "not e2e"`` is the inner loop and plain ``pytest`` runs everything.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from ask_sdk_model.services import ApiClientRequest, ApiClientResponse

from skill.alexa.app import build_handler
from skill.alexa.settings import TimedApiClient
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

TESTS = Path(__file__).resolve().parent
TIERS = ("unit", "functional", "e2e")
"""Subdirectories of tests/, each its own marker (registered in pyproject.toml)."""
LOOSE = {"test_tidy.py": "tidy"}
"""Test modules directly under tests/, and their marker."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its tier, from where it lives; a test with no tier is an error."""
    for item in items:
        try:
            parts = item.path.resolve().relative_to(TESTS).parts
        except ValueError:  # collected from outside tests/ (an explicit path): leave it be
            continue
        tier = parts[0] if len(parts) > 1 and parts[0] in TIERS else LOOSE.get(parts[-1])
        if tier is None:
            raise pytest.UsageError(
                f"{item.nodeid}: put tests under tests/{{{','.join(TIERS)}}}/, "
                "or give the module a marker in tests/conftest.py"
            )
        item.add_marker(tier)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "coach.sqlite3") as opened:
        yield opened


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(at(days=30))


@pytest.fixture
def alexa(sqlite_store: SQLiteStore, clock: MutableClock) -> Alexa:
    return Alexa(build_handler(sqlite_store, clock), clock)


@pytest.fixture(autouse=True)
def _offline_alexa_apis(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the network: Alexa's settings API answers "no setting" from here.

    Tests of the time-zone lookup put their own fake API client in place of this one.
    """

    def offline(self: TimedApiClient, request: ApiClientRequest) -> ApiClientResponse:
        return ApiClientResponse(headers=[], status_code=204, body="")

    monkeypatch.setattr(TimedApiClient, "invoke", offline)


# -- moto DynamoDB, shared within a module ------------------------------------------------------
# Starting moto and making the first client in it costs 0.1-0.3 s per test; a module that only
# needs an empty table per test can share one moto and get a fresh table each time instead.

MOTO_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def moto_dynamodb() -> Iterator[DynamoDBClient]:
    """One moto DynamoDB for the whole module (fake credentials set), and a client to it.

    Tests that hook a client's events (call counting, fault injection) should make their own
    client with ``make_client(region="us-east-1")``: a few milliseconds once moto is running.
    """
    from moto import mock_aws

    from skill.store.dynamodb import make_client

    with pytest.MonkeyPatch.context() as patch:
        for name, value in MOTO_ENV.items():
            patch.setenv(name, value)
        with mock_aws():
            yield make_client(region="us-east-1")


@pytest.fixture
def dynamodb_table(moto_dynamodb: DynamoDBClient) -> Iterator[str]:
    """A fresh, empty table (as the SAM template makes it) in the module's moto; its name.

    Deleted afterwards, so no test sees another's items.
    """
    from skill.store.dynamodb import create_table

    name = f"coach-test-{uuid.uuid4().hex[:12]}"
    create_table(moto_dynamodb, name)
    yield name
    moto_dynamodb.delete_table(TableName=name)
