"""The tree stays tidy: ruff (lint and format) and mypy run as part of the test suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the dev extra: pip install -e '.[dev]'")
    return found


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
    ],
    ids=["ruff-lint", "ruff-format", "mypy"],
)
def test_tool_is_clean(command: list[str]) -> None:
    result = subprocess.run(
        [_tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line and "pip" in line)
    assert command.strip() in readme


def test_the_inner_loop_command_works_as_documented() -> None:
    """The README's quick command needs its markers registered and pytest-xdist installed."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '.venv/bin/pytest -m "not e2e" -n 2' in readme
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    dev = project["project"]["optional-dependencies"]["dev"]
    assert any(requirement.startswith("pytest-xdist") for requirement in dev)
    pytest_config = project["tool"]["pytest"]["ini_options"]
    assert "--strict-markers" in pytest_config["addopts"]
    markers = {line.split(":", 1)[0] for line in pytest_config["markers"]}
    assert markers >= {"unit", "functional", "e2e", "tidy"}
