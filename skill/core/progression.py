"""What to do next time, per exercise: double progression inside the rep range.

Pure. Reads what was done of an exercise (its ``Track``) and answers add load, add reps, hold,
regress, or change variation, once per session, with the guide's safety rails: small load steps
from the kit people own, pain or missed targets two outings running always step back.
Each answer carries a typed ``Reason``; the words are skill.speech.progress's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from skill.core.advice import Advice, Change, LastTime, Reason
from skill.core.catalog import Catalog, Exercise, LoadType, Movement
from skill.core.effort import Effort
from skill.core.history import SessionRecord, SetRecord
from skill.core.loads import (
    convert,
    lighter_load,
    nearest_existing,
    next_load,
    rep_top,
    reps_at,
    step_down,
)
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.programme import DoneSet, Outing, Track
from skill.core.rules import (
    EARN_EXTRA_REPS,
    EASY_REP_STEP,
    EASY_RESERVE,
    EFFECTIVE_STEP,
    LAYOFF,
    LAYOFF_REP_CUT,
    LEVEL_REACH,
    LONG_LAYOFF,
    MAX_SETS_PER_EXERCISE,
    MAX_STEP,
    NEAR_TOP_REPS,
    NORDIC_AFTER_SESSIONS,
    REGRESS_FRACTION,
    REP_MAX,
    REP_MIN,
    REP_STEP,
    SLOW_LOWERING,
    rep_range,
    target_reps,
)
from skill.core.value import Value


def _done(record: SetRecord) -> DoneSet:
    """The fields of a logged set progression reads (DoneSet's are a subset of SetRecord's)."""
    return DoneSet.model_validate(record.model_dump(include=set(DoneSet.model_fields)))


def outing_of(exercise_id: str, session: SessionRecord) -> Outing | None:
    """The session's sets of one exercise, or its stop for pain; None when it was not touched."""
    records = [s for s in session.sets if s.exercise_id == exercise_id]
    pain = exercise_id in session.pain
    if not records and not pain:
        return None
    when = max(s.logged_at for s in records) if records else session.ended_at or session.started_at
    return Outing(at=when, sets=[_done(s) for s in records], pain=pain)


def outings(exercise_id: str, sessions: list[SessionRecord]) -> list[Outing]:
    """Every session that touched the exercise (sets logged or stopped for pain), newest first."""
    found = [o for s in sessions if (o := outing_of(exercise_id, s)) is not None]
    found.sort(key=lambda o: o.at, reverse=True)
    return found


class _Standing(Value):
    """Where one exercise stands: its range, the last outings, and the load and reps in use.

    Worked out once, so each decision below reads as the rule it applies.
    """

    e: Exercise
    low: int
    high: int
    top: int
    """Where reps stop rising at this weight: ``high``, or the guide's 20 when the next size is
    a big step (a band, a light dumbbell) that needs more reps first (loads.rep_top)."""
    track: Track
    last: Outing | None
    """The newest outing with logged sets."""
    unit: Unit
    load: float | None
    """The working load last time, in ``unit``; None for bodyweight or when never said."""
    reps_now: int
    """The current rep target, kept in range (past the top only when it was earned)."""
    sets: int
    comfortable: int
    """Comfortable sessions so far (see ``comfortable_sessions``): a new trainee's Nordic gate."""
    unavailable: frozenset[str]
    """Variations not to move on to (another slot of the programme has them)."""
    loaded: bool
    """Weight can go up: a loaded move, with kit for it (a single-leg RDL without dumbbells or a
    kettlebell is done with bodyweight, and progresses like it)."""

    def advice(
        self,
        change: Change,
        reason: Reason,
        reps: int,
        load: float | None,
        tempo_scale: float = 1.0,
        switch_to: str | None = None,
    ) -> Advice:
        """An answer for this exercise; the unit rides along when a working load is known."""
        return Advice(
            exercise_id=self.e.id,
            change=change,
            reason=reason,
            sets=self.sets,
            target_reps=reps,
            load=load,
            unit=self.unit if self.load is not None and switch_to is None else None,
            switch_to=switch_to,
            tempo_scale=tempo_scale,
            last_done=self.track.at,
        )

    def switch(self, change: Change, to: Exercise, reason: Reason) -> Advice:
        """Move to another variation: its own starting sets and reps (what the next session
        gives a move not done yet: one set of a Nordic), and no load carried over."""
        advice = self.advice(change, reason, target_reps(to), None, switch_to=to.id)
        return advice.model_copy(update={"sets": start(to).sets})

    def slow_lowering(self, load: float | None) -> Advice:
        """Nothing else can go up: same reps and load, lowered in four seconds. Never for a
        ballistic move (swings): a slow swing is not a swing, so it holds instead."""
        if self.e.movement.ballistic:
            return self.advice(Change.HOLD, Reason.TOP_NO_HARDER, self.reps_now, load)
        return self.advice(
            Change.HOLD, Reason.SLOW_LOWERING, self.reps_now, load, tempo_scale=SLOW_LOWERING
        )


