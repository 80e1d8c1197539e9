"""The programme built and moved on: which exercise fills each slot, for how long, from where.

Three moments, one rule each:
- ``build`` at launch: the stored programme (the newest ended session carries it), with any
  outings the store has that it has not seen, fitted to the person's kit and level.
- ``fit`` before planning (the profile may have changed) and after every change: keep what
  still fits, fill empty slots, move an outgrown exercise on to its harder variation, start a
  new block when one has run its weeks, and prescribe each entry with
  ``progression.decide``.
- ``after`` a session (or mid-workout, to answer with today's sets counted): each trained
  entry's track takes the session's outing, then ``fit``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from skill.core.advice import Advice, Change, Reason
from skill.core.catalog import Catalog, Exercise, LoadType, Movement, Slot
from skill.core.history import HistorySummary, SessionRecord
from skill.core.loads import lighter_load, reps_at
from skill.core.plan import planned_sets
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.programme import Entry, Outing, Programme, Track
from skill.core.progression import (
    comfortable_sessions,
    decide,
    last_times,
    nordic_ready,
    outing_of,
    outings,
    start,
)
from skill.core.rules import (
    BEGINNER_FIRST_SLOTS,
    BLOCK_SESSIONS,
    BUILD_UP_SESSIONS,
    LEVEL_REACH,
    NEW_EXERCISE_SHARE,
    NEW_EXERCISE_STEPS,
    REP_MAX,
    clamp_reps,
    rep_range,
)
from skill.core.weekly import last_week_report, week_report

SLOT_ORDER = (Slot.HINGE, Slot.CURL, Slot.BRIDGE_POWER)
SHELF_SIZE = 6
"""Exercises remembered after they leave the programme: enough for every slot's last two."""


def stored(sessions: Iterable[SessionRecord]) -> Programme | None:
    """The programme the newest ended session left, if any session carries one."""
    carrying = [s for s in sessions if s.programme is not None]
    newest = max(carrying, key=lambda s: s.last_activity, default=None)
    return newest.programme if newest is not None else None


def build(
    catalog: Catalog,
    profile: Profile | None,
    history: HistorySummary,
    sessions: list[SessionRecord],
    now: datetime,
    leave_out: str | None = None,
) -> Programme:
    """At launch: the stored programme brought up to date with the sessions read, then fitted.

    ``leave_out``: the workout still in progress; its sets join when it ends (``after``).
    """
    done = [s for s in sessions if s.workout_id != leave_out]
    base = stored(done) or Programme()
    entries = []
    for entry in base.entries:
        # Sessions the stored programme has not seen (one closed without it, say): only those
        # after what it knows, and never older than the block.
        track, count = entry.track, entry.sessions
        for outing in reversed(outings(entry.exercise_id, done)):
            if outing.at <= (track.at if track is not None else entry.block_started):
                continue
            track = track.then(outing) if track is not None else _first(outing)
            count += 1
        entries.append(entry.model_copy(update={"track": track, "sessions": count}))
    if profile is None or not profile.complete:
        return Programme(entries=entries)
    tracks = {e.id: Track.of(outings(e.id, done)) for e in catalog.exercises}
    first = not base.entries
    return fit(
        catalog, profile, history, Programme(entries=entries), now, tracks, announce=not first
    )


def after(
    catalog: Catalog,
    profile: Profile | None,
    history: HistorySummary,
    programme: Programme,
    session: SessionRecord,
    now: datetime,
) -> Programme:
    """The programme once ``session`` (ended, or in progress) is counted. A lighter session's
    sets do not move targets (they were below them on purpose); its pain still does."""
    entries = []
    for entry in programme.entries:
        outing = outing_of(entry.exercise_id, session)
        if outing is not None and session.lighter:
            outing = outing.model_copy(update={"sets": []}) if outing.pain else None
        track = entry.track
        if outing is not None and (track is None or outing.at > track.at):
            track = track.then(outing) if track is not None else _first(outing)
            update = {"track": track, "replaced": None, "announced": True}
            entry = entry.model_copy(update={**update, "sessions": entry.sessions + 1})
        entries.append(entry)
    moved = Programme(entries=entries)
    if profile is None or not profile.complete:
        return moved
    return fit(catalog, profile, history, moved, now, {}, away=timedelta(0), rotate=True)


def _first(outing: Outing) -> Track:
    return Track(at=outing.at, pain=outing.pain, sets=outing.sets)


