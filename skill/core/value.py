"""Frozen dataclasses that are made on first use rather than at import.

``@dataclass(frozen=True)`` writes and compiles six methods per class when its module is
imported: about 0.55 ms a class on Python 3.11 and 0.8 ms on 3.12, the Lambda's runtime. The
core has over a hundred such value classes (the typed lines, what was said, events, weekly
checks), and a turn uses a handful, so at import they cost a Lambda cold start about a sixth of
its time for nothing. A ``Value`` subclass is turned into exactly that dataclass the first time
one is made (or unpickled), so it behaves as one from then on: ``==``, ``hash``, ``repr``,
``dataclasses.replace`` and ``fields``, match patterns, and ``FrozenInstanceError`` on
assignment. Type checkers read it as the frozen dataclass through ``dataclass_transform``.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any, ClassVar, dataclass_transform

_making = threading.Lock()


@dataclass_transform(frozen_default=True, eq_default=True)
class Value:
    """Base for a frozen value class with no other base; its fields as in a dataclass."""

    __slots__ = ()
    _made: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if any(issubclass(base, Value) and base is not Value for base in cls.__bases__):
            raise TypeError(f"{cls.__qualname__}: a Value cannot extend another Value")
        cls._made = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = _made(type(self))
        cls.__init__(self, *args, **kwargs)  # type: ignore[misc]

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickled or copied before any instance was made in this process."""
        _made(type(self))
        object.__setattr__(self, "__dict__", state)


def _made(cls: type[Value]) -> type[Value]:
    if not cls._made:
        with _making:
            if not cls._made:
                dataclasses.dataclass(frozen=True)(cls)
                cls._made = True
    return cls


def make_all(*classes: type[Value]) -> None:
    """Make these classes now (a bench or a container warming up on purpose)."""
    for cls in classes:
        _made(cls)
