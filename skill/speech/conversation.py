"""The conversation's words: each typed line from skill.core.said becomes SSML here, and only here.

Like skill.speech.workout: one renderer per line type, looked up by type, so the conversation in
skill.core never holds a sentence and a line cannot be said two different ways.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from skill.core.catalog import Catalog
from skill.core.lines import Partway
from skill.core.profile import Equipment, Level, Unit
from skill.core.said import (
    AboutExercise,
    Advised,
    Examples,
    GotEquipment,
    GotLevel,
    GotUnit,
    LastSession,
    LastTimeAnswer,
    LastWeekAnswer,
    LoadAnswer,
    NewBlock,
    Phrase,
    ProgressAnswer,
    RecoveredBy,
    Stopped,
    TooSoon,
    Unfinished,
    UnknownEquipment,
    UnknownExercise,
    WeekAnswer,
    Where,
)
from skill.core.said import Change as ProgrammeChange
from skill.speech.progress import (
    advice_line,
    last_time_answer,
    load_answer,
    load_words,
    week_answer,
)
from skill.speech.ssml import Speech, cap, day_phrase, hours_ago, join_names, plural, words
from skill.speech.week import fix_lines, last_week_lines
from skill.speech.workout import Renderer, partway_words

PHRASES: dict[Phrase, tuple[str, ...]] = {
    Phrase.WELCOME: ("Welcome to Hamstring Coach.",),
    Phrase.WELCOME_BACK: ("Welcome back.",),
    Phrase.INTRODUCTION: (
        "I'll plan hamstring sessions around your kit and count you through every rep.",
        "I'm a training guide, not medical advice.",
    ),
    Phrase.SET_UP_FIRST: ("Let's set you up first.",),
    Phrase.ASK_EQUIPMENT: (
        "What equipment do you have? Any mix of gym machines, barbell, dumbbells, kettlebell, "
        "bands, stability ball, or just bodyweight.",
    ),
    Phrase.ASK_LEVEL: (
        "How much training experience do you have: new, some experience, or experienced?",
    ),
    Phrase.ASK_UNIT: ("Do you lift in pounds or kilos?",),
    Phrase.HELP_UNIT: (
        "I ask so I count your weights the way you read them off the plates.",
        "Say pounds, or kilos. You can change it any time: just say, switch to kilos.",
    ),
    Phrase.SETUP_WHY: ("I use this to pick exercises you can do.",),
    Phrase.HELP_EQUIPMENT: (
        "I ask so I only pick exercises you can do with what you have.",
        "Say something like: dumbbells and bands. Or: just bodyweight.",
    ),
    Phrase.HELP_LEVEL: (
        "I ask so I start you at the right difficulty.",
        "Say new if you're just starting out.",
        "Say some experience if you've trained for a few months, or experienced if it's years.",
    ),
    Phrase.TAKE_IT_EASY: ("Then let's keep it easy.",),
    Phrase.SET_UP_LATER: ("Okay. When you want to set up, just open Hamstring Coach.",),
    Phrase.SURE: ("Sure.",),
    Phrase.DIDNT_CATCH_EQUIPMENT: ("Sorry, I didn't catch the equipment.",),
    Phrase.ALL_SET: ("You're all set.",),
    Phrase.PLAN_FROM_NEXT_SESSION: ("I'll plan with that from your next session.",),
    Phrase.PLAN_FROM_NOW: ("I'll plan with that from now on.",),
    Phrase.START_QUESTION: ("Want to start hamstring day?",),
    Phrase.START_NOW_QUESTION: ("Want to start hamstring day now?",),
    Phrase.START_NEW_QUESTION: ("Want to start a new hamstring day?",),
    Phrase.READY_QUESTION: ("Ready to start hamstring day?",),
    Phrase.PICK_IT_UP_QUESTION: ("Want to pick it up where you left off?",),
    Phrase.RESUME_QUESTION: ("Want to pick up your workout where you left off?",),
    Phrase.LIGHTER_QUESTION: ("Want a lighter session instead? Or say no to rest today.",),
    Phrase.ALREADY_GOING: ("You already have a workout going, so let's pick it up.",),
    Phrase.PICKING_UP: ("Great, picking up.",),
    Phrase.NO_EXERCISES: ("I couldn't find exercises for that equipment.",),
    Phrase.CLOSED_KEPT: ("Okay, I've closed that one and kept what you logged.",),
    Phrase.OLD_WORKOUT_KEPT: ("I've saved the sets from your unfinished workout.",),
    Phrase.REASK_RESUME: ("Say yes to pick up your workout, or no to close it.",),
    Phrase.REASK_START: ("Say yes to start hamstring day, or no to leave it for now.",),
    Phrase.REASK_LIGHTER: ("Say yes for a lighter session, or no to rest today.",),
    Phrase.REASK_MORE: ("Say yes to hear the rest of my advice, or no to skip it.",),
    Phrase.REASK_DELETE: ("Say yes to delete all your data, or no to keep it.",),
    Phrase.REASK_RETRY_SAVE: ("Say yes and I'll try saving again, or no to leave it.",),
    Phrase.SAY_YES_OR_NO: ("Say yes or no.",),
    Phrase.NOT_NOW: ("No problem. Come back when you're ready to train.",),
    Phrase.COME_BACK: ("Okay. Come back when you're ready to train.",),
    Phrase.REST_IS_TRAINING: ("Smart choice. Rest is part of training.",),
    Phrase.DELETE_WARNING: ("That deletes your profile and your whole workout history, for good.",),
    Phrase.DELETE_QUESTION: ("Are you sure you want me to delete it all?",),
    Phrase.DELETED: ("Done. I've deleted everything I had about you.",),
    Phrase.NOTHING_DELETED: ("Okay, nothing deleted.",),
    Phrase.SAVED: ("Saved. See you next time.",),
    Phrase.MAY_BE_LOST: ("Okay. Sorry, what I couldn't save may be lost.",),
    Phrase.OKAY: ("Okay.",),
    Phrase.TRAIN_WELL: ("Okay. Train well, and see you next time.",),
    Phrase.UNKNOWN_EXERCISE: (
        "I don't know that one. Ask me about moves like Romanian deadlifts or glute bridges.",
    ),
    Phrase.NO_SETS_YET: (
        "I don't have any sets from you yet.",
        "Do a session first, and I'll tell you what to increase.",
    ),
    Phrase.NO_SETS_TODAY_YET: ("Finish a set first, and I'll tell you what to increase.",),
    Phrase.HEAR_THE_REST: ("Want to hear the rest?",),
    Phrase.WHICH_EXERCISE: ("Which exercise? Try: how much should I lift on Romanian deadlifts.",),
    Phrase.IDLE_HELP: (
        "I'm your hamstring coach.",
        "Say start hamstring day, and I'll plan a session and count you through it.",
        "You can also say change my equipment, or tell me your level.",
    ),
    Phrase.PAIN_OUTSIDE_WORKOUT: (
        "Sorry it hurts. Rest it, and don't train through pain. "
        "If it's sharp or it lingers, please have a physio or doctor look at it.",
    ),
    Phrase.PULL_OUTSIDE_WORKOUT: (
        "That sounds like a strain.",
        "Rest it, and don't stretch it or train it for now.",
        "Please have a physio or doctor look at it before your next hamstring day.",
    ),
    Phrase.SORE_IS_NORMAL: (
        "Soreness a day or two after training is normal.",
        "Gentle movement helps it ease.",
        "If it's sharp, or getting worse, rest and have it checked.",
    ),
    Phrase.PULL_CHECK_QUESTION: (
        "Last time you felt a pull in your hamstring.",
        "How does it feel today: is it okay?",
    ),
    Phrase.BACK_CHECK_QUESTION: (
        "Last time your back was hurting.",
        "How's your back today: is it okay?",
    ),
    Phrase.REASK_PULL_CHECK: ("Say yes if your hamstring feels fine, or no if it still hurts.",),
    Phrase.REASK_BACK_CHECK: ("Say yes if your back feels fine, or no if it's still sore.",),
    Phrase.GLAD_ITS_BETTER: (
        "Good to hear.",
        "We'll ease back in, and stop at once if you feel it again.",
    ),
    Phrase.BACK_IS_FINE: ("Good. Then a normal session.",),
    Phrase.NO_HINGES_TODAY: ("Okay. Today I'll leave out the hinges, so nothing loads your back.",),
    Phrase.NOT_TODAY_PULL: (
        "Then no training today.",
        "Give it rest, and please have a physio or doctor check it.",
        "Come back when it feels fine.",
    ),
    Phrase.NO_WORKOUT: ("There's no workout going right now.",),
    Phrase.SAY_START: ("Say start hamstring day to begin, or help.",),
    Phrase.ASK_ABOUT_MOVES: ("Ask me about moves like Romanian deadlifts or glute bridges.",),
}

EQUIPMENT_NAMES = {
    Equipment.MACHINES: "gym machines",
    Equipment.BARBELL: "a barbell",
    Equipment.DUMBBELLS: "dumbbells",
    Equipment.KETTLEBELL: "a kettlebell",
    Equipment.BANDS: "bands",
    Equipment.BALL: "a stability ball",
    Equipment.BODYWEIGHT: "bodyweight",
}
LEVEL_NAMES = {Level.NEW: "new", Level.SOME: "some experience", Level.EXPERIENCED: "experienced"}


def _phrase(line: Phrase, catalog: Catalog) -> Speech:
    return Speech(*PHRASES[line])


def _unfinished(line: Unfinished, catalog: Catalog) -> Speech:
    name = catalog.get(line.exercise_id).name
    when = day_phrase(line.at, line.now)
    part = line.partway
    done = "" if part is None else (", one side done" if part.side else ", partway through")
    return Speech(
        f"Welcome back. You left a workout unfinished {when}: "
        f"{name}, set {words(line.set_number)} of {words(line.sets)}{done}."
    )


def _last_session(line: LastSession, catalog: Catalog) -> Speech:
    rested = "still recovering" if line.recovering else "rested"
    when = day_phrase(line.at, line.now)
    if line.layoff:
        return Speech(
            f"Your last hamstring session was {when}. After a break, we'll start back "
            "a little lighter and build up again."
        )
    return Speech(f"Your last hamstring session was {when}, so you're {rested}.")


def _too_soon(line: TooSoon, catalog: Catalog) -> Speech:
    return Speech(
        f"Your last hamstring session was {hours_ago(line.hours)}.",
        "Hamstrings need about two days to recover.",
    )


def _recovered_by(line: RecoveredBy, catalog: Catalog) -> Speech:
    if line.at.date() > line.now.date():
        return Speech(f"You'll be fully recovered {_day_after(line.at, line.now)}.")
    return Speech("You'll be fully recovered later today.")


def _day_after(when: datetime, now: datetime) -> str:
    """ "tomorrow" or "on Thursday" (the calendar day of ``when``, as given)."""
    days = (when.date() - now.date()).days
    return "tomorrow" if days == 1 else f"on {when.strftime('%A')}"


def _stopped(line: Stopped, catalog: Catalog) -> Speech:
    if line.partway is not None:
        return _stopped_partway(line.logged, line.partway)
    if line.logged and line.counted:
        where = f"with {plural(line.logged, 'set')} logged and the one you just did to report"
    elif line.logged:
        where = f"with {plural(line.logged, 'set')} logged"
    else:
        where = "after your first set" if line.counted else "before your first set"
    return Speech(
        f"Saved where you are, {where}. Open Hamstring Coach and I'll pick it up from there."
    )


def _stopped_partway(logged: int, part: Partway) -> Speech:
    """Stopped between a set's turns: the counted part is kept, and the rest comes first."""
    done = partway_words(part)
    where = f"with {plural(logged, 'set')} logged and {done}" if logged else f"with {done}"
    rest = "the other side" if part.side else "the rest of that set"
    return Speech(
        f"Saved where you are, {where} counted.",
        f"Open Hamstring Coach and we'll start with {rest}.",
    )


