"""skill.speech.pacing: counted sets and rest countdowns within Alexa's limits and the tempo."""

from __future__ import annotations

import itertools
import re
from xml.etree import ElementTree

import pytest

from skill.core.catalog import Exercise, LoadType, Movement, load_catalog
from skill.speech.pacing import (
    counted_set,
    cues_for_set,
    duration,
    rest_countdown,
    sides,
    switch_seconds,
)
from skill.speech.ssml import MAX_BREAK_SECONDS, WORD_SECONDS, words
from tests.factories import break_seconds, check_ssml, plain_text

CATALOG = load_catalog()
EXERCISES = CATALOG.exercises
IDS = [e.id for e in EXERCISES]
SCALES = (0.8, 1.0, 1.6)
REPS = range(6, 21)
SET_NUMBERS = range(1, 5)


def _count_word(rep: int) -> str:
    return words(rep).capitalize() + "."


def _sides(e: Exercise) -> int:
    """Full counts in a set: once per side, except marches, which go leg by leg in each rep."""
    return 1 if e.movement is Movement.MARCH else 2 if e.per_side else 1


def _spoken_seconds(ssml: str) -> float:
    return len(plain_text(ssml).split()) * WORD_SECONDS


def _occurrences(text: str, token: str) -> int:
    return len(re.findall(r"(?<![\w-])" + re.escape(token), text))


# --- counted sets: Alexa's limits and the count, for every exercise ---------------------------


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_every_counted_set_is_valid_ssml_within_alexas_limits(exercise: Exercise) -> None:
    for set_number in SET_NUMBERS:
        for reps in REPS:
            for scale in SCALES:
                ssml = counted_set(exercise, set_number, reps, scale).ssml()
                check_ssml(ssml)  # parses, <= 8000 chars, no break over 10 s
                assert all(0 < b <= MAX_BREAK_SECONDS for b in break_seconds(ssml))


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_every_rep_is_counted_in_order_on_every_side(exercise: Exercise) -> None:
    for set_number in SET_NUMBERS:
        for reps in REPS:
            for scale in SCALES:
                text = plain_text(counted_set(exercise, set_number, reps, scale).ssml())
                position = 0
                for _side in range(_sides(exercise)):
                    for rep in range(1, reps + 1):
                        found = text.find(_count_word(rep), position)
                        assert found >= 0, (exercise.id, set_number, reps, scale, rep)
                        position = found + 1
                # Each count word is said once per side, no more (no stray or doubled reps).
                for rep in range(1, reps + 1):
                    assert _occurrences(text, _count_word(rep)) == _sides(exercise), rep
                assert _occurrences(text, _count_word(reps + 1)) == 0


SIDED = [e for e in EXERCISES if _sides(e) == 2]


def test_sides_agree_with_the_catalog() -> None:
    assert all(sides(e) == _sides(e) for e in EXERCISES)
    assert SIDED and any(e.per_side and e.movement is Movement.MARCH for e in EXERCISES)


@pytest.mark.parametrize("exercise", SIDED, ids=lambda e: e.id)
def test_single_leg_exercises_say_which_side_and_switch(exercise: Exercise) -> None:
    text = plain_text(counted_set(exercise, 1, 8, 1.0).ssml())
    left, right = text.find("Left"), text.find("right side")
    assert 0 <= left < right
    # The full count happens before the switch and again after it.
    before, after = text[:right], text[right:]
    assert _occurrences(before, _count_word(8)) == 1
    assert _occurrences(after, _count_word(1)) == 1
    assert _occurrences(after, _count_word(8)) == 1


def test_two_sided_exercises_do_not_mention_sides() -> None:
    for exercise in (e for e in EXERCISES if not e.per_side):
        text = plain_text(counted_set(exercise, 1, 10, 1.0).ssml())
        assert "left side" not in text.lower(), exercise.id
        assert "right side" not in text.lower(), exercise.id
        assert "switch sides" not in text.lower(), exercise.id


# --- the movement's own words ------------------------------------------------------------------