def _standing(
    e: Exercise,
    track: Track,
    profile: Profile,
    comfortable: int,
    unavailable: frozenset[str] = frozenset(),
) -> _Standing:
    low, high = rep_range(e)
    last_sets = track.sets
    unit = next((s.unit for s in reversed(last_sets) if s.unit), None) or profile.unit
    base_sets = min(e.sets, MAX_SETS_PER_EXERCISE)
    sets = max(base_sets, len(last_sets)) if last_sets else base_sets
    # The prescription the last session ended on: after a step up mid-session, the new one;
    # after easing off mid-session (a hard or missed set), the one it opened with.
    done = track.done
    peak = done.peak if done is not None else None
    if done is not None and done.eased and peak is not None:
        reps_now = peak.target_reps
        load = _working_load([peak], unit, e.load_type) or _working_load(
            last_sets, unit, e.load_type
        )
    else:
        ending = done.ending if done is not None else []
        reps_now = ending[0].target_reps if ending else target_reps(e)
        load = _working_load(last_sets, unit, e.load_type)
    kit = [q for q in e.equipment if q is not Equipment.BODYWEIGHT]
    owned = any(q in profile.equipment for q in kit)
    loaded = e.load_type is not LoadType.BODYWEIGHT and (owned or load is not None)
    # A target earned past the range (before a big weight jump) is kept, not clamped back.
    top = rep_top(e.load_type, load, unit, low, high) if loaded else high
    ceiling = REP_MAX if not loaded else min(REP_MAX, max(top, high + EARN_EXTRA_REPS))
    return _Standing(
        e=e,
        low=low,
        high=high,
        track=track,
        last=track.done,
        unit=unit,
        load=load,
        loaded=loaded,
        unavailable=unavailable,
        top=top,
        # Below the range only when it was prescribed (the reps a big band step starts at).
        reps_now=min(ceiling, max(REP_MIN, reps_now)),
        sets=min(sets, MAX_SETS_PER_EXERCISE),
        comfortable=comfortable,
    )


def advise(
    catalog: Catalog,
    exercise_id: str,
    sessions: list[SessionRecord],
    profile: Profile,
    now: datetime,
) -> Advice:
    """The next target for one exercise from what was really done (see ``decide``)."""
    track = Track.of(outings(exercise_id, sessions))
    away = now - _last_training(sessions, now)
    return decide(catalog, exercise_id, track, profile, comfortable_sessions(sessions), away)


def start(e: Exercise) -> Advice:
    """A first go: the catalog's sets, the bottom of the range, no load named yet."""
    return Advice(
        exercise_id=e.id,
        change=Change.START,
        sets=min(e.sets, MAX_SETS_PER_EXERCISE),
        target_reps=target_reps(e),
        reason=Reason.NO_DATA,
    )


