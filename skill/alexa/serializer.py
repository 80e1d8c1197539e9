"""ask-sdk's serializer, compiled: the same objects as ``DefaultSerializer``, in a fraction of the
time, plugged in through ask-sdk's public seam (``CustomSkill.serializer``, which also serves the
API clients).

``DefaultSerializer`` re-reads every model's type strings with regular expressions, resolves
class names through ``__import__`` and parses timestamps with dateutil, on every request. Here
each type string becomes a reader function once (cached), models are read field by field from
a cached table, and timestamps go through ``datetime.fromisoformat`` (dateutil only for what
that cannot read). The Lambda also skips the JSON round trip ask-sdk's ``lambda_handler`` makes:
``load`` reads the event dict as Lambda already parsed it.

What comes out is what ``DefaultSerializer`` makes, model for model (the equality is tested on
recorded envelopes of every request type the skill handles), with two differences. Values typed
``object`` (session attributes' values, an APL event's arguments) are the event's own objects
rather than fresh copies of them, which nothing here mutates. And the session's attributes are a
``JsonDict``: a dict, equal to ``DefaultSerializer``'s, that knows it holds only what JSON
holds, so the deep copy ask-sdk makes of it on every request (``AttributesManager``) is a
``marshal`` round trip in C, about a fifth of ``copy.deepcopy``'s time. Writing, a ``JsonDict``
(the runner's session attributes) is taken as it is, not walked value by value.
"""

from __future__ import annotations

import copy
import decimal
import json
import marshal
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.session import Session

Reader = Callable[[Any], Any]

PRIMITIVES = (float, bool, bytes, str, int)
"""``DefaultSerializer.PRIMITIVE_TYPES``: returned as they are when serializing."""
IMMUTABLE = (type(None), str, int, float, bool, bytes, Enum, datetime, date)
"""What a model's constructor may start an attribute with for the start to be shared."""
_LIST = re.compile(r"list\[(.*)\]")
_DICT = re.compile(r"dict\(([^,]*), (.*)\)")


def _identity(payload: Any) -> Any:
    return payload


def _primitive(kind: type) -> Reader:
    def read(payload: Any) -> Any:
        if type(payload) is kind:
            return payload
        try:
            return kind(payload)
        except UnicodeEncodeError:
            return str(payload)
        except TypeError:
            return payload
        except ValueError as error:
            raise SerializationException(
                f"Failed to parse {payload} into '{kind.__name__}' object"
            ) from error

    return read


def _parsed(payload: Any) -> datetime:
    """ISO 8601 as Alexa sends it ("2026-12-01T18:00:00Z"); anything else as dateutil reads it
    (what ``DefaultSerializer`` uses throughout)."""
    try:
        return datetime.fromisoformat(payload)
    except (TypeError, ValueError):
        from dateutil.parser import parse  # type: ignore[import-untyped]

        try:
            parsed: datetime = parse(payload)
        except ValueError as error:
            raise SerializationException(f"Failed to parse {payload} into a date") from error
        return parsed


