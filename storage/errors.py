"""Errors of the local store. Each message is meant to be shown to the user as it is."""

from __future__ import annotations


class StoreError(Exception):
    """Root of the store's errors."""


class StoreTooNewError(StoreError):
    """The file was written by a newer Prefdesk: opening it here could damage it."""


class MigrationError(StoreError):
    """An upgrade failed; the file is as it was (the transaction rolled back)."""


class NotFoundError(StoreError):
    """An id that the store does not hold."""


class JudgmentFrozenError(StoreError):
    """A submitted or skipped judgment cannot change; make an amendment instead."""


class JudgmentInvalidError(StoreError):
    """Answers that do not satisfy the rubric; ``problems`` name each question."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class ImportConflictError(StoreError):
    """An import that would contradict what the store or the file already holds."""


class StoreLockedError(StoreError):
    """The store is encrypted and the key given (or none) does not open it."""
