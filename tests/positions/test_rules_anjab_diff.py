"""Readable differences between two versions of an Anjab document."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replika.positions.rules import Change, anjab_diff

# CI machines are shared: slow example generation is not a failure of the rules.
on_busy_machines = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

OLD = {
    "identitas": {"nama": "Pengadministrasi Perkantoran", "kode": "P.01", "unit": "Subbag Umum"},
    "ikhtisar": "Melakukan kegiatan administrasi perkantoran.",
    "tugas_pokok": [
        {"uraian": "Agenda surat masuk", "volume": 2400, "norma": 5},
        {"uraian": "Konsep surat", "volume": 600, "norma": 30},
        {"uraian": "Arsip dokumen", "volume": 3000, "norma": 4},
    ],
    "perangkat_kerja": ["Komputer", "Printer"],
    "risiko_bahaya": {"fisik": "Tidak ada"},
}


def edited() -> dict[str, object]:
    return copy.deepcopy(OLD)


def test_identical_versions_have_no_changes():
    diff = anjab_diff(OLD, edited())
    assert diff.is_empty
    assert diff.changes == ()
    assert diff.blocks_changed == ()


def test_a_changed_field_names_its_block_and_field():
    new = edited()
    new["identitas"]["kode"] = "P.02"  # type: ignore[index]
    diff = anjab_diff(OLD, new)
    assert diff.changes == (Change(("identitas", "kode"), "changed", "P.01", "P.02"),)
    assert diff.blocks_changed == ("identitas",)
    assert diff.lines() == ['~ identitas › kode: "P.01" → "P.02"']


def test_a_block_given_as_text_changes_as_a_whole():
    new = edited()
    new["ikhtisar"] = "Melakukan administrasi."
    diff = anjab_diff(OLD, new)
    assert [(c.path, c.kind) for c in diff.changes] == [(("ikhtisar",), "changed")]


def test_added_and_removed_blocks_are_listed():
    new = edited()
    del new["risiko_bahaya"]
    new["wewenang"] = ["Meminta data"]
    diff = anjab_diff(OLD, new)
    assert diff.blocks_added == ("wewenang",)
    assert diff.blocks_removed == ("risiko_bahaya",)
    assert diff.blocks_changed == ()
    assert diff.lines() == [
        '- risiko_bahaya: {"fisik": "Tidak ada"}',
        '+ wewenang: ["Meminta data"]',
    ]


def test_added_and_removed_fields_inside_a_block():
    new = edited()
    new["identitas"]["eselon"] = "-"  # type: ignore[index]
    del new["identitas"]["unit"]  # type: ignore[attr-defined]
    diff = anjab_diff(OLD, new)
    assert {(c.path, c.kind) for c in diff.changes} == {
        (("identitas", "unit"), "removed"),
        (("identitas", "eselon"), "added"),
    }
    assert diff.blocks_changed == ("identitas",)


def test_an_edited_task_row_names_the_row_and_field():
    new = edited()
    new["tugas_pokok"][1]["volume"] = 650  # type: ignore[index]
    diff = anjab_diff(OLD, new)
    (change,) = diff.changes
    assert change.path == ("tugas_pokok", 1, "volume")
    assert (change.old, change.new) == (600, 650)
    # People count rows from 1.
    assert change.label == "tugas_pokok › 2 › volume"


def test_an_inserted_task_does_not_mark_the_later_tasks_changed():
    new = edited()
    row = {"uraian": "Laporan bulanan", "volume": 12, "norma": 240}
    new["tugas_pokok"].insert(1, row)  # type: ignore[attr-defined]
    diff = anjab_diff(OLD, new)
    assert diff.changes == (Change(("tugas_pokok", 1), "added", None, row),)


def test_a_removed_task_is_named_by_its_old_row():
    new = edited()
    del new["tugas_pokok"][0]  # type: ignore[attr-defined]
    diff = anjab_diff(OLD, new)
    assert diff.changes == (Change(("tugas_pokok", 0), "removed", OLD["tugas_pokok"][0], None),)  # type: ignore[index]


def test_a_list_of_plain_values_shows_what_was_added_and_removed():
    new = edited()
    new["perangkat_kerja"] = ["Komputer", "Scanner"]
    diff = anjab_diff(OLD, new)
    assert diff.lines() == ['~ perangkat_kerja › 2: "Printer" → "Scanner"']


def test_a_value_becoming_a_list_is_a_change_of_the_whole_field():
    new = edited()
    new["risiko_bahaya"] = {"fisik": ["Radiasi layar"]}
    diff = anjab_diff(OLD, new)
    assert diff.changes == (
        Change(("risiko_bahaya", "fisik"), "changed", "Tidak ada", ["Radiasi layar"]),
    )


def test_a_yes_no_field_turning_into_a_number_is_a_change():
    diff = anjab_diff({"syarat": {"sehat": True}}, {"syarat": {"sehat": 1}})
    assert len(diff.changes) == 1


def test_an_empty_value_set_to_none_is_a_change():
    diff = anjab_diff({"syarat": {"kursus": ""}}, {"syarat": {"kursus": None}})
    assert diff.changes == (Change(("syarat", "kursus"), "changed", "", None),)


def test_changes_are_grouped_by_block_in_document_order():
    new = edited()
    new["identitas"]["kode"] = "P.02"  # type: ignore[index]
    new["tugas_pokok"][0]["norma"] = 6  # type: ignore[index]
    new["tugas_pokok"][2]["norma"] = 5  # type: ignore[index]
    grouped = anjab_diff(OLD, new).by_block()
    assert list(grouped) == ["identitas", "tugas_pokok"]
    assert [c.path for c in grouped["tugas_pokok"]] == [
        ("tugas_pokok", 0, "norma"),
        ("tugas_pokok", 2, "norma"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "named"), [([], {}, "old"), ({}, "x", "new"), ({1: 2}, {}, "old")]
)
def test_documents_must_be_dicts_of_named_blocks(old, new, named):
    with pytest.raises(ValueError, match=named):
        anjab_diff(old, new)


leaves = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=3))
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=8,
)
documents = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), values, max_size=4)


@on_busy_machines
@given(documents)
def test_a_document_never_differs_from_itself(document):
    assert anjab_diff(document, copy.deepcopy(document)).is_empty


@on_busy_machines
@given(documents, documents)
def test_a_diff_is_empty_exactly_when_the_documents_are_equal(old, new):
    same = old == new and repr(old) == repr(new)
    assert anjab_diff(old, new).is_empty == same


@on_busy_machines
@given(documents, documents)
def test_swapping_versions_swaps_added_and_removed_blocks(old, new):
    forward = anjab_diff(old, new)
    backward = anjab_diff(new, old)
    assert set(forward.blocks_added) == set(backward.blocks_removed)
    assert set(forward.blocks_changed) == set(backward.blocks_changed)
