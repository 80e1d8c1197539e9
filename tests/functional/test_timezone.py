"""The person's calendar, not UTC's: the device time zone from Alexa's settings API decides
"yesterday", "on Tuesday" and "this week"; a slow or failing API never costs the turn."""

from __future__ import annotations

import io
import json
import ssl
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from email.message import Message
from typing import Any

import pytest
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

from skill.alexa.app import build_handler
from skill.alexa.settings import SETTINGS_TIMEOUT_S, TimedApiClient, valid_zone
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock

TZ_PATH = "/settings/System.timeZone"


class FakeSettingsApi(ApiClient):  # type: ignore[misc]
    """Alexa's settings API as the skill sees it: answers the time-zone query."""

    def __init__(self, zone: str | None = "America/Los_Angeles", status: int = 200) -> None:
        self.zone, self.status = zone, status
        self.requests: list[ApiClientRequest] = []

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        self.requests.append(request)
        body = json.dumps(self.zone) if self.status == 200 else ""
        return ApiClientResponse(headers=[], status_code=self.status, body=body)


def person(store: SQLiteStore, api: ApiClient, start: datetime) -> Alexa:
    clock = MutableClock(start)
    return Alexa(build_handler(store, clock, api_client=api), clock)


def train_once(alexa: Alexa) -> None:
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="8", load="20", unit="pounds", effort="right")
    alexa.say("AMAZON.StopIntent")


def test_days_are_named_in_the_device_time_zone(sqlite_store: SQLiteStore) -> None:
    # Tuesday 17:00 in Los Angeles is already Wednesday 01:00 in UTC.
    tuesday_evening = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    api = FakeSettingsApi("America/Los_Angeles")
    alexa = person(sqlite_store, api, tuesday_evening)
    train_once(alexa)
    # Wednesday 01:00 in LA, and still inside rules.RESUME_WITHIN: the workout is offered.
    alexa.clock.now = tuesday_evening + timedelta(hours=8)
    alexa.launch()
    assert "unfinished yesterday" in alexa.text, alexa.text
    assert any(TZ_PATH in r.url for r in api.requests)


def test_without_the_api_the_skill_uses_utc_days(sqlite_store: SQLiteStore) -> None:
    tuesday_evening = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    alexa = person(sqlite_store, FakeSettingsApi(status=403), tuesday_evening)
    train_once(alexa)
    alexa.clock.now = tuesday_evening + timedelta(hours=8)
    alexa.launch()
    assert "unfinished today" in alexa.text, alexa.text


def test_the_zone_is_asked_once_per_session(sqlite_store: SQLiteStore) -> None:
    api = FakeSettingsApi("Europe/London")
    alexa = person(sqlite_store, api, datetime(2026, 12, 2, 18, tzinfo=UTC))
    alexa.onboard(("bodyweight",), "new")
    alexa.count_set()
    alexa.say("AMAZON.HelpIntent")
    assert len([r for r in api.requests if TZ_PATH in r.url]) == 1
    coach = alexa.last["sessionAttributes"]["coach"]
    assert coach["timezone"] == "Europe/London"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", None])
def test_an_unknown_zone_falls_back_to_utc(sqlite_store: SQLiteStore, zone: str | None) -> None:
    alexa = person(sqlite_store, FakeSettingsApi(zone), datetime(2026, 12, 2, 18, tzinfo=UTC))
    alexa.launch()
    assert alexa.last["sessionAttributes"]["coach"]["timezone"] == "UTC"
    assert valid_zone(zone) is None


class _Reply(io.BytesIO):
    status = 200
    headers = Message()

    def __enter__(self) -> _Reply:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def test_timed_client_bounds_the_call_and_speaks_https_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    def urlopen(request: urllib.request.Request, timeout: float, context: Any = None) -> _Reply:
        seen.update(url=request.full_url, timeout=timeout, auth=request.get_header("Authorization"))
        seen.update(context=context)
        return _Reply(b'"America/Chicago"')

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    client = TimedApiClient()
    request = ApiClientRequest(
        method="GET",
        url="https://api.amazonalexa.com/v2/devices/d1/settings/System.timeZone",
        headers=[("Authorization", "Bearer token")],
    )
    reply = _REAL_INVOKE(client, request)
    assert reply.status_code == 200 and json.loads(reply.body) == "America/Chicago"
    assert seen["timeout"] == SETTINGS_TIMEOUT_S <= 1.0
    assert seen["auth"] == "Bearer token"
    first = seen["context"]
    assert first is not None and first.verify_mode is ssl.CERT_REQUIRED and first.check_hostname
    _REAL_INVOKE(client, request)
    assert seen["context"] is first, "one TLS context for the container, not one per call"
    with pytest.raises(ValueError):
        _REAL_INVOKE(client, ApiClientRequest(method="GET", url="http://insecure.example"))


def test_timed_client_returns_http_errors_as_responses(monkeypatch: pytest.MonkeyPatch) -> None:
    def urlopen(request: urllib.request.Request, timeout: float, context: Any = None) -> _Reply:
        raise urllib.error.HTTPError(request.full_url, 403, "Forbidden", Message(), io.BytesIO(b""))

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    client = TimedApiClient()
    request = ApiClientRequest(method="GET", url="https://api.amazonalexa.com/x", headers=[])
    assert _REAL_INVOKE(client, request).status_code == 403


_REAL_INVOKE = TimedApiClient.invoke  # captured at import, before the autouse stand-in
