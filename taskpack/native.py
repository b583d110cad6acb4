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
from _json import encode_basestring, make_encoder
from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from taskpack._validate import fail, no_unknown_keys, optional, require, text
from taskpack.errors import Location, TaskPackError
from taskpack.records import (
    MAX_RESPONSES,
    MAX_TEXT_CHARS,
    MIN_RESPONSES,
    BatchInfo,
    Image,
    ItemRecord,
    PackHeader,
    Response,
    Role,
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
# What the inline checks (``_conversation``, ``_responses``, ``text_item``) accept without
# the full check, which has the last word on anything else.
_TEXT_ROLES = ("user", "assistant")
_PLAIN_RESPONSE_KEYS = frozenset({"id", "content"})

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
        source_line=_source_line(where),
    )


def text_item(
    item_id: str,
    turns: Sequence[tuple[Role, str]],
    responses: Sequence[tuple[str, str]],
    where: Location,
    *,
    batch: str | None = None,
    metadata: dict[str, Any] | None = None,
    id_is_derived: bool = False,
) -> ItemRecord:
    """What ``item_from_dict`` makes of a text-only item given as ``(role, content)`` turns
    and ``(id, content)`` responses, the shape foreign readers produce.

    The usual item is built directly rather than written out as a dict and read back.
    Anything else (a system turn, a text over the limit, a repeated response id, …) goes
    to ``item_from_dict``, which has the last word and names the problem.
    """
    conversation: list[Turn] = []
    replies: list[Response] = []
    seen: set[str] = set()
    usual = (
        type(item_id) is str
        and len(item_id) <= MAX_ID_CHARS
        and bool(item_id.strip())
        and bool(turns)
        and turns[-1][0] == "user"
        and MIN_RESPONSES <= len(responses) <= MAX_RESPONSES
        and (batch is None or type(batch) is str)
        and (metadata is None or type(metadata) is dict)
    )
    if usual:
        for role, content in turns:
            if role not in _TEXT_ROLES or type(content) is not str or len(content) > MAX_TEXT_CHARS:
                usual = False
                break
            conversation.append(Turn(role, content))
    if usual:
        for response_id, content in responses:
            if (
                type(response_id) is not str
                or len(response_id) > MAX_ID_CHARS
                or not response_id.strip()
                or response_id in seen
                or type(content) is not str
                or len(content) > MAX_TEXT_CHARS
            ):
                usual = False
                break
            seen.add(response_id)
            replies.append(Response(response_id, content))
    if usual:
        return ItemRecord(
            item_id,
            tuple(conversation),
            tuple(replies),
            batch,
            {} if metadata is None else metadata,
            _source_line(where),
            id_is_derived,
        )
    data: dict[str, Any] = {
        "id": item_id,
        "conversation": [{"role": role, "content": content} for role, content in turns],
        "responses": [{"id": response_id, "content": text} for response_id, text in responses],
    }
    if batch is not None:
        data["batch"] = batch
    if metadata is not None:
        data["metadata"] = metadata
    record = item_from_dict(data, where)
    return replace(record, id_is_derived=True) if id_is_derived else record


def _source_line(where: Location) -> int:
    return where.line if where.line is not None else (where.row or 0)


def item_to_dict(record: ItemRecord) -> dict[str, Any]:
    """The canonical task-pack line for a record (empty optional keys left out)."""
    data: dict[str, Any] = {"id": record.id}
    if record.batch is not None:
        data["batch"] = record.batch
    data["conversation"] = [_turn_to_dict(turn) for turn in record.conversation]
    data["responses"] = [_response_to_dict(response) for response in record.responses]
    if record.metadata:
        data["metadata"] = record.metadata
    return data


def _turn_to_dict(turn: Turn) -> dict[str, Any]:
    entry: dict[str, Any] = {"role": turn.role, "content": turn.content}
    if turn.images:
        entry["images"] = [_image_to_dict(image) for image in turn.images]
    return entry


