"""Dialogs: each validates, emits a typed intent, and can be tested alone."""
