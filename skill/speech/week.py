"""How the weekly checks are said: each issue skill.core.weekly finds, as one or two sentences
that name the day, the exercise and the numbers."""

from __future__ import annotations

from datetime import datetime, timedelta

from skill.core.advice import WeekReport
from skill.core.catalog import Catalog
from skill.core.rules import MAX_SETS_PER_SESSION, SESSIONS_PER_WEEK, WEEKLY_SETS_TARGET
from skill.core.weekly import (
    Issue,
    NextSession,
    RestClock,
    SessionMissing,
    SessionsTooClose,
    ShortOfSets,
    TooManySets,
    TopUp,
    issues,
    week_start,
)
from skill.speech.ssml import cap, hours_ago, join_names, plural, words

ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def fix_lines(
    report: WeekReport,
    now: datetime,
    catalog: Catalog,
    upcoming: int | None = None,
    rest: RestClock | None = None,
) -> list[str]:
    """Sentences that name what to change this week (or next), most important first."""
    return [issue_line(issue, catalog) for issue in issues(report, now, upcoming, rest)]


def last_week_lines(report: WeekReport | None, now: datetime) -> list[str]:
    """The previous week: its sessions, their days and sets, then how that sat with the guide's
    two sessions and twelve sets (and its spacing), in a few short sentences."""
    if report is None:
        return ["I can't see last week's sessions just now. Ask me again in a moment."]
    if not report.sessions:
        return ["You didn't log a hamstring session last week. Aim for two this week."]
    zone = now.tzinfo
    days = list(dict.fromkeys(f"{t.astimezone(zone):%A}" for t in report.session_times))
    said = [
        f"Last week: {plural(report.sessions, 'session')}, on {join_names(days)}, "
        f"with {plural(report.sets, 'set')}."
    ]
    spacing: list[str] = []
    for issue in issues(report, week_start(now) - timedelta.resolution):
        match issue:
            case SessionsTooClose(gap_hours=gap):
                spacing.append(
                    f"Two sessions were {hours_ago(gap, 'apart')}. "
                    "Leave two full days between them."
                )
            case TooManySets(count=count):
                most = words(MAX_SETS_PER_SESSION)
                spacing.append(f"One session had {words(count)} sets. Keep each to {most}.")
    short = []
    if report.sessions < SESSIONS_PER_WEEK:
        short.append(f"{words(SESSIONS_PER_WEEK)} sessions")
    if report.sets < WEEKLY_SETS_TARGET:
        short.append(f"{words(WEEKLY_SETS_TARGET)} sets")
    if short:
        said.append(f"That's short of the guide's {join_names(short)} a week.")
    elif not spacing:
        said.append("That's right on target: two sessions, and twelve sets or more.")
    return said + spacing[:1]


def issue_line(issue: Issue, catalog: Catalog) -> str:
    match issue:
        case SessionsTooClose(gap_hours=gap, across_weekend=across):
            which = "around the weekend" if across else "this week"
            return (
                f"Two sessions {which} were {hours_ago(gap, 'apart')}. "
                "Leave two full days between them."
            )
        case TooManySets(count=count):
            most = words(MAX_SETS_PER_SESSION)
            return f"One session had {words(count)} sets. Keep each one to {most} at most."
        case SessionMissing():
            return _missing_line(issue)
        case ShortOfSets():
            return _short_line(issue, catalog)


def _on_day(next_session: NextSession) -> str:
    """ "today" or "on Friday"."""
    at = next_session.at
    return "today" if next_session.today or at is None else f"on {at:%A}"


def _days_session(next_session: NextSession) -> str:
    """ "today's session" or "Friday's session"."""
    at = next_session.at
    return "today's session" if next_session.today or at is None else f"{at:%A}'s session"


def _missing_line(issue: SessionMissing) -> str:
    when = issue.next_session
    if issue.sessions == 0:
        if when.at is None:
            return "No hamstring sessions yet this week. Aim for two, two days apart."
        return f"No hamstring sessions yet this week. Start {_on_day(when)}, then two days later."
    if when.at is None:
        return "Next week, aim for two sessions, like Monday and Thursday."
    ordinal = ORDINALS.get(issue.sessions + 1, "next")
    return f"Fit a {ordinal} session in {_on_day(when)} or later."


def _short_line(issue: ShortOfSets, catalog: Catalog) -> str:
    top = issue.exercise_id
    name = catalog.get(top).name if top in catalog else "your main exercise"
    nth = ORDINALS.get(issue.exercise_sets + 1)
    add = f"a {nth} set of {name}" if nth else f"another set of {name}"
    short = (
        f"You're at {plural(issue.sets, 'set')} this week, short of {words(WEEKLY_SETS_TARGET)}."
    )
    when = issue.next_session
    next_one = cap(f"{_days_session(when)} has {plural(issue.upcoming or 0, 'set')}")
    match issue.top_up:
        case TopUp.NEXT_SESSION_ENOUGH:
            return f"{short} {next_one}, which takes you past it."
        case TopUp.NEXT_SESSION_SHORT:
            return f"{short} {next_one}; one more session this week would get you there."
        case TopUp.NEXT_WEEK:
            return f"{short} Next week, add {add} to each session."
        case TopUp.ONE_SET:
            return f"{short} Add {add} {_on_day(when)}."
        case TopUp.BIGGER_SESSION:
            size = words(issue.session_sets)
            return f"{short} Make {_days_session(when)} at least {size} sets, with {add}."
