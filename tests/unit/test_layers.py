"""The layer contract: core decides, speech words it, the shells hold every SDK and all I/O.

The contracts live in pyproject.toml under [tool.importlinter]; `lint-imports` (import-linter,
in the dev extra) checks them over the real import graph, external packages included. The second
test keeps the check honest: a copy of the package with one forbidden import must fail it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
IGNORED = re.compile(r'^\s*"[\w.*]+ -> [\w.*]+",?[^\n]*\n', re.MULTILINE)
"""One ``ignore_imports`` entry in pyproject.toml."""


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` run in ``cwd`` against the pyproject.toml there (no cache left behind)."""
    exe = shutil.which("lint-imports", path=str(BIN)) or shutil.which("lint-imports")
    if exe is None:
        pytest.fail("lint-imports is not installed; install the dev extra: pip install -e '.[dev]'")
    return subprocess.run(
        [exe, "--no-logo", "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


STALE_IGNORE = "No matches for ignored import"
"""import-linter's words when an ``ignore_imports`` entry no longer matches any import."""


def test_the_layer_contract_holds() -> None:
    result = lint_imports(ROOT)
    report = result.stdout + result.stderr
    if STALE_IGNORE in report:
        report += (
            "\nA known violation is gone: delete its line from ignore_imports in pyproject.toml "
            "(both contracts), so it cannot come back unnoticed.\n"
        )
    assert result.returncode == 0, report
    assert "0 broken" in report, report


@pytest.mark.parametrize(
    ("module", "line", "expected"),
    [
        ("core/rules.py", "import flask", "skill.core.rules -> flask"),
        ("core/plan.py", "import boto3", "skill.core.plan -> boto3"),
        ("core/profile.py", "import skill.store.sqlite", "skill.core.profile -> skill.store"),
        ("core/plan.py", "import skill.speech.ssml", "skill.core.plan -> skill.speech"),
        ("speech/ssml.py", "import ask_sdk_core", "skill.speech.ssml -> ask_sdk_core"),
        ("store/sqlite.py", "import skill.alexa.app", "skill.store.sqlite -> skill.alexa"),
        ("web/verify.py", "import skill.local.nlu", "skill.web.verify -> skill.local"),
    ],
    ids=[
        "core-flask",
        "core-boto3",
        "core-store",
        "core-speech",
        "speech-sdk",
        "store-alexa",
        "web-local",
    ],
)
def test_a_forbidden_import_breaks_the_contract(
    tmp_path: Path, module: str, line: str, expected: str
) -> None:
    """The same config over a copy of the package with one forbidden import added must fail.

    lint-imports puts its working directory first on sys.path, so the copy is what it analyses,
    not the installed (editable) package.
    """
    # The same contracts without the known-violation ignores: those are about today's tree, and
    # one that stops matching would fail the run for its own reason.
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(IGNORED.sub("", config), encoding="utf-8")
    shutil.copytree(
        ROOT / "skill", tmp_path / "skill", ignore=shutil.ignore_patterns("__pycache__")
    )
    target = tmp_path / "skill" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", "utf-8")

    result = lint_imports(tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode != 0, report
    assert "BROKEN" in report, report
    assert expected in report, report
