"""The Qt-free client of the sync protocol (``protocol``): ``SyncClient.run`` does one session.

Everything a session writes goes through ``storage`` in short transactions; the app runs
``run`` on a worker thread and shows ``SyncProgress`` and the final ``SyncResult``.
"""

from sync._errors import Outcome
from sync._retry import RetryPolicy
from sync.client import SyncClient, SyncProgress, SyncResult
from sync.lead_client import LeadClient, LeadError, QueueQuery
from sync.packs import trusted_pack_verifier

__all__ = [
    "LeadClient",
    "LeadError",
    "Outcome",
    "QueueQuery",
    "RetryPolicy",
    "SyncClient",
    "SyncProgress",
    "SyncResult",
    "trusted_pack_verifier",
]
