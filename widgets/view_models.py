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


@dataclass(frozen=True)
class QueueItem:
    id: str
    status: str
    preview: str


@dataclass(frozen=True)
class TurnView:
    role: str
    text: str


@dataclass(frozen=True)
class ResponseCard:
    label: str
    text: str


@dataclass(frozen=True)
class ItemContent:
    id: str
    turns: tuple[TurnView, ...]
    responses: tuple[ResponseCard, ...]
