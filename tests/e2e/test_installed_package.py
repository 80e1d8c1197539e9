"""The package as a user installs it: a wheel built from a copy of the source, installed (not
editable) into a brand-new virtual environment, its ``hamstring-coach`` command run from a
directory outside the checkout with no PYTHONPATH, so nothing can come from this repository.

The wheel is built by pip (setuptools in an isolated build, as ``pip install .`` would); the
runtime dependencies come from the package index, held to the versions in this test's own venv
(a ``pip freeze`` constraints file) so the installed package runs what the suite tested.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.events import load_event
from tests.factories import check_response, plain_text

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ("pyproject.toml", "README.md", "skill", "interaction_models")
"""What `pip install <checkout>` reads: the project file, its readme and the packaged trees."""
LOCAL_USER = "amzn1.ask.account.LOCAL-DEVELOPER"
ENDPOINT = "arn:aws:lambda:us-east-1:123456789012:function:x"
INSTALL_S = 900
RUN_S = 120
STARTUP_S = 30.0


@dataclass(frozen=True)
class Installed:
    venv: Path
    elsewhere: Path
    """A working directory outside the checkout."""
    env: dict[str, str]

    @property
    def command(self) -> str:
        return str(self.venv / "bin" / "hamstring-coach")

    @property
    def python(self) -> str:
        return str(self.venv / "bin" / "python")

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args),
            input=stdin,
            capture_output=True,
            text=True,
            cwd=self.elsewhere,
            env=self.env,
            timeout=RUN_S,
        )


def _checked(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_S, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def _clean_env(home: Path) -> dict[str, str]:
    """No PYTHONPATH, no active venv, no skill configuration; HOME and data dirs in tmp."""
    dropped = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "SKILL_ID", "FLASK_DEBUG")
    env = {
        k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("HAMSTRING_")
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"
    source.mkdir()
    for name in SOURCE:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(
                origin,
                source / name,
                symlinks=True,  # skill/data/interaction_models stays the link it is in git
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
        else:
            shutil.copy2(origin, source / name)

    wheels = base / "wheels"
    _checked(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), source]
    )
    (wheel,) = wheels.glob("hamstring_coach-*.whl")

    frozen = _checked([sys.executable, "-m", "pip", "freeze", "--exclude-editable"]).stdout
    constraints = base / "constraints.txt"
    constraints.write_text(
        "\n".join(
            line
            for line in frozen.splitlines()
            if "==" in line and not line.lower().startswith("hamstring")
        )
        + "\n",
        encoding="utf-8",
    )

    venv = base / "venv"
    _checked([sys.executable, "-m", "venv", str(venv)])
    home = base / "home"
    home.mkdir()
    env = _clean_env(home)
    pip = [str(venv / "bin" / "python"), "-m", "pip"]
    _checked(
        [*pip, "install", "--quiet", "-c", str(constraints), str(wheel)],
        env=env,
        cwd=base,
    )
    shutil.rmtree(source)  # whatever runs from here on cannot be reading the copy either
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    return Installed(venv=venv, elsewhere=elsewhere, env=env)


def test_the_package_is_installed_not_linked_to_the_checkout(installed: Installed) -> None:
    probe = textwrap.dedent(
        """
        import json, sys
        import skill
        from skill.alexa.interaction_model import models_dir
        print(json.dumps({
            "skill": skill.__file__,
            "model": str(models_dir().joinpath("en-US.json")),
            "path": sys.path,
            "prefix": sys.prefix,
            "base_prefix": sys.base_prefix,
        }))
        """
    )
    result = installed.run(installed.python, "-c", probe)
    assert result.returncode == 0, result.stderr
    where = json.loads(result.stdout)
    site = installed.venv / "lib"
    assert Path(where["skill"]).is_relative_to(site), where["skill"]
    assert Path(where["model"]).is_relative_to(site), where["model"]
    assert Path(where["model"]).is_file(), "the interaction model ships inside the package"
    assert not any(p and Path(p).resolve().is_relative_to(ROOT) for p in where["path"])
    assert where["prefix"] != where["base_prefix"], "a virtual environment"
    no_system = installed.venv / "pyvenv.cfg"
    assert "include-system-site-packages = false" in no_system.read_text(encoding="utf-8")


def test_a_piped_chat_understands_the_shipped_slot_synonyms(
    installed: Installed, tmp_path: Path
) -> None:
    """Synonyms only the interaction model knows: "hand weights" is dumbbells, "beginner" is
    new, "lbs" is pounds and "pretty easy" is easy."""
    db = tmp_path / "x.sqlite3"
    conversation = "\n".join(
        ["hand weights", "i'm a beginner", "ready", "ten reps at twenty lbs, pretty easy", "stop"]
    )
    result = installed.run(installed.command, "chat", "--db", str(db), stdin=conversation)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "What equipment do you have" in out, out
    assert "Got it: dumbbells." in out, out
    assert "Got it: new." in out, out
    assert "easy, just right, or hard" in out, out
    assert "Logged ten at twenty pounds" in out, out
    assert "Saved where you are, with one set logged" in out, out
    assert "(session closed)" in out

    # What the installed package stored, read back by the installed package.
    reader = textwrap.dedent(
        f"""
        import json, sys
        from skill.store.sqlite import SQLiteStore
        with SQLiteStore(sys.argv[1]) as store:
            data = store.load_user({LOCAL_USER!r})
            print(json.dumps({{
                "equipment": [str(e.value) for e in data.profile.equipment],
                "level": str(data.profile.level.value),
                "sets": [
                    [s.reps, s.load, str(s.unit.value), str(s.effort.value)]
                    for s in data.active.logged
                ],
            }}))
        """
    )
    stored = installed.run(installed.python, "-c", reader, str(db))
    assert stored.returncode == 0, stored.stderr
    assert json.loads(stored.stdout) == {
        "equipment": ["dumbbells"],
        "level": "new",
        "sets": [[10, 20.0, "lb", "easy"]],
    }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _http(method: str, url: str, body: bytes | None = None) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def server(installed: Installed, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            [
                *(installed.command, "serve", "--no-verify"),
                *("--port", str(port), "--db", str(tmp_path / "served.sqlite3")),
            ],
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=sink,
            cwd=installed.elsewhere,
            env=installed.env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_S
            while True:
                if process.poll() is not None:
                    pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()}")
                try:
                    if _http("GET", base + "/health")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"serve did not come up in {STARTUP_S}s:\n{log.read_text()}")
                time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_serve_answers_health_and_a_launch(server: str) -> None:
    assert _http("GET", server + "/health") == (200, {"status": "ok"})
    status, reply = _http("POST", server + "/", json.dumps(load_event("launch_request")).encode())
    assert status == 200, reply
    ssml = check_response(reply)
    assert "What equipment do you have" in plain_text(ssml)
    assert reply["response"]["shouldEndSession"] is False


def test_package_writes_the_manifest_and_the_shipped_model(
    installed: Installed, tmp_path: Path
) -> None:
    out = tmp_path / "pkg"
    result = installed.run(installed.command, "package", "--endpoint", ENDPOINT, "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr

    manifest = json.loads((out / "skill.json").read_text(encoding="utf-8"))["manifest"]
    assert manifest["apis"]["custom"]["endpoint"]["uri"] == ENDPOINT
    assert manifest["events"]["endpoint"]["uri"] == ENDPOINT
    assert {"eventName": "SKILL_DISABLED"} in manifest["events"]["subscriptions"]

    model_path = out / "interactionModels" / "custom" / "en-US.json"
    model = json.loads(model_path.read_text(encoding="utf-8"))
    source = json.loads((ROOT / "interaction_models" / "en-US.json").read_text(encoding="utf-8"))
    assert model == source, "the package carries the repository's interaction model"
    assert model["interactionModel"]["languageModel"]["invocationName"] == "hamstring coach"
