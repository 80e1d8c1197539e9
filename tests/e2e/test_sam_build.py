"""The deployable artifact: cfn-lint on the template, `sam build`, and the built handler.

aws-sam-cli pins boto3 and click versions that clash with ours, so it lives in its own virtual
environment (.venv-sam, made on first use). The build fetches wheels from PyPI; no Docker. It
compiles bytecode with Python 3.12, the Lambda runtime's (found by the Makefile on PATH or in
pyenv, or given as LAMBDA_COMPILER).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAM_VENV = ROOT / ".venv-sam"
BIN = Path(sys.executable).parent

PY312_MAGIC = (3531).to_bytes(2, "little") + b"\r\n"
"""importlib.util.MAGIC_NUMBER of CPython 3.12 (every 3.12.x release)."""
UNCHECKED_HASH = 0b01
"""The .pyc flags word of ``--invalidation-mode unchecked-hash``: hash-based, never checked."""
NOT_IMPORTED = ["flask", "werkzeug", "cryptography", "moto", "gunicorn", "jinja2", "hypothesis"]
"""Packages the Lambda never imports (the web endpoint's, the tests'): none may be shipped."""


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

    # Only what the Lambda imports: no web endpoint, no local tools, no console scripts.
    shipped = [name for name in NOT_IMPORTED if (artifact / name).exists()]
    assert not shipped, f"packages the Lambda never imports: {shipped}"
    dists = [d.name for d in artifact.glob("*.dist-info")]
    assert not [d for d in dists if d.lower().startswith(tuple(NOT_IMPORTED))], dists
    for unused in ("skill/local", "skill/web", "bin"):
        assert not (artifact / unused).exists(), unused
    assert (artifact / "skill" / "alexa" / "app.py").is_file()
    assert (artifact / "boto3").is_dir() and (artifact / "botocore").is_dir()

    # Bytecode for the runtime's Python, so a cold start in the read-only /var/task never compiles.
    sources = list(artifact.rglob("*.py"))
    assert len(sources) > 500 and any(p.parts[-2:] == ("skill", "config.py") for p in sources)
    missing = [
        str(src.relative_to(artifact))
        for src in sources
        if not (src.parent / "__pycache__" / f"{src.stem}.cpython-312.pyc").is_file()
    ]
    assert not missing, f"{len(missing)} modules without 3.12 bytecode, e.g. {missing[:5]}"
    for pyc in artifact.rglob("*.pyc"):
        assert pyc.name.endswith(".cpython-312.pyc"), f"bytecode for another Python: {pyc}"
        header = pyc.read_bytes()[:8]
        assert header[:4] == PY312_MAGIC, f"not 3.12 bytecode: {pyc}"
        assert int.from_bytes(header[4:8], "little") == UNCHECKED_HASH, f"checks sources: {pyc}"


def test_the_build_needs_the_runtimes_python_to_compile(tmp_path: Path) -> None:
    """Given a compiler that is not the runtime's Python, the build stops at once and says so."""
    target = "3.13" if sys.version_info[:2] == (3, 12) else "3.12"
    result = subprocess.run(
        ["make", "--no-print-directory", "build-CoachFunction", f"ARTIFACTS_DIR={tmp_path}"],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHON": sys.executable,
            "LAMBDA_PYTHON": target,
            "LAMBDA_COMPILER": sys.executable,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"needs CPython {target}" in result.stderr, result.stderr
    assert "LAMBDA_COMPILER" in result.stderr
    assert list(tmp_path.iterdir()) == [], "nothing was fetched or built"


def test_the_built_handler_answers_a_launch_against_moto(sam: Path, tmp_path: Path) -> None:
    """Built for this machine (same Makefile, host wheels) so it can be imported here."""
    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    artifact = _build(
        sam,
        tmp_path / "build",
        LAMBDA_PLATFORM="manylinux2014_x86_64",
        LAMBDA_PYTHON=py,
        LAMBDA_COMPILER=sys.executable,
    )
    assert not (artifact / "skill" / "local").exists(), "the chat tools stay out of the Lambda"
    from skill.local.envelope import EnvelopeFactory

    skill_id = "amzn1.ask.skill.12345678-1234-1234-1234-123456789012"
    event = EnvelopeFactory(skill_id=skill_id).launch(datetime.now(UTC))
    (tmp_path / "launch.json").write_text(json.dumps(event))
    script = textwrap.dedent(
        """
        import importlib.util, json, os, sys
        from moto import mock_aws
        artifact = sys.argv[1]
        event = json.loads(open(sys.argv[2]).read())
        with mock_aws():
            import boto3
            from skill.store.dynamodb import create_table
            create_table(boto3.client("dynamodb"), "coach-table")
            spec = importlib.util.spec_from_file_location(
                "built_app", os.path.join(artifact, "lambda", "app.py")
            )
            app = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(app)
            class Context:
                function_name = "hamstring-coach"
                memory_limit_in_mb = 512
                invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:x"
                aws_request_id = "req-1"
            response = app.handler(event, Context())
            import skill, pydantic
            print("RESULT " + json.dumps({
                "response": response,
                "skill": skill.__file__,
                "pydantic": pydantic.__file__,
                "flask": "flask" in sys.modules,
                "items": boto3.client("dynamodb").scan(TableName="coach-table")["Count"],
            }))
        """
    )
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
        [sys.executable, "-c", script, str(artifact), str(tmp_path / "launch.json")],
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
    assert found["flask"] is False, "the Lambda path imports no web stack"
    speech = found["response"]["response"]["outputSpeech"]["ssml"]
    assert "Welcome to Hamstring Coach" in speech
    assert found["response"]["response"]["shouldEndSession"] is False
    assert found["items"] == 0, "a first launch reads but writes nothing"