def decide(
    catalog: Catalog,
    exercise_id: str,
    track: Track | None,
    profile: Profile,
    comfortable: int,
    away: timedelta,
    unavailable: frozenset[str] = frozenset(),
) -> Advice:
    """The one rule for an exercise's next prescription, by session: from its ``track`` and
    the time ``away`` from training. The plan and every future-tense answer come from here.
    ``unavailable``: variations it may not move on to (the programme has them elsewhere).

    Safety first (pain, a layoff, missed targets twice running), then a hard set holds, then up.
    """
    e = catalog.get(exercise_id)
    if track is None:
        return start(e)
    at = _standing(e, track, profile, comfortable, unavailable)
    step_back = _step_back_reason(at, away)
    if step_back is not None and step_back.layoff:
        return _after_layoff(at, step_back, catalog, profile)
    if step_back is not None:
        return _step_back(at, step_back, catalog, profile)
    if at.last is None:
        return at.advice(Change.START, Reason.NO_DATA, target_reps(e), None)
    return _hold(at) or _move_up(at, at.last, catalog, profile)


def _last_training(sessions: list[SessionRecord], now: datetime) -> datetime:
    """When any hamstring set was last logged (a layoff is time off training, not time since
    one exercise came round in the rotation)."""
    return max((s.last_activity for s in sessions if s.sets), default=now)


def _step_back_reason(at: _Standing, away: timedelta) -> Reason | None:
    """Pain last time, a layoff, or missed targets in two outings running (pain counts as the
    newer signal). A hard set, or a hard session without missed reps, never steps back."""
    if at.track.pain:
        return Reason.PAIN
    if at.last is not None and away >= LONG_LAYOFF:
        return Reason.LONG_LAYOFF
    if at.last is not None and away >= LAYOFF:
        return Reason.LAYOFF
    if at.last is not None and at.last.missed and at.track.missed_before:
        return Reason.TWO_HARD
    return None


def laid_off(last: datetime | None, now: datetime) -> timedelta | None:
    """How long since the last session, when that is a layoff (LAYOFF or more), else None."""
    if last is None or now - last < LAYOFF:
        return None
    return now - last


def _after_layoff(at: _Standing, reason: Reason, catalog: Catalog, profile: Profile) -> Advice:
    """Start back below the last prescription: after about ten days, two reps fewer when the
    range allows, else one weight step lighter; after about four weeks, two steps lighter, else
    the easier variation, else fewer reps."""
    e, load, long = at.e, at.load, reason is Reason.LONG_LAYOFF
    fewer = at.reps_now - LAYOFF_REP_CUT
    if not long and load is not None and fewer >= at.low:
        # About two weeks off costs a few percent: two reps fewer at the same weight is below
        # the last prescription without the 10% of a weight step (reps climb back by session).
        return at.advice(Change.REGRESS, reason, fewer, load)
    if load is not None and e.load_type is not LoadType.BODYWEIGHT and load > 0:
        lighter = lighter_load(e.load_type, load, at.unit)
        if lighter is not None and long:
            lighter = lighter_load(e.load_type, lighter, at.unit) or lighter
        if lighter is not None:
            return at.advice(Change.REGRESS, reason, at.low if long else at.reps_now, lighter)
    if long:
        easier = _variation(catalog, at, profile, harder=False)
        if easier is not None:
            return at.switch(Change.EASIER, easier, reason)
    cut = LAYOFF_REP_CUT * (2 if long else 1)
    return at.advice(Change.REGRESS, reason, max(1, at.reps_now - cut), load)


