"""The local judgment store: SQLite, migrated on open, one writer, nothing ever lost.

Public surface: open a ``Store``, import and export task packs, keep guideline pack
versions, make judgments, read the queue, and ask the doctor. Everything else is internal.
"""

from storage.catalog import (
    BatchSummary,
    ItemDetail,
    ItemSummary,
    ProjectSummary,
    ResponseView,
    count_items,
    get_item,
    list_batches,
    list_items,
    list_projects,
)
from storage.cipher import decrypt_store, encrypt_store, is_encrypted, new_key
from storage.doctor import DoctorReport, PendingSync, run_doctor
from storage.errors import (
    ImportConflictError,
    JudgmentFrozenError,
    JudgmentInvalidError,
    MigrationError,
    NotFoundError,
    StoreError,
    StoreLockedError,
    StoreTooNewError,
)
from storage.exporter import ExportReport, export_pack
from storage.importer import ImportProgress, ImportReport, import_source
from storage.judgments import AnswersValidator, JudgmentRepository, JudgmentState
from storage.packs import StoredPack, add_pack_version, get_pack_version, list_pack_versions
from storage.store import DB_FILENAME, Store

__all__ = [
    "DB_FILENAME",
    "AnswersValidator",
    "BatchSummary",
    "DoctorReport",
    "ExportReport",
    "ImportConflictError",
    "ImportProgress",
    "ImportReport",
    "ItemDetail",
    "ItemSummary",
    "JudgmentFrozenError",
    "JudgmentInvalidError",
    "JudgmentRepository",
    "JudgmentState",
    "MigrationError",
    "NotFoundError",
    "PendingSync",
    "ProjectSummary",
    "ResponseView",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StoreTooNewError",
    "StoredPack",
    "add_pack_version",
    "count_items",
    "decrypt_store",
    "encrypt_store",
    "export_pack",
    "get_item",
    "get_pack_version",
    "import_source",
    "is_encrypted",
    "list_batches",
    "list_items",
    "list_pack_versions",
    "list_projects",
    "new_key",
    "run_doctor",
]
