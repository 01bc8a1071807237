"""Uploads: only PDF, PNG and JPEG whose content matches the name, within the size limit,
stored under a generated name inside MEDIA_ROOT whatever the uploader called the file.

Every evidence upload of core and replication is in ``UPLOADS``; add a module's uploads
there after integration.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from replika.core.uploads import MAX_BYTES
from replika.replication.models import Milestone, MilestoneEvidence, Stage, StageChange
from tests.factories import make_commitment, user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@functools.cache
def zip_bomb() -> bytes:
    """A zip of about 64 KB that inflates to 64 MB (a nested bomb would only be bigger)."""
    return zip_bytes({"word/document.xml": b"\0" * (64 * 1024 * 1024)})


def docx_like() -> bytes:
    """What a Word document is inside: a zip of XML parts."""
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@dataclass(frozen=True)
class Upload:
    """An upload endpoint: its URL, the file field and the rows it writes."""

    url: str
    field: str
    extra: dict[str, str]
    model: type


@pytest.fixture
def place(db, settings, tmp_path):
    """Padang's commitment and milestone, its administrator, and uploads on disk."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.stage_since = dt.date(2021, 11, 15)
    commitment.save()
    milestone = Milestone.objects.create(
        commitment=commitment, title="Perwali", owner="Bagian Hukum", due_on=dt.date(2026, 1, 31)
    )
    client = Client()
    client.force_login(user_with_role("admin_daerah", "13.71"))
    uploads = {
        "milestone evidence": Upload(
            f"/replikasi/tonggak/{milestone.pk}/bukti/", "file", {}, MilestoneEvidence
        ),
        "stage evidence": Upload(
            f"/replikasi/{commitment.pk}/tahap/",
            "evidence",
            {"to_stage": Stage.INSTITUTIONALISED, "on": "2022-06-01", "note": ""},
            StageChange,
        ),
        # --- nutrition and competition uploads: add them here after integration
    }
    return client, uploads, settings.MEDIA_ROOT


REFUSED = [
    ("empty file", "bukti.pdf", b""),
    ("a program named .pdf", "bukti.pdf", b"MZ\x90\x00" + b"\x00" * 64),
    ("a zip", "bukti.zip", docx_like()),
    ("a Word document renamed .pdf", "laporan.pdf", docx_like()),
    ("a Word document", "laporan.docx", docx_like()),
    ("a PNG named .pdf", "foto.pdf", PNG),
    ("a PDF named .png", "surat.png", PDF),
    ("HTML named .pdf", "bukti.pdf", b"<html><script>alert(1)</script></html>"),
    ("an SVG image", "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
]


@pytest.mark.parametrize("endpoint", ["milestone evidence", "stage evidence"])
@pytest.mark.parametrize(("why", "name", "content"), REFUSED, ids=[r[0] for r in REFUSED])
def test_wrong_kinds_of_file_are_refused(place, endpoint, why, name, content):
    client, uploads, media = place
    upload = uploads[endpoint]
    before = upload.model.objects.count()
    response = client.post(
        upload.url, {**upload.extra, upload.field: SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 422
    assert upload.field in response.context["form"].errors
    assert upload.model.objects.count() == before
    assert not any(p.is_file() for p in Path(media).rglob("*"))


@pytest.mark.parametrize("endpoint", ["milestone evidence", "stage evidence"])
@pytest.mark.parametrize("name", ["bomb.zip", "bomb.pdf", "bomb.docx"])
def test_zip_bombs_are_refused_without_being_opened(place, endpoint, name):
    client, uploads, media = place
    upload = uploads[endpoint]
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024
    response = client.post(
        upload.url, {**upload.extra, upload.field: SimpleUploadedFile(name, bomb)}
    )
    assert response.status_code == 422
    assert upload.field in response.context["form"].errors
    assert not any(p.is_file() for p in Path(media).rglob("*"))


@pytest.mark.parametrize("endpoint", ["milestone evidence", "stage evidence"])
def test_files_over_the_size_limit_are_refused(place, endpoint):
    client, uploads, media = place
    upload = uploads[endpoint]
    big = PDF + b"\0" * (MAX_BYTES + 1 - len(PDF))
    response = client.post(
        upload.url, {**upload.extra, upload.field: SimpleUploadedFile("besar.pdf", big)}
    )
    assert response.status_code == 422
    assert upload.field in response.context["form"].errors
    assert not any(p.is_file() for p in Path(media).rglob("*"))


TRAVERSALS = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\system32\\bukti.pdf",
    "/etc/cron.d/bukti.pdf",
    "....//....//bukti.pdf",
    "bukti%2f..%2f..%2fx.pdf",
]


@pytest.mark.parametrize("endpoint", ["milestone evidence", "stage evidence"])
@pytest.mark.parametrize("name", TRAVERSALS)
def test_a_path_in_the_file_name_never_leaves_media_root(place, endpoint, name):
    client, uploads, media = place
    upload = uploads[endpoint]
    response = client.post(
        upload.url, {**upload.extra, upload.field: SimpleUploadedFile(name, PDF)}
    )
    assert response.status_code in (302, 422)
    stored = [p.resolve() for p in Path(media).rglob("*") if p.is_file()]
    for path in stored:
        assert path.is_relative_to(Path(media).resolve())
        # The stored name is generated; the uploader's name is only a display label.
        assert "passwd" not in path.name and ".." not in path.name
    row = upload.model.objects.order_by("-pk").first()
    if response.status_code == 302 and row is not None:
        file = row.file if upload.model is MilestoneEvidence else row.evidence
        assert ".." not in file.name and not file.name.startswith("/")
        shown = row.name if upload.model is MilestoneEvidence else row.evidence_name
        assert "/" not in shown and "\\" not in shown and not shown.startswith(".")
