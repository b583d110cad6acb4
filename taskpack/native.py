"""Prefdesk's own task-pack format: the header, the item line, and their strict checks.

``item_to_dict`` is the one canonical spelling of an item; the writer, the content hash and
the store all use it, which is what lets an export round-trip an import byte for byte.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from taskpack._validate import fail, no_unknown_keys, optional, require, text
from taskpack.errors import Location, TaskPackError
from taskpack.records import (
    MAX_RESPONSES,
    MIN_RESPONSES,
    BatchInfo,
    Image,
    ItemRecord,
    PackHeader,
    Response,
    Turn,
)

FORMAT_NAME = "prefdesk.taskpack"
FORMAT_VERSIONS = (1,)
MAX_ID_CHARS = 200
MAX_IMAGE_BYTES = 20 * 1024 * 1024
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
ROLES = ("system", "user", "assistant")

_ITEM_KEYS = frozenset({"id", "batch", "conversation", "responses", "metadata"})
_TURN_KEYS = frozenset({"role", "content", "images"})
_IMAGE_KEYS = frozenset({"media_type", "data", "alt"})
_RESPONSE_KEYS = frozenset({"id", "content", "model", "suggestions"})
_HEADER_KEYS = frozenset({"format", "format_version", "project", "batches"})
_PROJECT_KEYS = frozenset({"id", "name"})
_BATCH_KEYS = frozenset({"id", "name"})

#: Every key the native reader accepts, by where it stands; any other key is an error.
#: docs/task-pack.md documents exactly these (tests/taskpack/test_docs.py checks).
KNOWN_KEYS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "header": _HEADER_KEYS,
        "header.project": _PROJECT_KEYS,
        "header.batches[]": _BATCH_KEYS,
        "item": _ITEM_KEYS,
        "item.conversation[]": _TURN_KEYS,
        "item.conversation[].images[]": _IMAGE_KEYS,
        "item.responses[]": _RESPONSE_KEYS,
    }
)


def parse_header(data: Any, where: Location) -> PackHeader:
    """Read line 1 of a Prefdesk task pack."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        fail(where, "format", f'line 1 must be the header {{"format": "{FORMAT_NAME}", …}}')
    no_unknown_keys(data, _HEADER_KEYS, where, "")
    version = require(data, "format_version", int, where, "")
    if version not in FORMAT_VERSIONS:
        fail(
            where,
            "format_version",
            f"format_version {version} is not one this build reads "
            f"({', '.join(map(str, FORMAT_VERSIONS))}); update Prefdesk",
        )
    project = optional(data, "project", dict, where, "", {})
    no_unknown_keys(project, _PROJECT_KEYS, where, "project")
    project_id = optional(project, "id", str, where, "project", None)
    project_name = optional(project, "name", str, where, "project", None)
    batches: list[BatchInfo] = []
    for index, batch in enumerate(optional(data, "batches", list, where, "", [])):
        path = f"batches[{index}]"
        if not isinstance(batch, dict):
            fail(where, path, f"'{path}' must be an object")
        no_unknown_keys(batch, _BATCH_KEYS, where, path)
        batch_id = _identifier(require(batch, "id", str, where, path), where, f"{path}.id")
        name = optional(batch, "name", str, where, path, batch_id)
        if any(b.id == batch_id for b in batches):
            fail(where, f"{path}.id", f"batch id '{batch_id}' is listed twice")
        batches.append(BatchInfo(batch_id, name))
    return PackHeader(project_id, project_name, tuple(batches))


def header_to_dict(header: PackHeader) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT_NAME, "format_version": FORMAT_VERSIONS[-1]}
    if header.project_id is not None or header.project_name is not None:
        project: dict[str, str] = {}
        if header.project_id is not None:
            project["id"] = header.project_id
        if header.project_name is not None:
            project["name"] = header.project_name
        data["project"] = project
    if header.batches:
        data["batches"] = [{"id": b.id, "name": b.name} for b in header.batches]
    return data


def item_from_dict(
    data: Any, where: Location, known_batches: frozenset[str] | None = None
) -> ItemRecord:
    """Check one item strictly and build its record; every problem names its field."""
    if not isinstance(data, dict):
        raise TaskPackError(where, "an item must be a JSON object")
    no_unknown_keys(data, _ITEM_KEYS, where, "")
    item_id = _identifier(require(data, "id", str, where, ""), where, "id")
    batch = optional(data, "batch", str, where, "", None)
    if batch is not None and known_batches and batch not in known_batches:
        fail(where, "batch", f"batch '{batch}' is not listed in the header's batches")
    conversation = _conversation(require(data, "conversation", list, where, ""), where)
    responses = _responses(require(data, "responses", list, where, ""), where)
    metadata = optional(data, "metadata", dict, where, "", {})
    return ItemRecord(
        id=item_id,
        conversation=conversation,
        responses=responses,
        batch=batch,
        metadata=metadata,
        source_line=where.line if where.line is not None else (where.row or 0),
    )


def item_to_dict(record: ItemRecord) -> dict[str, Any]:
    """The canonical task-pack line for a record (empty optional keys left out)."""
    data: dict[str, Any] = {"id": record.id}
    if record.batch is not None:
        data["batch"] = record.batch
    turns = []
    for turn in record.conversation:
        entry: dict[str, Any] = {"role": turn.role, "content": turn.content}
        if turn.images:
            entry["images"] = [_image_to_dict(image) for image in turn.images]
        turns.append(entry)
    data["conversation"] = turns
    responses = []
    for response in record.responses:
        out: dict[str, Any] = {"id": response.id, "content": response.content}
        if response.model:
            out["model"] = response.model
        if response.suggestions:
            out["suggestions"] = response.suggestions
        responses.append(out)
    data["responses"] = responses
    if record.metadata:
        data["metadata"] = record.metadata
    return data


