"""The public front page: what the programme is, where it stands, and its public pages.

Core knows no module: the replication progress map, the competition results and each
module's public pages come from what the apps registered (``core.modules``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from replika.core import modules


@dataclass(frozen=True)
class PublicPage:
    """A module's public page as the front page lists it."""

    module: str
    label: str
    url: str
    description: str


def module_public_pages() -> list[PublicPage]:
    """Every public page of every registered module, in registration order."""
    return [
        PublicPage(
            module=module.menu_label(),
            label=str(page.label),
            url=reverse(page.url_name),
            description=str(module.description),
        )
        for module in modules.all_modules()
        for page in module.public_pages
    ]


def front_context(request: HttpRequest) -> dict[str, Any]:
    """The sections and links of the front page."""
    # Each section renders its own template with autoescaping; the result is trusted HTML.
    sections: list[SafeString] = [
        mark_safe(section.render(request))  # noqa: S308
        for section in modules.public_sections()
    ]
    return {"sections": sections, "public_pages": module_public_pages()}
