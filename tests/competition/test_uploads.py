"""Attachments: type by content and extension, size, safe names, access-checked download."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from replika.competition import services, uploads
from replika.competition.models import Attachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_pdf_is_stored_under_a_generated_name(padang_admin, padang_draft):
    attachment = services.attachment_add(
        actor=padang_admin, proposal=padang_draft, upload=upload("Proposal KIPP.pdf", PDF)
    )
    assert attachment.file.startswith(f"competition/{padang_draft.pk}/")
    assert "Proposal" not in attachment.file
    assert attachment.original_name == "Proposal KIPP.pdf"
    assert attachment.content_type == "application/pdf"
    assert default_storage.exists(attachment.file)


def test_image_is_accepted(padang_admin, padang_draft):
    attachment = services.attachment_add(
        actor=padang_admin, proposal=padang_draft, upload=upload("foto.png", PNG, "image/png")
    )
    assert attachment.content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.exe", b"MZ\x90\x00"),
        ("laporan.docx", b"PK\x03\x04"),
        ("palsu.pdf", b"MZ\x90\x00 not a pdf"),
        ("gambar.png", PDF),  # a PDF that calls itself an image
        ("tanpa-ekstensi", PDF),
    ],
)
def test_wrong_type_is_refused(padang_admin, padang_draft, name, content):
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(
            actor=padang_admin, proposal=padang_draft, upload=upload(name, content)
        )
    assert set(exc.value.message_dict) == {"file"}
    assert not Attachment.objects.exists()


def test_oversize_file_is_refused(padang_admin, padang_draft):
    big = upload("besar.pdf", PDF + b"0" * (uploads.MAX_BYTES + 1 - len(PDF)))
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=padang_admin, proposal=padang_draft, upload=big)
    assert "10 MB" in exc.value.message_dict["file"][0]


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\windows\\evil.pdf", "/abs/path/x.pdf"]
)
def test_path_traversal_names_cannot_steer_storage(padang_admin, padang_draft, name):
    attachment = services.attachment_add(
        actor=padang_admin, proposal=padang_draft, upload=upload(name, PDF)
    )
    assert ".." not in attachment.file
    assert attachment.file.startswith(f"competition/{padang_draft.pk}/")
    assert "/" not in attachment.original_name
    assert "\\" not in attachment.original_name
    assert not attachment.original_name.startswith(".")


def test_safe_name_keeps_only_the_last_component():
    assert uploads.safe_name("../../a b/c<d>.pdf") == "c_d_.pdf"
    assert uploads.safe_name("..") == "lampiran"


def test_upload_page_reports_a_wrong_type(client_for, padang_admin, padang_draft):
    response = client_for(padang_admin).post(
        reverse("competition:proposal_upload", args=[padang_draft.pk]),
        {"file": upload("x.exe", b"MZ")},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "PDF, PNG or JPEG" in response.content.decode()
    assert not Attachment.objects.exists()


def test_download_only_through_the_access_checked_view(
    client_for, padang_admin, agam_admin, nobody, province_admin, padang_draft
):
    attachment = services.attachment_add(
        actor=padang_admin, proposal=padang_draft, upload=upload("bukti.pdf", PDF)
    )
    url = reverse("competition:attachment", args=[attachment.pk])
    response = client_for(padang_admin).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "bukti.pdf" in response["Content-Disposition"]
    assert client_for(province_admin).get(url).status_code == 200
    assert client_for(agam_admin).get(url).status_code == 404
    assert client_for(nobody).get(url).status_code == 404
