"""The simulated trainee benchmark (bench/trainee.py) runs through the real handler and reports
sane numbers: a two-week smoke run of one profile, no network."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "trainee.py"


@pytest.fixture(scope="module")
def trainee() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_trainee", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_two_weeks_log_sets_and_report_sane_numbers(trainee: ModuleType) -> None:
    profile = trainee.profiles(2)["dumbbells"]
    result, _person, first = trainee.run_skill(profile, 2, 3)
    assert not result.problems, result.problems
    assert len(result.session_times) == 4
    assert result.sets and all(1 <= n <= 10 for n in result.session_sets)
    assert first and all(s.reps >= 0 and s.reserve >= 0 for s in result.sets)
    assert all(6 <= s.target_reps <= 20 for s in result.sets)
    assert -5 < result.strength < 30
    assert 0 <= result.share(lambda s: s.missed) <= 100
    assert result.advice, "the progress question was answered from the advice before sessions"
    naive = trainee.run_naive(profile, 2, 3, first)
    assert len(naive.sets) == 4 * 3 * len(first)
    again, _, _ = trainee.run_skill(profile, 2, 3)
    assert [(s.exercise_id, s.reps, s.load) for s in again.sets] == [
        (s.exercise_id, s.reps, s.load) for s in result.sets
    ], "deterministic for a seed"


def test_report_exits_zero(trainee: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert trainee.main(["--weeks", "1", "--profile", "gym"]) == 0
    out = capsys.readouterr().out
    assert "gym (naive 3x10)" in out


def test_effort_words_follow_the_reporting_habit(trainee: ModuleType) -> None:
    said = {r: [trainee.effort_for(rir, False, r) for rir in range(6)] for r in trainee.REPORTING}
    assert said["honest"] == ["hard", "hard", "right", "right", "easy", "easy"]
    assert said["eager"] == ["hard", "hard", "right", "easy", "easy", "easy"]
    assert said["cautious"] == ["hard", "hard", "hard", "right", "easy", "easy"]
    assert all(trainee.effort_for(5, True, r) == "hard" for r in trainee.REPORTING)


def test_seeds_run_each_and_report_the_worst_case(
    trainee: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert trainee.seeds_arg("1-3,7") == [1, 2, 3, 7]
    args = ["--weeks", "1", "--profile", "gym", "--seeds", "1-2", "--honesty", "eager"]
    assert trainee.main([*args, "--failure-fatigue", "2"]) == 0
    out = capsys.readouterr().out
    assert "seed 1, failure fatigue 2" in out and "seed 2, failure fatigue 2" in out
    assert "worst case over seeds 1..2" in out and "gym/eager" in out
