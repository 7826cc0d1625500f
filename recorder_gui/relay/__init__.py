"""recorder-gui-relay: the webhook relay a team deploys once (receive NCS, verify, store, serve to panels)."""
