"""``ProfileBridge``: profiles and their secrets for the dialogs, which may not touch the store.

Secrets never travel to a view unless the producer asks to reveal one (:meth:`reveal`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal

from recorder_gui.api import storage_catalog
from recorder_gui.callbacks.relay_url import RelaySettingsError, check_relay_url
from recorder_gui.recording import Credentials
from recorder_gui.recording.preflight import StartPlan
from recorder_gui.store import (
    CredentialStore,
    Profile,
    ProfileError,
    ProfileStore,
    SecretField,
    StorageSettings,
)

#: The secrets the profile dialog edits, in order.
EDITED_SECRETS = (
    SecretField.CUSTOMER_ID,
    SecretField.CUSTOMER_SECRET,
    SecretField.STORAGE_ACCESS_KEY,
    SecretField.STORAGE_SECRET_KEY,
    SecretField.APP_CERTIFICATE,
    SecretField.RELAY_TOKEN,
)
REQUIRED_SECRETS = EDITED_SECRETS[:4]


@dataclass
class ProfileForm:
    """What the profile dialog edits. ``secrets`` holds only values typed in this dialog."""

    name: str = ""
    app_id: str = ""
    vendor: int = 1
    region: int = 0
    bucket: str = ""
    prefix: str = ""
    base_url: str = ""
    bot_uid: str = "999999999"
    planned_minutes: int = 240  #: the start form's default planned length
    #: recording defaults the start form begins from (mix canvas and encoding)
    mode: str = "mix"
    width: int = 1280
    height: int = 720
    fps: int = 15
    bitrate: int = 1130
    relay_url: str = ""  #: where callbacks are read (empty: none)
    secrets: dict[SecretField, str] = field(default_factory=dict)
    stored: frozenset[SecretField] = frozenset()


class ProfileBridge(QObject):
    """Adapter of the ProfileStore (or in-memory profiles in demo mode) and CredentialStore."""

    profiles_changed = Signal()
    current_changed = Signal()
    storage_status_changed = Signal(str)

    def __init__(
        self,
        credentials: CredentialStore,
        store: ProfileStore | None,
        *,
        memory_profiles: list[Profile] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.credentials = credentials
        self._store = store
        self._memory = {p.name: p for p in memory_profiles or []}
        self._current: Profile | None = None
        #: Why profiles could not be read (folder unusable, broken files), for the window.
        self.problems: list[str] = []
        credentials.add_status_listener(self.storage_status_changed.emit)
        try:
            last = store.last_used if store is not None else None
        except ProfileError as exc:
            last = None
            self._note(str(exc))
        names = self.names()
        for name in sorted(names, key=lambda n: n != last):  # the last used first
            problem = self.select(name, remember=False)
            if problem is None:
                break
            self._note(problem)
        if store is not None and self._current is not None:
            # Said at launch, before a Check fails on it; the profile in use only (each read
            # is a keyring round trip on the UI thread; Check names what another one lacks).
            sentence = self.missing_sentence(self._current.name)
            if sentence:
                self._note(sentence)

    def _note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    # -- reading --------------------------------------------------------------------------
    @property
    def storage_status(self) -> str:
        return self.credentials.status_sentence

    @property
    def in_memory(self) -> bool:
        return self._store is None

    def names(self) -> list[str]:
        if self._store is None:
            return sorted(self._memory, key=str.casefold)
        try:
            return self._store.list_names()
        except ProfileError as exc:
            self._note(str(exc))
            return []

    @property
    def current(self) -> Profile | None:
        return self._current

    @property
    def current_name(self) -> str:
        return self._current.name if self._current is not None else ""

    def load(self, name: str) -> Profile:
        if self._store is None:
            return self._memory[name]
        return self._store.load(name)

    def select(self, name: str, *, remember: bool = True) -> str | None:
        """Make ``name`` current; returns a sentence when it cannot be loaded."""
        try:
            profile = self.load(name)
        except (ProfileError, KeyError) as exc:
            return str(exc)
        self._current = profile
        problem = None
        if remember and self._store is not None:
            try:
                self._store.set_last_used(name)
            except ProfileError as exc:
                problem = str(exc)
        self.current_changed.emit()
        return problem

    def missing_secrets(self, name: str) -> list[SecretField]:
        """The secrets profile ``name`` needs and the credential store does not have (the
        relay's read token only when the profile names a relay)."""
        try:
            profile = self.load(name)
        except (ProfileError, KeyError):
            return []
        wanted = list(REQUIRED_SECRETS)
        if profile.relay_url:
            wanted.append(SecretField.RELAY_TOKEN)
        return [f for f in wanted if not self.credentials.has(name, f)]

    def missing_sentence(self, name: str) -> str | None:
        """What profile ``name`` lacks, in one sentence with the next step; None if nothing."""
        missing = self.missing_secrets(name)
        if not missing:
            return None
        labels = [f.label for f in missing]
        listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
        return (
            f"Profile “{name}” has no {listed} any more (secrets kept in memory when no "
            "keyring worked are forgotten at quit). Enter them with Edit profile… before you "
            "Check or start with it."
        )

    def credentials_for(self, profile: str, app_id: str) -> Credentials | None:
        cid = self.credentials.get_optional(profile, SecretField.CUSTOMER_ID)
        secret = self.credentials.get_optional(profile, SecretField.CUSTOMER_SECRET)
        if cid is None or secret is None:
            return None
        try:
            if self.load(profile).app_id != app_id:
                return None
        except (ProfileError, KeyError):
            return None
        return Credentials(cid, secret)

    def default_plan(self, cname: str = "") -> StartPlan | None:
        if self._current is None:
            return None
        return StartPlan.from_profile(self._current, cname)

    def form_for(self, name: str | None) -> ProfileForm:
        """The dialog's starting values; secrets are only flagged as stored, never given."""
        if not name:
            return ProfileForm()
        p = self.load(name)
        return ProfileForm(
            name=p.name,
            app_id=p.app_id,
            vendor=p.storage.vendor,
            region=p.storage.region,
            bucket=p.storage.bucket,
            prefix=p.storage.prefix_path,
            base_url=p.base_url or "",
            bot_uid=p.bot_uid,
            planned_minutes=p.recording.planned_minutes,
            mode=p.mode.value,
            width=p.recording.transcoding.width,
            height=p.recording.transcoding.height,
            fps=p.recording.transcoding.fps,
            bitrate=p.recording.transcoding.bitrate,
            relay_url=p.relay_url or "",
            stored=frozenset(f for f in EDITED_SECRETS if self.credentials.has(p.name, f)),
        )

    def reveal(self, name: str, which: SecretField) -> str | None:
        """The stored secret, for the producer who pressed "Reveal"."""
        return self.credentials.get_optional(name, which)

    @staticmethod
    def vendors() -> list[tuple[int, str]]:
        return [(v.number, v.name) for v in storage_catalog.current_vendors()]

    @staticmethod
    def regions(vendor: int) -> list[tuple[int, str]]:
        found = storage_catalog.VENDORS.get(vendor)
        return sorted(found.regions.items()) if found else []

    # -- writing --------------------------------------------------------------------------
    def save(self, form: ProfileForm, *, original: str | None = None) -> list[str]:
        """Validate and save; returns every problem in plain words (empty when saved)."""
        problems: list[str] = []
        missing = [
            f.label
            for f in REQUIRED_SECRETS
            if f not in form.stored and not form.secrets.get(f, "").strip()
        ]
        if missing:
            problems.append("Enter the " + ", ".join(missing) + ".")
        if form.relay_url.strip():
            try:
                check_relay_url(form.relay_url)
            except RelaySettingsError as exc:
                problems.append(str(exc))
        token = SecretField.RELAY_TOKEN
        if form.relay_url.strip() and token not in form.stored and not form.secrets.get(token):
            problems.append("Enter the relay read token (RECORDER_RELAY_TOKEN on the relay).")
        try:
            storage = StorageSettings(
                vendor=form.vendor,
                region=form.region,
                bucket=form.bucket,
                file_name_prefix=[s for s in form.prefix.strip("/").split("/") if s],
            )
            previous = self.load(original) if original else None
            data = previous.model_dump() if previous is not None else {}
            recording = dict(data.get("recording") or {})
            recording["planned_minutes"] = form.planned_minutes
            transcoding = dict(recording.get("transcoding") or {})
            transcoding.update(
                width=form.width, height=form.height, fps=form.fps, bitrate=form.bitrate
            )
            recording["transcoding"] = transcoding
            data.update(
                mode=form.mode,
                recording=recording,
                name=form.name,
                app_id=form.app_id,
                storage=storage.model_dump(),
                base_url=form.base_url or None,
                bot_uid=form.bot_uid,
                relay_url=form.relay_url.strip() or None,
            )
            profile = Profile.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_input=False, include_url=False):
                where = ".".join(str(p) for p in err["loc"]) or "profile"
                said = str(err["msg"]).removeprefix("Value error, ")
                # A sentence of our own names its field already; pydantic's gets the name.
                problems.append(said if said.endswith(".") else f"{where}: {said}.")
            return list(dict.fromkeys(problems))  # each said once
        except (ProfileError, KeyError) as exc:
            return [*problems, str(exc)]
        if problems:
            return problems
        return self._write(profile, form, original)

    def _write(self, profile: Profile, form: ProfileForm, original: str | None) -> list[str]:
        try:
            if original and original != profile.name:
                if self._store is not None:
                    self._store.rename(original, profile.name)
                else:
                    self._memory.pop(original, None)
                    self.credentials.rename_profile(original, profile.name)
            if self._store is not None:
                self._store.save(profile)
            else:
                self._memory[profile.name] = profile
            for which, value in form.secrets.items():
                if value.strip():
                    self.credentials.set(profile.name, which, value)
        except (ProfileError, ValueError) as exc:
            return [str(exc)]
        self.profiles_changed.emit()
        self.select(profile.name)
        return []
