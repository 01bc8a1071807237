"""Static addresses are worked out once per process and follow a new collectstatic."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile

from replika.core.staticstorage import ManifestStorage


def collect(storage: ManifestStorage, text: str) -> None:
    """What collectstatic does for one file: copy it, then hash it and write the manifest."""
    if storage.exists("site.css"):
        storage.delete("site.css")
    storage.save("site.css", ContentFile(text.encode()))
    found = {"site.css": (storage, "site.css")}
    for _name, _hashed, processed in storage.post_process(found):
        if isinstance(processed, Exception):
            raise processed


def test_an_address_is_kept_and_follows_the_next_collectstatic(tmp_path, settings):
    settings.STATIC_ROOT = str(tmp_path)
    storage = ManifestStorage(location=str(tmp_path), base_url="/static/")
    collect(storage, "body { color: black }")
    first = storage.url("site.css")
    assert re.fullmatch(r"/static/site\.[0-9a-f]{12}\.css", first)
    assert storage.url("site.css") is first  # kept, not worked out again
    collect(storage, "body { color: navy }")
    second = storage.url("site.css")
    assert second != first and re.fullmatch(r"/static/site\.[0-9a-f]{12}\.css", second)


def test_an_unknown_name_is_an_error_every_time(tmp_path, settings):
    settings.STATIC_ROOT = str(tmp_path)
    storage = ManifestStorage(location=str(tmp_path), base_url="/static/")
    collect(storage, "body {}")
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("missing.css")