REP_WORDS: dict[Movement, tuple[str, ...]] = {
    Movement.HINGE: ("Lower.", "Up."),
    Movement.PULL: ("Pull.", "Lower."),
    Movement.CURL: ("Curl.", "Hold.", "Lower."),
    Movement.NORDIC: ("Lower slowly.", "Catch.", "Push up."),
    Movement.BRIDGE: ("Lift.", "Hold.", "Lower."),
    Movement.MARCH: ("Left.", "Down.", "Right.", "Down."),
    Movement.KICK: ("Kick back.", "Squeeze.", "Return."),
    Movement.SWING: ("Hike.", "Snap."),
}
"""What a plain rep (not the first, no cue on it) says, in order, before its number."""
NEVER_SAID = {
    Movement.SWING: ("Lower", "slowly", "Hold."),
    Movement.HINGE: ("Curl", "Hike", "Snap", "Kick"),
    Movement.CURL: ("Hike", "Snap", "Pull."),
}
HOLDS = {Movement.CURL, Movement.BRIDGE, Movement.KICK}


def _rep_text(text: str, rep: int) -> str:
    """What is said during rep ``rep`` (>= 2): from the previous number to its own."""
    start = text.find(_count_word(rep - 1)) + len(_count_word(rep - 1))
    return text[start : text.find(_count_word(rep), start)]


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_each_rep_is_counted_in_the_words_of_its_movement(exercise: Exercise) -> None:
    reps = 10
    text = plain_text(counted_set(exercise, 1, reps, 1.0).ssml())
    plain = next(r for r in range(2, reps) if r not in cues_for_set(exercise, 1, reps))
    spoken = re.sub(r"\(…\d+s\)", "", _rep_text(text, plain)).split()
    assert " ".join(spoken) == " ".join(REP_WORDS[exercise.movement]), exercise.id
    for word in NEVER_SAID.get(exercise.movement, ()):
        heard = text
        for cue in exercise.mid_set_cues:
            heard = heard.replace(cue, "")
        assert word not in heard, (exercise.id, word)


def test_the_first_rep_says_the_movement_in_full() -> None:
    def first(exercise_id: str) -> str:
        text = plain_text(counted_set(CATALOG.get(exercise_id), 1, 8, 1.0).ssml())
        return re.sub(r"\s*\(…\d+s\)\s*", " ", text[: text.find("One.")]).strip()

    assert first("rdl_barbell") == "Lower slowly. And up."
    assert first("deadlift") == "Pull. Lower with control."
    assert first("lying_leg_curl") == "Curl, and squeeze. Hold. Lower slowly."
    assert first("nordic_curl") == "Lower slowly, all the way. Catch. Push back up."
    assert first("glute_bridge") == "Lift your hips. Hold. Lower."
    assert (
        first("banded_march")
        == "Hips up, and keep them there. Left knee up. Down. Right knee up. Down."
    )
    assert first("band_donkey_kick") == "Left side first. Kick back. Squeeze. Return."
    assert first("kettlebell_swing") == "Quick and crisp. Hike. Snap."


@pytest.mark.parametrize(
    "exercise", [e for e in EXERCISES if e.movement in HOLDS], ids=lambda e: e.id
)
def test_the_squeeze_at_the_top_is_held_with_its_own_pause(exercise: Exercise) -> None:
    word = "Squeeze." if exercise.movement is Movement.KICK else "Hold."
    for scale in SCALES:
        ssml = counted_set(exercise, 1, 10, scale).ssml()
        held = re.findall(re.escape(word) + r' <break time="(\d+)ms"/>', ssml)
        assert len(held) == 10 * _sides(exercise), (exercise.id, scale)
        hold = exercise.tempo.pause * scale - WORD_SECONDS
        assert all(abs(int(ms) / 1000 - hold) < 0.06 for ms in held), (held, hold)


def test_a_swing_is_a_quick_rhythm_with_no_slow_lowering() -> None:
    swing = CATALOG.get("kettlebell_swing")
    for scale in SCALES:
        ssml = counted_set(swing, 1, 15, scale).ssml()
        assert max(break_seconds(ssml)) < 1.5, "no long silences in a ballistic set"
    assert swing.tempo.rep_seconds < 2.5