def fit(
    catalog: Catalog,
    profile: Profile,
    history: HistorySummary,
    programme: Programme,
    now: datetime,
    tracks: dict[str, Track | None],
    announce: bool = True,
    away: timedelta | None = None,
    rotate: bool = False,
) -> Programme:
    """Keep what fits, fill what is missing, move on what has been outgrown or has run its
    block, and prescribe every entry. Idempotent: fitting a fitted programme changes nothing.

    ``tracks``: what is known of exercises outside the programme (a filled slot starts from
    it). ``announce``: whether new entries are said at the next start (not on the first plan).
    ``away``: time off training (default: since the last logged set; none right after one).
    ``rotate``: a block that has run its sessions may end (only when a session has just been
    counted, and one slot at a time, so a session never changes everything at once).
    """
    level = profile.level or Level.NEW
    pool = _pool(catalog, profile, history)
    slots = _slots(level, history)
    kept: list[Entry] = []
    for entry in programme.entries:
        e = catalog.get(entry.exercise_id) if entry.exercise_id in catalog else None
        if e is None or entry.slot not in slots or not _fits(e, profile):
            continue
        if any(k.exercise_id == e.id for k in kept):
            continue
        kept.append(entry)

    def joins(slot: Slot, pick: Exercise) -> Entry:
        """A new entry, from what is known of the move (``tracks``, the shelf) or its start."""
        track = tracks.get(pick.id) or programme.shelf.get(pick.id)
        return Entry(
            slot=slot,
            exercise_id=pick.id,
            block_started=now,
            track=track,
            advice=start(pick),
            announced=not announce,
        )

    for slot in slots:
        if any(k.slot is slot for k in kept):
            continue
        used = {k.exercise_id for k in kept}
        pick = _choose(slot, [e for e in pool if e.id not in used], profile, history)
        if pick is not None:
            kept.append(joins(slot, pick))
    while len(kept) < len(slots):
        # A slot their kit or level can't fill: another kind of move of theirs stands in
        # (never a harder level's: fewer exercises is fine when there is none). No two entries
        # share a family, and none moves on into another's (``unavailable``). A stand-in is
        # another movement, not a second of one already there: single-leg bridges beside hip
        # thrusts are the same hip extension twice, not the knee flexion the curl slot is for.
        families = {catalog.get(k.exercise_id).family for k in kept}
        movements = {catalog.get(k.exercise_id).movement for k in kept}
        spare = [
            e
            for e in pool
            if e.family not in families
            and e.movement not in movements
            and any(q in slots for q in e.slots)
        ]
        pick = _choose(None, spare, profile, history)
        if pick is None:
            break
        kept.append(joins(next(q for q in pick.slots if q in slots), pick))
    for slot, pick in _built_up_extras(catalog, profile, history, kept, slots):
        kept.append(joins(slot, pick))
    kept.sort(key=lambda k: SLOT_ORDER.index(k.slot))
    if away is None:
        away = now - (history.last_trained_at or now)
    shelf = dict(programme.shelf)
    retired = {e.exercise_id: e.track for e in [*programme.entries, *kept] if e.track is not None}
    due = [k for k in kept if k.sessions >= BLOCK_SESSIONS] if rotate else []
    may_end = max(due, key=lambda k: k.sessions).exercise_id if due else None
    # Until nothing moves: one entry moving on can free the variation another was waiting for.
    for _ in range(len(kept) + 1):
        changed = False
        for i, entry in enumerate(kept):
            ends = entry.exercise_id == may_end
            moved = _move_on(catalog, profile, history, entry, kept, pool, now, away, shelf, ends)
            if moved != entry:
                kept[i], changed = moved, True
        if not changed:
            break
    entries = _with_planned_sets(catalog, kept, level, history)
    return Programme(entries=entries, shelf=_shelved(shelf, retired, kept))


def _with_planned_sets(
    catalog: Catalog, entries: list[Entry], level: Level, history: HistorySummary
) -> list[Entry]:
    """Each prescription names the sets the next session's plan gives it: spare sets from a
    one-set Nordic go to the other moves, a new curl takes its share, a short week adds some."""
    sets = planned_sets(catalog, entries, level, history)
    return [
        e.model_copy(update={"advice": e.advice.model_copy(update={"sets": n})})
        if 0 < n != e.advice.sets
        else e
        for e, n in zip(entries, sets, strict=True)
    ]


