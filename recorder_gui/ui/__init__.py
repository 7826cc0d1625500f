"""The widgets, dialogs and main window; they talk to the engine only through the bridge."""
