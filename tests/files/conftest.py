"""The emulator's API driver (``api``) for the file checks, shared with tests/emulator."""

from tests.emulator.conftest import api, http  # noqa: F401  (fixtures re-exported)
