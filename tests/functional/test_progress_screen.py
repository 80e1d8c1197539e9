"""The progress screen ("how am I doing", "show my progress"): a chart per main exercise over
the weeks, drawn with APL vector graphics from the sessions the person logged, through the real
Lambda handler; within 24 KB at its largest; nothing on a voice-only Echo."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.apl import document
from skill.alexa.app import build_handler
from skill.alexa.state import MAX_RESPONSE_BYTES
from skill.core.catalog import LoadType, load_catalog
from skill.core.charts import MAX_POINTS
from skill.core.workout import Phase
from skill.local.cli import Chat
from skill.local.nlu import Matcher
from skill.speech.screens import CHART_HEIGHT, CHART_WIDTH, MAX_CHARTS
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock

RENDER = "Alexa.Presentation.APL.RenderDocument"
POINT = re.compile(r"[ML](-?[\d.]+),(-?[\d.]+)")


def loaded(exercise_id: str) -> bool:
    return load_catalog().get(exercise_id).load_type is not LoadType.BODYWEIGHT


def train(alexa: Alexa, load: int) -> None:
    """One whole session, every set logged at ``load`` with all its reps, then closed."""
    alexa.launch()
    if alexa.workout is None:
        alexa.say("StartWorkoutIntent")
    while (workout := alexa.workout) is not None and workout.phase is not Phase.DONE:
        current = workout.current
        weight = str(load) if loaded(current.exercise_id) else None
        alexa.count_set()
        alexa.say("LogSetIntent", reps=str(current.target_reps), load=weight, effort="easy")
        if alexa.ended:
            break
    if not alexa.ended:
        alexa.say("AMAZON.StopIntent")


def progress(alexa: Alexa) -> dict[str, Any]:
    alexa.say("ProgressIntent")
    found = [d for d in alexa.body.get("directives") or [] if d.get("type") == RENDER]
    assert len(found) == 1, alexa.body
    assert found[0]["token"] == "hamstring-coach-progress"
    assert found[0]["document"] == document("progress")
    screen: dict[str, Any] = found[0]["datasources"]["payload"]["properties"]["screen"]
    assert screen["kind"] == "progress"
    return screen


def points(path: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in POINT.findall(path)]


@pytest.fixture
def trained(alexa: Alexa, clock: MutableClock) -> Alexa:
    """Many weeks of sessions, the load going up, on an Echo Show 15."""
    alexa.factory.screen = "show15"
    alexa.onboard(("dumbbells", "bands", "bodyweight"), "some")
    for week in range(5):
        for _ in range(2):
            train(alexa, 20 + 5 * week)
            clock.advance(days=3, hours=12)
    return alexa


def test_the_progress_screen_charts_each_main_exercise(trained: Alexa) -> None:
    trained.launch()
    screen = progress(trained)
    charts = screen["charts"]
    assert 1 <= len(charts) <= MAX_CHARTS
    for chart in charts:
        line = points(chart["line"])
        assert 2 <= len(line) <= MAX_POINTS
        assert all(0 <= x <= CHART_WIDTH and 0 <= y <= CHART_HEIGHT for x, y in line)
        assert [x for x, _ in line] == sorted(x for x, _ in line), "oldest to newest"
        assert chart["change"].endswith(f"over {len(line)} sessions")
    loaded = [c for c in charts if c["latest"].endswith(" lb")]
    assert loaded, "the dumbbell work charts its load"
    for chart in loaded:
        ys = [y for _, y in points(chart["line"])]
        assert ys == sorted(ys, reverse=True), "heavier is higher, and it only went up"
        assert chart["change"].startswith("+")
    assert screen["next_time"], "what comes next is on it too"
    size = len(json.dumps(trained.last).encode())
    assert size <= MAX_RESPONSE_BYTES, size
    series = trained.last["sessionAttributes"]["coach"]["history"]["series"]
    assert series and all(len(s["points"]) <= MAX_POINTS for s in series)
    print(f"progress response: {size} bytes")


def test_show_my_progress_mid_workout_counts_today(trained: Alexa) -> None:
    trained.launch()
    before = progress(trained)
    if trained.workout is None:
        trained.say("StartWorkoutIntent")
    workout = trained.workout
    assert workout is not None
    current = workout.current
    heavier = int(current.load or 0) + 5
    trained.count_set()
    weight = str(heavier) if loaded(current.exercise_id) else None
    trained.say("LogSetIntent", reps=str(current.target_reps), load=weight, effort="easy")
    assert trained.workout is not None and trained.workout.logged, trained.text
    during = progress(trained)
    latest = {c["exercise"]: c["latest"] for c in during["charts"]}
    earlier = {c["exercise"]: c["latest"] for c in before["charts"]}
    changed = {e for e in latest if latest[e] != earlier.get(e)}
    if loaded(current.exercise_id):
        assert [latest[e] for e in changed] == [f"{heavier} lb"], "today's set is the newest"
    else:
        assert not changed, "the same reps as last time: the line holds"


def test_small_screens_get_it_and_a_voice_only_echo_hears_the_same(trained: Alexa) -> None:
    trained.launch()
    spoken = []
    for device in ("spot", "show5", None):
        trained.factory.screen = device
        if device is None:
            trained.say("ProgressIntent")
            assert "directives" not in trained.body, "a voice-only Echo gets no screen"
        else:
            assert progress(trained)["charts"]
        spoken.append(trained.body["outputSpeech"])
    assert spoken[0] == spoken[1] == spoken[2], "the screen adds to the answer, never changes it"


def test_progress_before_any_session_draws_nothing(alexa: Alexa) -> None:
    """Nothing logged yet: the answer says so, and the screen showing stays (no empty chart)."""
    alexa.factory.screen = "show5"
    alexa.onboard(("dumbbells",), "new")
    alexa.say("ProgressIntent")
    assert "directives" not in alexa.body
    assert "Finish a set first" in alexa.text  # onboarding opened the first workout


@pytest.mark.parametrize(
    "text", ["show my progress", "show me my progress", "show my chart", "how am i doing"]
)
def test_show_my_progress_is_the_progress_intent(text: str) -> None:
    assert Matcher.for_locale().match(text).intent == "ProgressIntent"


def test_the_chat_prints_the_progress_screen_and_draws_it(
    trained: Alexa, sqlite_store: SQLiteStore, clock: MutableClock, tmp_path: Path
) -> None:
    out, page = io.StringIO(), tmp_path / "progress.html"
    handler = build_handler(sqlite_store, clock)
    chat = Chat(
        handler, Matcher.for_locale(), clock, out, trained.user_id, screen="spot", html_path=page
    )
    chat.run(["show my progress", "stop"])
    text = out.getvalue()
    assert "Screen [progress]" in text and "-point line)" in text
    assert "<svg viewBox='0 0 100 40'" in page.read_text(encoding="utf-8")


def test_mid_workout_the_screen_and_card_show_what_was_just_said(
    alexa: Alexa, clock: MutableClock
) -> None:
    """Asked with a set logged today, the spoken advice counts that set; the screen's "next
    time" and the card must show the same numbers, not the ones the session started from, and
    the card holds the answer, not the prompt to carry on."""
    alexa.factory.screen = "show5"
    alexa.onboard(("dumbbells", "bands"), "new")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="10", load="20", effort="right")
    screen = progress(alexa)
    spoken = alexa.text
    assert "eleven reps" in spoken and "twenty pounds" in spoken, spoken
    first = screen["next_time"][0]
    assert first == "Dumbbell Romanian deadlifts: 11 reps × 20 lb", screen["next_time"]
    card = alexa.body["card"]
    assert card["title"] == "What to increase next"
    assert "eleven reps" in card["content"]
    assert "ready" not in card["content"].lower(), card["content"]
