"""Shared fixtures: the skill built over a SQLite file in tmp_path, a hand-moved clock, and an
``Alexa`` that sends real envelopes through the Lambda-style handler and checks every response."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ask_sdk_model.services import ApiClientRequest, ApiClientResponse

from skill.alexa.app import build_handler
from skill.alexa.settings import TimedApiClient
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, at


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
