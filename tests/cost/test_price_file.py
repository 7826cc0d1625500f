"""The contract price file is hostile input: whatever is in it, the panel gets list prices and
a plain sentence with a next step, never a crash."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recorder_gui.cost import (
    LIST,
    Category,
    PriceFileError,
    PriceFileProblem,
    PriceTable,
    load_prices,
    save_prices,
)
from recorder_gui.cost.price_file import MAX_BYTES


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_no_file_means_list_prices_and_no_problem(tmp_path: Path) -> None:
    loaded = load_prices(tmp_path / "prices.json")
    assert loaded.table == LIST
    assert loaded.error is None


def test_a_saved_contract_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "config" / "prices.json"
    table = PriceTable({Category.HD: Decimal("4.5"), Category.AUDIO: Decimal("0")})
    save_prices(path, table)
    loaded = load_prices(path)
    assert loaded.error is None
    assert loaded.table.per_thousand(Category.HD) == Decimal("4.5")
    assert loaded.table.per_thousand(Category.AUDIO) == Decimal("0")
    assert loaded.table.per_thousand(Category.TWO_K) == Decimal("23.99")
    assert json.loads(path.read_text())["per_1000_minutes"] == {"audio": "0", "hd": "4.5"}
    assert [p.name for p in path.parent.iterdir()] == ["prices.json"]  # no temp file left


def test_saving_list_prices_removes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    save_prices(path, PriceTable({Category.HD: Decimal(1)}))
    save_prices(path, LIST)
    assert not path.exists()


def test_a_hand_edited_file_with_numbers_and_strings_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "prices.json",
        '{"version": 1, "per_1000_minutes": {"hd": 5.5, "full_hd": " 12 ", "2k": 20}}',
    )
    loaded = load_prices(path)
    assert loaded.error is None
    assert [loaded.table.per_thousand(c) for c in (Category.HD, Category.FULL_HD)] == [
        Decimal("5.5"),
        Decimal("12"),
    ]
    assert loaded.table.per_thousand(Category.TWO_K) == Decimal(20)


DAMAGED = [
    ("not json", b"hd = 5.5", PriceFileProblem.NOT_JSON),
    ("empty", b"", PriceFileProblem.NOT_JSON),
    ("not utf-8", b'{"per_1000_minutes": {"hd": "\xff"}}', PriceFileProblem.NOT_JSON),
    ("cut short", b'{"per_1000_minutes": {"hd": 5', PriceFileProblem.NOT_JSON),
    ("NaN", b'{"per_1000_minutes": {"hd": NaN}}', PriceFileProblem.NOT_JSON),
    ("deep", b"[" * 100_00 + b"]" * 100_00, PriceFileProblem.NOT_JSON),
    ("a list", b"[5.99]", PriceFileProblem.WRONG_SHAPE),
    ("a string", b'"5.99"', PriceFileProblem.WRONG_SHAPE),
    ("prices a list", b'{"per_1000_minutes": [1, 2]}', PriceFileProblem.WRONG_SHAPE),
    ("unknown top key", b'{"per_1000_minutes": {}, "discount": 5}', PriceFileProblem.WRONG_SHAPE),
    ("unknown category", b'{"per_1000_minutes": {"4k": 1}}', PriceFileProblem.WRONG_SHAPE),
    ("a typo", b'{"per_1000_minutes": {"fullhd": 1}}', PriceFileProblem.WRONG_SHAPE),
    ("other currency", b'{"currency": "EUR"}', PriceFileProblem.WRONG_SHAPE),
    ("future version", b'{"version": 7}', PriceFileProblem.WRONG_SHAPE),
    ("a bool price", b'{"per_1000_minutes": {"hd": true}}', PriceFileProblem.BAD_PRICE),
    ("a null price", b'{"per_1000_minutes": {"hd": null}}', PriceFileProblem.BAD_PRICE),
    ("an object price", b'{"per_1000_minutes": {"hd": {}}}', PriceFileProblem.BAD_PRICE),
    ("a word price", b'{"per_1000_minutes": {"hd": "cheap"}}', PriceFileProblem.BAD_PRICE),
    ("a negative price", b'{"per_1000_minutes": {"hd": -1}}', PriceFileProblem.BAD_PRICE),
    ("a huge price", b'{"per_1000_minutes": {"hd": 1e400}}', PriceFileProblem.BAD_PRICE),
    (
        "a long number",
        b'{"per_1000_minutes": {"hd": "' + b"9" * 40 + b'"}}',
        PriceFileProblem.BAD_PRICE,
    ),
    ("too precise", b'{"per_1000_minutes": {"hd": 5.123456}}', PriceFileProblem.BAD_PRICE),
    (
        "huge",
        b'{"per_1000_minutes": {}, "x": "' + b"a" * MAX_BYTES + b'"}',
        PriceFileProblem.TOO_LARGE,
    ),
]


@pytest.mark.parametrize(("data", "kind"), [d[1:] for d in DAMAGED], ids=[d[0] for d in DAMAGED])
def test_a_damaged_file_gives_list_prices_and_says_why(
    tmp_path: Path, data: bytes, kind: PriceFileProblem
) -> None:
    loaded = load_prices(write(tmp_path / "prices.json", data))
    assert loaded.table == LIST
    assert loaded.fell_back
    error = loaded.error
    assert isinstance(error, PriceFileError)
    assert error.kind is kind
    assert error.sentence.startswith("The contract price file prices.json ")
    assert error.sentence.endswith("list prices are used.")
    assert "Prices…" in error.next_step
    assert len(str(error)) < 600  # the file's own text is never echoed at length


def test_a_huge_file_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    with path.open("wb") as handle:
        handle.truncate(512 * 1024 * 1024)  # sparse: half a gigabyte of NULs
    error = load_prices(path).error
    assert error is not None and error.kind is PriceFileProblem.TOO_LARGE


def test_a_folder_in_the_way_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "prices.json").mkdir()
    error = load_prices(tmp_path / "prices.json").error
    assert error is not None and error.kind is PriceFileProblem.UNREADABLE


def test_long_unknown_names_are_cut_short(tmp_path: Path) -> None:
    names = {f"{'k' * 500}{i}": 1 for i in range(50)}
    path = write(tmp_path / "prices.json", json.dumps({"per_1000_minutes": names}))
    error = load_prices(path).error
    assert error is not None and "and 46 more" in error.sentence
    assert "k" * 40 not in error.sentence


def test_a_disk_that_refuses_is_a_typed_error_on_save(tmp_path: Path) -> None:
    blocker = write(tmp_path / "config", "a file where the config folder should be")
    with pytest.raises(PriceFileError) as caught:
        save_prices(blocker / "prices.json", PriceTable({Category.HD: Decimal(1)}))
    assert caught.value.kind is PriceFileProblem.UNWRITABLE
    assert "this run only" in caught.value.sentence
    assert caught.value.next_step


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(
    body=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "per_1000_minutes": st.dictionaries(
                    st.sampled_from([c.value for c in Category]), json_values
                )
            }
        ),
    )
)
def test_any_json_gives_a_table_and_at_most_a_typed_error(tmp_path: Path, body: object) -> None:
    path = write(tmp_path / "prices.json", json.dumps(body))
    loaded = load_prices(path)
    assert isinstance(loaded.table, PriceTable)
    assert loaded.error is None or (loaded.table == LIST and loaded.error.next_step)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(data=st.binary(max_size=300))
def test_any_bytes_give_a_table(tmp_path: Path, data: bytes) -> None:
    loaded = load_prices(write(tmp_path / "prices.json", data))
    assert loaded.table == LIST or loaded.error is None
