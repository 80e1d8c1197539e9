"""Issue 10 through `hamstring-coach chat` as a process: "stop" between the sides of a set keeps
the counted side for the resume, and "how did I do last week" answers about last week. Marked
e2e (it runs the real console script), like tests/e2e/test_chat_process.py whose helpers it uses.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from skill.local.cli import LOCAL_USER
from tests.e2e.test_chat_process import ONBOARDING, START, chat, open_store

pytestmark = pytest.mark.e2e


def test_stop_between_sides_then_resume_then_last_week(tmp_path: Path) -> None:
    first = chat(tmp_path, ["start hamstring day", *ONBOARDING, "ready", "stop"])
    assert first.after("ready").endswith("Switch sides, and say ready for the other side.")
    assert first.after("stop") == (
        "Saved where you are, with one side of set one counted. "
        "Open Hamstring Coach and we'll start with the other side."
    )

    later = START + timedelta(hours=3)
    second = chat(
        tmp_path, ["yes", "ready", "ten reps at thirty pounds it was hard", "stop"], now=later
    )
    picked = second.after("yes")
    assert "Single-leg Romanian deadlifts, set one: your first side is done." in picked
    assert "Left side first" not in picked
    other = second.after("ready")
    assert other.startswith("Now the right side.") and "Left side first" not in other
    assert "Logged ten at thirty pounds" in second.after("ten reps at thirty pounds it was hard")

    # The next week (Tuesday to Tuesday): that workout is too old to resume, and it was last week.
    third = chat(tmp_path, ["how did I do last week"], now=START + timedelta(days=7))
    assert "Last week: one session, on Tuesday, with one set." in third.after(
        "how did I do last week"
    )
    with open_store(tmp_path) as store:
        (session,) = store.recent_sessions(LOCAL_USER)
        assert [(s.exercise_index, s.set_number, s.reps) for s in session.sets] == [(0, 1, 10)]
