"""Pre-flight refusals name the form's field, in the form's words, each once."""

from __future__ import annotations

import pytest

from recorder_gui.recording.preflight import StartPlan, preflight
from recorder_gui.store import CredentialStore, Profile

from .show_profile import show_profile, show_store


@pytest.fixture
def profile() -> Profile:
    return show_profile()


@pytest.fixture
def store() -> CredentialStore:
    return show_store()


@pytest.mark.parametrize(
    ("fields", "expected", "never"),
    [
        ({"mode": "web", "web_url": ""}, "Web page URL: enter it", "String should have"),
        (
            {"subscribe_audio_uids": ("abc",), "subscribe_video_uids": ("1",)},
            "Audio from: each entry must be",
            "subscribe_audio_uids",
        ),
        ({"fps": 25}, "Frame rate: fps must be one of", "Settings fps"),
        ({"mode": "web", "web_url": "ftp://x"}, "Web page URL:", "Settings url"),
    ],
)
def test_refusals_use_the_forms_labels(
    profile: Profile,
    store: CredentialStore,
    fields: dict[str, object],
    expected: str,
    never: str,
) -> None:
    problems = preflight(StartPlan.from_profile(profile, "show", **fields), profile, store).problems
    text = "\n".join(problems)
    assert expected in text
    assert never not in text
    assert len(problems) == len(set(problems))
