"""The tier of an aggregate resolution: the billing page's examples, the exact boundaries, the
"why" and "what would lower it" sentences, and properties over any inputs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.cost import (
    FULL_HD_MAX,
    HD_MAX,
    TWO_K_MAX,
    Category,
    Resolution,
    read_screenshots,
    read_video,
    read_web,
    video_category,
    web_category,
)

P360 = Resolution(640, 360)
P180 = Resolution(240, 180)
P720 = Resolution(1280, 720)
ORDER = [Category.AUDIO, Category.HD, Category.FULL_HD, Category.TWO_K, Category.TWO_K_PLUS]


@pytest.mark.parametrize(
    ("inputs", "pixels", "category"),
    [
        ([P360] * 3, 691_200, Category.HD),  # three 640x360
        ([P360, P180, P720], 1_195_200, Category.FULL_HD),  # 640x360 + 240x180 + 1280x720
        ([P720] * 4, 3_686_400, Category.TWO_K),  # four 720p inputs, whatever the mix's size
    ],
)
def test_the_billing_pages_examples_reproduce_their_tiers(
    inputs: list[Resolution], pixels: int, category: Category
) -> None:
    reading = read_video(inputs)
    assert (reading.pixels, reading.category) == (pixels, category)


def test_why_names_the_inputs_the_pixels_and_the_tier() -> None:
    assert read_video([P720] * 4).why == "4 inputs of 1280x720 = 3,686,400 pixels: 2K"
    assert read_video([P360, P180, P720]).why == (
        "640x360 + 240x180 + 1280x720 = 1,195,200 pixels: Full HD"
    )
    assert read_video([P720]).why == "1 input of 1280x720 = 921,600 pixels: HD"


@pytest.mark.parametrize(
    ("pixels", "category"),
    [
        (0, Category.AUDIO),
        (1, Category.HD),
        (HD_MAX, Category.HD),
        (HD_MAX + 1, Category.FULL_HD),
        (FULL_HD_MAX, Category.FULL_HD),
        (FULL_HD_MAX + 1, Category.TWO_K),
        (TWO_K_MAX, Category.TWO_K),
        (TWO_K_MAX + 1, Category.TWO_K_PLUS),
    ],
)
def test_each_boundary_belongs_to_the_tier_below_it(pixels: int, category: Category) -> None:
    assert video_category(pixels) is category


def test_the_boundaries_are_the_named_sizes() -> None:
    assert (HD_MAX, FULL_HD_MAX, TWO_K_MAX) == (1280 * 720, 1920 * 1080, 2560 * 1440)
    assert read_video([Resolution(1920, 1080)]).category is Category.FULL_HD
    assert read_video([Resolution(2560, 1440)]).category is Category.TWO_K


def test_no_video_input_is_billed_as_audio() -> None:
    reading = read_video([])
    assert reading.category is Category.AUDIO
    assert "audio" in reading.why
    assert reading.lower_to is None


def test_what_would_lower_four_720p_inputs() -> None:
    reading = read_video([P720] * 4)
    assert reading.lower_to is Category.FULL_HD
    assert reading.lower == (
        "Not subscribing the video of 2 inputs of 1280x720 would bring it down to Full HD "
        "(2 inputs of 1280x720 = 1,843,200 pixels). So would inputs sending 960x540 or less."
    )


def test_what_would_lower_a_mix_of_sizes_drops_the_largest_first() -> None:
    reading = read_video([P360, P180, P720])
    assert reading.lower_to is Category.HD
    assert "of 1 input of 1280x720" in reading.lower
    assert "(640x360 + 240x180 = 273,600 pixels)" in reading.lower


def test_one_huge_input_is_told_to_send_less() -> None:
    reading = read_video([Resolution(3840, 2160)])
    assert reading.category is Category.TWO_K_PLUS
    assert reading.lower.startswith("Smaller inputs would bring it down to 2K")


def test_hd_says_only_audio_is_cheaper() -> None:
    assert "audio only" in read_video([P360]).lower


@pytest.mark.parametrize(
    ("size", "category"),
    [
        (Resolution(1280, 720), Category.WEB_HD),
        (Resolution(720, 1280), Category.WEB_HD),  # portrait, same pixels
        (Resolution(640, 480), Category.WEB_HD),
        (Resolution(1281, 720), Category.WEB_FULL_HD),  # over 1280x720: the safe reading
        (Resolution(1080, 1080), Category.WEB_FULL_HD),
        (Resolution(1920, 1080), Category.WEB_FULL_HD),
    ],
)
def test_web_is_billed_by_its_output_size(size: Resolution, category: Category) -> None:
    assert web_category(size) is category
    assert read_web(size).category is category


def test_web_full_hd_says_what_would_lower_it() -> None:
    reading = read_web(Resolution(1920, 1080))
    assert reading.lower_to is Category.WEB_HD
    assert "1280x720 or less" in reading.lower


def test_screenshots_only_has_its_own_category() -> None:
    reading = read_screenshots()
    assert reading.category is Category.SCREENSHOTS
    assert reading.lower_to is None


@pytest.mark.parametrize("text", ["1280x720", "1280 × 720", "1280X720"])
def test_a_resolution_reads_from_text(text: str) -> None:
    assert Resolution.parse(text) == P720


@pytest.mark.parametrize("text", ["", "1280", "x720", "1280x", "-1x5", "0x720", "1e3x720"])
def test_a_bad_resolution_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="1x1|like 1280x720"):
        Resolution.parse(text)


sizes = st.builds(
    Resolution, st.integers(min_value=1, max_value=4096), st.integers(min_value=1, max_value=4096)
)


@given(st.lists(sizes, max_size=20), sizes)
def test_adding_an_input_never_lowers_the_tier(inputs: list[Resolution], extra: Resolution) -> None:
    before = ORDER.index(read_video(inputs).category)
    assert ORDER.index(read_video([*inputs, extra]).category) >= before


@given(st.lists(sizes, min_size=1, max_size=20), st.data())
def test_a_larger_input_never_lowers_the_tier(
    inputs: list[Resolution], data: st.DataObject
) -> None:
    i = data.draw(st.integers(min_value=0, max_value=len(inputs) - 1))
    bigger = list(inputs)
    bigger[i] = Resolution(inputs[i].width + data.draw(st.integers(0, 500)), inputs[i].height)
    assert ORDER.index(read_video(bigger).category) >= ORDER.index(read_video(inputs).category)


@given(st.lists(sizes, max_size=20))
def test_the_tier_is_the_sum_of_pixels_whatever_the_order(inputs: list[Resolution]) -> None:
    reading = read_video(inputs)
    assert reading.pixels == sum(s.pixels for s in inputs)
    assert read_video(list(reversed(inputs))).category is reading.category


@given(st.lists(sizes, min_size=1, max_size=20))
def test_the_lower_tier_offered_is_the_one_just_below(inputs: list[Resolution]) -> None:
    reading = read_video(inputs)
    if reading.lower_to is None:
        assert reading.category in (Category.AUDIO, Category.HD)
    else:
        assert ORDER.index(reading.lower_to) == ORDER.index(reading.category) - 1
        assert reading.lower_to.label in reading.lower