def _step_back(at: _Standing, reason: Reason, catalog: Catalog, profile: Profile) -> Advice:
    """Missed reps twice with reps above the bottom of the range: the same load, back to the
    reps that were made (one step back, not two). Otherwise (and always for pain) about 10%
    lighter; else the easier variation; else the same load, shorter range."""
    e, load = at.e, at.load
    if reason is Reason.TWO_HARD and at.last is not None and at.reps_now > at.low:
        made = min(s.reps for s in at.last.sets)
        fewer = max(at.low, min(made, at.reps_now - REP_STEP))
        return at.advice(Change.REGRESS, Reason.TWO_HARD_FEWER_REPS, fewer, load)
    lighter = (
        lighter_load(e.load_type, load, at.unit)
        if load is not None and e.load_type is not LoadType.BODYWEIGHT and load > 0
        else None
    )
    nudge = _near_miss_step(at, reason)
    if nudge is not None and (lighter is None or nudge > lighter):
        return at.advice(Change.REGRESS, reason, at.low, nudge)
    if lighter is not None:
        return at.advice(Change.REGRESS, reason, _reps_lighter(at, reason, lighter), lighter)
    easier = _variation(catalog, at, profile, harder=False)
    if easier is not None:
        return at.switch(Change.EASIER, easier, reason)
    shorter = Reason.PAIN_SHORTER_RANGE if reason is Reason.PAIN else Reason.TWO_HARD_SHORTER_RANGE
    return at.advice(Change.REGRESS, shorter, at.low, load)


def _near_miss_step(at: _Standing, reason: Reason) -> float | None:
    """Missed twice at the bottom of the range, the last time by one rep on the last set only
    (6, 6, 6, 5): one weight down (the next dumbbell, one plate), not about 10%. A band's step
    down is matched by reps already (``_reps_lighter``)."""
    e, load = at.e, at.load
    if reason is not Reason.TWO_HARD or at.last is None or not at.last.near_miss:
        return None
    if load is None or load <= 0 or e.load_type in (LoadType.BAND, LoadType.BODYWEIGHT):
        return None
    return step_down(e.load_type, load, at.unit)


def _reps_lighter(at: _Standing, reason: Reason, lighter: float) -> int:
    """The reps on the lighter weight after missed reps twice: the bottom of the range, or on a
    band (the next band down is 20-40% lighter) as many as ask about 10% less than the reps
    made on the heavier one did (its best set: the later ones are done tired, or eased), so the
    step back is a step, not a restart. Pain: the bottom."""
    if reason.hurt or at.e.load_type is not LoadType.BAND or at.last is None or at.load is None:
        return at.low
    sets = at.last.sets
    at_load = [s.reps for s in sets if _in_unit(s, at.unit) >= at.load * 0.99]
    made = max(at_load, default=min(s.reps for s in sets))
    top = rep_top(at.e.load_type, lighter, at.unit, at.low, at.high)
    reps = reps_at(lighter, at.load, made, top, at.low, slack=-REGRESS_FRACTION)
    return reps or at.low


def _in_unit(s: DoneSet, unit: Unit) -> float:
    """A set's load in ``unit`` (a set with none: infinitely heavy, so it always counts)."""
    if s.load is None:
        return float("inf")
    return s.load if s.unit is None or s.unit is unit else convert(s.load, s.unit, unit)


def _hold(at: _Standing) -> Advice | None:
    """Stay put after a hard set or missed reps (once: twice running steps back, see
    ``_step_back_reason``). Progression is by session: no weekly lock, so the answer to "what
    next week" on a Sunday is the one the next session coaches."""
    last = at.last
    assert last is not None
    if last.missed:
        return at.advice(Change.HOLD, Reason.MISSED_REPS, at.reps_now, at.load)
    if last.hard_before_last:
        return at.advice(Change.HOLD, Reason.HARD_SET, at.reps_now, at.load)
    return None


