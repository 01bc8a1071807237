"""Logistics: request with a letter, verification, approval, realisation with a substitute,
receipt; stock goes down and never below zero."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from replika.core.models import AuditEvent
from replika.outbreak.models import Item, Stock
from replika.outbreak.selectors import skdr as skdr_selectors
from replika.outbreak.services import logistics as services

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _request(world, **kwargs):
    masks = Item.objects.get(code="MASKER-BEDAH")
    values = {
        "actor": world.officer,
        "unit": world.puskesmas,
        "applicant": "dr. Rina",
        "letter_number": "440/12/PKM-GTG/2026",
        "lines": [services.LineIn(item=masks, quantity=20, usage="Poli ISPA")],
        "letter": SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf"),
    }
    values.update(kwargs)
    return services.request_submit(**values)


def test_the_whole_flow_with_a_substitute_takes_stock_down(world):
    masks = Item.objects.get(code="MASKER-BEDAH")
    n95 = Item.objects.get(code="MASKER-N95")
    services.stock_set(actor=world.surveillance, warehouse=world.warehouse, item=n95, quantity=50)
    request = _request(world)
    services.request_verify(actor=world.surveillance, request=request)
    services.request_approve(actor=world.surveillance, request=request, warehouse=world.warehouse)
    line = request.lines.get()
    services.request_realise(
        actor=world.surveillance,
        request=request,
        sent=[services.RealisedIn(line_id=line.pk, item=n95, quantity=15)],
    )
    services.request_receive(actor=world.officer, request=request)
    line.refresh_from_db()
    assert request.status == "received"
    assert (line.item, line.realised_item, line.realised_quantity) == (masks, n95, 15)
    assert Stock.objects.get(warehouse=world.warehouse, item=n95).quantity == 35


def test_realising_more_than_the_stock_is_refused_and_nothing_changes(world):
    masks = Item.objects.get(code="MASKER-BEDAH")
    services.stock_set(actor=world.surveillance, warehouse=world.warehouse, item=masks, quantity=5)
    request = _request(world)
    services.request_verify(actor=world.surveillance, request=request)
    services.request_approve(actor=world.surveillance, request=request, warehouse=world.warehouse)
    line = request.lines.get()
    with pytest.raises(ValidationError):
        services.request_realise(
            actor=world.surveillance,
            request=request,
            sent=[services.RealisedIn(line_id=line.pk, item=masks, quantity=20)],
        )
    assert Stock.objects.get(item=masks).quantity == 5


def test_every_line_needs_a_realisation_line(world):
    request = _request(world)
    services.request_verify(actor=world.surveillance, request=request)
    services.request_approve(actor=world.surveillance, request=request, warehouse=world.warehouse)
    with pytest.raises(ValidationError):
        services.request_realise(actor=world.surveillance, request=request, sent=[])


def test_steps_cannot_be_skipped(world):
    request = _request(world)
    with pytest.raises(ValidationError):
        services.request_approve(
            actor=world.surveillance, request=request, warehouse=world.warehouse
        )
    with pytest.raises(ValidationError):
        services.request_receive(actor=world.officer, request=request)


def test_the_letter_must_be_a_pdf_and_its_number_unique(world):
    with pytest.raises(ValidationError) as refused:
        _request(
            world,
            letter=SimpleUploadedFile("surat.pdf", b"MZ\x90\x00", content_type="application/pdf"),
        )
    assert "letter" in refused.value.message_dict
    _request(world)
    with pytest.raises(ValidationError) as twice:
        _request(world)
    assert "letter_number" in twice.value.message_dict


def test_a_warehouse_of_another_region_cannot_send(world):
    from tests.factories import make_unit

    other = make_unit("gudang_farmasi", "13.75", "13.75.01.1001", name="Gudang Bukittinggi")
    request = _request(world)
    services.request_verify(actor=world.surveillance, request=request)
    with pytest.raises(ValidationError):
        services.request_approve(actor=world.surveillance, request=request, warehouse=other)


def test_the_letter_is_stored_under_a_generated_name(world):
    request = _request(
        world,
        letter=SimpleUploadedFile("../../surat resmi.pdf", PDF, content_type="application/pdf"),
    )
    assert request.letter_name == "surat resmi.pdf"
    assert request.letter.name.startswith("outbreak/letters/")
    assert "surat" not in request.letter.name and request.letter.name.endswith(".pdf")


def test_a_picture_or_an_empty_file_is_not_a_letter(world):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    for upload in (
        SimpleUploadedFile("surat.png", png, content_type="image/png"),
        SimpleUploadedFile("surat.pdf", b"", content_type="application/pdf"),
    ):
        with pytest.raises(ValidationError) as refused:
            _request(world, letter=upload)
        assert "letter" in refused.value.message_dict


def test_an_executable_renamed_csv_is_refused_by_the_import_and_nothing_is_stored(world):
    from replika.core.importing import FileRefused
    from replika.outbreak.importers import import_case_file
    from replika.outbreak.models import Case

    with pytest.raises(FileRefused):
        import_case_file(
            actor=world.surveillance,
            content=b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,
            disease_id=world.dbd.pk,
            unit_id=world.puskesmas.pk,
            file_name="kasus.csv",
        )
    assert not Case.objects.exists()


def _received(world, letter_number: str, item: Item, quantity: int):
    request = _request(world, letter_number=letter_number)
    services.request_verify(actor=world.surveillance, request=request)
    services.request_approve(actor=world.surveillance, request=request, warehouse=world.warehouse)
    line = request.lines.get()
    services.request_realise(
        actor=world.surveillance,
        request=request,
        sent=[services.RealisedIn(line_id=line.pk, item=item, quantity=quantity)],
    )
    services.request_receive(actor=world.officer, request=request)
    return request


def test_receipt_adds_what_was_sent_to_the_facilitys_stock(world):
    n95 = Item.objects.get(code="MASKER-N95")
    services.stock_set(actor=world.surveillance, warehouse=world.warehouse, item=n95, quantity=50)
    _received(world, "440/1/PKM/2026", n95, 15)
    assert Stock.objects.get(warehouse=world.puskesmas, item=n95).quantity == 15
    _received(world, "440/2/PKM/2026", n95, 10)
    held = Stock.objects.get(warehouse=world.puskesmas, item=n95)
    assert (held.quantity, held.region.code) == (25, "13.74")
    assert Stock.objects.get(warehouse=world.warehouse, item=n95).quantity == 25
    assert AuditEvent.objects.filter(action="outbreak.stock.receive").count() == 2
    # The facility and its Dinas see it; another facility and another region do not.
    for who, sees in (
        (world.officer, True),
        (world.surveillance, True),
        (world.other_officer, False),
        (world.bkt_surveillance, False),
    ):
        client = Client()
        client.force_login(who)
        page = client.get(reverse("outbreak:facility_stock"))
        assert page.status_code in (200, 404)
        assert ("Puskesmas Ganting" in page.content.decode()) is sees, who
    # The warehouse page keeps to warehouses.
    assert not skdr_selectors.stock_for(world.surveillance).filter(warehouse=world.puskesmas)


def test_the_stored_letter_is_downloaded_by_who_sees_the_request_and_the_read_is_audited(world):
    request = _request(world)
    url = reverse("outbreak:request_letter", args=[request.pk])
    for who in (world.officer, world.surveillance):
        client = Client()
        client.force_login(who)
        answer = client.get(url)
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content) == PDF
        assert "surat.pdf" in answer["Content-Disposition"]
    assert AuditEvent.objects.filter(action__endswith="outbreak.logistics.letter").count() == 2
    for outsider in (world.other_officer, world.bkt_surveillance, world.bkt_officer):
        client = Client()
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    without = _request(world, letter_number="440/99/PKM/2026", letter=None)
    client = Client()
    client.force_login(world.officer)
    assert client.get(reverse("outbreak:request_letter", args=[without.pk])).status_code == 404
    detail = client.get(reverse("outbreak:request", args=[request.pk])).content.decode()
    assert url in detail
