"""Qt adapters of the engine and the profile store: signals up, intents down, no widgets.

Views import what they need from here (including the plain types they render).
"""

from recorder_gui.recording import SessionState
from recorder_gui.recording.preflight import StartPlan, one_sided_list
from recorder_gui.store import SecretField

from .backup_view import PairView
from .manager import ManagerBridge
from .profiles import EDITED_SECRETS, ProfileBridge, ProfileForm
from .session import SessionBridge
from .views import (
    Badge,
    ErrorView,
    FileRow,
    OrphanView,
    PreflightView,
    StatusView,
    StopSummary,
)

__all__ = [
    "EDITED_SECRETS",
    "Badge",
    "ErrorView",
    "FileRow",
    "ManagerBridge",
    "OrphanView",
    "PairView",
    "PreflightView",
    "ProfileBridge",
    "ProfileForm",
    "SecretField",
    "SessionBridge",
    "SessionState",
    "StartPlan",
    "StatusView",
    "StopSummary",
    "one_sided_list",
]