@pytest.mark.parametrize("exercise", SIDED, ids=lambda e: e.id)
def test_the_switch_between_sides_gives_time_for_the_kit(exercise: Exercise) -> None:
    ssml = counted_set(exercise, 1, 8, 1.0).ssml()
    switch = re.findall(r'Switch sides\. <break time="(\d+)ms"/>', ssml)
    assert len(switch) == 1
    seconds = int(switch[0]) / 1000
    assert seconds == switch_seconds(exercise) <= MAX_BREAK_SECONDS
    expected = {LoadType.BAND: 8.0, LoadType.BODYWEIGHT: 3.0}.get(exercise.load_type, 5.0)
    assert seconds == expected, exercise.id
    if exercise.load_type is LoadType.BAND:
        assert seconds > 3, "re-anchoring a band takes more than three seconds"


def test_a_march_goes_leg_by_leg_with_no_switch() -> None:
    march = CATALOG.get("banded_march")
    text = plain_text(counted_set(march, 1, 10, 1.0).ssml())
    assert "Switch sides" not in text and "right side" not in text
    assert _occurrences(text, "Right.") == 9 and "Right knee up." in text
    assert switch_seconds(march) == 0


def test_the_longest_set_fits_in_one_response() -> None:
    """Fourteen band curls a side (and more) at the slowest pace stay under Alexa's 8,000."""
    curl = CATALOG.get("band_lying_curl")
    for reps in (14, 20):
        ssml = counted_set(curl, 4, reps, 1.6).ssml()
        check_ssml(ssml)
        assert len(ssml) < 7000, len(ssml)


# --- cues woven into the set -------------------------------------------------------------------


def _cues_heard(exercise: Exercise, text: str) -> set[str]:
    return {cue for cue in exercise.mid_set_cues if cue in text}


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_mid_set_cues_are_spoken_during_the_set(exercise: Exercise) -> None:
    for reps in REPS:
        for set_number in SET_NUMBERS:
            text = plain_text(counted_set(exercise, set_number, reps, 1.0).ssml())
            heard = _cues_heard(exercise, text)
            assert heard, (exercise.id, reps, set_number)
            assert heard == set(cues_for_set(exercise, set_number, reps).values())
            first_count = text.find(_count_word(1))
            last_count = text.rfind(_count_word(reps))
            for cue in heard:
                # During the reps: after the first count and before the last one.
                assert first_count < text.find(cue) < last_count, cue


@pytest.mark.parametrize(
    "exercise", [e for e in EXERCISES if len(e.mid_set_cues) >= 4], ids=lambda e: e.id
)
def test_set_two_uses_different_cues_from_set_one(exercise: Exercise) -> None:
    for reps in REPS:
        one = _cues_heard(exercise, plain_text(counted_set(exercise, 1, reps, 1.0).ssml()))
        two = _cues_heard(exercise, plain_text(counted_set(exercise, 2, reps, 1.0).ssml()))
        assert two - one, (exercise.id, reps, one, two)


def test_cues_are_placed_on_real_reps_and_never_the_first() -> None:
    for exercise in EXERCISES:
        for reps in REPS:
            for set_number in SET_NUMBERS:
                placed = cues_for_set(exercise, set_number, reps)
                assert placed
                assert all(2 <= rep <= reps for rep in placed), placed


# --- tempo -------------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_slower_scale_makes_a_longer_set(exercise: Exercise) -> None:
    for reps in (6, 10, 15, 20):
        silence = [sum(break_seconds(counted_set(exercise, 1, reps, s).ssml())) for s in SCALES]
        assert silence[0] < silence[1] < silence[2], (reps, silence)
        # Doubling the scale (0.8 -> 1.6) should roughly double the silence, not nudge it.
        assert silence[2] / silence[0] > 1.5


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_a_set_roughly_follows_the_tempo(exercise: Exercise) -> None:
    """Silence alone never exceeds the prescribed time, and silence plus speech never rushes it."""
    for reps in REPS:
        for scale in SCALES:
            ssml = counted_set(exercise, 1, reps, scale).ssml()
            legs = 2 if exercise.per_side else 1  # marches work both legs, leg by leg
            prescribed = reps * exercise.tempo.rep_seconds * scale * legs
            switch = switch_seconds(exercise)
            silence = sum(break_seconds(ssml))
            assert silence <= prescribed + switch, (reps, scale)
            assert silence + _spoken_seconds(ssml) >= prescribed, (reps, scale)
            assert silence + _spoken_seconds(ssml) <= 2 * prescribed + switch + 10


