"""Edit a level file's values in place: find a scalar's exact span in the text, swap it.

`record` and the editor rewrite a few values (a pattern, a tempo) and nothing else, so a
designer's comments, key order, quoting and blank lines stay byte for byte. The spans come
from the YAML parser's own events (never a regex over the text), read with the loader's
safe YamlLoader, so a value is found exactly where the loader read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)

from game.core.loader import YamlLoader

Path = tuple[str | int, ...]   # ("intervals", 2, "pattern"), ("tempo",)


class SpanError(ValueError):
    """The value cannot be rewritten in place (the message says why, for the designer)."""


class Events:
    """The document's parse events with a cursor, for walking to one value."""

    def __init__(self, text: str) -> None:
        self.events: list[Event] = list(yaml.parse(text, Loader=YamlLoader))
        self.i = 0

    def next(self) -> Event:
        ev = self.events[self.i]
        self.i += 1
        return ev

    def skip(self, ev: Event) -> None:
        """Consume the rest of the node that `ev` started."""
        if isinstance(ev, CollectionStartEvent):
            depth = 1
            while depth:
                e = self.next()
                depth += isinstance(e, CollectionStartEvent) - isinstance(e, CollectionEndEvent)

    def find_key(self, key: str) -> Event | None:
        """Inside a mapping just started: the value event of `key`, or None."""
        while True:
            k = self.next()
            if isinstance(k, CollectionEndEvent):
                return None
            v = self.next()
            if isinstance(k, ScalarEvent) and k.value == key:
                return v
            self.skip(k)
            self.skip(v)

    def root(self) -> Event:
        self.i = 0
        while not isinstance(self.events[self.i], MappingStartEvent | SequenceStartEvent
                             | ScalarEvent | AliasEvent):
            self.i += 1
        return self.next()

    def locate(self, path: Path) -> Event | None:
        """The event that starts the value at `path`, or None when the path is not there."""
        node = self.root()
        for step in path:
            if isinstance(step, str):
                if not isinstance(node, MappingStartEvent):
                    return None
                found = self.find_key(step)
                if found is None:
                    return None
                node = found
            else:
                if not isinstance(node, SequenceStartEvent):
                    return None
                for _ in range(step):
                    e = self.next()
                    if isinstance(e, CollectionEndEvent):
                        return None
                    self.skip(e)
                node = self.next()
                if isinstance(node, CollectionEndEvent):
                    return None
        return node

    def alias_used(self, anchor: str) -> bool:
        return any(isinstance(e, AliasEvent) and e.anchor == anchor for e in self.events)


def scalar_span(text: str, events: Events, path: Path) -> tuple[int, int]:
    """[start, end) of the scalar at `path` in `text`; SpanError if it is not a plain,
    unshared scalar (an alias, a list, or a value other keys reuse through its anchor)."""
    where = ".".join(str(p + 1) if isinstance(p, int) else p for p in path)
    ev = events.locate(path)
    if ev is None:
        raise SpanError(f"{where} is not in the file")
    if isinstance(ev, AliasEvent):
        raise SpanError(f"{where} is an alias (*{ev.anchor}): write the value out to edit it")
    if not isinstance(ev, ScalarEvent):
        raise SpanError(f"{where} is not a single value")
    if ev.anchor is not None and events.alias_used(ev.anchor):
        raise SpanError(f"{where} is shared with others through &{ev.anchor}: replace the "
                        f"'*{ev.anchor}' uses first")
    start, end = ev.start_mark.index, ev.end_mark.index
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1  # block scalars end after their last line break; keep the break
    if ev.anchor is not None:  # `&p "l.r."`: keep the anchor, swap what follows it
        body = text[start:end]
        cut = body.find("&" + ev.anchor) + 1 + len(ev.anchor)
        while cut < len(body) and body[cut] in " \t":
            cut += 1
        start += cut
    return start, end


def quoted(value: str) -> str:
    """A double-quoted YAML string (patterns are quoted: `12121212` would be a number)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def replace_values(text: str, new: Mapping[Path, str] | Sequence[tuple[Path, str]]) -> str:
    """`text` with each path's scalar source replaced by the given YAML source text, and
    every other byte kept. SpanError when a value cannot be rewritten in place."""
    items = list(new.items()) if isinstance(new, Mapping) else list(new)
    if not items:
        return text
    events = Events(text)
    spans = sorted(((scalar_span(text, events, p), src) for p, src in items), reverse=True)
    out = text
    for (start, end), src in spans:   # from the end, so earlier offsets stay valid
        out = out[:start] + src + out[end:]
    return out
