"""Qt-free storage: secrets in the OS keyring (with a visible memory fallback) and profiles."""

from recorder_gui.api.domains import Area
from recorder_gui.store.credentials import (
    CredentialError,
    CredentialStore,
    MemoryBackend,
    MissingSecretError,
    SecretField,
    service_name,
)
from recorder_gui.store.errors import (
    FieldProblem,
    ProfileError,
    ProfileExistsError,
    ProfileFileError,
    ProfileNameError,
    ProfileNotFoundError,
    ProfileStoreUnavailableError,
    ProfileSyntaxError,
    ProfileValidationError,
    ProfileVersionError,
    ProfileWriteError,
    problems_from,
)
from recorder_gui.store.models import (
    SCHEMA_VERSION,
    Profile,
    RecordingDefaults,
    RecordingMode,
    StorageExtension,
    StorageSettings,
    TranscodingSettings,
)
from recorder_gui.store.names import check_profile_name, profile_name_problem
from recorder_gui.store.notices import Notice
from recorder_gui.store.profiles import ProfileStore

__all__ = [
    "SCHEMA_VERSION",
    "Area",
    "CredentialError",
    "CredentialStore",
    "FieldProblem",
    "MemoryBackend",
    "MissingSecretError",
    "Notice",
    "Profile",
    "ProfileError",
    "ProfileExistsError",
    "ProfileFileError",
    "ProfileNameError",
    "ProfileNotFoundError",
    "ProfileStore",
    "ProfileStoreUnavailableError",
    "ProfileSyntaxError",
    "ProfileValidationError",
    "ProfileVersionError",
    "ProfileWriteError",
    "RecordingDefaults",
    "RecordingMode",
    "SecretField",
    "StorageExtension",
    "StorageSettings",
    "TranscodingSettings",
    "check_profile_name",
    "problems_from",
    "profile_name_problem",
    "service_name",
]
