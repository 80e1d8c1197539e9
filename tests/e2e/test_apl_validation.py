"""Every APL document we ship, and every one a real session sends to an Echo Spot, Show 5 and
Show 15, passes Amazon's own validator (the npm package apl-suggester, pinned in
tests/apl/package-lock.json and installed by ``npm ci``); every directive deserializes with
ask-sdk-model. Without Node.js and npm these tests fail: a skipped validation is no validation."""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.directive import Directive
from ask_sdk_model.interfaces.alexa.presentation.apl import (
    ExecuteCommandsDirective,
    RenderDocumentDirective,
)

from skill.alexa.state import MAX_RESPONSE_BYTES
from skill.core.workout import Phase
from tests.factories import Alexa

APL_TESTS = Path(__file__).resolve().parents[1] / "apl"
VALIDATE = APL_TESTS / "validate.js"
APL_DIRECTIVES = (RenderDocumentDirective, ExecuteCommandsDirective)


@pytest.fixture(scope="session")
def validator() -> list[str]:
    """The command that validates documents; installs the pinned apl-suggester first."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail(
            "APL validation needs Node.js and npm on PATH (apl-suggester runs on Node); "
            "install Node.js 18 or newer, then rerun",
            pytrace=False,
        )
    install(npm)
    return [node, str(VALIDATE)]


def install(npm: str) -> None:
    """``npm ci`` from the committed lock file, once per lock file: xdist workers each run this
    fixture, and two ``npm ci`` at once delete each other's node_modules, so they take turns."""
    lock = (APL_TESTS / "package-lock.json").read_bytes()
    wanted = hashlib.sha256(lock).hexdigest()
    marker = APL_TESTS / "node_modules" / ".installed-lock"
    with (APL_TESTS / ".install.lock").open("w") as turn:
        fcntl.flock(turn, fcntl.LOCK_EX)
        if marker.exists() and marker.read_text() == wanted:
            return
        installed = subprocess.run(
            [npm, "ci", "--prefix", str(APL_TESTS), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if installed.returncode != 0:
            pytest.fail(
                f"npm ci for apl-suggester failed:\n{installed.stderr[-2000:]}", pytrace=False
            )
        marker.write_text(wanted)


def validate(command: list[str], documents: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """apl-suggester's findings (errors and warnings) per document name."""
    done = subprocess.run(
        command, input=json.dumps(documents), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, list[dict[str, Any]]] = json.loads(done.stdout)
    assert set(found) == set(documents)
    return found


def shipped() -> dict[str, Any]:
    folder = resources.files("skill").joinpath("data/apl")
    return {
        item.name: json.loads(item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith(".json")
    }


def test_the_validator_finds_faults(validator: list[str]) -> None:
    """A control: a document with a misspelt property does not pass, so passing means something."""
    broken = {"type": "APL", "version": "2023.3", "mainTemplate": {"items": [{"type": "Text"}]}}
    broken["mainTemplate"]["items"][0]["txet"] = "typo"
    assert validate(validator, {"broken": broken})["broken"]


def test_every_shipped_document_is_valid(validator: list[str]) -> None:
    documents = shipped()
    assert {"set.json", "rest.json", "overview.json", "summary.json", "progress.json"} <= set(
        documents
    )
    assert validate(validator, documents) == {name: [] for name in documents}


@pytest.mark.parametrize("device", ["spot", "show5", "show15"])
def test_every_document_a_session_sends_is_valid_and_deserializes(
    validator: list[str], alexa: Alexa, device: str
) -> None:
    alexa.factory.screen = device
    sent: dict[str, Any] = {}
    commands: list[str] = []

    def keep() -> None:
        assert len(json.dumps(alexa.last).encode()) <= MAX_RESPONSE_BYTES
        rendered = None
        for n, directive in enumerate(alexa.body.get("directives") or []):
            parsed = DefaultSerializer().deserialize(json.dumps(directive), Directive)
            assert isinstance(parsed, APL_DIRECTIVES), directive
            if isinstance(parsed, RenderDocumentDirective):
                rendered = parsed.token
                sent[f"{len(sent)}-{directive['token']}-{n}"] = directive["document"]
            else:
                assert parsed.token == rendered, "commands for the document just rendered"
                commands.extend(c["type"] for c in directive["commands"])

    alexa.onboard(("dumbbells", "bands"), "new")
    keep()
    while (workout := alexa.workout) is not None and workout.phase is not Phase.DONE:
        alexa.count_set()
        keep()
        alexa.say("LogSetIntent", reps="8", load="15", effort="hard")
        keep()
        if alexa.ended:
            break
    alexa.launch()
    alexa.say("ProgressIntent")
    keep()
    kinds = {name.split("-")[3] for name in sent}
    assert kinds == {"overview", "set", "rest", "summary", "progress"}
    assert commands and set(commands) == {"SpeakList"}
    assert validate(validator, sent) == {name: [] for name in sent}
