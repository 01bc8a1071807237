"""No page loads anything from the internet: government intranets and CI have none."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:src|href)=["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/masuk/", "/api/v1/docs", "/kata-sandi/lupa/"])
def test_public_pages_reference_only_local_assets(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert EXTERNAL.findall(response.content.decode()) == []


def test_signed_in_shell_references_only_local_assets(client_for, padang_admin):
    body = client_for(padang_admin).get("/").content.decode()
    assert "/static/vendor/htmx.min.js" in body
    assert EXTERNAL.findall(body) == []
