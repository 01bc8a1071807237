"""Static files in production: WhiteNoise's hashed, compressed copies, each address worked
out once per process.

Every page names its style sheets, scripts and icon through ``{% static %}``, and the manifest
storage works each address out afresh (split the name, look up its hashed copy, quote and
join it): five of them were a thirtieth of a signed-in dashboard's CPU. The hashed names only
change when ``collectstatic`` runs, which replaces the server's processes, or, within one
process, clears what was kept (``post_process``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStorage(CompressedManifestStaticFilesStorage):
    """``CompressedManifestStaticFilesStorage`` keeping each address it has worked out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            # An unknown name raises (the manifest is strict) and is not kept.
            url = self._urls[name] = super().url(name)
        return url

    def post_process(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