def _got_equipment(line: GotEquipment, catalog: Catalog) -> Speech:
    heard = join_names([EQUIPMENT_NAMES[q] for q in line.equipment])
    return Speech(f"Got it: {heard}.")


SAID_BACK_CHARS = 40
"""The most of a name we don't know that we say back."""


def said_back(text: str) -> str | None:
    """Words they used, as we say them back: letters only (Speech escapes the rest anyway,
    but control characters are not XML), short; None if nothing is left."""
    kept = "".join(c if c.isalpha() or c in " '-" else " " for c in text)
    return " ".join(kept.split())[:SAID_BACK_CHARS].strip() or None


def _unknown_equipment(line: UnknownEquipment, catalog: Catalog) -> Speech:
    """The words said back as heard; "it" or "them" by how many."""
    said = [w for w in (said_back(t) for t in line.words) if w is not None]
    names = join_names(said) if said else "that"
    if not line.kept:
        return Speech(f"I don't know {names}.")
    them = "them" if len(said) > 1 else "it"
    return Speech(f"I don't know {names}, so I'll plan without {them}.")


def _unknown_exercise(line: UnknownExercise, catalog: Catalog) -> Speech:
    return Speech(f"I don't know {said_back(line.spoken) or 'that one'}.")


EXAMPLE_SET = {Unit.LB: "ten reps at sixty pounds", Unit.KG: "ten reps at twenty-five kilos"}