def _shelved(
    shelf: dict[str, Track], retired: dict[str, Track], entries: list[Entry]
) -> dict[str, Track]:
    """The shelf with what just left the programme, without what is in it, newest few."""
    here = {e.exercise_id for e in entries}
    merged = {**shelf, **retired}
    kept = sorted(
        ((i, t) for i, t in merged.items() if i not in here), key=lambda it: it[1].at, reverse=True
    )
    return dict(kept[:SHELF_SIZE])


def _move_on(
    catalog: Catalog,
    profile: Profile,
    history: HistorySummary,
    entry: Entry,
    entries: list[Entry],
    pool: list[Exercise],
    now: datetime,
    away: timedelta,
    shelf: dict[str, Track],
    block_may_end: bool = False,
) -> Entry:
    """The entry prescribed: progression's answer, a switch it asks for, or a new block."""
    if entry.track is None:
        # Not done yet: a carried-over prescription stands; otherwise the catalog's start.
        carried = entry.advice
        if entry.exercise_id in (carried.exercise_id, carried.switch_to):
            return entry
        return entry.model_copy(update={"advice": start(catalog.get(entry.exercise_id))})
    taken = frozenset(k.exercise_id for k in entries if k is not entry)
    families = {catalog.get(i).family for i in taken}
    unavailable = frozenset(e.id for e in catalog.exercises if e.family in families)
    advice = decide(
        catalog,
        entry.exercise_id,
        entry.track,
        profile,
        history.comfortable_sessions,
        away,
        unavailable=unavailable,
    )
    if advice.switch_to:
        old, new = catalog.get(entry.exercise_id), catalog.get(advice.switch_to)
        own = _own_numbers(shelf.get(new.id))
        if own is not None:  # done before: from its own numbers
            reps, load, unit = own
            switched = advice.model_copy(update={"target_reps": reps, "load": load, "unit": unit})
        else:
            load, unit = _carried_load(old, new, entry, advice.change is Change.HARDER)
            switched = advice.model_copy(update={"load": load, "unit": unit})
        return _taken_over(entry, new.id, switched, now)
    if (block_may_end or _stalled(entry.track, advice)) and advice.priority > 0:
        fresh = _alternative(catalog, entry, pool, profile, history, unavailable)
        if fresh is not None:
            return _new_block(catalog, entry, fresh, now, shelf.get(fresh.id))
    return entry.model_copy(update={"advice": advice})


def _stalled(track: Track, advice: Advice) -> bool:
    """Nothing left to progress: a hold at the top (no harder variation, no heavier weight,
    the lowering already slow) that was already the target last time."""
    if advice.change is not Change.HOLD or not track.sets:
        return False
    if advice.reason not in (Reason.TOP_NO_HARDER, Reason.SLOW_LOWERING):
        return False
    last = track.sets[0]
    slow_enough = last.tempo_scale + 0.01 >= advice.tempo_scale  # tempo.combined rounds
    return last.target_reps >= advice.target_reps and slow_enough


def _new_block(
    catalog: Catalog, entry: Entry, fresh: Exercise, now: datetime, own: Track | None
) -> Entry:
    """Another exercise for the slot: from its own numbers when it was done before (``own``),
    else from the last one's."""
    old = catalog.get(entry.exercise_id)
    begin = start(fresh)
    numbers = _own_numbers(own)
    if numbers is not None:
        reps, load, unit = numbers
    else:
        load, unit = _carried_load(old, fresh, entry, harder=True)
        reps = _band_start_reps(old, fresh, entry, load) or begin.target_reps
    advice = begin.model_copy(
        update={"reason": Reason.NEW_BLOCK, "load": load, "unit": unit, "target_reps": reps}
    )
    return _taken_over(entry, fresh.id, advice, now)


def _taken_over(entry: Entry, exercise_id: str, advice: Advice, now: datetime) -> Entry:
    """The slot with another exercise, starting a block now, to be announced."""
    return Entry(
        slot=entry.slot,
        exercise_id=exercise_id,
        block_started=now,
        advice=advice,
        replaced=entry.exercise_id,
        announced=False,
    )


def _own_numbers(own: Track | None) -> tuple[int, float | None, Unit | None] | None:
    """The reps, load and unit an exercise was last done at (None: never, as far as known)."""
    if own is None or not own.sets:
        return None
    loaded = [s for s in own.sets if s.load is not None]
    load = loaded[-1].load if loaded else None
    unit = loaded[-1].unit if loaded else None
    return clamp_reps(own.sets[0].target_reps), load, unit


