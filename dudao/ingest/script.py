"""Traditional characters: content farms repost notices as `關於印發…`; the rules read simplified text.

The parser reads a simplified shadow of the text and gives back verbatim strings: OpenCC's t2s
conversion keeps the length for these texts, so a string found at some offset of the shadow is the
original's substring at the same offset.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def _converter() -> Any:
    import opencc  # imported lazily: most notices never need it

    return opencc.OpenCC("t2s")


def simplified_shadow(text: str) -> str | None:
    """The simplified text when `text` holds traditional characters and converts length-preserving."""
    shadow = _converter().convert(text)
    return shadow if shadow != text and len(shadow) == len(text) else None


@dataclasses.dataclass(frozen=True, slots=True)
class Verbatim:
    """Maps strings of the simplified shadow back to the original's characters."""

    original: str
    shadow: str

    def string(self, value: str) -> str:
        """The original of `value`; a string the parser built (`泓政办发〔2020〕12号`) is mapped char by char."""
        at = self.shadow.find(value) if value else -1
        if at >= 0:
            return self.original[at : at + len(value)]
        return value.translate(self._char_map())

    def _char_map(self) -> dict[int, str]:
        return {ord(s): o for s, o in zip(self.shadow, self.original, strict=True) if s != o}

    def restore(self, obj: T) -> T:
        """A copy of a frozen dataclass tree with every string field restored (`unit`/`canonical` kept)."""
        if isinstance(obj, str):
            return self.string(obj)  # type: ignore[return-value]
        if isinstance(obj, tuple):
            return tuple(self.restore(item) for item in obj)  # type: ignore[return-value]
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            changes = {
                f.name: self.restore(getattr(obj, f.name))
                for f in dataclasses.fields(obj)
                if f.name
                not in ("unit", "canonical", "kind", "due", "start", "period", "rule", "match", "format")
            }
            return dataclasses.replace(obj, **changes)
        return obj
