"""`hamstring-coach chat` as a person runs it: the installed console script as a real process, a
conversation piped into stdin, and the SQLite file it leaves behind read back through the store.

HOME and XDG_DATA_HOME point into tmp_path and the working directory is tmp_path, so every run is
a fresh machine and nothing touches the real user data directory.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest

from skill.core.catalog import load_catalog
from skill.core.effort import Effort
from skill.core.history import HistorySummary, SessionStatus
from skill.core.plan import plan_session
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.workout import Phase
from skill.local.cli import LOCAL_USER
from skill.store.sqlite import SQLiteStore
from tests.factories import check_ssml, fitted

START = datetime.fromisoformat("2026-12-01T18:00:00+00:00")
ONBOARDING = ("dumbbells and bands", "some experience")
PROFILE = Profile(equipment=[Equipment.DUMBBELLS, Equipment.BANDS], level=Level.SOME)
PLANNED_SETS = plan_session(load_catalog(), PROFILE, fitted(HistorySummary(), PROFILE)).total_sets
"""Sets the first day coaches: its programme (skill.core.blocks), planned."""


def chat_command() -> list[str]:
    """The installed console script next to this interpreter, else the module."""
    script = shutil.which("hamstring-coach", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "skill.local.cli"]


@dataclass
class Run:
    stdout: str
    stderr: str

    @property
    def alexa(self) -> list[str]:
        """What Alexa said, one entry per response, in order."""
        prefix = "Alexa: "
        return [line[len(prefix) :] for line in self.stdout.splitlines() if line.startswith(prefix)]

    def after(self, utterance: str) -> str:
        """Alexa's answer to the first time ``utterance`` was typed."""
        lines = self.stdout.splitlines()
        start = lines.index(f"You:   {utterance}")
        for line in lines[start + 1 :]:
            if line.startswith("Alexa: "):
                return line[len("Alexa: ") :]
        raise AssertionError(f"no answer to {utterance!r}")


def chat(
    tmp_path: Path,
    lines: Sequence[str],
    *,
    now: datetime = START,
    extra: Sequence[str] = (),
    db: Path | None = None,
) -> Run:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAMSTRING_")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        PYTHONUNBUFFERED="1",
    )
    command = [*chat_command(), "chat", "--db", str(db or tmp_path / "coach.sqlite3")]
    command += ["--now", now.isoformat(), *extra]
    done = subprocess.run(
        command,
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return Run(done.stdout, done.stderr)


def open_store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "coach.sqlite3")


def test_a_new_user_trains_stops_and_resumes_later_that_day(tmp_path: Path) -> None:
    first = chat(
        tmp_path,
        [
            "start hamstring day",
            *ONBOARDING,
            "ready",
            "continue",  # single-leg RDLs: a side per turn
            "form cue",
            "ten reps at thirty pounds it was hard",
            "ready",
            "continue",
            "just right",
            "stop",
        ],
    )
    assert "Welcome to Hamstring Coach" in first.alexa[0]
    assert "not medical advice" in first.alexa[0]
    assert "You're all set" in first.after("some experience")

    counted = first.after("ready")
    assert "(…" in counted, "pauses are shown in the counted set"
    for count in ("One.", "Two.", "Eight."):
        assert count in counted
    assert counted.endswith("Switch sides, and say ready for the other side.")
    other = first.after("continue")
    assert "Now the right side." in other and "Eight." in other
    assert "easy, just right, or hard" in other

    cue = first.after("form cue")
    assert "One." not in cue and "how that set felt" in cue

    logged = first.after("ten reps at thirty pounds it was hard")
    assert "Logged ten at thirty pounds" in logged
    # hard, every rep made: the next set is a rep under the target of eight (done tired)
    assert "Next set, aim for seven reps" in logged
    assert "Rest" in logged and "Set two of four, seven reps each side" in logged
    assert "Logged seven at thirty pounds" in first.after("just right")
    assert "Saved" in first.after("stop")
    assert first.stdout.rstrip().endswith("(session closed)")

    # three hours later (an unfinished workout is offered the same day), a new process
    second = chat(tmp_path, ["yes", "ready", "continue", "easy"], now=START + timedelta(hours=3))
    offer = second.alexa[0]
    assert "Welcome back" in offer and "set three of four" in offer
    assert offer.endswith("?")
    picked = second.after("yes")
    assert "Set three of four" in picked and "thirty pounds" in picked
    counted = second.after("ready")
    assert "(…" in counted and "Seven." in counted and "Eight." not in counted
    assert "Logged seven at thirty pounds" in second.after("easy")

    with open_store(tmp_path) as store:
        (session,) = store.recent_sessions(LOCAL_USER)
        sets = [(s.exercise_index, s.set_number, s.reps, s.load, s.effort) for s in session.sets]
        assert sets == [
            (0, 1, 10, 30.0, Effort.HARD),
            (0, 2, 7, 30.0, Effort.RIGHT),
            (0, 3, 7, 30.0, Effort.EASY),
        ]
        assert all(s.unit is Unit.LB for s in session.sets)
        assert session.status is SessionStatus.ACTIVE
        user = store.load_user(LOCAL_USER)
        assert user.active is not None, "leaving at the end of input keeps the workout"
        assert (user.active.exercise_index, user.active.set_number) == (0, 4)
        assert user.active.phase is Phase.SETUP
        assert user.profile is not None and user.profile.complete