def _carried_load(
    old: Exercise, new: Exercise | None, entry: Entry, harder: bool
) -> tuple[float | None, Unit | None]:
    """A loaded move taking over from one loaded the same way starts from its working load:
    a few light steps under it for a harder or different lift, the same for an easier one.
    (``new`` None: the working load of ``old`` itself.)"""
    new = new or old
    sets = entry.track.sets if entry.track is not None else []
    loaded = [s for s in sets if s.load is not None]
    if not loaded or old.load_type is not new.load_type or new.load_type is LoadType.BODYWEIGHT:
        return None, None
    last = loaded[-1]
    load, unit = last.load, last.unit or entry.advice.unit
    if load is None or unit is None:
        return None, None
    if harder and new.load_type is LoadType.BAND:
        # A band down is already 20-40%, and the reps start again: the heaviest band (this one
        # or lighter) at which some reps in the new move's range ask about 20% less.
        for band in _bands_down(load, unit):
            if _band_reps(new, band, load, last.reps) is not None:
                return band, unit
        return lighter_load(new.load_type, load, unit) or load, unit
    if harder:
        # About 20% under: two light steps.
        for _ in range(NEW_EXERCISE_STEPS):
            load = lighter_load(new.load_type, load, unit) or load
    return load, unit


def _bands_down(load: float, unit: Unit) -> list[float]:
    """This band and every lighter one, heaviest first."""
    bands, band = [load], lighter_load(LoadType.BAND, load, unit)
    while band is not None:
        bands.append(band)
        band = lighter_load(LoadType.BAND, band, unit)
    return bands


def _band_reps(new: Exercise, band: float, load: float | None, reps: int) -> int | None:
    """The most reps of ``new`` (in its range, up to the guide's 20) on ``band`` that ask about
    NEW_EXERCISE_SHARE less than ``reps`` on ``load`` did; None when even its fewest ask more.
    The reps are the last set's (done tired): how a new move compares is not known yet, so it
    starts on the safe side."""
    if load is None:
        return None
    low, _high = rep_range(new)
    return reps_at(band, load, reps, REP_MAX, low, slack=-NEW_EXERCISE_SHARE)


def _band_start_reps(old: Exercise, new: Exercise, entry: Entry, band: float | None) -> int | None:
    """A band move taking over from another band move: the reps that match its band (above)."""
    sets = entry.track.sets if entry.track is not None else []
    loaded = [s for s in sets if s.load is not None]
    if band is None or not loaded or LoadType.BAND not in (old.load_type, new.load_type):
        return None
    if old.load_type is not new.load_type:
        return None
    return _band_reps(new, band, loaded[-1].load, loaded[-1].reps)


def _slots(level: Level, history: HistorySummary) -> tuple[Slot, ...]:
    """A new trainee starts with a hinge and a bridge, and adds a curl once those were
    comfortable (the guide's "begin with one or two moves and build from there")."""
    if level is Level.NEW and history.comfortable_sessions < BUILD_UP_SESSIONS:
        return (Slot.HINGE, Slot.BRIDGE_POWER)[:BEGINNER_FIRST_SLOTS]
    return SLOT_ORDER


def _built_up_extras(
    catalog: Catalog,
    profile: Profile,
    history: HistorySummary,
    kept: list[Entry],
    slots: tuple[Slot, ...],
) -> list[tuple[Slot, Exercise]]:
    """A new trainee who has built up (``nordic_ready``: six comfortable sessions) and whose kit
    holds nothing at their level for a slot takes the gentlest move a level up for it: the
    guide's "then harder moves, as those become comfortable". Before that, fewer exercises.
    Without this a bodyweight-only beginner does four sets of bridges twice a week for ever,
    short of the guide's twelve weekly sets; with it, single-leg Romanian deadlifts join. Never
    a Nordic: a beginner meets one only by progressing a move of their own level into it."""
    level = profile.level or Level.NEW
    if level is not Level.NEW or not nordic_ready(level, history.comfortable_sessions):
        return []
    picks: list[tuple[Slot, Exercise]] = []
    for slot in slots:
        if any(k.slot is slot for k in kept):
            continue
        taken = [catalog.get(k.exercise_id) for k in kept] + [p for _, p in picks]
        reach = [
            e
            for e in catalog.exercises
            if e.level.rank == level.rank + LEVEL_REACH
            and _fits(e, profile)
            and slot in e.slots
            and e.family not in {t.family for t in taken}
            and e.movement not in {t.movement for t in taken}
            and e.movement is not Movement.NORDIC
        ]
        ids = {e.id for e in reach}
        gentlest = [e for e in reach if e.easier not in ids]
        pick = _choose(slot, gentlest, profile, history)
        if pick is not None:
            picks.append((slot, pick))
    return picks


