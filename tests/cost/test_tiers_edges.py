"""Tier readings word for word: how the inputs are summed in text, what would lower a tier
when the largest inputs are not alike or no smaller size fits, web pages and screenshots."""

from __future__ import annotations

import pytest

from recorder_gui.cost import (
    Category,
    Resolution,
    TierReading,
    read_screenshots,
    read_video,
    read_web,
)
from recorder_gui.cost.tiers import sum_text

P180 = Resolution(240, 180)
P360 = Resolution(640, 360)
P540 = Resolution(960, 540)
P720 = Resolution(1280, 720)


@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        ([], "no video input"),
        ([P720], "1 input of 1280x720"),
        ([P360, P360], "2 inputs of 640x360"),
        (
            [P720, P360, P720, P180, P360, P720],
            "1280x720 + 640x360 + 1280x720 + 240x180 + 640x360 + 1280x720",
        ),  # fmt: skip
        ([P720, P360, P720, P180, P360, P720, P720], "4 x 1280x720 + 2 x 640x360 + 240x180"),
        ([P180, P720, P720, P720, P720, P720, P720], "240x180 + 6 x 1280x720"),
    ],
)
def test_inputs_are_summed_in_words(inputs: list[Resolution], text: str) -> None:
    assert sum_text(inputs) == text


def test_no_video_and_hd_readings_word_for_word() -> None:
    assert read_video([]) == TierReading(
        Category.AUDIO,
        0,
        "No video input is recorded: billed as audio.",
        "Audio is the lowest price.",
    )
    assert read_video([P360]) == TierReading(
        Category.HD,
        230_400,
        "1 input of 640x360 = 230,400 pixels: HD",
        "HD is the lowest video tier: only recording no video (audio only) costs less.",
    )


def test_dropping_inputs_stops_as_soon_as_the_lower_tier_is_reached() -> None:
    reading = read_video([P720, P720])  # 1,843,200: Full HD; one input alone is exactly HD
    assert reading.lower == (
        "Not subscribing the video of 1 input of 1280x720 would bring it down to HD "
        "(1 input of 1280x720 = 921,600 pixels). So would inputs sending 640x360 or less."
    )


def test_unlike_inputs_dropped_are_named_one_by_one() -> None:
    reading = read_video([P720, P540, P360, P360])
    assert reading.category is Category.FULL_HD
    assert reading.lower == (
        "Not subscribing the video of the 1280x720 and 960x540 inputs would bring it down to "
        "HD (2 inputs of 640x360 = 460,800 pixels)."
    )


def test_when_no_smaller_size_fits_none_is_offered() -> None:
    reading = read_video([P720] * 100)  # even 100 x 320x180 is over 2K
    assert reading.category is Category.TWO_K_PLUS
    assert reading.lower == (
        "Not subscribing the video of 96 inputs of 1280x720 would bring it down to 2K "
        "(4 inputs of 1280x720 = 3,686,400 pixels)."
    )


def test_one_input_too_large_alone_is_told_the_total_and_a_size() -> None:
    assert read_video([Resolution(3840, 2160)]).lower == (
        "Smaller inputs would bring it down to 2K (at most 3,686,400 pixels in all). "
        "So would inputs sending 1920x1080 or less."
    )


def test_web_readings_word_for_word() -> None:
    assert read_web(Resolution(1280, 720)) == TierReading(
        Category.WEB_HD,
        921_600,
        "Web page recorded at 1280x720 = 921,600 pixels: Web page HD",
        "Web page HD is the lowest web price.",
    )
    assert read_web(Resolution(1920, 1080)) == TierReading(
        Category.WEB_FULL_HD,
        2_073_600,
        "Web page recorded at 1920x1080 = 2,073,600 pixels: Web page Full HD",
        "Recording the page at 1280x720 or less (at most 921,600 pixels) would bill Web page HD.",
        Category.WEB_HD,
    )


def test_screenshots_reading_word_for_word() -> None:
    assert read_screenshots() == TierReading(
        Category.SCREENSHOTS,
        0,
        "Screenshots without recording in the same task: billed as screenshots only.",
        "Screenshots are free in a task that also records; on their own they have one price.",
    )


@pytest.mark.parametrize(("text", "size"), [("12345x1", (12345, 1)), ("1x99999", (1, 99999))])
def test_five_digits_per_side_are_read(text: str, size: tuple[int, int]) -> None:
    assert Resolution.parse(text) == Resolution(*size)


@pytest.mark.parametrize("text", ["123456x1", "1x100000", "1x2x3", "axb"])
def test_six_digits_or_other_shapes_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a size") as caught:
        Resolution.parse(text)
    assert str(caught.value) == f"{text!r} is not a size like 1280x720"


def test_a_zero_side_is_refused_with_the_size() -> None:
    with pytest.raises(ValueError, match="at least 1x1") as caught:
        Resolution(0, 720)
    assert str(caught.value) == "a resolution is at least 1x1, not 0x720"