def _move_up(at: _Standing, last: Outing, catalog: Catalog, profile: Profile) -> Advice:
    """Double progression: reps up to the top of the range, then load (or a harder move)."""
    ending = last.ending
    reps_done = min(s.reps for s in ending)
    easy = all(s.effort is Effort.EASY for s in ending)
    if ending[-1].effort is Effort.HARD:
        # A hard last set alone, every rep made: the session was well loaded, not hard. Reps
        # rise by one inside the range (never two); at the top, the next weight with the reps
        # dropped. A single set (one Nordic set, or the only set at a weight reached today)
        # that was hard holds.
        if len(ending) < 2:
            return at.advice(Change.HOLD, Reason.HARD_SET, at.reps_now, at.load)
        if reps_done < at.top:
            goal = min(at.top, max(at.reps_now, reps_done) + REP_STEP)
            return at.advice(Change.ADD_REPS, Reason.HARD_LAST_SET, goal, at.load)
        if not at.loaded or at.load is None or next_load(at.e.load_type, at.load, at.unit) is None:
            return at.advice(Change.HOLD, Reason.HARD_SET, at.reps_now, at.load)
        # At the top: on to _loaded_top's next weight (never a harder variation on a hard set).
    if easy and at.low <= reps_done < at.top and at.load is not None:
        # Easy on every set: a small load step now, keeping the reps. A bigger one (the next
        # dumbbell or band) waits until the reps are near the top, then starts them lower, as
        # many as ask no more than the easy sets did (easy is four or more in reserve).
        heavier = next_load(at.e.load_type, at.load, at.unit)
        small = heavier is not None and heavier - at.load <= MAX_STEP * at.load + 1e-9
        near_top = reps_done >= at.top - NEAR_TOP_REPS
        if at.loaded and heavier is not None and (small or near_top):
            reps = (
                max(at.low, min(reps_done, at.reps_now))
                if small
                else reps_at(heavier, at.load, reps_done + EASY_RESERVE, at.low, REP_MIN)
            )
            if reps is not None:
                return at.advice(Change.ADD_LOAD, Reason.EASY_NEAR_TOP, reps, heavier)
    if reps_done < at.top:
        goal = min(at.top, max(at.reps_now, reps_done) + (EASY_REP_STEP if easy else REP_STEP))
        if goal > at.high:
            return at.advice(Change.ADD_REPS, Reason.BIG_JUMP, goal, at.load)
        return at.advice(Change.ADD_REPS, Reason.REPS_IN_RANGE, goal, at.load)
    if not at.loaded:
        return _bodyweight_top(at, reps_done, catalog, profile)
    return _loaded_top(at, reps_done, catalog, profile)


def _bodyweight_top(at: _Standing, reps_done: int, catalog: Catalog, profile: Profile) -> Advice:
    """Top of the range with no weight to add: harder variation, reps past the range, or slower."""
    harder = _variation(catalog, at, profile, harder=True)
    if harder is not None:
        return at.switch(Change.HARDER, harder, Reason.TOP_OF_RANGE)
    if at.high < REP_MAX and reps_done < REP_MAX:
        goal = min(REP_MAX, reps_done + EARN_EXTRA_REPS)
        return at.advice(Change.ADD_REPS, Reason.TOP_NO_HARDER, goal, None)
    return at.slow_lowering(None)


def _loaded_top(at: _Standing, reps_done: int, catalog: Catalog, profile: Profile) -> Advice:
    """Top of the range with a weight: the next small step; if it is a big jump, earn it with
    reps first, then a harder variation, then a slower lowering."""
    if at.load is None:
        return at.advice(Change.ADD_LOAD, Reason.WEIGHT_UNKNOWN, at.low, None)
    heavier = next_load(at.e.load_type, at.load, at.unit)
    if heavier is not None:
        # The reps drop so the step stays small (at most the range's bottom; for a big band
        # step, as low as the guide's six).
        reps = reps_at(heavier, at.load, reps_done, at.low, REP_MIN, EFFECTIVE_STEP)
        return at.advice(Change.ADD_LOAD, Reason.TOP_OF_RANGE, reps or REP_MIN, heavier)
    ceiling = min(REP_MAX, at.high + EARN_EXTRA_REPS)
    if reps_done < ceiling:
        return at.advice(Change.ADD_REPS, Reason.BIG_JUMP, ceiling, at.load)
    harder = _variation(catalog, at, profile, harder=True)
    if harder is not None:
        return at.switch(Change.HARDER, harder, Reason.BIG_JUMP)
    return at.slow_lowering(at.load)