EXAMPLES: dict[Where, tuple[str, ...]] = {
    Where.EQUIPMENT: (
        "You can say: dumbbells and bands. Or: a barbell and gym machines. Or: just bodyweight.",
    ),
    Where.LEVEL: ("You can say: new, some experience, or experienced.",),
    Where.UNIT: ("You can say: pounds. Or: kilos.",),
    Where.YES_NO: ("You can say: yes, or no. Or: stop, to finish.",),
    Where.CHECK_IN: ("You can say: it feels fine. Or: it still hurts.",),
    Where.IDLE: (
        "You can say: start hamstring day. Or: how's my week, or what should I increase.",
    ),
    Where.SETUP: ("You can say: ready. Or: how do I do this, skip, or stop.",),
    Where.FEEDBACK: ("You can say: easy, just right, or hard. Or: {set}.",),
    Where.CONFIRM: ("You can say: yes, or no. Or the right number, like: {set}.",),
    Where.PAUSED: ("You can say: resume, or stop.",),
    Where.WRAP_UP: (
        "You can say: I'm done, to finish here. Or: one more, for a last lighter set.",
    ),
}


def _examples(line: Examples, catalog: Catalog) -> Speech:
    example = EXAMPLE_SET[line.unit]
    return Speech(*(s.format(set=example) for s in EXAMPLES[line.where]))