def _fits(e: Exercise, profile: Profile) -> bool:
    """Their kit allows it, and it is at most a progression's reach above their level."""
    level = profile.level or Level.NEW
    return e.doable_with(profile.equipment) and e.level.rank <= level.rank + LEVEL_REACH


def _pool(catalog: Catalog, profile: Profile, history: HistorySummary) -> list[Exercise]:
    """What a slot may be filled with: their kit, their level (never a harder level's), no
    Nordic before a new trainee has earned it, and loaded versions over bodyweight ones."""
    level = profile.level or Level.NEW
    pool = [e for e in catalog.exercises if e.level.rank <= level.rank and _fits(e, profile)]
    if not nordic_ready(level, history.comfortable_sessions):
        pool = [e for e in pool if e.movement is not Movement.NORDIC]
    loaded_families = {e.family for e in pool if e.load_type is not LoadType.BODYWEIGHT}
    return [
        e for e in pool if not (e.load_type is LoadType.BODYWEIGHT and e.family in loaded_families)
    ]


def _recency(exercise_id: str, history: HistorySummary) -> int:
    """Sessions since it was last done (0: the last one); large when never."""
    for age, done in enumerate(history.recent_exercises):
        if exercise_id in done:
            return age
    return len(history.recent_exercises) + 1


def _owned(e: Exercise, profile: Profile) -> bool:
    return any(q in profile.equipment and q is not Equipment.BODYWEIGHT for q in e.equipment)


def _choose(
    slot: Slot | None, pool: list[Exercise], profile: Profile, history: HistorySummary
) -> Exercise | None:
    """A slot's exercise (``slot`` None: any): what they did most recently there (keep the
    lift going), else kit they own, then the closest level match."""
    level = profile.level or Level.NEW
    candidates = [e for e in pool if slot is None or slot in e.slots]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda e: (
            _recency(e.id, history),
            not _owned(e, profile),
            level.rank - e.level.rank,
            e.slots.index(slot) if slot is not None else 0,
        ),
    )


def _alternative(
    catalog: Catalog,
    entry: Entry,
    pool: list[Exercise],
    profile: Profile,
    history: HistorySummary,
    unavailable: frozenset[str],
) -> Exercise | None:
    """A new block's exercise: another of the slot's moves at their level, never an easier
    step of the current one's own progression (it would only move back up), nor another
    entry's family, nor a bodyweight move after a loaded one (a barbell hip thrust is not
    traded for bridges); another family first, least recently done, kit they own. None keeps
    the current one."""
    level = profile.level or Level.NEW
    current = catalog.get(entry.exercise_id)
    below = set(_easier_steps(catalog, current))
    loaded = _owned(current, profile) and current.load_type is not LoadType.BODYWEIGHT
    candidates = [
        e
        for e in pool
        if entry.slot in e.slots
        and e.id != current.id
        and e.id not in below
        and e.id not in unavailable
        and (not loaded or _owned(e, profile))
    ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda e: (
            e.family == current.family,
            -_recency(e.id, history),
            not _owned(e, profile),
            level.rank - e.level.rank,
        ),
    )


def _easier_steps(catalog: Catalog, e: Exercise) -> list[str]:
    """Every exercise below ``e`` on its easier links (loops cut)."""
    steps: list[str] = []
    link = e.easier
    while link is not None and link in catalog and link not in steps and link != e.id:
        steps.append(link)
        link = catalog.get(link).easier
    return steps


def summarize(
    catalog: Catalog,
    sessions: list[SessionRecord],
    profile: Profile | None,
    now: datetime,
    active_id: str | None = None,
) -> HistorySummary:
    """Everything a session needs from history, computed once when the session starts.

    The week report and the programme leave out the workout still in progress
    (``active_id``): its sets ride with it and are added live, so resuming it never counts them
    twice.
    """
    base = HistorySummary.from_sessions(sessions)
    base.comfortable_sessions = comfortable_sessions(sessions)
    base.last_times = last_times(sessions)
    base.week = week_report(sessions, now, leave_out=active_id)
    base.last_week = last_week_report(sessions, now)
    base.programme = build(catalog, profile, base, sessions, now, leave_out=active_id)
    return base


__all__ = ["after", "build", "fit", "stored", "summarize"]