class JsonDict(dict[str, Any]):
    """A dict that holds JSON's types only (dicts, lists, strings, numbers, booleans, None, all
    of them plain): the session's attributes as read from the event, and the attributes the
    runner writes back (``SessionState.attributes``, from pydantic's JSON-mode dump).

    Its deep copy (ask-sdk's ``AttributesManager`` makes one of the session's attributes every
    request) is ``marshal``'s round trip in C, exact for those types and a fifth of
    ``copy.deepcopy``'s time; the copy is a plain dict, as ``copy.deepcopy`` of a dict would be,
    and anything marshal cannot write falls back to ``copy.deepcopy``. ``FastSerializer``
    writes it as it is, without walking it (a plain dict, its contents shared)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        plain = dict(self)
        try:
            copied: dict[str, Any] = marshal.loads(marshal.dumps(plain))
        except ValueError:
            copied = copy.deepcopy(plain, memo)
        return copied


ATTRIBUTES = "session attributes"
"""The reader of ``Session.attributes`` (typed ``dict(str, object)``): a ``JsonDict``."""


def _attributes(payload: Any) -> JsonDict:
    return JsonDict(payload.items())  # not a dict: fails as DefaultSerializer does


def _date(payload: Any) -> date:
    return _parsed(payload).date()


NATIVE: dict[str, Reader] = {
    "int": _primitive(int),
    "long": _primitive(int),
    "float": _primitive(float),
    "str": _primitive(str),
    "bool": _primitive(bool),
    "date": _date,
    "datetime": _parsed,
    "object": _identity,
    ATTRIBUTES: _attributes,
}


class FastSerializer(DefaultSerializer):  # type: ignore[misc]
    """``DefaultSerializer``'s behaviour, with the reading and writing plans cached per type."""

    def __init__(self) -> None:
        self._readers: dict[object, Reader] = {}
        self._classes: dict[str, type] = {}
        self._fields: dict[type, tuple[dict[str, tuple[str, str]], dict[str, Any] | None]] = {}
        self._keys: dict[type, tuple[tuple[str, str], ...]] = {}

    # --- reading ------------------------------------------------------------------------------

    def deserialize(self, payload: str | None, obj_type: Any) -> Any:
        """A JSON text into ``obj_type`` (a class or an ask-sdk type string)."""
        if payload is None:
            return None
        try:
            data = json.loads(payload)
        except Exception as error:
            raise SerializationException(f"Couldn't parse response body: {payload}") from error
        return self.load(data, obj_type)

    def load(self, data: Any, obj_type: Any) -> Any:
        """Already parsed JSON (a Lambda event) into ``obj_type``, without a JSON round trip."""
        if data is None:
            return None
        try:
            return self._reader(obj_type)(data)
        except SerializationException:
            raise
        except Exception as error:
            raise SerializationException(str(error)) from error

    def _reader(self, spec: object) -> Reader:
        reader = self._readers.get(spec)
        if reader is None:
            reader = self._readers[spec] = self._compile(spec)
        return reader

    def _compile(self, spec: object) -> Reader:
        if isinstance(spec, str):
            if spec.startswith("list["):
                return self._list(spec)
            if spec.startswith("dict("):
                return self._dict(spec)
            if spec in NATIVE:
                return NATIVE[spec]
            spec = self._class(spec)
        for kind in PRIMITIVES:
            if spec is kind:
                return _primitive(kind)
        if spec is object:
            return _identity
        if spec is date:
            return _date
        if spec is datetime:
            return _parsed
        return self._model(spec)

    def _list(self, spec: str) -> Reader:
        found = _LIST.match(spec)
        if found is None:
            return lambda payload: []
        inner = found.group(1)
        if "," in inner:  # a tuple-like list: one type per position
            readers = [self._reader(t.strip()) for t in inner.split(",")]
            return lambda payload: [
                None if p is None else r(p) for p, r in zip(payload, readers, strict=False)
            ]
        read = self._reader(inner.strip())
        return lambda payload: [None if p is None else read(p) for p in payload]

    def _dict(self, spec: str) -> Reader:
        found = _DICT.match(spec)
        if found is None:
            return lambda payload: {}
        read = self._reader(found.group(2))
        return lambda payload: {k: None if v is None else read(v) for k, v in payload.items()}

    def _class(self, name: str) -> type:
        known = self._classes.get(name)
        if known is not None:
            return known
        found: type
        try:
            module_name, _, class_name = name.rpartition(".")
            if module_name:
                module = __import__(module_name, fromlist=[class_name])
                found = getattr(module, class_name)
            else:
                found = getattr(sys.modules[DefaultSerializer.__module__], class_name)
        except Exception as error:
            raise SerializationException(
                f"Unable to resolve class {name} from installed modules: {error}"
            ) from error
        self._classes[name] = found
        return found

    def _model(self, kind: Any) -> Reader:
        if isinstance(kind, type) and issubclass(kind, Enum):
            return kind
        if not hasattr(kind, "deserialized_types"):
            return _identity
        if not hasattr(kind, "get_real_child_model"):
            return lambda payload: self._fill(kind, payload)

        def read(payload: Any) -> Any:
            name = kind.get_real_child_model(payload)
            if not name:
                raise SerializationException(
                    f"Couldn't resolve object by discriminator type for {kind} class"
                )
            return self._fill(self._class(name), payload)

        return read

    def _fill(self, kind: Any, payload: dict[str, Any]) -> Any:
        plan = self._fields.get(kind)
        if plan is None:
            plan = self._fields[kind] = self._plan(kind)
        fields, template = plan
        if template is None:
            model = kind()
        else:
            model = kind.__new__(kind)
            model.__dict__.update(template)
        state = model.__dict__
        readers = self._readers
        for key, value in payload.items():
            field = fields.get(key)
            if field is None:
                state[key] = value  # not in the model: kept as it came, like DefaultSerializer
            elif value is None:
                state[field[0]] = None
            else:
                read = readers.get(field[1]) or self._reader(field[1])
                state[field[0]] = read(value)
        return model

    @staticmethod
    def _plan(kind: Any) -> tuple[dict[str, tuple[str, str]], dict[str, Any] | None]:
        """JSON key -> (attribute, type string), and the attributes a model starts with.

        ``DefaultSerializer`` builds each model with ``kind()`` and sets attributes; ask-sdk
        models' constructors only assign constants (their defaults, their discriminator), so
        the attributes one fresh instance starts with are every instance's start. (None: a
        constructor that starts with a mutable value; that model is built by calling it.)"""
        types: dict[str, str] = kind.deserialized_types
        names: dict[str, str] = {**{k: k for k in types}, **getattr(kind, "attribute_map", {})}
        fields = {key: (attr, types[attr]) for attr, key in names.items() if attr in types}
        if kind is Session:
            fields["attributes"] = ("attributes", ATTRIBUTES)
        template: dict[str, Any] | None = dict(kind().__dict__)
        if any(not isinstance(v, IMMUTABLE) for v in (template or {}).values()):
            template = None
        return fields, template

    # --- writing ------------------------------------------------------------------------------

    def serialize(self, obj: Any) -> Any:
        """``DefaultSerializer.serialize``: models to dicts under their JSON keys, leaving out
        attributes that are None; enums to values, dates to ISO 8601. JSON's own types (the
        session attributes, mostly) take a fast path."""
        kind = type(obj)
        if kind in JSON_TYPES:
            return _json(obj, self)
        if obj is None or isinstance(obj, PRIMITIVES):
            return obj
        if isinstance(obj, dict):
            return {key: self.serialize(value) for key, value in obj.items()}
        if isinstance(obj, list):
            return [self.serialize(item) for item in obj]
        if isinstance(obj, tuple | datetime | date | Enum | decimal.Decimal):
            return super().serialize(obj)
        keys = self._keys.get(kind)
        if keys is None:
            if not hasattr(kind, "deserialized_types"):
                return super().serialize(obj)
            types = kind.deserialized_types
            names = {**{k: k for k in types}, **getattr(kind, "attribute_map", {})}
            keys = self._keys[kind] = tuple((a, names[a]) for a in types)
        out = {}
        for attr, key in keys:
            value = getattr(obj, attr)
            if value is not None:
                out[key] = self.serialize(value)
        return out


JSON_SCALARS = frozenset({str, int, float, bool, type(None)})
JSON_TYPES = JSON_SCALARS | {dict, list, JsonDict}
"""What ``_json`` writes without asking the serializer."""


def _json(obj: Any, serializer: FastSerializer) -> Any:
    """``serializer.serialize(obj)``, inline for JSON's own types (most of a response)."""
    kind = type(obj)
    if kind in JSON_SCALARS:
        return obj
    if kind is dict:
        return {key: _json(value, serializer) for key, value in obj.items()}
    if kind is list:
        return [_json(item, serializer) for item in obj]
    if kind is JsonDict:
        return dict(obj)
    return serializer.serialize(obj)
