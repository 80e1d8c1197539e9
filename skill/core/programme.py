"""The person's programme: one exercise per slot for a block of weeks, and its next prescription.

One source of truth. The planner coaches it, and every future-tense answer ("what should I
increase next week", "how much should I lift", "how am I doing") reads the same entries, so the
advice and the next session cannot disagree. It is stored with each ended session (both stores
keep the session as JSON), so launch still reads once: the newest ended session carries it.
Building and moving it on is skill.core.blocks; the rule for a prescription is
skill.core.progression.decide.
"""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from skill.core.advice import Advice, Change
from skill.core.catalog import Slot
from skill.core.effort import Effort
from skill.core.loads import LB_PER_KG
from skill.core.model import Model, new_list
from skill.core.profile import Unit
from skill.core.rules import HARD_SESSION_SHARE


class DoneSet(Model):
    """One logged set as progression reads it: what was asked, what was done, how it felt."""

    target_reps: int
    target_load: float | None = None
    reps: int
    load: float | None = None
    unit: Unit | None = None
    effort: Effort | None = None
    tempo_scale: float = 1.0


class Outing(Model):
    """One session's worth of one exercise."""

    at: AwareDatetime
    sets: list[DoneSet]
    pain: bool = False

    @property
    def hard(self) -> bool:
        """A hard session: missed reps, or more than half the sets hard (HARD_SESSION_SHARE).
        One hard last set is not one."""
        hard_sets = sum(s.effort is Effort.HARD for s in self.sets)
        return self.missed or hard_sets > HARD_SESSION_SHARE * len(self.sets)

    @property
    def any_hard(self) -> bool:
        """Any hard set or missed reps."""
        return any(s.effort is Effort.HARD for s in self.sets) or self.missed

    @property
    def eased(self) -> bool:
        """A set was asked for less than the one before (fewer reps or a lighter weight): the
        coach eased off mid-session after a hard or missed set."""
        return self._first_eased is not None

    @property
    def _first_eased(self) -> int | None:
        for i in range(1, len(self.sets)):
            if _easier(self.sets[i], self.sets[i - 1]):
                return i
        return None

    @property
    def peak(self) -> DoneSet | None:
        """The set whose prescription the session reached before any easing off (the last set
        when nothing was eased)."""
        if not self.sets:
            return None
        eased = self._first_eased
        return self.sets[-1] if eased is None else self.sets[eased - 1]

    @property
    def hard_before_last(self) -> bool:
        """A hard set other than the last one, or a set eased after one: one hard set holds.
        A hard last set alone is the normal end of a well-loaded session."""
        return self.eased or any(s.effort is Effort.HARD for s in self.sets[:-1])

    @property
    def ending(self) -> list[DoneSet]:
        """The sets done at the prescription the session ended on: after a step up mid-session,
        the sets from the step on; otherwise (or after easing off) every set."""
        if self.eased:
            return list(self.sets)
        start = 0
        for i in range(1, len(self.sets)):
            if _easier(self.sets[i - 1], self.sets[i]):
                start = i
        return list(self.sets[start:])

    @property
    def missed(self) -> bool:
        return any(s.reps < s.target_reps for s in self.sets)

    @property
    def near_miss(self) -> bool:
        """Only the last set missed, by one rep, after every earlier set made its reps: the
        end of a session loaded right up to the edge, not a failed one."""
        short = [i for i, s in enumerate(self.sets) if s.reps < s.target_reps]
        last = self.sets[-1] if self.sets else None
        return (
            last is not None
            and len(self.sets) > 1
            and short == [len(self.sets) - 1]
            and last.target_reps - last.reps == 1
        )


def _lighter(s: DoneSet, than: DoneSet) -> bool:
    """Done with a lighter weight than ``than`` (a set said in kilos compares with one said in
    pounds; a set with no unit is read in the other's)."""
    if s.load is None or than.load is None:
        return False
    load, other = s.load, than.load
    if s.unit is not None and than.unit is not None and s.unit is not than.unit:
        load, other = (load * LB_PER_KG, other) if s.unit is Unit.KG else (load, other * LB_PER_KG)
    return load < other * 0.99


def _easier(s: DoneSet, than: DoneSet) -> bool:
    """Asked for less than ``than``: a lighter weight, or fewer reps at no more weight (the next
    weight up with the reps back at the bottom of the range is a step up, not down)."""
    if _lighter(s, than):
        return True
    return s.target_reps < than.target_reps and not _lighter(than, s)


class Track(Model):
    """All progression reads of one exercise's past: the newest outing (when, and whether it
    stopped for pain), the newest one with sets, and whether the one with sets before that
    missed its targets. Small enough to ride in session attributes, so an answer given
    mid-workout counts today's sets by the same rule the next plan uses."""

    at: AwareDatetime
    pain: bool = False
    sets: list[DoneSet] = Field(default_factory=new_list)
    missed_before: bool = False

    @property
    def done(self) -> Outing | None:
        """The newest outing with sets."""
        return Outing(at=self.at, sets=self.sets) if self.sets else None

    def then(self, outing: Outing) -> Track:
        """The track after one more (newer) outing."""
        if not outing.sets:
            return self.model_copy(update={"at": outing.at, "pain": outing.pain})
        missed = any(s.reps < s.target_reps for s in self.sets)
        return Track(at=outing.at, pain=outing.pain, sets=outing.sets, missed_before=missed)

    @classmethod
    def of(cls, history: list[Outing]) -> Track | None:
        """The track of these outings (newest first); None when there are none."""
        track: Track | None = None
        for outing in reversed(history):
            if track is None:
                track = Track(at=outing.at, pain=outing.pain, sets=outing.sets)
            else:
                track = track.then(outing)
        return track


class Entry(Model):
    """One slot of the programme: its exercise, since when, what was done of it, what is next."""

    slot: Slot
    exercise_id: str
    """What the next session in which the slot is trained will coach."""
    block_started: AwareDatetime
    sessions: int = 0
    """Sessions of this block in which it was trained: the block ends at rules.BLOCK_SESSIONS."""
    track: Track | None = None
    """What was done of ``exercise_id`` (None: not yet)."""
    advice: Advice
    """The next prescription and why. When progression moved the slot to another variation,
    this is that advice (``switch_to`` is ``exercise_id``), with the new variation's targets."""
    replaced: str | None = None
    """A new block not yet trained: the exercise it takes over from (None: joined fresh)."""
    announced: bool = True
    """False until the first session of a new block or a new slot has said so."""

    @property
    def load(self) -> float | None:
        return self.advice.load

    @property
    def new(self) -> bool:
        return self.track is None


class Programme(Model):
    entries: list[Entry] = Field(default_factory=new_list)
    shelf: dict[str, Track] = Field(default_factory=dict)
    """Tracks of exercises that left the programme (a block ended, a variation moved on), so
    one that comes back starts from its own numbers."""

    def entry_for(self, exercise_id: str) -> Entry | None:
        """The entry coaching this exercise, or the one advised on to it."""
        for entry in self.entries:
            if exercise_id in (entry.exercise_id, entry.advice.exercise_id):
                return entry
        return None

    @property
    def advice(self) -> list[Advice]:
        """Each entry's next prescription, most important first (safety, changes, holds)."""
        order = {id(e): i for i, e in enumerate(self.entries)}
        ranked = sorted(self.entries, key=lambda e: (e.advice.priority, order[id(e)]))
        return [e.advice for e in ranked]

    @property
    def exercise_ids(self) -> list[str]:
        return [e.exercise_id for e in self.entries]


__all__ = ["Change", "DoneSet", "Entry", "Outing", "Programme", "Track"]
