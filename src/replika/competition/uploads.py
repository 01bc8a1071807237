"""Checks on proposal attachments: type by content and extension, size, and a safe name."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

# Extension → (content type, the bytes every such file starts with).
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


def safe_name(name: str) -> str:
    """The last path component of a client-supplied name, reduced to harmless characters."""
    # Browsers on Windows send backslashes; both separators end a directory part.
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._ -]", "_", base).strip(" .")
    return base[-120:] or "lampiran"


def extension_of(name: str) -> str:
    """The lower-case extension of a file name, with its dot ('' when none)."""
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def sniff(head: bytes) -> str | None:
    """The content type the first bytes announce, if it is one we accept."""
    for content_type, signatures in ALLOWED.values():
        if any(head.startswith(signature) for signature in signatures):
            return content_type
    return None


def check_upload(upload: UploadedFile) -> tuple[str, str, str]:
    """(safe name, extension, content type) of an acceptable upload, else ValidationError."""
    name = safe_name(upload.name or "")
    ext = extension_of(name)
    if ext not in ALLOWED:
        raise ValidationError({"file": _("Only PDF, PNG or JPEG files are accepted.")})
    if upload.size is None or upload.size > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None or content_type != ALLOWED[ext][0]:
        raise ValidationError(
            {"file": _("The file's content is not the PDF or image its name says.")}
        )
    return name, ext, content_type


def storage_name(proposal_id: int, ext: str) -> str:
    """A generated storage path that no client input can steer."""
    return f"competition/{proposal_id}/{uuid.uuid4().hex}{ext}"
