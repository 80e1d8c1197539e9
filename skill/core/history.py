"""What was actually done: logged sets and sessions, the raw material for planning."""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, Field

from skill.core.advice import Advice, LastTime, WeekReport
from skill.core.charts import Series, series_of
from skill.core.effort import Effort
from skill.core.model import Model, new_list
from skill.core.profile import Unit
from skill.core.programme import Programme
from skill.core.rules import needs_rest_after


class SessionStatus(StrEnum):
    ACTIVE = "active"
    FINISHED = "finished"
    PARTIAL = "partial"


class PainKind(StrEnum):
    """How something hurt: plain pain, a felt pull or sharp pain (an injury), or soreness."""

    PAIN = "pain"
    PULL = "pull"
    SORE = "sore"


class Hurt(Model):
    """Something that hurt in a session: where (a BODY_PART id; None when no place was named)
    and how. The next launch checks in on a pull and on the back."""

    area: str | None = None
    kind: PainKind = PainKind.PAIN

    @property
    def pull(self) -> bool:
        """A pull or sharp pain in the hamstring (a pull with no place named counts)."""
        return self.kind is PainKind.PULL and self.area in (None, "hamstring")

    @property
    def back(self) -> bool:
        return self.area == "back" and self.kind is not PainKind.SORE


class SetRecord(Model):
    """One logged set. ``key`` is its position (exercise and set number); ``report`` tells
    reports for one position apart, so stores keep one set per ``storage_key``: a retried log
    (the same request, so the same report) lands once, and a different report for a position
    already logged (another device resuming the same workout) is a set of its own."""

    workout_id: str
    exercise_id: str
    exercise_index: int = Field(ge=0)
    set_number: int = Field(ge=1)
    target_reps: int = Field(ge=1)
    target_load: float | None = Field(default=None, ge=0)
    """The load the set was planned at, so progression can tell when a target changed."""
    reps: int = Field(ge=0)
    load: float | None = Field(default=None, ge=0)
    unit: Unit | None = None
    effort: Effort | None = None
    tempo_scale: float = 1.0
    logged_at: AwareDatetime
    report: str | None = None
    """The report's identity (``report_digest``: its content, not when it arrived), set when it
    is logged; None on sets logged before reports had one (keyed by position alone, as then)."""

    @property
    def key(self) -> str:
        """The position in the workout: exercise index and set number."""
        return f"{self.exercise_index:02d}-{self.set_number:02d}"

    @property
    def storage_key(self) -> str:
        """Unique per report within the workout: the position, and the report when it has one."""
        return f"{self.key}-{self.report}" if self.report else self.key

    def identified(self) -> SetRecord:
        """This record with its report identity (kept if it has one)."""
        if self.report:
            return self
        return self.model_copy(update={"report": report_digest(self)})


REPORT_FIELDS = (
    "workout_id",
    "exercise_id",
    "exercise_index",
    "set_number",
    "target_reps",
    "target_load",
    "reps",
    "load",
    "unit",
    "effort",
    "tempo_scale",
)
"""What a report says; the moment it was logged is left out, so a retry is the same report."""


def report_digest(record: SetRecord) -> str:
    """A short digest of what a set report says (``REPORT_FIELDS``)."""
    said = record.model_dump_json(include=set(REPORT_FIELDS))
    return hashlib.sha256(said.encode()).hexdigest()[:10]


def newest_per_position(sets: list[SetRecord]) -> list[SetRecord]:
    """One set per position, the newest report (two devices resuming one workout may each
    report a set at the same position: both are stored, progression counts the newest), in
    logging order."""
    newest: dict[str, SetRecord] = {}
    for record in sorted(sets, key=lambda r: r.logged_at):
        newest[record.key] = record
    return sorted(newest.values(), key=lambda r: (r.logged_at, r.key))


