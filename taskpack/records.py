"""Typed records that every task-pack reader yields, whatever the source format.

A reader turns one source (a Prefdesk task pack, HH-RLHF, OpenAssistant trees, ShareGPT
DPO, OpenAI chat) into a stream of ``ItemRecord``s. Records are plain frozen dataclasses so
that the local store and the vendor server can both consume them without knowing the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["system", "user", "assistant"]

MIN_RESPONSES = 2
MAX_RESPONSES = 9
#: A response longer than this is refused: no annotator can judge it, and it is almost
#: always a broken export (a whole file pasted into one field).
MAX_TEXT_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class Image:
    """An inline image in a turn: base64 data with its media type, never a path or URL."""

    media_type: str
    data: str
    alt: str = ""


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of the conversation shown to the annotator."""

    role: Role
    content: str
    images: tuple[Image, ...] = ()


@dataclass(frozen=True, slots=True)
class Response:
    """One candidate response. ``model`` is hidden from annotators (blind judging)."""

    id: str
    content: str
    model: str = ""
    suggestions: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """A prompt (conversation) with 2–9 responses, located in its source.

    ``source_line`` is the 1-based line (JSONL/JSON) or 0-based row (Parquet) the item came
    from, so later checks (duplicates, conflicts) can name the place.
    """

    id: str
    conversation: tuple[Turn, ...]
    responses: tuple[Response, ...]
    batch: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    source_line: int = 0
    #: True when the source had no id and the reader derived one from the content; two
    #: identical source rows then share an id, which is a repeated row, not a conflict.
    id_is_derived: bool = False


@dataclass(frozen=True, slots=True)
class BatchInfo:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class PackHeader:
    """What a source says about where its items belong. Foreign formats carry none."""

    project_id: str | None = None
    project_name: str | None = None
    batches: tuple[BatchInfo, ...] = ()
