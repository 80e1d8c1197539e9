"""The guide's weekly checks: two sessions, 48 hours apart, at least 12 sets, at most 10 a session.

Pure. Each check that fails comes with a fix that names a day and an exercise.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from skill.core.advice import WeekReport
from skill.core.catalog import Catalog
from skill.core.history import SessionRecord, SetRecord
from skill.core.rules import MAX_SETS_PER_SESSION, MIN_REST, SESSIONS_PER_WEEK, WEEKLY_SETS_TARGET
from skill.speech.ssml import cap, hours_words, plural, words

ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


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


def next_session_day(report: WeekReport, now: datetime) -> datetime | None:
    """The earliest moment 48 hours after the last session, if it still falls this week."""
    if not report.session_times:
        return now
    earliest = max(now, report.session_times[-1] + MIN_REST)
    end = week_start(now) + timedelta(days=7)
    return earliest if earliest < end else None


def fixes(
    report: WeekReport, now: datetime, catalog: Catalog, upcoming: int | None = None
) -> list[str]:
    """Sentences that name what to change this week (or next), most important first.

    ``upcoming`` is how many sets the next session holds (its plan, or what is left of the
    workout in progress), so the advice about sets matches what will really be coached.
    """
    out: list[str] = []
    times = report.session_times
    spaced = ([report.previous_session] if report.previous_session else []) + times
    for older, newer in itertools.pairwise(spaced):
        gap = (newer - older).total_seconds() / 3600
        if gap < MIN_REST.total_seconds() / 3600:
            which = "this week" if older in times else "around the weekend"
            out.append(
                f"Two sessions {which} were only {hours_words(gap)} apart. "
                "Leave two full days between them."
            )
            break
    for count in report.sets_per_session:
        if count > MAX_SETS_PER_SESSION:
            out.append(f"One session had {words(count)} sets. Keep each one to ten at most.")
            break
    day = next_session_day(report, now)
    day_name = day.strftime("%A") if day else None
    today = day is not None and day.date() == now.date()
    on_day = "today" if today else f"on {day_name}"
    days_session = "today's session" if today else f"{day_name}'s session"
    if report.sessions < SESSIONS_PER_WEEK:
        ordinal = ORDINALS.get(report.sessions + 1, "next")
        if report.sessions == 0:
            out.append(
                "No hamstring sessions yet this week. Aim for two, two days apart."
                if day_name is None
                else f"No hamstring sessions yet this week. Start {on_day}, then two days later."
            )
        elif day_name is not None:
            out.append(f"Fit a {ordinal} session in {on_day} or later.")
        else:
            out.append("Next week, aim for two sessions, like Monday and Thursday.")
    missing = WEEKLY_SETS_TARGET - report.sets
    if report.sessions and missing > 0:
        top = max(report.sets_per_exercise, key=lambda k: report.sets_per_exercise[k])
        name = catalog.get(top).name if top in catalog else "your main exercise"
        done = report.sets_per_exercise[top]
        nth = ORDINALS.get(done + 1)
        add = f"a {nth} set of {name}" if nth else f"another set of {name}"
        short = f"You're at {plural(report.sets, 'set')} this week, short of twelve."
        if upcoming is not None and day_name is not None:
            next_one = f"{days_session} has {plural(upcoming, 'set')}"
            out.append(
                f"{short} {cap(next_one)}, which takes you past it."
                if upcoming >= missing
                else f"{short} {cap(next_one)}; one more session this week would get you there."
            )
        elif day_name is None:
            out.append(f"{short} Next week, add {add} to each session.")
        elif missing <= 2:
            out.append(f"{short} Add {add} {on_day}.")
        else:
            out.append(
                f"{short} Make {days_session} at least {words(min(missing, 10))} sets, with {add}."
            )
    return out