class SessionRecord(Model):
    """One hamstring session, finished or cut off, with the sets that were logged in it."""

    workout_id: str
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    status: SessionStatus = SessionStatus.ACTIVE
    lighter: bool = False
    exercise_ids: list[str] = Field(default_factory=new_list)
    """The exercises planned, in order; rotation looks at these."""
    sets: list[SetRecord] = Field(default_factory=new_list)
    pain: list[str] = Field(default_factory=new_list)
    """Exercises stopped because something hurt; progression steps them back."""
    hurts: list[Hurt] = Field(default_factory=new_list)
    """What hurt, and how, so the next launch can ask how it feels."""
    programme: Programme | None = None
    """The programme as this session left it (on ended sessions): the newest is the person's."""

    @property
    def last_activity(self) -> datetime:
        """When training last happened: the last logged set (closing a record is not training)."""
        if self.sets:
            return max(s.logged_at for s in self.sets)
        return self.ended_at or self.started_at

    @property
    def needs_rest(self) -> bool:
        """Whether it counts for the 48-hour rest: a set or two, then stopped, does not."""
        return needs_rest_after(len(self.sets), hurt=bool(self.hurts or self.pain))


class HistorySummary(Model):
    """The small slice of history planning needs, small enough to ride in session attributes."""

    last_session_at: AwareDatetime | None = None
    """When the last session that needs rest (``SessionRecord.needs_rest``) last had activity:
    the 48-hour rule, the layoff and "your last session was" all count from it."""
    recent_exercises: list[list[str]] = Field(default_factory=new_list)
    """Exercise ids done per recent session, newest first."""
    programme: Programme = Field(default_factory=Programme)
    """The exercise per slot and its next prescription (skill.core.blocks builds it)."""
    last_trained_at: AwareDatetime | None = None
    """When any set was last logged: a layoff is time off training."""
    last_times: list[LastTime] = Field(default_factory=new_list)
    week: WeekReport | None = None
    last_week: WeekReport | None = None
    """The previous calendar week (``weekly.last_week_report``): "how did I do last week"."""
    comfortable_sessions: int = 0
    """Sessions without pain or a hard session (skill.core.progression): a beginner's build-up."""
    last_hurts: list[Hurt] = Field(default_factory=new_list)
    """What hurt in the most recent ended session (with or without sets logged)."""
    series: list[Series] = Field(default_factory=new_list)
    """Each recent exercise's top set per session, for the progress screen (skill.core.charts)."""

    @property
    def done_before(self) -> frozenset[str]:
        """Exercise ids logged in a recent session (their setup can be short)."""
        recent = {i for ids in self.recent_exercises for i in ids}
        return frozenset(recent | {t.exercise_id for t in self.last_times})

    @property
    def pulled(self) -> Hurt | None:
        """The last session's pull or sharp pain in the hamstring, if there was one."""
        return next((h for h in self.last_hurts if h.pull), None)

    @property
    def back_hurt(self) -> bool:
        """Whether the back hurt last session (so the next plans hinges only if it's okay)."""
        return any(h.back for h in self.last_hurts)

    @property
    def advice(self) -> list[Advice]:
        """The programme's next prescriptions, most important first."""
        return self.programme.advice

    def advice_for(self, exercise_id: str) -> Advice | None:
        entry = self.programme.entry_for(exercise_id)
        return entry.advice if entry is not None else None

    def last_time(self, exercise_id: str) -> LastTime | None:
        return next((t for t in self.last_times if t.exercise_id == exercise_id), None)

    @classmethod
    def from_sessions(cls, sessions: list[SessionRecord]) -> HistorySummary:
        done = [s for s in sessions if s.sets]
        done.sort(key=lambda s: s.started_at, reverse=True)
        ended = [s for s in sessions if s.status is not SessionStatus.ACTIVE]
        latest = max(ended, key=lambda s: s.last_activity, default=None)
        rested_from = [s.last_activity for s in done if s.needs_rest]
        return cls(
            last_session_at=max(rested_from, default=None),
            last_trained_at=max((s.last_activity for s in done), default=None),
            recent_exercises=[sorted({r.exercise_id for r in s.sets}) for s in done[:6]],
            last_hurts=list(latest.hurts) if latest is not None else [],
            series=series_of(sessions),
        )
