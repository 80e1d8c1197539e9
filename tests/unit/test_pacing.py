"""skill.speech.pacing: counted sets and rest countdowns within Alexa's limits and the tempo."""

from __future__ import annotations

import itertools
import re
from xml.etree import ElementTree

import pytest

from skill.core.catalog import Exercise, load_catalog
from skill.speech.pacing import counted_set, cues_for_set, duration, rest_countdown
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
    return 2 if e.per_side else 1


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


@pytest.mark.parametrize("exercise", [e for e in EXERCISES if e.per_side], ids=lambda e: e.id)
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
            prescribed = reps * exercise.tempo.rep_seconds * scale * _sides(exercise)
            switch = 3.0 * (_sides(exercise) - 1)
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
