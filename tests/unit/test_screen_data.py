"""skill.speech.screens and skill.core.charts: the counted set cut rep by rep for a SpeakList (the
pieces in order are exactly what a voice-only Echo hears), and the progress chart's points."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib import resources

import pytest

from skill.core import lines as ln
from skill.core.catalog import Exercise, load_catalog
from skill.core.charts import MAX_POINTS, Series, series_of
from skill.core.effort import Effort
from skill.core.profile import Unit
from skill.core.tempo import MAX_TEMPO_SCALE, count_parts
from skill.speech import render
from skill.speech.pacing import cues_for_set, sides
from skill.speech.screens import CHART_HEIGHT, CHART_WIDTH, _chart, spoken_count
from skill.speech.ssml import words
from tests.factories import T0, check_ssml, make_session, make_set

CATALOG = load_catalog()


def body(ssml: str) -> str:
    return ssml.removeprefix("<speak>").removesuffix("</speak>")


def turns(exercise: Exercise, reps: int, scale: float) -> list[ln.CountSet]:
    """The set counted whole, and each of the turns it is counted in."""
    whole = ln.CountSet(exercise.id, 2, reps, scale, again=False)
    parts = count_parts(exercise, reps, scale)
    return [whole, *(ln.CountSet(exercise.id, 2, reps, scale, False, p) for p in parts)]


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=[e.id for e in CATALOG.exercises])
@pytest.mark.parametrize("reps", [5, 12, 30])
def test_the_pieces_of_a_count_are_the_count(exercise: Exercise, reps: int) -> None:
    scale = MAX_TEMPO_SCALE if reps == 30 else 1.0
    question = ln.NextPart(switch=False, counted=3)
    for count in turns(exercise, reps, scale):
        lines = [ln.Counted(exercise.id, 1), count, question]
        spoken = spoken_count(lines, CATALOG)
        assert spoken is not None
        assert spoken.whole == body(render(lines, CATALOG).ssml())
        assert " ".join([spoken.before, *(body(i.ssml) for i in spoken.items)]) == spoken.whole
        assert spoken.before == body(render(lines[:1], CATALOG).ssml())
        part = count.part
        expected = range(part.first, part.last + 1) if part else range(1, reps + 1)
        numbers = [i.number for i in spoken.items]
        two = sides(exercise) == 2 and part is None
        assert numbers == [*expected, *expected] if two else list(expected)
        for item in spoken.items:
            check_ssml(item.ssml)
        for item in spoken.items[:-1]:
            assert (
                body(item.ssml).endswith(f" {words(item.number).capitalize()}.")
                or body(item.ssml) == f"{words(item.number).capitalize()}."
            )
        assert body(spoken.items[-1].ssml).endswith(body(render([question], CATALOG).ssml()))
        cues = cues_for_set(exercise, 2, reps)
        for item in spoken.items:
            if item.cue:
                assert item.cue in cues.values()


def test_a_turn_without_a_count_has_no_pieces() -> None:
    assert spoken_count([ln.NextPart(switch=True, counted=0)], CATALOG) is None


def test_each_exercise_is_charted_by_its_top_set_per_session() -> None:
    sessions = []
    for n, load in enumerate([20, 25, 25, 30]):
        started = T0 + timedelta(days=3 * n)
        sets = [
            make_set(
                f"w{n}",
                set_number=s,
                load=load - 5 * (s == 1),
                unit=Unit.LB,
                logged_at=started + timedelta(minutes=5 * s),
                effort=Effort.EASY,
            )
            for s in (1, 2)
        ]
        sets.append(
            make_set(
                f"w{n}",
                1,
                1,
                "glute_bridge",
                reps=10 + n,
                logged_at=started + timedelta(minutes=20),
            )
        )
        sessions.append(make_session(f"w{n}", started, sets=sets))
    kg = T0 + timedelta(days=13)
    sessions.append(
        make_session("kg", kg, sets=[make_set("kg", load=100, unit=Unit.KG, logged_at=kg)])
    )
    series = {s.exercise_id: s for s in series_of(sessions)}
    rdl = series["rdl_barbell"]
    assert rdl.measure == "load" and rdl.unit is Unit.KG, "the newest session's unit"
    assert [v for _, v in rdl.points] == [100], "sessions in the other unit are left out"
    bridge = series["glute_bridge"]
    assert bridge.measure == "reps" and [v for _, v in bridge.points] == [10, 11, 12, 13]
    assert [d for d, _ in bridge.points] == sorted(d for d, _ in bridge.points)


def test_a_series_keeps_the_newest_sessions() -> None:
    sessions = [
        make_session(
            f"w{n}",
            T0 + timedelta(days=3 * n),
            sets=[
                make_set(
                    f"w{n}",
                    load=20 + n,
                    unit=Unit.LB,
                    logged_at=T0 + timedelta(days=3 * n, minutes=5),
                )
            ],
        )
        for n in range(12)
    ]
    (series,) = series_of(sessions)
    assert [v for _, v in series.points] == [20 + n for n in range(12 - MAX_POINTS, 12)]


@pytest.mark.parametrize("values", [[20.0], [20.0, 20.0], [20.0, 25.0, 22.5, 30.0]])
def test_a_chart_stays_in_its_box_and_heavier_is_higher(values: list[float]) -> None:
    day = T0.date()
    series = Series(
        exercise_id="rdl_barbell",
        measure="load",
        unit=Unit.LB,
        points=[(day + timedelta(days=3 * i), v) for i, v in enumerate(values)],
    )
    chart = _chart(series, CATALOG)
    coords = [tuple(map(float, p[1:].split(","))) for p in chart.line.split()]
    assert all(0 <= x <= CHART_WIDTH and 0 <= y <= CHART_HEIGHT for x, y in coords)
    if len(values) > 2:
        ys = [y for _, y in coords]
        assert ys.index(min(ys)) == values.index(max(values))
    assert chart.latest == f"{values[-1]:g} lb"
    assert chart.dots.count("M") == len(values)


def test_every_document_fits_the_spot_the_show_5_and_the_show_15() -> None:
    """The alexa-layouts viewport profiles each get their own sizes in every document."""
    folder = resources.files("skill").joinpath("data/apl")
    for item in folder.iterdir():
        document = json.loads(item.read_text(encoding="utf-8"))
        assert {"name": "alexa-layouts", "version": "1.7.0"} in document["import"]
        conditions = {r.get("when") for r in document["resources"]}
        for profile in ("hubRoundSmall", "hubLandscapeSmall", "hubLandscapeXLarge"):
            assert f"${{@viewportProfile == @{profile}}}" in conditions, (item.name, profile)
