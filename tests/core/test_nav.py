"""The menu is built once per role, region, language and live modules, and stays true."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from replika.core import nav
from replika.replication.models import Stage
from tests.factories import make_commitment, make_unit, user_with_role

pytestmark = pytest.mark.django_db


def menu_of(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page.split('id="main-nav"', 1)[1].split("</nav>", 1)[0]


def current_links(menu: str) -> list[str]:
    return re.findall(r'href="([^"]+)" aria-current="page"', menu)


@pytest.fixture
def cadre():
    posyandu = make_unit("posyandu", "13.71", "13.71.02")
    return user_with_role("kader_posyandu", "13.71", unit=posyandu)


def test_a_switched_off_entry_leaves_the_menu_on_the_next_page(client_for, cadre):
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    client = client_for(cadre)
    girls = f'href="{reverse("nutrition:girls")}"'
    assert girls in menu_of(client, reverse("core:home"))
    # The menu was kept; the region switching screening off changes what it is kept under.
    commitment.settings = {"adolescent_screening": False}
    commitment.save()
    assert girls not in menu_of(client, reverse("core:home"))
    commitment.settings = {}
    commitment.save()
    assert girls in menu_of(client, reverse("core:home"))


def test_a_stopped_module_leaves_the_menu_on_the_next_page(client_for, cadre):
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    client = client_for(cadre)
    children = f'href="{reverse("nutrition:children")}"'
    assert children in menu_of(client, reverse("core:home"))
    commitment.stage = Stage.STOPPED
    commitment.save()
    assert children not in menu_of(client, reverse("core:home"))


def test_the_current_entry_follows_the_page_shown(client_for, cadre):
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    client = client_for(cadre)
    home, children = reverse("core:home"), reverse("nutrition:children")
    assert current_links(menu_of(client, home)) == [home]
    assert current_links(menu_of(client, children)) == [children]
    assert current_links(menu_of(client, home)) == [home]


def test_each_role_gets_its_own_menu_in_one_region(client_for, cadre):
    # The outsider to the facilities page, in the same region, after an admin's menu was kept.
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    admin = user_with_role("admin_daerah", "13.71")
    units = f'href="{reverse("core:units")}"'
    assert units in menu_of(client_for(admin), reverse("core:home"))
    assert units not in menu_of(client_for(cadre), reverse("core:home"))


def test_each_language_gets_its_own_menu(client_for, cadre):
    client = client_for(cadre)
    with translation.override("id"):
        indonesian = menu_of(client, reverse("core:home"))
    client.cookies["django_language"] = "en"
    english = menu_of(client, reverse("core:home"))
    assert "Beranda" in indonesian and "Home" in english and "Beranda" not in english


def test_a_full_store_starts_over(client_for, cadre, monkeypatch):
    monkeypatch.setattr(nav, "MENUS_KEPT", 2)
    nav._forget_menus()
    client = client_for(cadre)
    urls = (reverse("core:home"), reverse("core:profile"), reverse("core:password_change"))
    for url in urls:
        assert client.get(url).status_code == 200
        assert len(nav._drawn) <= 2
    assert current_links(menu_of(client, reverse("core:home"))) == [reverse("core:home")]