# One encoder, built once: json.dumps would construct a new one for every call, which
# shows in import profiles at 100k items.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept: the text that content hashes are taken over."""
    return _CANONICAL.encode(value)


def canonical_parts(as_dict: dict[str, Any]) -> dict[str, str]:
    """Each top-level value of an item's dict as canonical JSON, by key.

    The importer stores some of these texts as they are, so each value is encoded once
    for both the content hash and the row.
    """
    return {key: canonical_json(value) for key, value in as_dict.items()}


@functools.lru_cache(maxsize=64)
def _key_json(key: str) -> str:
    return canonical_json(key)


def sha256_of_parts(parts: dict[str, str]) -> str:
    """The content hash from ``canonical_parts``: equal to hashing the whole dict canonically."""
    body = ",".join(f"{_key_json(key)}:{parts[key]}" for key in sorted(parts) if key != "batch")
    return hashlib.sha256(f"{{{body}}}".encode()).hexdigest()


def content_sha256(record: ItemRecord, as_dict: dict[str, Any] | None = None) -> str:
    """Hash of what an item says (its batch aside): same id + same hash = the same item."""
    return sha256_of_parts(
        canonical_parts(as_dict if as_dict is not None else item_to_dict(record))
    )


def derived_id(prefix: str, data: dict[str, Any]) -> str:
    """A deterministic id for a foreign row that has none: identical rows get the same id."""
    encoded = canonical_json(data)
    return f"{prefix}-{hashlib.sha256(encoded.encode('utf-8')).hexdigest()[:24]}"


def _identifier(value: str, where: Location, field: str) -> str:
    if not value.strip():
        fail(where, field, f"'{field}' must not be empty")
    if len(value) > MAX_ID_CHARS:
        fail(where, field, f"'{field}' is {len(value)} characters; the limit is {MAX_ID_CHARS}")
    return value


def _conversation(turns: list[Any], where: Location) -> tuple[Turn, ...]:
    if not turns:
        fail(where, "conversation", "'conversation' must have at least one turn")
    out: list[Turn] = []
    for index, turn in enumerate(turns):
        path = f"conversation[{index}]"
        if not isinstance(turn, dict):
            fail(where, path, f"'{path}' must be an object with 'role' and 'content'")
        no_unknown_keys(turn, _TURN_KEYS, where, path)
        role = require(turn, "role", str, where, path)
        if role not in ROLES:
            fail(where, f"{path}.role", f"role '{role}' is not one of {', '.join(ROLES)}")
        if role == "system" and index != 0:
            fail(where, f"{path}.role", "a system turn may only come first")
        content = text(require(turn, "content", str, where, path), where, f"{path}.content")
        raw_images = optional(turn, "images", list, where, path, None)
        images = (
            tuple(_image(image, where, f"{path}.images[{n}]") for n, image in enumerate(raw_images))
            if raw_images
            else ()
        )
        out.append(Turn(role, content, images))
    if out[-1].role != "user":
        fail(
            where,
            f"conversation[{len(out) - 1}].role",
            "the conversation must end with a user turn: the responses answer it",
        )
    return tuple(out)


def _image(data: Any, where: Location, path: str) -> Image:
    if not isinstance(data, dict):
        fail(where, path, f"'{path}' must be an object with 'media_type' and 'data'")
    no_unknown_keys(data, _IMAGE_KEYS, where, path)
    media_type = require(data, "media_type", str, where, path)
    if media_type not in IMAGE_TYPES:
        fail(
            where,
            f"{path}.media_type",
            f"media type '{media_type}' is not one of {', '.join(sorted(IMAGE_TYPES))}",
        )
    encoded = require(data, "data", str, where, path)
    if len(encoded) * 3 // 4 > MAX_IMAGE_BYTES:
        fail(where, f"{path}.data", f"the image is over {MAX_IMAGE_BYTES // (1024 * 1024)} MiB")
    try:
        base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        fail(where, f"{path}.data", f"'{path}.data' is not valid base64")
    return Image(media_type, encoded, optional(data, "alt", str, where, path, ""))


def _image_to_dict(image: Image) -> dict[str, str]:
    out = {"media_type": image.media_type, "data": image.data}
    if image.alt:
        out["alt"] = image.alt
    return out


def _responses(responses: list[Any], where: Location) -> tuple[Response, ...]:
    if not MIN_RESPONSES <= len(responses) <= MAX_RESPONSES:
        fail(
            where,
            "responses",
            f"an item needs {MIN_RESPONSES}–{MAX_RESPONSES} responses; this one has "
            f"{len(responses)}",
        )
    out: list[Response] = []
    seen: set[str] = set()
    for index, response in enumerate(responses):
        path = f"responses[{index}]"
        if not isinstance(response, dict):
            fail(where, path, f"'{path}' must be an object with 'id' and 'content'")
        no_unknown_keys(response, _RESPONSE_KEYS, where, path)
        response_id = _identifier(require(response, "id", str, where, path), where, f"{path}.id")
        if response_id in seen:
            fail(where, f"{path}.id", f"response id '{response_id}' is used twice in this item")
        seen.add(response_id)
        content = text(require(response, "content", str, where, path), where, f"{path}.content")
        model = optional(response, "model", str, where, path, "")
        suggestions = optional(response, "suggestions", dict, where, path, {})
        out.append(Response(response_id, content, model, suggestions))
    return tuple(out)
