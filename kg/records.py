"""`@record`: a class body of annotated fields made into a named tuple, as typing.NamedTuple makes
it, without importing typing.

Importing typing costs every process 3-5 ms (measured on Python 3.11, bench/query_cold.py), a
twentieth of a cold `kg query` on the shipped graph, and the everyday query path needs nothing
else from it: its named tuples come from here, and its other annotations are strings (`from
__future__ import annotations`). The class made is a collections.namedtuple subclass with the
body's methods, properties and docstring, like typing.NamedTuple's, so `_replace`, pickling and
equality behave alike.
"""

from __future__ import annotations

from collections import namedtuple

_NOT_COPIED = ("__dict__", "__weakref__", "__annotations__", "__module__", "__qualname__")


def record(cls: type) -> type:
    """The named tuple of `cls`'s annotated fields, in order; a field given a value has that default
    (only trailing fields may, as in typing.NamedTuple: a TypeError otherwise)."""
    body = cls.__dict__
    fields = list(body.get("__annotations__", {}))
    defaults = [body[name] for name in fields if name in body]
    if any(name not in body for name in fields[len(fields) - len(defaults):]):
        raise TypeError(f"{cls.__name__}: a field without a default follows one with a default")
    made = namedtuple(cls.__name__, fields, defaults=defaults, module=cls.__module__)
    made.__qualname__ = cls.__qualname__
    made.__annotations__ = dict(body.get("__annotations__", {}))
    for key, value in body.items():
        if key not in fields and key not in _NOT_COPIED:
            setattr(made, key, value)
    return made
