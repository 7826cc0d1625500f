"""acquire's ``excludeResourceIds``: the task lands in another region; bad entries are refused."""

from __future__ import annotations

from typing import Any

import pytest

from recorder_gui.emulator import Emulator
from tests.emulator.conftest import Api


def test_a_backup_lands_in_another_region_and_its_exclusion_is_kept(api: Api) -> None:
    primary_sid = api.begin("mix")
    primary_rid = api.rid
    api.uid = "527842"
    assert api.acquire({"excludeResourceIds": [primary_rid]}).status_code == 200
    backup_rid = api.rid
    assert api.start("mix").status_code == 200
    primary, backup = api.emu.task(primary_sid), api.emu.task(api.sid)
    assert primary["region"] == "NA"  # nearest to the caller
    assert backup["region"] == "EU"  # the first region the primary does not use
    assert backup["exclude_resource_ids"] == [primary_rid]
    assert primary["exclude_resource_ids"] == []
    assert api.emu.placement(backup_rid) == {
        "region": "EU",
        "exclude_resource_ids": [primary_rid],
    }


def test_excluding_two_regions_takes_the_third(api: Api) -> None:
    api.begin("mix")
    first = api.rid
    api.uid = "2"
    assert api.acquire({"excludeResourceIds": [first]}).status_code == 200
    second = api.rid
    api.uid = "3"
    assert api.acquire({"excludeResourceIds": [first, second]}).status_code == 200
    assert api.emu.placement(api.rid)["region"] == "AP"


def test_a_geofence_with_its_only_region_excluded_has_no_worker(api: Api) -> None:
    assert api.acquire({"region": "EU"}).status_code == 200
    eu = api.rid
    r = api.acquire({"region": "EU", "excludeResourceIds": [eu]})
    assert r.status_code == 500
    assert r.json()["code"] == 501


@pytest.mark.parametrize(
    "excluded",
    [
        "notalist",
        [""],
        [42],
        ["JyvK8nXHuV1BE64Gnotaresourceofthisservice"],
    ],
)
def test_bad_exclusions_are_refused_with_code_2(api: Api, excluded: Any) -> None:
    r = api.acquire({"excludeResourceIds": excluded})
    assert r.status_code == 400
    assert r.json()["code"] == 2
    assert "excludeResourceIds" in r.json()["reason"]


def test_a_resource_id_of_another_app_is_refused(api: Api, emulator: Emulator) -> None:
    assert api.acquire({}).status_code == 200
    theirs = api.rid
    api.appid = "fedcba9876543210fedcba9876543210"
    r = api.acquire({"excludeResourceIds": [theirs]})
    assert r.status_code == 400
    assert "not a resource ID of this App ID" in r.json()["reason"]


def test_an_empty_list_excludes_nothing(api: Api) -> None:
    assert api.acquire({"excludeResourceIds": []}).status_code == 200
    assert api.emu.placement(api.rid) == {"region": "NA", "exclude_resource_ids": []}
