"""The guide's weekly checks: two sessions, 48 hours apart, at least 12 sets, at most 10 a session.

Pure. Each check that fails is an issue value that carries what its fix needs (the day, the
exercise, the numbers); skill.speech.week says it.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from enum import StrEnum

from skill.core.advice import WeekReport
from skill.core.history import SessionRecord, SetRecord
from skill.core.rules import (
    MAX_SETS_PER_SESSION,
    MIN_REST,
    SESSIONS_PER_WEEK,
    WEEKLY_SETS_TARGET,
    needs_rest_after,
)
from skill.core.value import Value


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of ``now``'s week, in ``now``'s timezone."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=now.weekday())


def week_report(
    sessions: list[SessionRecord], now: datetime, leave_out: str | None = None
) -> WeekReport:
    """This week's sessions; ``leave_out`` is the workout still in progress, which the dialog
    adds live (with_live) so its sets are never counted twice."""
    start = week_start(now)
    this_week = sorted(
        (
            s
            for s in sessions
            if s.sets and start <= s.last_activity <= now and s.workout_id != leave_out
        ),
        key=lambda s: s.last_activity,
    )
    before = [s.last_activity for s in sessions if s.sets and s.last_activity < start]
    per_exercise: dict[str, int] = {}
    for s in this_week:
        for r in s.sets:
            per_exercise[r.exercise_id] = per_exercise.get(r.exercise_id, 0) + 1
    return WeekReport(
        week_start=start.date(),
        session_times=[s.last_activity for s in this_week],
        sets_per_session=[len(s.sets) for s in this_week],
        sets_per_exercise=per_exercise,
        previous_session=max(before) if before else None,
    )


def last_week_report(sessions: list[SessionRecord], now: datetime) -> WeekReport:
    """The previous calendar week, Monday to Sunday in ``now``'s zone, for "how did I do last
    week". Nothing is left out: a workout still open has only last week's sets there."""
    return week_report(sessions, week_start(now) - timedelta.resolution)


def with_live(report: WeekReport | None, sets: list[SetRecord], now: datetime) -> WeekReport | None:
    """The report with one more session's sets (the one in progress, or one just closed)."""
    if report is None or not sets:
        return report
    at = max(s.logged_at for s in sets)
    if at < week_start(now):
        return report
    per_exercise = dict(report.sets_per_exercise)
    for s in sets:
        per_exercise[s.exercise_id] = per_exercise.get(s.exercise_id, 0) + 1
    ordered = sorted(
        [*zip(report.session_times, report.sets_per_session, strict=True), (at, len(sets))]
    )
    return report.model_copy(
        update={
            "session_times": [t for t, _ in ordered],
            "sets_per_session": [n for _, n in ordered],
            "sets_per_exercise": per_exercise,
        }
    )


class RestClock(Value):
    """Where the 48-hour rest runs from: the last session that needs rest
    (``SessionRecord.needs_rest``; ``since`` None when there is none), as ``plan.too_soon``
    counts it. A set or two, then stopped, starts no clock, so the next session can be today."""

    since: datetime | None
    under_way: bool = False
    """A workout is under way: whatever it has logged so far, another session comes after it,
    48 hours on (it is meant to be finished). "The next session" stays the rest of this one."""


def next_session_day(
    report: WeekReport, now: datetime, rest: RestClock | None = None
) -> datetime | None:
    """The earliest moment 48 hours after the last session that needs rest, if it still falls
    this week. Without ``rest``, every session in the report is taken to need rest."""
    if rest is None:
        since = report.session_times[-1] if report.session_times else None
    else:
        since = rest.since
    if since is None:
        return now
    earliest = max(now, since + MIN_REST)
    end = week_start(now) + timedelta(days=7)
    return earliest if earliest < end else None


class NextSession(Value):
    """When the next session can be: 48 hours after the last, or None once that is next week."""

    at: datetime | None
    today: bool


class SessionsTooClose(Value):
    """Two sessions under 48 hours apart (the first pair found)."""

    gap_hours: float
    across_weekend: bool
    """The earlier one was last week: the pair straddles the week boundary."""


class TooManySets(Value):
    """A session went over ten sets (the first one found)."""

    count: int


class SessionMissing(Value):
    """Fewer than two sessions this week; ``next_session`` says whether one still fits."""

    sessions: int
    next_session: NextSession


