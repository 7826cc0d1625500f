"""Widgets of the control panel."""
