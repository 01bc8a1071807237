"""Checks on proposal attachments: type by content and extension, size, and a safe name."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from replika.core.uploads import EXTENSIONS, MAX_BYTES, sniff

# Accepted extensions and their content types; the signatures are core's evidence rules.
ALLOWED: dict[str, str] = {
    ext: content_type for content_type, exts in EXTENSIONS.items() for ext in exts
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
    if content_type is None or content_type != ALLOWED[ext]:
        raise ValidationError(
            {"file": _("The file's content is not the PDF or image its name says.")}
        )
    return name, ext, content_type


def storage_name(proposal_id: int, ext: str) -> str:
    """A generated storage path that no client input can steer."""
    return f"competition/{proposal_id}/{uuid.uuid4().hex}{ext}"
