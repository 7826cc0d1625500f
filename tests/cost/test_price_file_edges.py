"""The price file at its edges: the exact size limit, the exact sentences a producer reads, the
names of a file's own keys cut short, the text written, and saving where nothing exists yet."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from recorder_gui.cost import LIST, Category, PriceFileProblem, PriceTable, load_prices, save_prices
from recorder_gui.cost.price_file import MAX_BYTES, PriceFileError, prices_text

NEXT_STEP = (
    "Open Prices… to enter the contract prices again (saving replaces the file), or delete "
    "the file to use list prices."
)


def loaded_error(tmp_path: Path, data: bytes | str) -> PriceFileError:
    path = tmp_path / "prices.json"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    loaded = load_prices(path)
    assert loaded.table == LIST and loaded.error is not None
    return loaded.error


def test_the_error_carries_its_file_sentence_and_next_step(tmp_path: Path) -> None:
    error = loaded_error(tmp_path, "[]")
    assert error.path == tmp_path / "prices.json"
    assert error.sentence == (
        "The contract price file prices.json is not a JSON object of prices; list prices are used."
    )
    assert error.next_step == NEXT_STEP
    assert str(error) == f"{error.sentence} {NEXT_STEP}"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("{", "is not readable JSON"),
        ('{"currency": "usd"}', "is not in US dollars (currency must be USD)"),
        ('{"version": "1"}', "is not version 1 of the price file"),
        ('{"per_1000_minutes": 5}', "has no object under per_1000_minutes"),
        ('{"per_1000_minutes": {"hd": false}}', "has a price for HD that is not a number"),
        (
            '{"per_1000_minutes": {"2k": "1e9"}}',
            "has a price for 2K that is over 100,000 per 1,000 minutes; check the decimal point",
        ),
        (
            '{"per_1000_minutes": {"4k": 1}}',
            "names unknown categories: '4k' (known: audio, hd, full_hd, 2k, 2k_plus, web_hd, "
            "web_full_hd, screenshots)",
        ),
    ],
)
def test_each_damage_is_said_in_its_own_words(tmp_path: Path, body: str, detail: str) -> None:
    error = loaded_error(tmp_path, body)
    assert error.sentence == f"The contract price file prices.json {detail}; list prices are used."


def test_a_file_of_exactly_the_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    body = '{"per_1000_minutes": {"hd": "4.5"}}'
    path = tmp_path / "prices.json"
    path.write_text(body + " " * (MAX_BYTES - len(body)))
    assert path.stat().st_size == MAX_BYTES
    loaded = load_prices(path)
    assert loaded.error is None and loaded.table.per_thousand(Category.HD) == Decimal("4.5")
    error = loaded_error(tmp_path, body + " " * (MAX_BYTES - len(body) + 1))
    assert error.kind is PriceFileProblem.TOO_LARGE
    assert error.sentence == (
        "The contract price file prices.json is larger than 64 KiB; list prices are used."
    )


def test_a_device_that_never_ends_is_not_read_whole() -> None:
    error = load_prices(Path("/dev/zero")).error
    assert error is not None and error.kind is PriceFileProblem.TOO_LARGE


def test_a_file_without_prices_means_list_prices(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text('{"version": 1, "currency": "USD"}')
    assert load_prices(path).table == LIST and load_prices(path).error is None


@pytest.mark.parametrize(
    ("keys", "shown"),
    [
        (["b", "a"], "'a', 'b'"),
        (["e", "d", "c", "b"], "'b', 'c', 'd', 'e'"),
        (["e", "d", "c", "b", "a"], "'a', 'b', 'c', 'd' and 1 more"),
        (["k" * 30], "'" + "k" * 30 + "'"),
        (["k" * 31], "'" + "k" * 29 + "…'"),
    ],
)
def test_a_files_own_names_are_quoted_sorted_and_cut_short(
    tmp_path: Path, keys: list[str], shown: str
) -> None:
    error = loaded_error(tmp_path, json.dumps(dict.fromkeys(keys, 1)))
    assert error.sentence == (
        f"The contract price file prices.json has unknown entries: {shown}; list prices are used."
    )


@pytest.mark.parametrize(
    ("raw", "accepted"),
    [
        ("4.5" + " " * 29, True),  # 32 characters
        ("4.5" + " " * 30, False),  # 33: not a price someone typed
        ("  ", False),
        ("", False),
    ],
)
def test_a_price_text_of_at_most_32_characters_is_read(
    tmp_path: Path, raw: str, accepted: bool
) -> None:
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"per_1000_minutes": {"hd": raw}}))
    loaded = load_prices(path)
    if accepted:
        assert loaded.error is None and loaded.table.per_thousand(Category.HD) == Decimal("4.5")
    else:
        assert loaded.error is not None and loaded.error.kind is PriceFileProblem.BAD_PRICE
        assert "has a price for HD that is not a number" in loaded.error.sentence


def test_the_file_holds_only_the_contract_prices_indented() -> None:
    table = PriceTable({Category.WEB_HD: Decimal("12.5"), Category.HD: Decimal("5.99")})
    assert prices_text(table) == (
        '{\n  "version": 1,\n  "currency": "USD",\n  "per_1000_minutes": {\n'
        '    "web_hd": "12.5"\n  }\n}\n'
    )


def test_saving_list_prices_with_no_file_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    save_prices(path, LIST)
    assert not path.exists()


def test_saving_makes_the_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "prices.json"
    save_prices(path, PriceTable({Category.HD: Decimal(3)}))
    assert load_prices(path).table.per_thousand(Category.HD) == Decimal(3)


def test_a_refused_save_says_what_to_check(tmp_path: Path) -> None:
    (tmp_path / "config").write_text("a file where a folder should be")
    path = tmp_path / "config" / "prices.json"
    with pytest.raises(PriceFileError) as caught:
        save_prices(path, PriceTable({Category.HD: Decimal(1)}))
    error = caught.value
    assert error.kind is PriceFileProblem.UNWRITABLE and error.path == path
    assert error.sentence.startswith("The contract price file prices.json could not be written (")
    assert error.sentence.endswith("); the prices apply to this run only.")
    assert error.next_step == (
        "Check that the config folder is writable and has room, then save again."
    )
