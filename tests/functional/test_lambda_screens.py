"""Device-shaped envelopes through the deployed Lambda entry point (lambda/app.py): an Echo Show
15, Show 5 and Spot get the plan, the set read rep by rep and the rest as APL, each directive
deserializing with ask-sdk-model, every response within 24 KB; a voice-only Echo gets no
directive and hears the same."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.directive import Directive
from ask_sdk_model.interfaces.alexa.presentation.apl import (
    ExecuteCommandsDirective,
    RenderDocumentDirective,
)

from skill.alexa.state import MAX_RESPONSE_BYTES
from skill.local.screens import heard_ssml
from tests.factories import Alexa, FakeLambdaContext, MutableClock

ROOT = Path(__file__).resolve().parents[2]
SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


@pytest.fixture
def entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.setenv("HAMSTRING_DB", str(tmp_path / "coach.sqlite3"))
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    monkeypatch.delenv("HAMSTRING_STORE", raising=False)
    spec = importlib.util.spec_from_file_location(
        "lambda_screens_under_test", ROOT / "lambda/app.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("lambda_screens_under_test", None)


def person(entry: ModuleType, device: str | None) -> Alexa:
    def handler(event: dict[str, Any], _: object) -> dict[str, Any]:
        response: dict[str, Any] = entry.handler(event, FakeLambdaContext())
        return response

    alexa = Alexa(handler, MutableClock(datetime.now(UTC)), user_id=f"amzn1.ask.account.{device}")
    alexa.factory.skill_id = SKILL_ID
    alexa.factory.screen = device
    return alexa


def day(alexa: Alexa) -> list[dict[str, Any]]:
    """Onboarding, two counted and logged sets, a question, stop: every response."""
    responses = []
    alexa.onboard(("dumbbells", "bands"), "some")
    responses.append(alexa.last)
    for _ in range(2):
        alexa.say("ReadyIntent")
        responses.append(alexa.last)
        alexa.say("LogSetIntent", reps="8", load="15", effort="right")
        responses.append(alexa.last)
    for intent in ("ProgressIntent", "AMAZON.StopIntent"):
        alexa.say(intent)
        responses.append(alexa.last)
    return responses


@pytest.mark.parametrize("device", ["show15", "show5", "spot"])
def test_a_screen_device_through_the_lambda(entry: ModuleType, device: str) -> None:
    voice = day(person(entry, None))
    screen = day(person(entry, device))
    kinds, commands = [], []
    for response in screen:
        assert len(json.dumps(response).encode()) <= MAX_RESPONSE_BYTES
        for directive in response["response"].get("directives") or []:
            parsed = DefaultSerializer().deserialize(json.dumps(directive), Directive)
            if isinstance(parsed, RenderDocumentDirective):
                kinds.append(directive["datasources"]["payload"]["properties"]["screen"]["kind"])
            else:
                assert isinstance(parsed, ExecuteCommandsDirective), directive
                commands.append(parsed.commands[0].object_type)
    assert {"overview", "set", "rest", "progress"} <= set(kinds)
    assert commands == ["SpeakList", "SpeakList"], "each counted set is read from the screen"
    assert [heard_ssml(r) for r in screen] == [heard_ssml(r) for r in voice]
    for response in voice:
        assert "directives" not in response["response"]