def test_ssml_flag_prints_the_raw_speech(tmp_path: Path) -> None:
    run = chat(tmp_path, [*ONBOARDING, "ready"], extra=["--ssml"])
    assert run.alexa, run.stdout
    for speech in run.alexa:
        assert speech.startswith("<speak>") and speech.endswith("</speak>")
        check_ssml(speech)
    counted = run.after("ready")
    assert "<break time=" in counted
    assert ElementTree.fromstring(counted).find("break") is not None


def test_unmatched_text_gets_the_fallback_answer(tmp_path: Path) -> None:
    run = chat(tmp_path, [*ONBOARDING, "purple monkey dishwasher", "ready"])
    answer = run.after("purple monkey dishwasher")
    assert "didn't catch" in answer
    assert "Say ready" in answer, "and it says how to carry on"
    assert "One." in run.after("ready"), "the workout is still there afterwards"


class LiveChat:
    """The chat process fed one line at a time, reading each answer before typing the next."""

    def __init__(self, tmp_path: Path) -> None:
        home = tmp_path / "home"
        env = {k: v for k, v in os.environ.items() if not k.startswith("HAMSTRING_")}
        env.update(HOME=str(home), XDG_DATA_HOME=str(home / "share"), PYTHONUNBUFFERED="1")
        command = [*chat_command(), "chat", "--db", str(tmp_path / "coach.sqlite3")]
        self.process = subprocess.Popen(
            [*command, "--now", START.isoformat()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.transcript: list[str] = []
        self.first = self.answer()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def answer(self) -> str:
        """The next thing Alexa says (waits for it)."""
        while True:
            line = self.lines.get(timeout=30)
            assert line is not None, "the chat exited early:\n" + "\n".join(self.transcript)
            self.transcript.append(line)
            if line.startswith("Alexa: "):
                return line[len("Alexa: ") :]

    def say(self, text: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        return self.answer()

    def close(self) -> str:
        """End of input (Ctrl-D); returns the rest of the output."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.reader.join(timeout=30)
        rest: list[str] = []
        while not self.lines.empty():
            line = self.lines.get()
            if line is not None:
                rest.append(line)
        self.transcript += rest
        assert self.process.returncode == 0
        return "\n".join(rest)


def test_a_whole_day_can_be_piped_through(tmp_path: Path) -> None:
    """Onboard, then 'ready' and 'just right' over and over until the summary: a whole day."""
    live = LiveChat(tmp_path)
    try:
        assert "equipment" in live.first
        for line in ONBOARDING:
            live.say(line)
        said: list[str] = []
        for _ in range(3 * PLANNED_SETS):
            said.append(live.say("ready"))
            while said[-1].endswith(("for the other side.", "for the rest.")):
                said.append(live.say("ready"))  # a set counted in turns
            said.append(live.say("just right"))
            if "That's hamstring day done" in said[-1]:
                break
        rest = live.close()
    finally:
        if live.process.poll() is None:
            live.process.kill()
    assert "That's hamstring day done" in said[-1], said[-1]
    assert rest.strip() == "(session closed)", "the day ends with the summary"
    counted = sum("(…" in s and s.endswith("easy, just right, or hard?") for s in said)
    assert counted == PLANNED_SETS, "one counted set each"

    with open_store(tmp_path) as store:
        (session,) = store.recent_sessions(LOCAL_USER)
        assert session.status is SessionStatus.FINISHED
        assert len(session.sets) == PLANNED_SETS
        assert len({s.key for s in session.sets}) == PLANNED_SETS
        assert {s.effort for s in session.sets} == {Effort.RIGHT}
        assert store.load_user(LOCAL_USER).active is None


def test_nothing_is_written_outside_the_given_places(tmp_path: Path) -> None:
    """Without --db the data goes under the (redirected) user data dir, never the real one."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAMSTRING_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"))
    done = subprocess.run(
        [*chat_command(), "chat", "--now", START.isoformat()],
        input="help\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    created = [p for p in home.rglob("*") if p.is_file()]
    assert created and all(p.is_relative_to(home / "data") for p in created), created


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01"])
def test_a_bad_now_is_refused_with_a_message(tmp_path: Path, bad: str) -> None:
    done = subprocess.run(
        [*chat_command(), "chat", "--db", str(tmp_path / "x.db"), "--now", bad],
        input="",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--now" in done.stderr and "Traceback" not in done.stderr


def test_skip_as_offered_by_the_weight_question_is_understood(tmp_path: Path) -> None:
    run = chat(tmp_path, [*ONBOARDING, "ready", "continue", "just right", "skip"])
    assert "say skip" in run.after("just right")
    assert "didn't catch" not in run.after("skip"), run.after("skip")


def test_ready_and_repeat_after_a_counted_set_never_recount_it(tmp_path: Path) -> None:
    script = [*ONBOARDING, "ready", "continue", "repeat", "ready", "repeat", "stop"]
    run = chat(tmp_path, script)
    assert "One." in run.alexa[3] and "(…" in run.alexa[3], "the first side is counted"
    assert "One." in run.alexa[4] and "(…" in run.alexa[4], "then the other side"
    asked = run.alexa[5]
    assert asked == "How did that feel: easy, just right, or hard?", "repeat: the question"
    logged = run.alexa[6]
    assert logged.startswith("I'll log that one as planned: eight reps.")
    assert "One." not in logged and "Rest" in logged and "Set two of " in logged
    again = run.alexa[7]
    assert "Rest" not in again and "(…" not in again and "Set two of " in again
    with open_store(tmp_path) as store:
        user = store.load_user(LOCAL_USER)
        assert user.active is not None
        assert [(s.set_number, s.reps, s.effort) for s in user.active.logged] == [(1, 8, None)]


def test_a_workout_left_weeks_ago_is_closed_not_offered(tmp_path: Path) -> None:
    chat(tmp_path, [*ONBOARDING, "ready", "continue", "just right", "skip", "ready", "stop"])
    later = chat(tmp_path, ["yes"], now=START + timedelta(days=19))
    welcome = later.alexa[0]
    assert "pick it up" not in welcome and "was counted" not in welcome, welcome
    assert welcome.startswith("Welcome back. I've saved the sets from your unfinished workout.")
    assert "One." not in later.after("yes") and "First up" in later.after("yes")
    with open_store(tmp_path) as store:
        sessions = store.recent_sessions(LOCAL_USER)
        closed = [s for s in sessions if s.status is SessionStatus.PARTIAL]
        assert len(closed) == 1 and [s.set_number for s in closed[0].sets] == [1]
        active = store.load_user(LOCAL_USER).active
        assert active is not None and active.workout_id != closed[0].workout_id


REPO = Path(__file__).resolve().parents[2]
BODYWEIGHT = Profile(equipment=[Equipment.BODYWEIGHT], level=Level.NEW)
BODYWEIGHT_SETS = plan_session(load_catalog(), BODYWEIGHT, fitted(HistorySummary(), BODYWEIGHT))


def test_reminders_are_made_against_a_local_api_double(tmp_path: Path) -> None:
    """`python -m tests.reminders_double` as its own process, and the chat pointed at it with
    --reminders-url: a day's workout whose offer goes unanswered, then the next day "how am I
    doing this week" finds a session missing, offers the reminder, and "yes" makes it there."""
    double = subprocess.Popen(
        [sys.executable, "-m", "tests.reminders_double", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert double.stdout is not None
        banner = double.stdout.readline()
        assert banner.startswith("Reminders API double at http://127.0.0.1:"), banner
        url = banner.split(" at ", 1)[1].split()[0]
        extra = ["--reminders-url", url]
        day = ["bodyweight", "new", *["ready", "just right"] * BODYWEIGHT_SETS.total_sets]
        first = chat(tmp_path, day, extra=extra)
        assert "Want a reminder for your next hamstring day, Thursday at" in first.alexa[-1]
        week = "how am I doing this week"
        later = chat(tmp_path, [week, "yes"], now=START + timedelta(days=1), extra=extra)
        offer = later.after(week)
        assert "Fit a second session in on Thursday" in offer, offer
        assert offer.endswith(
            "Want a reminder for your next hamstring day, Thursday at six thirty?"
        )
        assert later.after("yes") == "Done. I'll remind you Thursday at six thirty."
    finally:
        double.terminate()
        seen, errors = double.communicate(timeout=10)
    assert "Traceback" not in errors, errors
    made = [line for line in seen.splitlines() if line.startswith("POST /v1/alerts/reminders")]
    assert made == [
        "POST /v1/alerts/reminders -> 200: 2026-12-03T18:30:00 UTC "
        "'Time for hamstring day. Say: Alexa, open Hamstring Coach.'"
    ], seen
    with open_store(tmp_path) as store:
        profile = store.load_user(LOCAL_USER).profile
        assert profile is not None and profile.reminder_id


def test_without_a_reminders_api_the_chat_says_alexa_would_ask_for_permission(
    tmp_path: Path,
) -> None:
    """Asked for a reminder with no --reminders-url, "yes" hands over to Alexa's voice consent,
    which has no words of ours: the chat says so instead of closing in silence."""
    run = chat(tmp_path, ["when is my next workout", "yes"])
    assert run.after("when is my next workout").startswith("Want a reminder")
    lines = run.stdout.splitlines()
    after_yes = lines[lines.index("You:   yes") + 1 :]
    assert after_yes[0].strip().startswith("(Alexa would now ask your permission"), after_yes
    assert "--reminders-url" in after_yes[0]
