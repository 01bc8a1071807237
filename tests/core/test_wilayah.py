"""The Kemendagri region table of Sumatera Barat, loaded by a data migration."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from django.db.models import Count

from replika.core import selectors, wilayah_data
from replika.core.models import Wilayah

pytestmark = pytest.mark.django_db


def csv_row(code: str) -> dict[str, str]:
    with wilayah_data.DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["kode"] == code)


def test_migration_loaded_every_region_of_sumatera_barat():
    assert Wilayah.objects.count() == 1 + 19 + 179 + 1265


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        ("provinsi", 1),
        ("kabupaten", 12),
        ("kota", 7),
        ("kecamatan", 179),
        ("nagari", 910),
        ("kelurahan", 230),
        ("desa", 125),
    ],
)
def test_migration_loaded_each_kind_of_region(kind, count):
    assert Wilayah.objects.filter(kind=kind).count() == count


def test_levels_hold_the_expected_kinds():
    by_level = {
        level: set(Wilayah.objects.filter(level=level).values_list("kind", flat=True))
        for level in (1, 2, 3, 4)
    }

    assert by_level == {
        1: {"provinsi"},
        2: {"kabupaten", "kota"},
        3: {"kecamatan"},
        4: {"nagari", "kelurahan", "desa"},
    }
    assert Wilayah.objects.filter(level=Wilayah.REGION).count() == 19


def test_only_the_province_has_no_parent():
    assert list(Wilayah.objects.filter(parent__isnull=True).values_list("code", flat=True)) == [
        "13"
    ]


def test_every_region_sits_under_the_parent_its_code_names():
    rows = Wilayah.objects.exclude(level=1).values_list(
        "code", "level", "parent__code", "parent__level"
    )

    wrong = [
        code
        for code, level, parent_code, parent_level in rows
        if parent_code is None
        or not code.startswith(parent_code + ".")
        or code.rsplit(".", 1)[0] != parent_code
        or parent_level != level - 1
    ]
    assert wrong == []


def test_every_kecamatan_has_desa_level_units():
    empty = Wilayah.objects.filter(level=3).annotate(n=Count("children")).filter(n=0)

    assert list(empty.values_list("code", flat=True)) == []


def test_kota_padang_population_and_area_match_the_data_file():
    padang = Wilayah.objects.get(code="13.71")
    row = csv_row("13.71")

    assert padang.name == row["nama"] == "Kota Padang"
    assert padang.kind == "kota"
    assert padang.population == int(row["penduduk_total"]) == 946982
    assert padang.population_male == int(row["penduduk_laki"])
    assert padang.population_female == int(row["penduduk_perempuan"])
    assert padang.area_km2 == Decimal(row["luas_km2"]) == Decimal("694.315")


def test_reloading_the_data_file_changes_nothing():
    assert wilayah_data.load(Wilayah) == (0, 0)
    assert Wilayah.objects.count() == 1464


def test_reloading_restores_a_changed_name():
    Wilayah.objects.filter(code="13.71").update(name="Kota Padang Baru")

    created, updated = wilayah_data.load(Wilayah)

    assert (created, updated) == (0, 1)
    assert Wilayah.objects.get(code="13.71").name == "Kota Padang"


def test_reloading_restores_a_changed_population_and_parent():
    Wilayah.objects.filter(code="13.06").update(population=1)
    kecamatan = Wilayah.objects.filter(level=3, parent__code="13.06").first()
    Wilayah.objects.filter(pk=kecamatan.pk).update(parent=Wilayah.objects.get(code="13.71"))

    created, updated = wilayah_data.load(Wilayah)

    assert (created, updated) == (0, 2)
    assert Wilayah.objects.get(code="13.06").population == int(csv_row("13.06")["penduduk_total"])
    kecamatan.refresh_from_db()
    assert kecamatan.parent.code == "13.06"


def test_reloading_recreates_a_deleted_village():
    village = Wilayah.objects.filter(level=4, parent__parent__code="13.06").last()
    code, parent_code = village.code, village.parent.code
    village.delete()

    assert wilayah_data.load(Wilayah) == (1, 0)
    assert Wilayah.objects.get(code=code).parent.code == parent_code


def test_region_subtree_is_one_query_with_agam_and_everything_under_it(
    django_assert_num_queries,
):
    kecamatan = Wilayah.objects.filter(level=3, parent__code="13.06").count()
    villages = Wilayah.objects.filter(level=4, parent__parent__code="13.06").count()
    assert kecamatan > 0
    assert villages > kecamatan

    with django_assert_num_queries(1):
        subtree = list(selectors.region_subtree("13.06"))

    codes = {w.code for w in subtree}
    assert len(subtree) == 1 + kecamatan + villages
    assert "13.06" in codes
    assert all(code == "13.06" or code.startswith("13.06.") for code in codes)
    assert {w.level for w in subtree} == {2, 3, 4}


def test_region_subtree_of_a_kecamatan_is_it_and_its_villages():
    kecamatan = Wilayah.objects.filter(level=3, parent__code="13.71").first()
    villages = set(kecamatan.children.values_list("code", flat=True))

    codes = set(selectors.region_subtree(kecamatan.code).values_list("code", flat=True))

    assert codes == {kecamatan.code} | villages


def test_region_subtree_of_a_partial_code_is_empty():
    # "13.1" is no region; it must not pull in 13.10, 13.11 and 13.12 by string prefix.
    assert list(selectors.region_subtree("13.1")) == []


def test_region_subtrees_of_the_kabkota_partition_the_province():
    total = sum(selectors.region_subtree(w.code).count() for w in selectors.regions_kabkota())

    assert total == Wilayah.objects.count() - 1


def test_region_subtree_of_a_village_is_the_village_alone():
    village = Wilayah.objects.filter(level=4).first()

    assert list(selectors.region_subtree(village.code)) == [village]


def test_ancestor_codes_run_from_the_province_down():
    village = Wilayah.objects.filter(level=4, parent__parent__code="13.71").first()
    kecamatan_code = village.parent.code

    assert village.ancestor_codes() == ["13", "13.71", kecamatan_code, village.code]
    assert Wilayah.objects.get(code="13").ancestor_codes() == ["13"]
    assert Wilayah.objects.get(code="13.06").ancestor_codes() == ["13", "13.06"]


def test_ancestor_codes_name_real_regions():
    village = Wilayah.objects.filter(level=4, parent__parent__code="13.06").last()

    ancestors = list(
        Wilayah.objects.filter(code__in=village.ancestor_codes()).values_list("code", flat=True)
    )

    assert len(ancestors) == 4
    assert village.parent.code in ancestors


def test_region_code_is_the_kabkota_of_any_region():
    village = Wilayah.objects.filter(level=4, parent__parent__code="13.06").first()

    assert village.region_code() == "13.06"
    assert village.parent.region_code() == "13.06"
    assert Wilayah.objects.get(code="13.71").region_code() == "13.71"
    assert Wilayah.objects.get(code="13").region_code() is None


def test_subtree_prefix_ends_with_a_dot():
    assert Wilayah.objects.get(code="13.06").subtree_prefix == "13.06."


def test_region_list_selector_filters_like_the_api():
    assert selectors.region_list(level=2, parent="13").count() == 19
    assert selectors.region_list(kind="nagari").count() == 910
    assert list(selectors.region_list(q="13.71.0").values_list("level", flat=True))
    assert selectors.regions_kabkota().count() == 19