def _got_level(line: GotLevel, catalog: Catalog) -> Speech:
    return Speech(f"Got it: {LEVEL_NAMES[line.level]}.")


UNIT_NAMES = {Unit.LB: "pounds", Unit.KG: "kilos"}


def _got_unit(line: GotUnit, catalog: Catalog) -> Speech:
    return Speech(f"Got it: {UNIT_NAMES[line.unit]} from now on.")


def _about_exercise(line: AboutExercise, catalog: Catalog) -> Speech:
    e = catalog.get(line.exercise_id)
    return Speech(f"{cap(e.name)}: {e.trains}", *e.setup_cues[:3], e.feel)


def _advised(line: Advised, catalog: Catalog) -> Speech:
    return Speech(*(advice_line(a, catalog) for a in line.advice))


def _progress_answer(line: ProgressAnswer, catalog: Catalog) -> Speech:
    """The recommendations, then the week's most important fix."""
    week = line.week
    fix = fix_lines(week, line.now, catalog, line.upcoming, line.rest)[:1] if week else []
    return _advised(Advised(line.advice), catalog).extend(Speech(*fix))


def _week_answer(line: WeekAnswer, catalog: Catalog) -> Speech:
    return Speech(*week_answer(line.week, line.now, catalog, line.upcoming, line.rest))


def _last_week_answer(line: LastWeekAnswer, catalog: Catalog) -> Speech:
    return Speech(*last_week_lines(line.week, line.now))


def _last_time_answer(line: LastTimeAnswer, catalog: Catalog) -> Speech:
    return Speech(last_time_answer(list(line.last_times), line.exercise_id, line.now, catalog))


def _load_answer(line: LoadAnswer, catalog: Catalog) -> Speech:
    if line.advice is None and (line.last is not None or line.instead is not None):
        absent = f"{cap(catalog.get(line.exercise_id).name)} aren't in your programme right now."
        if line.last is not None:
            reps = join_names([words(r) for r in line.last.reps])
            load = f" at {load_words(line.last.load, line.last.unit)}" if line.last.load else ""
            return Speech(absent, f"Last time you did {reps} reps{load}.")
        assert line.instead is not None
        theirs = load_answer(line.instead_advice, line.instead, catalog, line.unit)
        return Speech(absent, theirs)
    return Speech(load_answer(line.advice, line.exercise_id, catalog, line.unit))


def _new_block(line: NewBlock, catalog: Catalog) -> Speech:
    name = catalog.get(line.exercise_id).name
    if line.replaced is None or line.change is ProgrammeChange.JOINS:
        return Speech(f"New this time: {name} join your programme.")
    old = catalog.get(line.replaced).name
    match line.change:
        case ProgrammeChange.HARDER:
            return Speech(f"You've outgrown {old}, so today it's {name}.")
        case ProgrammeChange.EASIER:
            return Speech(f"We'll use {name} in place of {old} for now.")
    weeks = words(line.weeks)
    return Speech(f"New block: {name} take over from {old} for about {weeks} weeks.")


RENDERERS: dict[type[Any], Renderer] = {
    Phrase: _phrase,
    Unfinished: _unfinished,
    LastSession: _last_session,
    TooSoon: _too_soon,
    RecoveredBy: _recovered_by,
    Stopped: _stopped,
    GotEquipment: _got_equipment,
    GotLevel: _got_level,
    GotUnit: _got_unit,
    UnknownEquipment: _unknown_equipment,
    UnknownExercise: _unknown_exercise,
    Examples: _examples,
    AboutExercise: _about_exercise,
    Advised: _advised,
    ProgressAnswer: _progress_answer,
    WeekAnswer: _week_answer,
    LastWeekAnswer: _last_week_answer,
    LastTimeAnswer: _last_time_answer,
    LoadAnswer: _load_answer,
    NewBlock: _new_block,
}
"""Keyed by exact type: every member of ``skill.core.said.ConversationLine`` has one."""
