"""index.provinces: the gazetteer and the tagging of articles."""

from __future__ import annotations

import json

from index.provinces import GAZETTEER, article_provinces, resolve_province


def test_gazetteer_has_63_old_and_34_new_units() -> None:
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    assert len(data["old"]) == 63
    assert len(data["new"]) == 34
    assert sorted(old for new in data["new"] for old in new["absorbed"]) == sorted(o["name"] for o in data["old"])


def test_title_and_lead_weigh_more_than_a_passing_body_mention() -> None:
    tags = article_provinces("Hà Nam đẩy mạnh chuyển đổi số", "Sáng 5/3, tỉnh Hà Nam họp.",
                             ["Đoàn công tác từ Đà Nẵng đến thăm."])
    assert tags == {"provinces": ["Hà Nam"], "province_new": ["Ninh Bình"]}


def test_names_that_are_also_other_things_are_not_tagged() -> None:
    tags = article_provinces("Giữ gìn hòa bình trên Thái Bình Dương", "Học tập tư tưởng Hồ Chí Minh.", [])
    assert tags == {"provinces": [], "province_new": []}


def test_aliases_and_prefixes() -> None:
    tags = article_provinces("TP.HCM và Đăk Lăk hợp tác", None, [])
    assert tags["provinces"] == ["Hồ Chí Minh", "Đắk Lắk"]


def test_names_resolve_without_diacritics_old_or_new() -> None:
    assert resolve_province("ha nam").new == "Ninh Bình"
    assert resolve_province("tinh hoa binh").name == "Hòa Bình"
    assert resolve_province("Huế").name == "Thừa Thiên Huế"
    assert resolve_province("thanh pho ho chi minh").name == "Hồ Chí Minh"
    assert resolve_province("Atlantis") is None
