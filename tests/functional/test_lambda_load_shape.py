"""The Lambda's load shape, quick variant (issue 12, item 11): 50 people through one warm
``lambda/app.py`` on moto, turns interleaved, and nothing of one person in another's responses,
session attributes, log lines or stored sets. ``bench/lambda_load.py`` runs 1,000 and reports
speed and memory; here only the no-leakage property is checked, not timings."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "lambda_load_bench", ROOT / "bench/lambda_load.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_fifty_people_interleaved_see_only_their_own(bench: ModuleType) -> None:
    report = bench.run(users=50, seed=11)
    assert report.leaks == []
    assert report.finished == 50, "every workout ran to its summary"
    assert report.turns >= 50 * 12, "whole workouts, not a launch each"
    assert report.log_lines >= report.turns, "every turn's log lines were read"


def test_the_checks_would_see_a_leak(bench: ModuleType) -> None:
    """The checker is not blind: another person's owner, workout, load and id are each caught."""
    from skill.alexa.state import owner_of
    from skill.local.envelope import EnvelopeFactory

    def person(i: int, load: int) -> Any:
        factory = EnvelopeFactory(user_id=f"amzn1.ask.account.LOADUSER-{i:04d}-0123abcd")
        return bench.Person(index=i, load=load, factory=factory, script=iter(()))

    alice, bob = person(1, 20), person(2, 45)
    owners = {"w-bob": 2}
    report = bench.Report(users=2)
    leaked = {
        "sessionAttributes": {
            "owner": owner_of(bob.user_id),
            "coach": {
                "workout": {"workout_id": "w-bob", "logged": [{"workout_id": "w-bob", "load": 45}]}
            },
        },
        "response": {
            "outputSpeech": {
                "ssml": "<speak>Logged ten at forty-five pounds. "
                "amzn1.ask.account.LOADUSER-0002-0123abcd</speak>"
            }
        },
    }
    bench._check_response(alice, leaked, owners, report)
    found = " | ".join(report.leaks)
    assert "attributes owned by" in found
    assert "workout w-bob of person 2" in found
    assert "a set at 45" in found
    assert "'at forty-five pounds'" in found
    assert "LOADUSER-0002" in found

    report = bench.Report(users=2)
    requests = {"req-1": alice}
    line = json.dumps({"message": "request", "alexa_request_id": "req-1", "user": bob.digest})
    bench._check_logs([line], requests, report)
    assert report.leaks and "user" in report.leaks[0]
