"""The module's own pure rules: NIK checks, the disease list, lifecycles, map classes."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import replika.outbreak
from replika.outbreak.rules import catalogue, identity, mapping

PACKAGE = Path(replika.outbreak.__file__).parent


def test_a_womans_nik_adds_forty_to_the_day_of_birth():
    assert identity.nik_code("1374015708900001", dt.date(1990, 8, 17)) == ""
    assert identity.nik_code("1374011708900001", dt.date(1990, 8, 17)) == ""  # day alone also read
    assert (
        identity.nik_code("1374015708900001", dt.date(1990, 8, 18)) == identity.NIK_BIRTH_MISMATCH
    )


def test_nik_problems_have_codes():
    assert identity.nik_code("12345") == identity.NIK_LENGTH
    assert identity.nik_code("9974015708900001") == identity.NIK_REGION
    assert identity.nik_code("1374019913900001") == identity.NIK_BIRTH


def test_every_province_disease_counts_only_its_own_classifications():
    for disease in catalogue.PROVINCE_DISEASES:
        codes = {code for code, _label in disease.classifications}
        assert set(disease.counted) <= codes, disease.code
        if disease.serial_interval:
            assert disease.serial_interval[0] == 0.0
            assert abs(sum(disease.serial_interval) - 1.0) < 0.02, disease.code


def test_covid_follows_the_kmk_definitions():
    covid = catalogue.template("covid19")
    assert covid is not None
    assert [c for c, _l in covid.classifications] == [
        "suspek",
        "probable",
        "konfirmasi",
        "kontak_erat",
        "discarded",
        "selesai_isolasi",
        "meninggal",
    ]
    assert (covid.contact_before, covid.contact_after, covid.follow_up_days) == (2, 14, 14)
    assert covid.nik_required


def test_dengue_uses_the_skdr_threshold_of_five():
    dbd = catalogue.template("dbd")
    assert dbd is not None and dbd.weekly_threshold == 5 and dbd.skdr_code


def test_lifecycles_allow_only_their_steps():
    assert catalogue.can_move(catalogue.STATUS_MOVES, "pending", "verified")
    assert not catalogue.can_move(catalogue.STATUS_MOVES, "draft", "verified")
    assert not catalogue.can_move(catalogue.REQUEST_MOVES, "submitted", "realised")


def test_choropleth_classes_put_zero_lowest_and_keep_unknowns():
    classes, breaks = mapping.choropleth_classes([0, 1, 2, 3, 4, 50, None])
    assert classes[0] == 0 and classes[-1] is None and classes[5] == mapping.CLASS_COUNT - 1
    assert len(breaks) == mapping.CLASS_COUNT - 1


def test_svg_paths_fit_the_width():
    square = {
        "type": "Feature",
        "properties": {"kode": "13.01"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[100, -1], [101, -1], [101, -2], [100, -1]]],
        },
    }
    paths, width, height = mapping.svg_paths([square], width=100)
    assert width == 100 and height == 100.0
    assert paths["13.01"].startswith("M0,0 100,0 100,100")


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def test_rules_import_neither_django_nor_the_database():
    for path in sorted((PACKAGE / "rules").glob("*.py")):
        for module in _imports(path):
            assert not module.startswith(("django", "replika.core", "replika.outbreak.models")), (
                path.name,
                module,
            )


def test_tasks_live_in_tasks_py_only():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "tasks.py" or "migrations" in path.parts:
            continue
        source = path.read_text()
        assert "from django_tasks import task" not in source, path


def test_the_module_imports_no_other_module():
    others = ("nutrition", "schooling", "tourism", "positions", "replication", "competition")
    for path in sorted(PACKAGE.rglob("*.py")):
        for module in _imports(path):
            assert not any(module.startswith(f"replika.{o}") for o in others), (path, module)


def test_the_dashboard_band_matches_the_exact_interval_small_and_large():
    from replika.outbreak.rules import rt_cori, rt_cori_interval
    from replika.outbreak.rules.rtband import rt_band

    si = catalogue.template("covid19").serial_interval  # type: ignore[union-attr]
    for scale in (1, 400):  # a kab/kota, and a province at the peak of a wave
        incidence = [scale * (3 + (t % 11)) for t in range(60)]
        band = rt_band(incidence, si)
        exact = rt_cori_interval(incidence, si)
        means = rt_cori(incidence, si)
        for got, low_high, mean in zip(band, exact, means, strict=True):
            if got is None:
                assert low_high is None and mean is None
                continue
            assert low_high is not None and mean is not None
            assert abs(got[0] - mean) < 1e-12
            assert abs(got[1] - low_high[0]) <= 1e-5 * low_high[0]
            assert abs(got[2] - low_high[1]) <= 1e-5 * low_high[1]
