"""Plain data the views display; the app maps store records onto these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QueueBatch:
    id: str
    name: str
    total: int
    done: int
    drafts: int
    #: Items a lead (or the server) sent back for the annotator to amend.
    returned: int = 0


@dataclass(frozen=True)
class QueueItem:
    """One queue row; ``status`` is new, draft, submitted, skipped or returned."""

    id: str
    status: str
    preview: str


@dataclass(frozen=True)
class ImageData:
    """An inline image of a turn: base64 bytes and media type, never a path or a URL."""

    media_type: str
    data: str
    alt: str = ""


@dataclass(frozen=True)
class TurnView:
    role: str
    text: str
    images: tuple[ImageData, ...] = ()


@dataclass(frozen=True)
class ResponseCard:
    """A response as shown: blind ``label`` (A, B…) in display order; ``id`` is stored only."""

    label: str
    text: str
    id: str = ""


@dataclass(frozen=True)
class ItemContent:
    id: str
    turns: tuple[TurnView, ...]
    responses: tuple[ResponseCard, ...]
