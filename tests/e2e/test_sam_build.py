"""The deployable artifact: cfn-lint on the template, `sam build`, and the built handler.

aws-sam-cli pins boto3 and click versions that clash with ours, so it lives in its own virtual
environment (.venv-sam, made on first use). The build fetches wheels from PyPI; no Docker.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAM_VENV = ROOT / ".venv-sam"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def sam() -> Path:
    exe = SAM_VENV / "bin" / "sam"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(SAM_VENV)], check=True, timeout=300)
        subprocess.run(
            [str(SAM_VENV / "bin" / "pip"), "install", "--quiet", "aws-sam-cli"],
            check=True,
            timeout=1200,
        )
    return exe


def _build(sam: Path, build_dir: Path, **make_vars: str) -> Path:
    env = {
        **os.environ,
        "SAM_CLI_TELEMETRY": "0",
        "PYTHON": sys.executable,  # the Makefile's pip: any CPython works, wheels are fetched
        **make_vars,
    }
    result = subprocess.run(
        [
            str(sam),
            "build",
            "--template-file",
            str(ROOT / "template.yaml"),
            "--base-dir",
            str(ROOT),
            "--build-dir",
            str(build_dir),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "Build Succeeded" in result.stdout
    return build_dir / "CoachFunction"


def test_cfn_lint_is_clean() -> None:
    exe = shutil.which("cfn-lint", path=str(BIN)) or shutil.which("cfn-lint")
    assert exe, "cfn-lint comes with the dev extra"
    result = subprocess.run(
        [exe, str(ROOT / "template.yaml")], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sam_build_makes_an_arm64_python312_artifact(sam: Path, tmp_path: Path) -> None:
    artifact = _build(sam, tmp_path / "build")
    assert (artifact / "lambda" / "app.py").is_file()
    assert (artifact / "skill" / "data" / "exercises.json").is_file()
    models = artifact / "skill" / "data" / "interaction_models"
    assert (models / "en-US.json").is_file(), "slot synonyms travel inside the package"
    assert (artifact / "aws_lambda_powertools").is_dir()
    native = list((artifact / "pydantic_core").glob("*.so"))
    assert native and all("cpython-312-aarch64" in so.name for so in native), native
    assert not (artifact / "tests").exists() and not (artifact / ".venv").exists()


def test_the_built_handler_answers_a_launch_against_moto(sam: Path, tmp_path: Path) -> None:
    """Built for this machine (same Makefile, host wheels) so it can be imported here."""
    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    artifact = _build(
        sam, tmp_path / "build", LAMBDA_PLATFORM="manylinux2014_x86_64", LAMBDA_PYTHON=py
    )
    script = textwrap.dedent(
        """
        import importlib.util, json, os, sys
        from moto import mock_aws
        artifact = sys.argv[1]
        with mock_aws():
            import boto3
            from skill.store.dynamodb import create_table
            create_table(boto3.client("dynamodb"), "coach-table")
            spec = importlib.util.spec_from_file_location(
                "built_app", os.path.join(artifact, "lambda", "app.py")
            )
            app = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(app)
            from skill.local.envelope import EnvelopeFactory
            from datetime import datetime, UTC
            class Context:
                function_name = "hamstring-coach"
                memory_limit_in_mb = 512
                invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:x"
                aws_request_id = "req-1"
            event = EnvelopeFactory(skill_id=os.environ["SKILL_ID"]).launch(datetime.now(UTC))
            response = app.handler(event, Context())
            import skill, pydantic
            print("RESULT " + json.dumps({
                "response": response,
                "skill": skill.__file__,
                "pydantic": pydantic.__file__,
                "items": boto3.client("dynamodb").scan(TableName="coach-table")["Count"],
            }))
        """
    )
    skill_id = "amzn1.ask.skill.12345678-1234-1234-1234-123456789012"
    env = {
        **os.environ,
        "PYTHONPATH": str(artifact),
        "HAMSTRING_STORE": "dynamodb",
        "HAMSTRING_TABLE": "coach-table",
        "SKILL_ID": skill_id,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    env.pop("HAMSTRING_DB", None)
    result = subprocess.run(
        [sys.executable, "-c", script, str(artifact)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    found = json.loads(line.removeprefix("RESULT "))
    assert found["skill"].startswith(str(artifact)), "the skill came from the build folder"
    assert found["pydantic"].startswith(str(artifact))
    speech = found["response"]["response"]["outputSpeech"]["ssml"]
    assert "Welcome to Hamstring Coach" in speech
    assert found["response"]["response"]["shouldEndSession"] is False
    assert found["items"] == 0, "a first launch reads but writes nothing"
