"""Task packs: the items annotators judge, read from Prefdesk's own format and foreign ones.

Readers stream ``ItemRecord``s and raise one ``TaskPackError`` per problem, naming the file,
line or row, and field. The format is documented in docs/task-pack.md.
"""

from taskpack.errors import Location, TaskPackError
from taskpack.native import (
    FORMAT_NAME,
    FORMAT_VERSIONS,
    KNOWN_KEYS,
    canonical_json,
    canonical_parts,
    content_sha256,
    header_to_dict,
    item_from_dict,
    item_to_dict,
    parse_header,
    sha256_of_parts,
)
from taskpack.records import (
    MAX_RESPONSES,
    MAX_TEXT_CHARS,
    MIN_RESPONSES,
    BatchInfo,
    Image,
    ItemRecord,
    PackHeader,
    Response,
    Turn,
)
from taskpack.source import FORMATS, SourceReader, detect_format, open_source
from taskpack.writer import write_taskpack

__all__ = [
    "FORMATS",
    "FORMAT_NAME",
    "FORMAT_VERSIONS",
    "KNOWN_KEYS",
    "MAX_RESPONSES",
    "MAX_TEXT_CHARS",
    "MIN_RESPONSES",
    "BatchInfo",
    "Image",
    "ItemRecord",
    "Location",
    "PackHeader",
    "Response",
    "SourceReader",
    "TaskPackError",
    "Turn",
    "canonical_json",
    "canonical_parts",
    "content_sha256",
    "detect_format",
    "header_to_dict",
    "item_from_dict",
    "item_to_dict",
    "open_source",
    "parse_header",
    "sha256_of_parts",
    "write_taskpack",
]
