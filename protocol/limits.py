"""Protocol versions and the limits both ends enforce.

Version history (dated, as Anki's ``sync/version.rs`` does):
- 1 (2026-11-26): meta, push, feed, batch claims with leases, device summary, pack publish.
"""

PROTOCOL_VERSION = 1
PROTOCOL_MIN = 1
PROTOCOL_MAX = 1

#: Header carrying the client's app version (``prefdesk/0.1.0``), checked against
#: the server's ``min_client_version``.
CLIENT_VERSION_HEADER = "Prefdesk-Client"

#: Items in one push request. The client starts here and halves on 413.
MAX_PUSH_ITEMS = 200
#: Bytes of one push request body; larger gets 413 and the client halves the batch.
MAX_PUSH_BODY_BYTES = 2 * 1024 * 1024
#: Bytes of any other request body (a pack publish carries a whole pack).
MAX_REQUEST_BYTES = 16 * 1024 * 1024
#: Changes in one feed page at most (the client may ask for fewer).
MAX_FEED_PAGE = 500
