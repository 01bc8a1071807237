"""Checks for uploaded evidence files: type by content, size, and a safe stored name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

# Magic numbers: what the first bytes of each accepted kind look like.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks."""

    content_type: str
    size: int
    display_name: str


def sniff(head: bytes) -> str | None:
    """The accepted content type whose signature the file starts with."""
    for content_type, signatures in SIGNATURES.items():
        if head.startswith(signatures):
            return content_type
    return None


def display_name(name: str) -> str:
    """The base name only (no directories, no traversal), shortened for display."""
    base = PurePath(name.replace("\\", "/")).name.strip().lstrip(".")
    return (base or "file")[:200]


def check_evidence(
    upload: UploadedFile, field: str = "file", max_bytes: int = MAX_BYTES
) -> CheckedUpload:
    """Accept a PDF, PNG or JPEG up to ``max_bytes`` whose content matches its extension."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError({field: _("The file is empty.")})
    if size > max_bytes:
        raise ValidationError(
            {field: _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}}
        )
    upload.seek(0)
    content_type = sniff(upload.read(16))
    upload.seek(0)
    name = display_name(upload.name or "")
    if content_type is None:
        raise ValidationError({field: _("Only PDF, PNG or JPEG files are accepted.")})
    if PurePath(name).suffix.lower() not in EXTENSIONS[content_type]:
        raise ValidationError({field: _("The file name's extension does not match its content.")})
    return CheckedUpload(content_type=content_type, size=size, display_name=name)
