"""The deployed entry point: lambda/app.py with powertools logging and metrics, skill-id check."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from skill.local.envelope import EnvelopeFactory
from tests.factories import T0, FakeLambdaContext, check_response, intent_match

ROOT = Path(__file__).resolve().parents[2]
LOG = io.StringIO()
SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


@pytest.fixture
def entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.setenv("HAMSTRING_DB", str(tmp_path / "coach.sqlite3"))
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    monkeypatch.delenv("HAMSTRING_STORE", raising=False)
    spec = importlib.util.spec_from_file_location("lambda_entry_under_test", ROOT / "lambda/app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # powertools keeps one handler per service for the process; point it at a buffer we read.
    module.logger.registered_handler.setStream(LOG)
    LOG.seek(0)
    LOG.truncate()
    yield module
    sys.modules.pop("lambda_entry_under_test", None)


def test_launch_answers_and_logs_without_the_raw_user_id(
    capsys: pytest.CaptureFixture[str], entry: ModuleType
) -> None:
    factory = EnvelopeFactory(skill_id=SKILL_ID, user_id="amzn1.ask.account.SECRET-PERSON")
    response = entry.handler(factory.launch(T0), FakeLambdaContext())
    check_response(response)
    assert "Welcome" in response["response"]["outputSpeech"]["ssml"]
    out = capsys.readouterr().out + LOG.getvalue()
    assert "SECRET-PERSON" not in out
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    logged = [r for r in records if r.get("message") == "request"]
    assert logged and logged[0]["request_type"] == "LaunchRequest"
    assert logged[0]["locale"] == "en-US" and logged[0]["user"]
    assert logged[0]["function_request_id"] == "lambda-request-1"
    # One line per request with its own keys; no caller lookup ("location" was this handler).
    assert {"level", "timestamp", "service", "cold_start", "intent"} <= logged[0].keys()
    assert "location" not in logged[0]
    metric_blobs = [r for r in records if "_aws" in r]
    assert any("SessionsStarted" in r for r in metric_blobs), "sessions started metric emitted"


def test_a_logged_set_is_counted_as_a_metric(
    capsys: pytest.CaptureFixture[str], entry: ModuleType
) -> None:
    factory = EnvelopeFactory(skill_id=SKILL_ID)
    turns: list[dict[str, Any]] = [
        factory.launch(T0),
    ]
    for envelope_of in (
        lambda: factory.intent(
            intent_match("SetEquipmentIntent", equipmentOne="bodyweight"), now=T0
        ),
        lambda: factory.intent(intent_match("SetLevelIntent", level="new"), now=T0),
        lambda: factory.intent("ReadyIntent", now=T0),
        lambda: factory.intent(
            intent_match("LogSetIntent", effort="just right", reps="10", load="20", unit="pounds"),
            now=T0,
        ),
    ):
        factory.remember(entry.handler(turns[-1], FakeLambdaContext()))
        turns.append(envelope_of())
    check_response(entry.handler(turns[-1], FakeLambdaContext()))
    out = capsys.readouterr().out
    assert '"SetsLogged"' in out and '"WorkoutsStarted"' in out


def test_a_request_for_another_skill_is_refused_and_nothing_is_stored(
    entry: ModuleType, tmp_path: Path
) -> None:
    factory = EnvelopeFactory(skill_id="amzn1.ask.skill.99999999-9999-9999-9999-999999999999")
    response = entry.handler(factory.launch(T0), FakeLambdaContext())
    assert "outputSpeech" not in response["response"]
    assert response["response"]["shouldEndSession"] is True
    spoken = EnvelopeFactory(skill_id=SKILL_ID).launch(T0)
    assert "Welcome to Hamstring Coach" in json.dumps(entry.handler(spoken, FakeLambdaContext()))
