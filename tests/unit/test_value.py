"""``Value``: a frozen dataclass made on first use, and indistinguishable from one after."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
import threading

import pytest

from skill.core.value import Value, make_all


class Point(Value):
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()

    def norm(self) -> int:
        return abs(self.x) + abs(self.y)


class Nothing(Value):
    pass


class Other(Value):
    pass


def test_behaves_as_a_frozen_dataclass() -> None:
    p = Point(1, y=2)
    assert dataclasses.is_dataclass(p)
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags"]
    assert p == Point(x=1, y=2) and p != Point(1, 3)
    assert hash(p) == hash(Point(1, 2))
    assert repr(p) == "Point(x=1, y=2, tags=())"
    assert p.norm() == 3
    assert dataclasses.replace(p, y=5) == Point(1, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del p.y  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=3)  # type: ignore[call-arg]
    match p:
        case Point(x, y):
            assert (x, y) == (1, 2)
        case _:
            pytest.fail("positional pattern did not match")


def test_field_less_values_are_equal_by_kind() -> None:
    assert Nothing() == Nothing()
    assert Nothing() != Other()
    assert len({Nothing(), Nothing(), Other()}) == 2
    assert repr(Nothing()) == "Nothing()"


def test_copies_and_pickles() -> None:
    p = Point(4, 5, ("a",))
    assert copy.deepcopy(p) == p and copy.copy(p) == p
    assert pickle.loads(pickle.dumps(p)) == p


def test_unpickled_first_in_a_fresh_process() -> None:
    """A value unpickled before any was made in that process is still a full dataclass."""
    from skill.core.lines import NothingToLog

    data = pickle.dumps(NothingToLog(last_logged=2))
    code = (
        "import pickle, sys, dataclasses\n"
        "v = pickle.loads(sys.stdin.buffer.read())\n"
        "from skill.core.lines import NothingToLog\n"
        "assert v == NothingToLog(last_logged=2), v\n"
        "assert dataclasses.is_dataclass(v)\n"
        "print(repr(v))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, check=True)
    assert done.stdout.decode().strip() == "NothingToLog(last_logged=2)"


def test_first_use_from_many_threads_makes_the_class_once() -> None:
    class Raced(Value):
        n: int

    made: list[Raced] = []
    start = threading.Barrier(8)

    def build(i: int) -> None:
        start.wait()
        made.append(Raced(i))

    threads = [threading.Thread(target=build, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(v.n for v in made) == list(range(8))
    assert all(dataclasses.is_dataclass(v) for v in made)


def test_not_made_until_used_and_make_all_makes_now() -> None:
    class Later(Value):
        n: int

    assert not dataclasses.is_dataclass(Later)
    make_all(Later)
    assert dataclasses.is_dataclass(Later)
    assert Later(1) == Later(1)


def test_a_value_cannot_extend_another() -> None:
    with pytest.raises(TypeError, match="cannot extend"):

        class Deeper(Point):
            z: int = 0