class TopUp(StrEnum):
    """How the week gets to twelve sets."""

    NEXT_SESSION_ENOUGH = "next_session_enough"
    """The next session (planned, or the rest of the one in progress) holds enough."""
    NEXT_SESSION_SHORT = "next_session_short"
    """The next session helps, but one more session this week is needed."""
    NEXT_WEEK = "next_week"
    """No session fits this week: add a set of the main exercise to each next week."""
    ONE_SET = "one_set"
    """One or two short: one more set of the main exercise next time."""
    BIGGER_SESSION = "bigger_session"
    """Further short: make the next session bigger."""


class ShortOfSets(Value):
    """Under twelve sets this week, and how to close the gap."""

    sets: int
    missing: int
    top_up: TopUp
    exercise_id: str
    """The exercise with most sets this week: the one to add a set of."""
    exercise_sets: int
    """Its sets this week, so the fix can say "a fourth set"."""
    session_sets: int
    """For BIGGER_SESSION: the size to make the next session (capped at ten)."""
    upcoming: int | None
    """The sets the next session holds, when known."""
    next_session: NextSession


Issue = SessionsTooClose | TooManySets | SessionMissing | ShortOfSets


def issues(
    report: WeekReport, now: datetime, upcoming: int | None = None, rest: RestClock | None = None
) -> list[Issue]:
    """What to change this week (or next), most important first.

    ``upcoming`` is how many sets the next session holds (its plan, or what is left of the
    workout in progress), so the advice about sets matches what will really be coached.
    ``rest``: where the 48 hours run from (see ``next_session_day``).
    """
    next_one = _next_session(report, now, rest)
    another = _next_session(report, now, RestClock(now)) if rest and rest.under_way else next_one
    found = [
        _too_close(report),
        _too_many_sets(report),
        _session_missing(report, another),
        _short_of_sets(report, next_one, upcoming),
    ]
    return [issue for issue in found if issue is not None]


def _next_session(report: WeekReport, now: datetime, rest: RestClock | None) -> NextSession:
    day = next_session_day(report, now, rest)
    return NextSession(at=day, today=day is not None and day.date() == now.date())


def _too_close(report: WeekReport) -> SessionsTooClose | None:
    """Spacing is checked across the week boundary too (last Sunday, then Monday). Only a
    session that needs rest starts the 48 hours (``rules.needs_rest_after``; what hurt is not in
    the report, so by its sets), as the planner counts them: a set or two, then stopped, and a
    full session the next day is not too close."""
    times = report.session_times
    rested = [needs_rest_after(n, hurt=False) for n in report.sets_per_session]
    spaced = list(zip(times, rested, strict=True))
    if report.previous_session:
        spaced.insert(0, (report.previous_session, True))
    for (older, rests), (newer, _) in itertools.pairwise(spaced):
        gap = newer - older
        if rests and gap < MIN_REST:
            return SessionsTooClose(gap.total_seconds() / 3600, across_weekend=older not in times)
    return None


def _too_many_sets(report: WeekReport) -> TooManySets | None:
    over = [n for n in report.sets_per_session if n > MAX_SETS_PER_SESSION]
    return TooManySets(over[0]) if over else None


def _session_missing(report: WeekReport, next_one: NextSession) -> SessionMissing | None:
    if report.sessions >= SESSIONS_PER_WEEK:
        return None
    return SessionMissing(report.sessions, next_one)


def _short_of_sets(
    report: WeekReport, next_one: NextSession, upcoming: int | None
) -> ShortOfSets | None:
    """Only once there is a session to build on; a week with none is SessionMissing's."""
    missing = WEEKLY_SETS_TARGET - report.sets
    if not report.sessions or missing <= 0:
        return None
    per_exercise = report.sets_per_exercise
    top = max(per_exercise, key=lambda k: per_exercise[k])
    return ShortOfSets(
        sets=report.sets,
        missing=missing,
        top_up=_top_up(missing, next_one, upcoming),
        exercise_id=top,
        exercise_sets=per_exercise[top],
        session_sets=min(missing, MAX_SETS_PER_SESSION),
        upcoming=upcoming,
        next_session=next_one,
    )


def _top_up(missing: int, next_one: NextSession, upcoming: int | None) -> TopUp:
    if next_one.at is None:
        return TopUp.NEXT_WEEK
    if upcoming is not None:
        return TopUp.NEXT_SESSION_ENOUGH if upcoming >= missing else TopUp.NEXT_SESSION_SHORT
    return TopUp.ONE_SET if missing <= 2 else TopUp.BIGGER_SESSION
