"""recorder-gui-relay: the webhook relay a team deploys once (docs/relay.md).

Agora's Notification Center Service (NCS) posts callbacks to a public HTTPS URL; desktops
behind NAT cannot take them. The relay receives them on ``POST /ncs`` (signature checked over
the raw bytes before anything is parsed), stores them in SQLite or PostgreSQL, and serves them
to panels on ``GET /v1/events`` (bearer token, cursor paging, long poll). Qt-free; of the
app's packages it imports only :mod:`recorder_gui.callbacks` and :mod:`recorder_gui.asgi_thread`.
"""

from recorder_gui.relay.config import RelayConfig, Secret
from recorder_gui.relay.server import RelayServer, RelayServerError
from recorder_gui.relay.store import EventStore, NewEvent, Stored, StoredEvent, StoreError

__all__ = [
    "EventStore",
    "NewEvent",
    "RelayConfig",
    "RelayServer",
    "RelayServerError",
    "Secret",
    "StoreError",
    "Stored",
    "StoredEvent",
]
