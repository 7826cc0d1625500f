"""Identifier rules at their edges: channel-name byte limits, uid spellings, messages."""

from __future__ import annotations

import pytest

from recorder_gui.api.identifiers import (
    CNAME_MAX_BYTES_RTC,
    CNAME_MAX_BYTES_WEB,
    Mode,
    cname_problem,
    normalize_uid,
    parse_mode,
    uid_problem,
)


def test_limits_are_the_documented_ones() -> None:
    assert (CNAME_MAX_BYTES_RTC, CNAME_MAX_BYTES_WEB) == (63, 128)


@pytest.mark.parametrize("mode", [Mode.INDIVIDUAL, Mode.RAW, Mode.MIX])
def test_rtc_channel_name_is_shorter_than_64_bytes(mode: Mode) -> None:
    assert cname_problem("c" * 63, mode) is None
    assert cname_problem("c" * 64, mode) == "must be shorter than 64 bytes, got 64"
    assert cname_problem("c" * 1, mode) is None


def test_web_label_is_at_most_128_bytes_counted_in_utf8() -> None:
    assert cname_problem("w" * 128, Mode.WEB) is None
    assert cname_problem("w" * 129, Mode.WEB) == "must be at most 128 bytes in web mode, got 129"
    # Bytes, not characters: 42 check marks (3 bytes each) + 2 letters = 44 characters, 128 bytes.
    assert cname_problem("✓" * 42 + "ab", Mode.WEB) is None
    assert cname_problem("✓" * 43, Mode.WEB) == ("must be at most 128 bytes in web mode, got 129")
    assert cname_problem("Show / Day 1 ✓", Mode.WEB) is None  # any label


def test_rtc_byte_count_comes_before_the_charset() -> None:
    # 22 characters, 66 bytes: refused for length (a count in characters would pass it on).
    assert cname_problem("é" * 22 + "a" * 22, Mode.MIX) == "must be shorter than 64 bytes, got 66"


def test_bad_characters_are_named_five_at_most_in_order() -> None:
    problem = cname_problem("a/b\\c*d'e\"f`g", Mode.MIX)
    assert problem == (
        "contains characters the service does not allow ('\"' \"'\" '*' '/' '\\\\'); use "
        "letters, digits, space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,"
    )
    assert cname_problem("é", Mode.MIX) is not None


@pytest.mark.parametrize("mode", list(Mode))
def test_empty_or_non_text_channel_names(mode: Mode) -> None:
    assert cname_problem("", mode) == "must not be empty"
    assert cname_problem(5, mode) == "must be a string, not int"
    assert cname_problem(None, mode) == "must be a string, not NoneType"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "must be a decimal string, not a boolean"),
        (1.0, "must be a decimal string, not float"),
        (None, "must be a decimal string, not NoneType"),
        ("01", "must not have leading zeros, got '01'"),
        ("0", "must be between 1 and 4294967295, got 0"),
        (0, "must be between 1 and 4294967295, got 0"),
        ("4294967296", "must be between 1 and 4294967295, got 4294967296"),
        ("١٢", "must be a decimal integer string such as '1001', got '١٢'"),
        ("-1", "must be a decimal integer string such as '1001', got '-1'"),
    ],
)
def test_uid_problems_name_the_rule(value: object, expected: str) -> None:
    assert uid_problem(value) == expected


@pytest.mark.parametrize("value", ["1", 1, "4294967295", 4294967295, "10"])
def test_valid_uids(value: object) -> None:
    assert uid_problem(value) is None
    assert normalize_uid(value) == str(value)


def test_normalize_uid_names_the_field() -> None:
    with pytest.raises(ValueError, match=r"^uid must not have leading zeros, got '007'$"):
        normalize_uid("007")
    with pytest.raises(ValueError, match=r"^maxResolutionUid must be between 1 and"):
        normalize_uid(0, "maxResolutionUid")


def test_parse_mode() -> None:
    assert parse_mode(" Mix ") is Mode.MIX
    assert parse_mode(Mode.RAW) is Mode.RAW
    with pytest.raises(ValueError, match=r"^mode 'solo' is not one of individual, raw, mix, web$"):
        parse_mode("solo")
    assert Mode.RAW.is_individual and not Mode.WEB.is_individual
    assert Mode.RAW.label == "individual (raw)"