# --- rest countdown ----------------------------------------------------------------------------


def _timeline(ssml: str) -> list[tuple[str, float]]:
    """The document as ("break", seconds) and ("text", words-as-seconds) items, in order."""
    root = ElementTree.fromstring(ssml)
    items: list[tuple[str, float]] = []

    def text(chunk: str | None) -> None:
        if chunk and chunk.strip():
            items.append(("text", len(chunk.split()) * WORD_SECONDS))

    text(root.text)
    for child in root:
        assert child.tag == "break"
        time = child.get("time", "")
        items.append(("break", break_seconds(f'<speak><break time="{time}"/></speak>')[0]))
        text(child.tail)
    return items


def _silences(ssml: str) -> list[float]:
    """Each run of adjacent breaks (no speech between them) summed: what the person hears."""
    runs: list[float] = []
    current = 0.0
    for kind, seconds in _timeline(ssml):
        if kind == "break":
            current += seconds
        elif current:
            runs.append(current)
            current = 0.0
    if current:
        runs.append(current)
    return runs


def _wrapped(body: str) -> str:
    return f"<speak>{body}</speak>"


def test_silences_helper_merges_adjacent_breaks() -> None:
    doc = _wrapped('a <break time="6000ms"/> <break time="5000ms"/> b <break time="2s"/>')
    assert _silences(doc) == [11.0, 2.0]


@pytest.mark.parametrize("seconds", range(30, 181))
def test_rest_countdown_never_leaves_more_than_ten_seconds_of_silence(seconds: int) -> None:
    ssml = rest_countdown(seconds).ssml()
    check_ssml(ssml)
    silences = _silences(ssml)
    assert silences
    assert max(silences) <= MAX_BREAK_SECONDS, silences


@pytest.mark.parametrize("seconds", range(30, 181))
def test_rest_countdown_lasts_about_as_long_as_the_rest(seconds: int) -> None:
    ssml = rest_countdown(seconds).ssml()
    total = sum(b for _, b in _timeline(ssml))
    assert 0.8 * seconds <= total <= 1.2 * seconds, total


@pytest.mark.parametrize("seconds", [30, 45, 60, 75, 90, 97, 120, 180])
def test_rest_countdown_counts_down_and_ends_with_the_last_five(seconds: int) -> None:
    text = plain_text(rest_countdown(seconds).ssml())
    assert text.startswith(f"Rest {duration(seconds)}.")
    assert text.endswith("Ten seconds. Five, four, three, two, one.")
    spoken = {words(n).capitalize() + ".": n for n in range(11, seconds)}
    markers = [spoken[s] for s in re.split(r"(?<=\.)\s+", text) if s in spoken]
    assert markers, text
    assert markers == sorted(markers, reverse=True)
    assert all(a - b <= 10 for a, b in itertools.pairwise(markers))


@pytest.mark.parametrize("seconds", [30, 45, 60, 75, 90, 120, 180])
def test_rest_countdown_markers_land_roughly_when_they_say(seconds: int) -> None:
    """The marker "Forty." comes with roughly forty seconds of rest left (speech estimated)."""
    ssml = rest_countdown(seconds).ssml()
    root = ElementTree.fromstring(ssml)
    spoken = {words(n).capitalize() + ".": n for n in range(11, seconds)}
    elapsed = 0.0
    checked = 0
    chunks: list[str | float] = [root.text or ""]
    for child in root:
        time = child.get("time", "")
        chunks.append(break_seconds(f'<speak><break time="{time}"/></speak>')[0])
        chunks.append(child.tail or "")
    for chunk in chunks:
        if isinstance(chunk, float):
            elapsed += chunk
            continue
        for sentence in re.split(r"(?<=\.)\s+", chunk.strip()):
            if sentence in spoken:
                assert abs((seconds - elapsed) - spoken[sentence]) <= max(3.0, 0.1 * seconds)
                checked += 1
            elapsed += len(sentence.split()) * WORD_SECONDS
    assert checked
