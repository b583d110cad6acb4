"""Step 4 (optional): claim a new batch of work in a project.

The claim id is stored before the request is sent, so a retry after a lost answer is the
same claim and the server hands back the same batch, never a second one. The batch
itself arrives through the feed (a pull follows the claim), with its version.
"""

from __future__ import annotations

from protocol import ClaimRequest, ClaimResponse
from storage import Store
from storage.sync_log import claim_request_id, clear_claim_request
from sync._transport import Api


def claim_batch(api: Api, store: Store, device_id: str, project_id: str) -> str | None:
    """Claim; returns None when a batch was assigned, else the server's reason why not."""
    claim_id = claim_request_id(store, project_id)
    request = ClaimRequest(device_id=device_id, claim_request_id=claim_id, project_id=project_id)
    answer = api.parse(ClaimResponse, api.call("POST", "/v1/batches/claim", body=request))
    clear_claim_request(store, project_id)
    if answer.assignment is None:
        return answer.reason or "the server has no batch to hand out in this project now"
    return None
