"""A region adapts the case classification list of a disease it adopted: a choice from the
province list, keeping one that counts as a case and every one its cases already use."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from replika.outbreak.services import cases as case_services
from replika.outbreak.services.catalogue import disease_adapt
from tests.outbreak.factories import report

pytestmark = pytest.mark.django_db


def test_a_region_keeps_a_choice_of_the_province_classifications_in_their_order(world):
    disease_adapt(
        actor=world.surveillance,
        disease=world.covid,
        classifications=["meninggal", "konfirmasi", "suspek"],
    )
    world.covid.refresh_from_db()
    assert world.covid.classification_codes == ["suspek", "konfirmasi", "meninggal"]
    assert world.covid.counted == ["konfirmasi", "meninggal"]
    # The case form offers only what the region kept; another region keeps the whole list.
    with pytest.raises(ValidationError) as refused:
        report(world, classification="probable")
    assert "classification" in refused.value.message_dict
    assert "probable" in world.bkt_covid.classification_codes
    # A dropped classification may be taken back from the province list.
    disease_adapt(
        actor=world.surveillance,
        disease=world.covid,
        classifications=["suspek", "probable", "konfirmasi", "meninggal"],
    )
    world.covid.refresh_from_db()
    assert world.covid.classification_label("probable") == "Probable"


def test_a_classification_off_the_province_list_or_none_counted_is_refused(world):
    for codes in (["konfirmasi", "ebola"], [], ["suspek", "discarded"]):
        with pytest.raises(ValidationError) as refused:
            disease_adapt(actor=world.surveillance, disease=world.covid, classifications=codes)
        assert "classifications" in refused.value.message_dict, codes
    world.covid.refresh_from_db()
    assert len(world.covid.classification_codes) == 7


def test_a_classification_in_use_cannot_be_dropped_even_only_in_the_history(world):
    case = report(world, classification="probable")
    with pytest.raises(ValidationError) as in_use:
        disease_adapt(actor=world.surveillance, disease=world.covid, classifications=["konfirmasi"])
    assert "Probable" in in_use.value.message_dict["classifications"][0]
    case_services.case_classify(
        actor=world.surveillance, case=case, classification="konfirmasi", on=case.reported_on
    )
    with pytest.raises(ValidationError):
        disease_adapt(actor=world.surveillance, disease=world.covid, classifications=["konfirmasi"])
    disease_adapt(
        actor=world.surveillance,
        disease=world.covid,
        classifications=["probable", "konfirmasi"],
    )
    world.covid.refresh_from_db()
    assert world.covid.classification_codes == ["probable", "konfirmasi"]


def test_the_settings_page_shows_the_province_list_and_refuses_another_regions_officer(world):
    url = reverse("outbreak:disease", args=[world.covid.pk])
    client = Client()
    client.force_login(world.surveillance)
    page = client.get(url).content.decode()
    assert 'name="classifications"' in page and 'value="kontak_erat"' in page
    outsider = Client()
    outsider.force_login(world.bkt_surveillance)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"classifications": ["konfirmasi"]}).status_code == 404
    world.covid.refresh_from_db()
    assert len(world.covid.classification_codes) == 7
