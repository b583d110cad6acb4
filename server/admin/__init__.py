"""``prefdesk-server admin``: the operator's commands, working directly on the database.

Each module holds plain functions over a ``Session`` that either do the whole change or
raise ``AdminError`` (the caller's transaction then rolls back, leaving nothing half-done).
``server.admin.run`` turns parsed arguments into calls and prints the results.
"""

from server.admin.errors import AdminError

__all__ = ["AdminError"]
