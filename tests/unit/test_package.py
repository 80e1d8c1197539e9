"""The ASK CLI skill package: a manifest the SMAPI model accepts, wired to the endpoint."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from ask_sdk_core.serialize import DefaultSerializer

from skill.local.package import manifest, write_package

ROOT = Path(__file__).resolve().parents[2]
ARN = "arn:aws:lambda:us-east-1:123456789012:function:hamstring-coach-CoachFunction-AbC123"
LOCALES = ["en-AU", "en-CA", "en-GB", "en-IN", "en-US"]
ENVELOPE = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"


def _roundtrip(document: dict[str, object]) -> dict[str, object]:
    serializer = DefaultSerializer()
    parsed = serializer.deserialize(json.dumps(document), ENVELOPE)
    assert parsed is not None and parsed.manifest is not None
    back = serializer.serialize(parsed)
    assert isinstance(back, dict)
    return back


def test_manifest_parses_with_smapi_and_keeps_every_field() -> None:
    document = manifest(ARN, ["en-US"])
    assert _roundtrip(document) == document, "an unknown or misspelt key would be dropped"


def test_manifest_points_apis_and_events_at_the_function() -> None:
    body = manifest(ARN, ["en-US"])["manifest"]
    assert body["apis"]["custom"]["endpoint"] == {"uri": ARN}
    assert body["events"]["endpoint"] == {"uri": ARN}
    assert {"eventName": "SKILL_DISABLED"} in body["events"]["subscriptions"]
    assert {"name": "alexa::alerts:reminders:skill:readwrite"} in body["permissions"]
    assert {"eventName": "REMINDER_DELETED"} in body["events"]["subscriptions"]
    info = body["publishingInformation"]["locales"]["en-US"]
    assert info["name"] == "Hamstring Coach"
    assert all(p.lower().startswith("alexa, ") for p in info["examplePhrases"])


def test_https_endpoint_carries_a_certificate_type() -> None:
    body = manifest("https://coach.example.com/", ["en-US"])["manifest"]
    assert body["apis"]["custom"]["endpoint"]["sslCertificateType"] == "Wildcard"
    _roundtrip(manifest("https://coach.example.com/", ["en-US"]))


@pytest.mark.parametrize("endpoint", ["", "lambda", "http://insecure.example.com", "arn:aws:s3"])
def test_bad_endpoints_are_refused(endpoint: str) -> None:
    with pytest.raises(ValueError):
        manifest(endpoint, ["en-US"])


def test_write_package_lays_out_what_the_ask_cli_expects(tmp_path: Path) -> None:
    written = write_package(ROOT / "interaction_models", tmp_path / "skill-package", ARN)
    skill_json = tmp_path / "skill-package" / "skill.json"
    custom = tmp_path / "skill-package" / "interactionModels" / "custom"
    models = {custom / f"{locale}.json" for locale in LOCALES}
    assert set(written) == {skill_json, *models}
    for model in models:
        assert model.read_bytes() == (ROOT / "interaction_models" / model.name).read_bytes()
    body = json.loads(skill_json.read_text())["manifest"]
    assert sorted(body["publishingInformation"]["locales"]) == LOCALES
    assert sorted(body["privacyAndCompliance"]["locales"]) == LOCALES
    assert body["publishingInformation"]["distributionCountries"] == ["AU", "CA", "GB", "IN", "US"]
    _roundtrip(json.loads(skill_json.read_text()))


def test_each_listing_speaks_its_market_and_its_examples_are_its_samples() -> None:
    info = manifest(ARN, LOCALES)["manifest"]["publishingInformation"]["locales"]
    assert "programme" in info["en-GB"]["description"]
    assert "programme" not in info["en-US"]["description"]
    for locale in LOCALES:
        model = json.loads((ROOT / "interaction_models" / f"{locale}.json").read_text())
        samples = {
            s for i in model["interactionModel"]["languageModel"]["intents"] for s in i["samples"]
        }
        for phrase in info[locale]["examplePhrases"]:
            words = phrase.lower().removeprefix("alexa, ")
            if words == "open hamstring coach":
                continue
            spoken = words.removeprefix("ask hamstring coach ").removeprefix("to ")
            assert spoken.replace("what i should", "what should i") in samples, (locale, phrase)


def test_the_package_command_writes_it_and_refuses_a_bad_endpoint(tmp_path: Path) -> None:
    out = tmp_path / "skill-package"
    ok = subprocess.run(
        [sys.executable, "-m", "skill.local.cli", "package", "--endpoint", ARN, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert ok.returncode == 0, ok.stderr
    assert str(out / "skill.json") in ok.stdout
    assert json.loads((out / "skill.json").read_text()) == manifest(ARN, LOCALES)
    written = json.loads((out / "skill.json").read_text())["manifest"]
    assert written["permissions"] == [{"name": "alexa::alerts:reminders:skill:readwrite"}]
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "skill.local.cli",
            "package",
            "--endpoint",
            "nope",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert bad.returncode == 2 and "endpoint" in bad.stderr