def _response_to_dict(response: Response) -> dict[str, Any]:
    out: dict[str, Any] = {"id": response.id, "content": response.content}
    if response.model:
        out["model"] = response.model
    if response.suggestions:
        out["suggestions"] = response.suggestions
    return out


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
# The C encoder behind ``_CANONICAL``, built once. ``JSONEncoder.encode`` builds a new one,
# a closure and a circular-reference map on every call, which costs more than encoding a
# turn. Values here come from parsed JSON and records, never circular, so no map is kept.
_ENCODE = make_encoder(
    None, _CANONICAL.default, encode_basestring, None, ":", ",", True, False, True
)


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept: the text that content hashes are taken over."""
    return "".join(_ENCODE(value, 0))


def canonical_parts(as_dict: dict[str, Any]) -> dict[str, str]:
    """Each top-level value of an item's dict as canonical JSON, by key.

    The importer stores some of these texts as they are, so each value is encoded once
    for both the content hash and the row.
    """
    return {key: canonical_json(value) for key, value in as_dict.items()}


def record_parts(record: ItemRecord) -> dict[str, str]:
    """``canonical_parts(item_to_dict(record))``, without building the dicts first.

    The importer needs this for every row. Text-only turns and responses with neither model
    nor suggestions (nearly all of them) are spelled out directly, exactly as
    ``canonical_json`` writes their dicts: keys sorted, no spaces, strings escaped by the
    same function (texts by way of ``_text_json``). Any other turn or response goes through
    ``canonical_json``.
    """
    parts = {"id": encode_basestring(record.id)}
    if record.batch is not None:
        parts["batch"] = encode_basestring(record.batch)
    parts["conversation"] = f"[{','.join([_turn_json(turn) for turn in record.conversation])}]"
    parts["responses"] = f"[{','.join([_response_json(r) for r in record.responses])}]"
    if record.metadata:
        parts["metadata"] = canonical_json(record.metadata)
    return parts


def _turn_json(turn: Turn) -> str:
    if turn.images:
        return canonical_json(_turn_to_dict(turn))
    content, role = _text_json(turn.content), encode_basestring(turn.role)
    return f'{{"content":{content},"role":{role}}}'


def _response_json(response: Response) -> str:
    if response.model or response.suggestions:
        return canonical_json(_response_to_dict(response))
    content, response_id = _text_json(response.content), encode_basestring(response.id)
    return f'{{"content":{content},"id":{response_id}}}'


def _text_json(text: str) -> str:
    """``canonical_json(text)`` for a turn's or a response's text. The encoder escapes only
    quotes, backslashes and control characters, so a printable text without quotes or
    backslashes (most texts) is written as it is, quicker than the escaper copies it."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return encode_basestring(text)


@functools.lru_cache(maxsize=64)
def _key_prefix(key: str) -> bytes:
    return f"{canonical_json(key)}:".encode()


def sha256_of_parts(parts: dict[str, str]) -> str:
    """The content hash from ``canonical_parts``: equal to hashing the whole dict canonically."""
    # Each part is encoded on its own and the bytes joined: joining the texts first would
    # copy them character by character whenever their string kinds differ.
    body = b",".join(
        [_key_prefix(key) + parts[key].encode() for key in sorted(parts) if key != "batch"]
    )
    return hashlib.sha256(b"{" + body + b"}").hexdigest()


def content_sha256(record: ItemRecord, as_dict: dict[str, Any] | None = None) -> str:
    """Hash of what an item says (its batch aside): same id + same hash = the same item."""
    return sha256_of_parts(record_parts(record) if as_dict is None else canonical_parts(as_dict))


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
        # The usual turn (a user or assistant text, no images) is checked inline; any other
        # goes through the full check, which accepts it or names what is wrong.
        if (
            type(turn) is dict
            and turn.keys() <= _TURN_KEYS
            and (role := turn.get("role")) in _TEXT_ROLES
            and type(content := turn.get("content")) is str
            and len(content) <= MAX_TEXT_CHARS
            and turn.get("images") is None
        ):
            out.append(Turn(role, content))
        else:
            out.append(_turn(turn, index, where))
    if out[-1].role != "user":
        fail(
            where,
            f"conversation[{len(out) - 1}].role",
            "the conversation must end with a user turn: the responses answer it",
        )
    return tuple(out)


def _turn(turn: Any, index: int, where: Location) -> Turn:
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
    return Turn(role, content, images)


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
        # As for turns: the usual response (id and text, no model or suggestions) inline.
        if (
            type(response) is dict
            and response.keys() <= _PLAIN_RESPONSE_KEYS
            and type(response_id := response.get("id")) is str
            and len(response_id) <= MAX_ID_CHARS
            and response_id.strip()
            and response_id not in seen
            and type(content := response.get("content")) is str
            and len(content) <= MAX_TEXT_CHARS
        ):
            out.append(Response(response_id, content))
        else:
            out.append(_response(response, index, seen, where))
        seen.add(out[-1].id)
    return tuple(out)


def _response(response: Any, index: int, seen: set[str], where: Location) -> Response:
    path = f"responses[{index}]"
    if not isinstance(response, dict):
        fail(where, path, f"'{path}' must be an object with 'id' and 'content'")
    no_unknown_keys(response, _RESPONSE_KEYS, where, path)
    response_id = _identifier(require(response, "id", str, where, path), where, f"{path}.id")
    if response_id in seen:
        fail(where, f"{path}.id", f"response id '{response_id}' is used twice in this item")
    content = text(require(response, "content", str, where, path), where, f"{path}.content")
    model = optional(response, "model", str, where, path, "")
    suggestions = optional(response, "suggestions", dict, where, path, {})
    return Response(response_id, content, model, suggestions)
