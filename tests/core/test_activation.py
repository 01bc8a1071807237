"""Activation facts reach core through a registered provider; core falls back safely."""

from __future__ import annotations

import pytest
from pydantic import Field

from replika.core import activation, modules
from replika.nutrition.settings_schema import NutritionSettings
from replika.replication.models import Stage
from replika.replication.selectors import CommitmentActivation
from tests.factories import make_commitment, region

pytestmark = pytest.mark.django_db


class _Settings(modules.ModuleSettings):
    display_name: str = "Contoh"
    weekly_target: int = Field(default=3, ge=1, le=10)
    with_reminders: bool = True


@pytest.fixture
def without_provider():
    installed = activation.provider()
    activation.register_provider(None)
    yield
    activation.register_provider(installed)


def test_replication_installs_the_provider_at_start_up():
    assert isinstance(activation.provider(), CommitmentActivation)


def test_without_a_provider_no_module_is_live_and_settings_are_the_defaults(without_provider):
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    padang = region("13.71")
    assert activation.live_modules_in(padang) == []
    assert activation.modules_live_anywhere() == []
    assert not activation.is_module_live("nutrition", padang)
    assert not activation.live_region_ids("nutrition").exists()
    assert activation.effective_settings("nutrition", padang).display_name == "Ayo Ceting"


def test_effective_settings_lay_the_regions_document_over_the_defaults():
    commitment = make_commitment("13.06", "ayo-ceting", Stage.PILOTING)
    commitment.settings = {"display_name": "Agam Cegah Stunting"}
    commitment.save(update_fields=["settings"])
    agam = activation.effective_settings("nutrition", region("13.06"))
    assert agam.display_name == "Agam Cegah Stunting"
    # What the region did not change stays the origin's choice.
    assert agam.model_dump(exclude={"display_name"}) == NutritionSettings().model_dump(
        exclude={"display_name"}
    )


def test_province_wide_work_runs_on_the_defaults():
    assert activation.effective_settings("nutrition", None) == NutritionSettings()


def test_unknown_module_has_no_settings():
    with pytest.raises(LookupError):
        activation.effective_settings("no-such-module", region("13.71"))


def test_settings_accessor_is_typed_and_refuses_a_foreign_schema():
    module = modules.register(
        modules.Module(
            code="contoh",
            name="Contoh",
            innovation="contoh",
            app_name="tests",
            settings_schema=_Settings,
        )
    )
    try:
        settings_for = activation.settings_accessor("contoh", _Settings)
        settings = settings_for(None)
        assert isinstance(settings, _Settings)
        assert settings.weekly_target == 3
        wrong = activation.settings_accessor("nutrition", _Settings)
        with pytest.raises(TypeError):
            wrong(None)
    finally:
        modules.unregister(module.code)


def _module_switched_by(setting: str) -> modules.Module:
    return modules.Module(
        code=f"contoh-{setting}",
        name="Contoh",
        innovation="contoh",
        app_name="tests",
        settings_schema=_Settings,
        menu=[modules.MenuEntry("X", "core:home", "x.view", setting=setting)],
    )


@pytest.mark.parametrize("setting", ["with_reminder", "weekly_target"])
def test_a_menu_entry_switched_by_anything_but_a_yes_no_setting_is_refused(setting):
    bad = _module_switched_by(setting)
    with pytest.raises(ValueError, match=setting):
        modules.register(bad)
    assert modules.get_module(bad.code) is None


def test_a_menu_entry_switched_by_a_yes_no_setting_is_accepted():
    good = _module_switched_by("with_reminders")
    try:
        assert modules.register(good) is good
    finally:
        modules.unregister(good.code)


def test_a_request_reads_a_regions_settings_once_and_afresh_after_a_change():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from replika.replication.services import commitment_settings_update

    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    padang = region("13.71")
    with activation.settings_memo():
        with CaptureQueriesContext(connection) as ctx:
            first = activation.effective_settings("nutrition", padang)
            again = activation.effective_settings("nutrition", padang)
        assert len(ctx) == 1
        assert again == first and first.alert_two_t
        commitment_settings_update(
            actor=None,
            commitment=commitment,
            data={**first.model_dump(), "alert_two_t": False},
            reasons={"alert_two_t": "Kader sudah memantau 2T sendiri."},
        )
        assert not activation.effective_settings("nutrition", padang).alert_two_t


def test_outside_a_request_settings_are_read_every_time():
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    padang = region("13.71")
    assert activation.effective_settings("nutrition", padang).alert_two_t
    # Written directly, as a script or a test may: the next read sees it.
    commitment.settings = {"alert_two_t": False}
    commitment.save(update_fields=["settings"])
    assert not activation.effective_settings("nutrition", padang).alert_two_t


def test_a_request_answers_every_activation_question_from_one_read():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    make_commitment("13.06", "ayo-ceting", Stage.COMMITTED)
    padang, agam = region("13.71"), region("13.06")
    with activation.settings_memo(), CaptureQueriesContext(connection) as ctx:
        assert activation.is_module_live("nutrition", padang)
        assert not activation.is_module_live("nutrition", agam)
        assert activation.live_modules_in(padang) == ["nutrition"]
        assert activation.live_modules_in(agam) == []
        assert "nutrition" in activation.modules_live_anywhere()
        assert activation.live_region_id_list("nutrition") == [padang.pk]
        assert activation.effective_settings("nutrition", padang).alert_two_t
        assert activation.effective_settings("nutrition", agam).alert_two_t
    assert len(ctx) == 1


def test_the_one_read_agrees_with_the_subquery_the_door_filters_by():
    # ``scoped`` filters rows by the subquery; pages and menus ask the one read. Both must
    # name the same regions whatever the stages.
    for code, stage in [
        ("13.71", Stage.LAUNCHED),
        ("13.06", Stage.PILOTING),
        ("13.72", Stage.INSTITUTIONALISED),
        ("13.05", Stage.COMMITTED),
        ("13.74", Stage.STOPPED),
    ]:
        make_commitment(code, "ayo-ceting", stage)
    subquery = sorted(activation.live_region_ids("nutrition").values_list("region_id", flat=True))
    assert activation.live_region_id_list("nutrition") == subquery
    assert len(subquery) == 3


def test_a_stage_change_is_seen_by_the_next_question_outside_a_request():
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    padang = region("13.71")
    assert activation.is_module_live("nutrition", padang)
    # Written directly, as a script may: no memo outside a request, so the next read sees it.
    type(commitment).objects.filter(pk=commitment.pk).update(stage=Stage.STOPPED)
    assert not activation.is_module_live("nutrition", padang)
    assert activation.live_modules_in(padang) == []