def _variation(catalog: Catalog, at: _Standing, profile: Profile, harder: bool) -> Exercise | None:
    """The linked easier or harder move, if their kit allows it and it is within their reach
    (for a new trainee, no Nordic before NORDIC_AFTER_SESSIONS comfortable sessions)."""
    link = at.e.harder if harder else at.e.easier
    if link is None:
        return None
    other = catalog.get(link)
    if other.id in at.unavailable:
        return None
    level = profile.level or Level.NEW
    if harder and other.level.rank > level.rank + LEVEL_REACH:
        return None
    if harder and not nordic_ready(level, at.comfortable) and other.movement is Movement.NORDIC:
        return None
    return other if other.doable_with(profile.equipment) else None


def nordic_ready(level: Level, comfortable: int) -> bool:
    """Nordics are intense: a new trainee earns them with comfortable hinge and bridge work."""
    return level is not Level.NEW or comfortable >= NORDIC_AFTER_SESSIONS


def comfortable_sessions(sessions: list[SessionRecord]) -> int:
    """Sessions with logged sets, no pain, and no hard session on any exercise (missed reps or
    most sets hard): how far a new trainee has built up."""
    count = 0
    for session in sessions:
        if not session.sets or session.pain:
            continue
        by_exercise: dict[str, list[SetRecord]] = {}
        for s in session.sets:
            by_exercise.setdefault(s.exercise_id, []).append(s)
        outings_here = [
            Outing(at=session.last_activity, sets=[_done(r) for r in sets])
            for sets in by_exercise.values()
        ]
        count += not any(o.hard for o in outings_here)
    return count


def _working_load(
    sets: list[DoneSet], unit: Unit, load_type: LoadType | None = None
) -> float | None:
    """The load of the last set that had one, in ``unit``. Said in the other unit ("twenty kilos"
    from someone in pounds), it is the nearest weight that exists in ``unit``, so a hold
    never prescribes a 44.1 lb dumbbell (``load_type`` None: converted and rounded only)."""
    for s in reversed(sets):
        if s.load is not None:
            if s.unit is None or s.unit is unit:
                return s.load
            converted = convert(s.load, s.unit, unit)
            if load_type is None or load_type is LoadType.BODYWEIGHT:
                return round(converted, 1)
            return nearest_existing(load_type, converted, unit)
    return None


def advise_all(
    catalog: Catalog, sessions: list[SessionRecord], profile: Profile, now: datetime
) -> list[Advice]:
    """Advice for every exercise done in these sessions, most important first."""
    seen: list[str] = []
    for session in sorted(sessions, key=lambda s: s.started_at, reverse=True):
        for exercise_id in [*(s.exercise_id for s in session.sets), *session.pain]:
            if exercise_id not in seen and exercise_id in catalog:
                seen.append(exercise_id)
    advice = [advise(catalog, i, sessions, profile, now) for i in seen]
    advice = [a for a in advice if not _moved_on(a, sessions)]
    return sorted(advice, key=lambda a: (a.priority, seen.index(a.exercise_id)))


def _moved_on(advice: Advice, sessions: list[SessionRecord]) -> bool:
    """ "Move on to X" is done once X was trained after the exercise it replaces."""
    if advice.switch_to is None or advice.last_done is None:
        return False
    taken_up = outings(advice.switch_to, sessions)
    return bool(taken_up) and taken_up[0].at > advice.last_done


def last_times(sessions: list[SessionRecord]) -> list[LastTime]:
    """For every exercise in these sessions, what was done the most recent time."""
    found: dict[str, LastTime] = {}
    for session in sorted(sessions, key=lambda s: s.last_activity, reverse=True):
        for exercise_id in dict.fromkeys(s.exercise_id for s in session.sets):
            if exercise_id in found:
                continue
            sets = [s for s in session.sets if s.exercise_id == exercise_id]
            loaded = [s for s in sets if s.load is not None]
            found[exercise_id] = LastTime(
                exercise_id=exercise_id,
                at=max(s.logged_at for s in sets),
                reps=[s.reps for s in sets],
                load=loaded[-1].load if loaded else None,
                unit=loaded[-1].unit if loaded else None,
            )
    return list(found.values())


__all__ = [
    "Advice",
    "Change",
    "Reason",
    "advise",
    "advise_all",
    "comfortable_sessions",
    "laid_off",
    "last_times",
    "nordic_ready",
]
