"""Storage vendors and their region numbers, with names for people.

See docs/api-notes.md, "Storage and file naming".

One table serves the client's validation, the profile store and the UI's pickers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Vendor:
    number: int
    name: str
    current: bool
    regions: dict[int, str]


def _regions(text: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for item in text.split(","):
        num, name = item.strip().split(" ", 1)
        out[int(num)] = name.strip()
    return out


_S3 = _regions(
    "0 US_EAST_1, 1 US_EAST_2, 2 US_WEST_1, 3 US_WEST_2, 4 EU_WEST_1, 5 EU_WEST_2, "
    "6 EU_WEST_3, 7 EU_CENTRAL_1, 8 AP_SOUTHEAST_1, 9 AP_SOUTHEAST_2, 10 AP_NORTHEAST_1, "
    "11 AP_NORTHEAST_2, 12 SA_EAST_1, 13 CA_CENTRAL_1, 14 AP_SOUTH_1, 15 CN_NORTH_1, "
    "16 CN_NORTHWEST_1, 18 AF_SOUTH_1, 19 AP_EAST_1, 20 AP_NORTHEAST_3, 21 EU_NORTH_1, "
    "22 ME_SOUTH_1, 24 AP_SOUTHEAST_3, 25 EU_SOUTH_1"
)
_ALIBABA = _regions(
    "0 CN_Hangzhou, 1 CN_Shanghai, 2 CN_Qingdao, 3 CN_Beijing, 4 CN_Zhangjiakou, "
    "5 CN_Huhehaote, 6 CN_Shenzhen, 7 CN_Hongkong, 8 US_West_1, 9 US_East_1, "
    "10 AP_Southeast_1, 11 AP_Southeast_2, 12 AP_Southeast_3, 13 AP_Southeast_5, "
    "14 AP_Northeast_1, 15 AP_South_1, 16 EU_Central_1, 17 EU_West_1, 18 EU_East_1, "
    "19 AP_Southeast_6, 20 CN_Heyuan, 21 CN_Guangzhou, 22 CN_Chengdu, 23 CN_Nanjing, "
    "24 CN_Fuzhou, 25 CN_Wulanchabu, 26 CN_Northeast_2, 27 CN_Southeast_7"
)
_TENCENT = _regions(
    "0 AP_Beijing_1, 1 AP_Beijing, 2 AP_Shanghai, 3 AP_Guangzhou, 4 AP_Chengdu, "
    "5 AP_Chongqing, 6 AP_Shenzhen_FSI, 7 AP_Shanghai_FSI, 8 AP_Beijing_FSI, 9 AP_Hongkong, "
    "10 AP_Singapore, 11 AP_Mumbai, 12 AP_Seoul, 13 AP_Bangkok, 14 AP_Tokyo, "
    "15 NA_Siliconvalley, 16 NA_Ashburn, 17 NA_Toronto, 18 EU_Frankfurt, 19 EU_Moscow"
)
_HUAWEI = _regions(
    "0 CN_North_1, 1 CN_North_4, 2 CN_East_2, 3 CN_East_3, 4 CN_South_1, 5 CN_Southwest_2, "
    "6 AP_Southeast_1, 7 AP_Southeast_2, 8 AP_Southeast_3, 9 AF_South_1, 10 SA_Argentina_1, "
    "11 SA_Peru_1, 12 NA_Mexico_1, 13 SA_Brazil_1, 14 LA_South_2, 15 SA_Chile_1"
)
_BAIDU = _regions("1 Baoding, 2 Suzhou, 3 Guangzhou, 4 Hongkong, 5 Singapore, 6 Wuhan, 7 Shanghai")
_QINIU = _regions("0 East China, 1 North China, 2 South China, 3 North America, 4 Southeast Asia")
_KINGSOFT = _regions(
    "0 CN_Hangzhou, 1 CN_Shanghai, 2 CN_Qingdao, 3 CN_Beijing, 4 CN_Guangzhou, "
    "5 CN_Hongkong, 6 JR_Beijing, 7 JR_Shanghai, 8 NA_Russia_1, 9 NA_Singapore_1"
)
_ONLY_ZERO = {0: "default"}

VENDORS: dict[int, Vendor] = {
    v.number: v
    for v in (
        Vendor(0, "Qiniu Cloud", False, _QINIU),
        Vendor(1, "Amazon S3", True, _S3),
        Vendor(2, "Alibaba Cloud OSS", True, _ALIBABA),
        Vendor(3, "Tencent Cloud COS", True, _TENCENT),
        Vendor(4, "Kingsoft Cloud", False, _KINGSOFT),
        Vendor(5, "Microsoft Azure", True, _ONLY_ZERO),
        Vendor(6, "Google Cloud", True, _ONLY_ZERO),
        Vendor(7, "Huawei Cloud OBS", True, _HUAWEI),
        Vendor(8, "Baidu AI Cloud BOS", True, _BAIDU),
        Vendor(11, "S3-compatible storage", True, _ONLY_ZERO),
    )
}

#: Vendors that accept an STS token (docs/api-notes.md, "Storage and file naming").
STS_VENDORS = frozenset({1, 2, 3})
#: Vendor that needs ``extensionParams.endpoint``.
S3_COMPATIBLE = 11


def current_vendors() -> list[Vendor]:
    """Vendors the service currently documents, in number order (for pickers)."""
    return [v for v in VENDORS.values() if v.current]


def region_label(vendor: int, region: int) -> str:
    """A readable label such as ``"Amazon S3 / EU_CENTRAL_1"``."""
    v = VENDORS.get(vendor)
    if v is None:
        return f"vendor {vendor} / region {region}"
    return f"{v.name} / {v.regions.get(region, f'region {region}')}"


def pair_problem(vendor: int, region: int) -> str | None:
    """Why ``(vendor, region)`` is not a valid pair, naming the valid choices; None if valid."""
    v = VENDORS.get(vendor)
    if v is None:
        names = ", ".join(f"{x.number} ({x.name})" for x in current_vendors())
        return f"storage vendor {vendor} is unknown; choose one of: {names}"
    if region not in v.regions:
        if v.regions is _ONLY_ZERO:
            return f"{v.name} (vendor {vendor}) takes region 0 only, not {region}"
        valid = ", ".join(f"{n} ({name})" for n, name in v.regions.items())
        return f"region {region} is not a region of {v.name}; valid regions: {valid}"
    return None
