"""The JSON API under /api/v1/: regions, the one error shape, auth, scoping, settings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from replika.core import services, wilayah_data
from replika.core.models import ApiToken, AuditEvent
from replika.replication.models import Commitment
from tests.factories import CommitmentFactory, InnovationFactory, make_commitment, region

pytestmark = pytest.mark.django_db

REGIONS = "/api/v1/regions"
ME = "/api/v1/me"
COMMITMENTS = "/api/v1/replication/commitments"

KABKOTA_CODES = [f"13.{n:02d}" for n in range(1, 13)] + [f"13.{n}" for n in range(71, 78)]


def settings_url(commitment: Commitment) -> str:
    return f"{COMMITMENTS}/{commitment.pk}/settings"


def bearer(user) -> dict[str, str]:
    """Headers that authenticate as ``user`` with a fresh personal token."""
    _token, secret = services.api_token_create(actor=user, name="test machine")
    return {"Authorization": f"Bearer {secret}"}


def assert_error_shape(body: dict) -> None:
    """Every 4xx answer: {"detail": str, "errors": [{"field", "message"}]}."""
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert isinstance(body["errors"], list)
    for error in body["errors"]:
        assert set(error) == {"field", "message"}
        assert isinstance(error["field"], str)
        assert isinstance(error["message"], str)


def error_fields(body: dict) -> set[str]:
    return {error["field"] for error in body["errors"]}


# --- regions (public reference data) -------------------------------------------------------


def test_anonymous_caller_lists_the_19_kabkota_of_the_province(client):
    response = client.get(REGIONS, {"level": 2, "parent": "13"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 19
    assert [item["code"] for item in body["items"]] == KABKOTA_CODES


def test_region_items_carry_code_name_kind_level_parent_population(client):
    body = client.get(REGIONS, {"level": 2, "parent": "13"}).json()

    padang = next(item for item in body["items"] if item["code"] == "13.71")
    assert padang == {
        "code": "13.71",
        "name": "Kota Padang",
        "kind": "kota",
        "level": 2,
        "parent": "13",
        "population": 946982,
    }
    agam = next(item for item in body["items"] if item["code"] == "13.06")
    assert agam["kind"] == "kabupaten"


def test_province_has_no_parent_in_the_region_list(client):
    body = client.get(REGIONS, {"level": 1}).json()

    assert body["count"] == 1
    assert body["items"][0]["code"] == "13"
    assert body["items"][0]["parent"] is None


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"kind": "nagari"}, 910),
        ({"kind": "kelurahan"}, 230),
        ({"kind": "desa"}, 125),
        ({"kind": "kabupaten"}, 12),
        ({"kind": "kota"}, 7),
        ({"level": 3}, 179),
        ({"level": 4}, 1265),
        ({"parent": "13.71"}, 11),
    ],
)
def test_region_filters_count_the_kemendagri_units(client, params, count):
    body = client.get(REGIONS, params).json()

    assert body["count"] == count


def test_region_filters_combine(client):
    body = client.get(REGIONS, {"kind": "kecamatan", "parent": "13.06"}).json()

    assert body["count"] > 0
    assert all(item["kind"] == "kecamatan" for item in body["items"])
    assert all(item["parent"] == "13.06" for item in body["items"])
    assert all(item["code"].startswith("13.06.") for item in body["items"])


def test_region_name_search_is_case_insensitive(client):
    expected = sorted(
        row["code"]
        for row in wilayah_data.read_rows()
        if row["level"] == 2 and "padang" in row["name"].lower()
    )

    lower = client.get(REGIONS, {"level": 2, "q": "padang"}).json()
    upper = client.get(REGIONS, {"level": 2, "q": "PADANG"}).json()

    assert [item["code"] for item in lower["items"]] == expected
    assert [item["code"] for item in upper["items"]] == expected
    assert "13.71" in expected
    assert "13.06" not in expected


def test_region_search_without_match_is_an_empty_page(client):
    body = client.get(REGIONS, {"q": "Atlantis"}).json()

    assert body == {"items": [], "count": 0, "page": 1, "pages": 1}


def test_region_list_pages_through_the_desa_level_units(client):
    first = client.get(REGIONS, {"level": 4, "page": 1, "page_size": 100}).json()
    second = client.get(REGIONS, {"level": 4, "page": 2, "page_size": 100}).json()
    last = client.get(REGIONS, {"level": 4, "page": 13, "page_size": 100}).json()

    assert set(first) == {"items", "count", "page", "pages"}
    assert (first["count"], first["page"], first["pages"]) == (1265, 1, 13)
    assert (second["page"], second["pages"]) == (2, 13)
    assert len(first["items"]) == 100
    assert len(second["items"]) == 100
    assert len(last["items"]) == 65
    first_codes = {item["code"] for item in first["items"]}
    second_codes = {item["code"] for item in second["items"]}
    assert not first_codes & second_codes
    assert max(first_codes) < min(second_codes)


def test_region_list_default_page_holds_all_179_kecamatan(client):
    body = client.get(REGIONS, {"level": 3}).json()

    assert body["count"] == 179
    assert len(body["items"]) == 179
    assert body["pages"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": 0},
        {"page_size": 501},
        {"page": 0},
        # Found by fuzzing: an offset no database integer holds used to answer 500.
        {"page": "71697328739293250741350694912", "parent": "13"},
        {"page": 1_000_001},
        {"page_size": "99999999999999999999999"},
    ],
)
def test_bad_pagination_is_a_422_in_the_error_shape(client, params):
    response = client.get(REGIONS, params)

    assert response.status_code == 422
    assert_error_shape(response.json())


def test_region_list_may_be_cached_by_anyone(client):
    response = client.get(REGIONS, {"level": 2})

    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]


def test_non_numeric_level_is_a_422_naming_the_level_field(client):
    response = client.get(REGIONS, {"level": "abc"})

    assert response.status_code == 422
    body = response.json()
    assert_error_shape(body)
    assert body["errors"][0]["field"] == "level"


def test_signed_in_user_may_also_list_regions(client_for, padang_admin):
    response = client_for(padang_admin).get(REGIONS, {"level": 2})

    assert response.status_code == 200
    assert response.json()["count"] == 19


# --- authentication and the one error shape ------------------------------------------------


@pytest.mark.parametrize("url", [ME, COMMITMENTS, f"{COMMITMENTS}/1"])
def test_anonymous_caller_gets_401_in_the_error_shape(client, url):
    response = client.get(url)

    assert response.status_code == 401
    assert_error_shape(response.json())


def test_token_authenticates_me_with_the_memberships(client, padang_admin):
    response = client.get(ME, headers=bearer(padang_admin))

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == padang_admin.username
    assert body["name"] == padang_admin.display_name
    assert [(m["role"], m["wilayah"], m["wilayah_name"]) for m in body["memberships"]] == [
        ("admin_daerah", "13.71", "Kota Padang")
    ]
    assert body["memberships"][0]["unit"] is None
    assert body["memberships"][0]["role_label"]


def test_wrong_token_is_refused(client, padang_admin):
    bearer(padang_admin)

    response = client.get(ME, headers={"Authorization": "Bearer rpk_not-a-real-token"})

    assert response.status_code == 401
    assert_error_shape(response.json())


def test_revoked_token_is_refused(client, padang_admin):
    token, secret = services.api_token_create(actor=padang_admin, name="old laptop")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(ME, headers=headers).status_code == 200

    services.api_token_revoke(actor=padang_admin, token=token)

    response = client.get(ME, headers=headers)
    assert response.status_code == 401
    assert_error_shape(response.json())


def test_token_of_a_deactivated_user_is_refused(client, padang_admin):
    headers = bearer(padang_admin)
    padang_admin.is_active = False
    padang_admin.save(update_fields=["is_active"])

    response = client.get(ME, headers=headers)

    assert response.status_code == 401


def test_token_use_is_recorded(client, padang_admin):
    token, secret = services.api_token_create(actor=padang_admin, name="sync job")
    assert token.last_used_at is None

    client.get(ME, headers={"Authorization": f"Bearer {secret}"})

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_secret_is_not_stored(padang_admin):
    token, secret = services.api_token_create(actor=padang_admin, name="sync job")

    assert not ApiToken.objects.filter(digest=secret).exists()
    assert token.digest == ApiToken.digest_of(secret)
    assert secret not in token.digest


def test_browser_session_authenticates_reads(client_for, padang_admin):
    response = client_for(padang_admin).get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == padang_admin.username


def test_session_write_without_csrf_token_is_refused(agam_admin, world):
    commitment = world.agam
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agam_admin)

    response = browser.put(
        settings_url(commitment),
        {
            "settings": {"display_name": "Ayo Cegah Stunting Agam"},
            "reasons": {"display_name": "Alasan uji"},
        },
        content_type="application/json",
    )

    assert response.status_code == 403
    assert_error_shape(response.json())
    commitment.refresh_from_db()
    assert commitment.settings == {}


def test_session_write_with_csrf_token_is_accepted(agam_admin, world):
    commitment = world.agam
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agam_admin)
    browser.get("/profil/")  # any page with a form sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value

    response = browser.put(
        settings_url(commitment),
        {
            "settings": {"display_name": "Ayo Cegah Stunting Agam"},
            "reasons": {"display_name": "Alasan uji"},
        },
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )

    assert response.status_code == 200
    commitment.refresh_from_db()
    assert commitment.settings == {"display_name": "Ayo Cegah Stunting Agam"}


def test_token_write_needs_no_csrf_token(agam_admin, world):
    commitment = world.agam
    machine = Client(enforce_csrf_checks=True)

    response = machine.put(
        settings_url(commitment),
        {"settings": {"report_deadline_day": 5}, "reasons": {"report_deadline_day": "Alasan uji"}},
        content_type="application/json",
        headers=bearer(agam_admin),
    )

    assert response.status_code == 200


def test_unparsable_json_body_is_a_400_in_the_error_shape(client, agam_admin, world):
    commitment = world.agam

    response = client.put(
        settings_url(commitment),
        "{not json",
        content_type="application/json",
        headers=bearer(agam_admin),
    )

    assert response.status_code == 400
    assert_error_shape(response.json())


def test_wrong_method_is_a_405_in_the_error_shape(client):
    response = client.post(REGIONS)

    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert_error_shape(response.json())


def test_unknown_api_path_is_a_404_in_the_error_shape(client):
    response = client.get("/api/v1/no-such-endpoint")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert_error_shape(response.json())


# --- commitments through the one door -------------------------------------------------------


@pytest.fixture
def padang_and_agam_commitments(db, world):
    padang = [
        world.padang,
        make_commitment("13.71", "poltabes"),
    ]
    agam = [world.agam]
    return padang, agam


def listed_ids(client, headers=None) -> set[int]:
    response = client.get(COMMITMENTS, headers=headers or {})
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize("who", ["province_admin", "mentor"])
def test_province_roles_see_every_commitment(client, request, who, padang_and_agam_commitments):
    user = request.getfixturevalue(who)
    padang, agam = padang_and_agam_commitments

    assert listed_ids(client, bearer(user)) == {c.pk for c in [*padang, *agam]}


def test_padang_admin_sees_only_kota_padang_commitments(
    client, padang_admin, padang_and_agam_commitments
):
    padang, _agam = padang_and_agam_commitments

    body = client.get(COMMITMENTS, headers=bearer(padang_admin)).json()

    assert {item["id"] for item in body["items"]} == {c.pk for c in padang}
    assert body["count"] == 2
    assert {item["region"] for item in body["items"]} == {"13.71"}


def test_agam_admin_sees_none_of_padangs_commitments(
    client, agam_admin, padang_and_agam_commitments
):
    padang, agam = padang_and_agam_commitments

    ids = listed_ids(client, bearer(agam_admin))

    assert ids == {c.pk for c in agam}
    assert not ids & {c.pk for c in padang}


def test_region_filter_cannot_widen_the_scope(client, agam_admin, padang_and_agam_commitments):
    body = client.get(COMMITMENTS, {"region": "13.71"}, headers=bearer(agam_admin)).json()

    assert body["items"] == []
    assert body["count"] == 0


def test_user_without_role_sees_no_commitments(client, nobody, padang_and_agam_commitments):
    body = client.get(COMMITMENTS, headers=bearer(nobody)).json()

    assert body["count"] == 0


def test_commitment_detail_shows_region_innovation_and_liveness(client, padang_admin, world):
    commitment = world.padang

    response = client.get(f"{COMMITMENTS}/{commitment.pk}", headers=bearer(padang_admin))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == commitment.pk
    assert body["region"] == "13.71"
    assert body["region_name"] == "Kota Padang"
    assert body["innovation"] == "ayo-ceting"
    assert body["stage"] == "launched"
    assert body["live"] is True


def test_agam_admin_cannot_read_padang_commitment(client, agam_admin, world):
    padang = world.padang
    headers = bearer(agam_admin)

    forbidden = client.get(f"{COMMITMENTS}/{padang.pk}", headers=headers)
    missing = client.get(f"{COMMITMENTS}/999999", headers=headers)

    assert forbidden.status_code == 404
    assert missing.status_code == 404
    assert_error_shape(forbidden.json())
    assert forbidden.json() == missing.json()


def test_non_numeric_commitment_id_is_a_422_in_the_error_shape(client, padang_admin):
    response = client.get(f"{COMMITMENTS}/abc", headers=bearer(padang_admin))

    assert response.status_code == 422
    body = response.json()
    assert_error_shape(body)
    assert "commitment_id" in error_fields(body)


# --- settings of a module (replication with modification) ----------------------------------


def test_region_admin_adapts_ayo_ceting_and_only_changes_are_stored(client, agam_admin, world):
    commitment = world.agam

    response = client.put(
        settings_url(commitment),
        {
            "settings": {"display_name": "Ayo Cegah Stunting Agam", "kek_lila_cm": 23.0},
            "reasons": {"display_name": "Alasan uji", "kek_lila_cm": "Alasan uji"},
        },
        content_type="application/json",
        headers=bearer(agam_admin),
    )

    assert response.status_code == 200
    body = response.json()
    assert body["stored"] == {"display_name": "Ayo Cegah Stunting Agam", "kek_lila_cm": 23.0}
    assert body["effective"]["display_name"] == "Ayo Cegah Stunting Agam"
    assert body["effective"]["kek_lila_cm"] == 23.0
    # The rest of the document is Kota Padang's programme.
    assert body["effective"]["anaemia_hb_g_dl"] == 11.0
    assert body["effective"]["report_deadline_day"] == 10
    assert body["effective"]["rumah_gizi"] is True
    commitment.refresh_from_db()
    assert commitment.settings == body["stored"]


def test_settings_equal_to_the_origin_defaults_store_nothing(client, agam_admin, world):
    commitment = world.agam

    response = client.put(
        settings_url(commitment),
        {
            "settings": {"display_name": "Ayo Ceting", "kek_lila_cm": 23.5},
            "reasons": {"display_name": "Alasan uji", "kek_lila_cm": "Alasan uji"},
        },
        content_type="application/json",
        headers=bearer(agam_admin),
    )

    assert response.status_code == 200
    assert response.json()["stored"] == {}
    commitment.refresh_from_db()
    assert commitment.settings == {}


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"kek_lila_cm": 50}, "kek_lila_cm"),
        ({"report_deadline_day": 31}, "report_deadline_day"),
        ({"display_name": "X"}, "display_name"),
        ({"favourite_colour": "red"}, "favourite_colour"),
    ],
)
def test_bad_setting_is_a_422_naming_the_field_and_stores_nothing(
    client, agam_admin, settings, field, world
):
    commitment = world.agam
    commitment.settings = {"display_name": "Ayo Cegah Stunting Agam"}
    commitment.save()
    events_before = AuditEvent.objects.count()

    response = client.put(
        settings_url(commitment),
        {"settings": settings},
        content_type="application/json",
        headers=bearer(agam_admin),
    )

    assert response.status_code == 422
    body = response.json()
    assert_error_shape(body)
    assert field in error_fields(body)
    commitment.refresh_from_db()
    assert commitment.settings == {"display_name": "Ayo Cegah Stunting Agam"}
    # Only the token creation was audited, not a settings change.
    assert not AuditEvent.objects.filter(action="commitment.settings").exists()
    assert AuditEvent.objects.count() == events_before + 1


def test_settings_body_without_settings_is_a_422_naming_it(client, agam_admin, world):
    commitment = world.agam

    response = client.put(
        settings_url(commitment), {}, content_type="application/json", headers=bearer(agam_admin)
    )

    assert response.status_code == 422
    assert "settings" in error_fields(response.json())


def test_agam_admin_cannot_change_padang_settings(client, agam_admin, world):
    padang = world.padang

    response = client.put(
        settings_url(padang),
        {
            "settings": {"display_name": "Ayo Cegah Stunting Agam"},
            "reasons": {"display_name": "Alasan uji"},
        },
        content_type="application/json",
        headers=bearer(agam_admin),
    )

    assert response.status_code == 404
    assert_error_shape(response.json())
    padang.refresh_from_db()
    assert padang.settings == {}


def test_mentor_cannot_change_settings(client, mentor, world):
    padang = world.padang

    response = client.put(
        settings_url(padang),
        {"settings": {"kek_lila_cm": 23.0}, "reasons": {"kek_lila_cm": "Alasan uji"}},
        content_type="application/json",
        headers=bearer(mentor),
    )

    assert response.status_code == 404
    padang.refresh_from_db()
    assert padang.settings == {}


def test_innovation_without_module_cannot_be_configured(client, padang_admin):
    # A candidate innovation of the catalogue, which no module implements.
    poltabes = CommitmentFactory(region=region("13.71"), innovation=InnovationFactory())

    response = client.put(
        settings_url(poltabes),
        {
            "settings": {"display_name": "Poltabes Padang"},
            "reasons": {"display_name": "Alasan uji"},
        },
        content_type="application/json",
        headers=bearer(padang_admin),
    )

    assert response.status_code == 422
    assert_error_shape(response.json())
    poltabes.refresh_from_db()
    assert poltabes.settings == {}


# --- performance and documentation ----------------------------------------------------------


def commitments_list_queries(client, headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(COMMITMENTS, headers=headers)
    assert response.status_code == 200
    return len(queries)


def test_commitment_list_query_count_does_not_grow_with_rows(client, province_admin):
    headers = bearer(province_admin)
    make_commitment("13.71", "ayo-ceting")
    make_commitment("13.06", "poltabes")
    client.get(COMMITMENTS, headers=headers)  # settle the once-a-minute last_used_at write
    with_two = commitments_list_queries(client, headers)

    innovations = ["ayo-ceting", "poltabes", "sip-banget", "pikobar", "si-jabpri"]
    pairs = [(code, inn) for code in ["13.01", "13.02", "13.72"] for inn in innovations][:10]
    for code, inn in pairs:
        make_commitment(code, inn)
    assert client.get(COMMITMENTS, headers=headers).json()["count"] == 12
    with_twelve = commitments_list_queries(client, headers)

    assert with_twelve == with_two


def test_openapi_document_lists_the_public_paths(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/regions" in paths
    assert "/api/v1/replication/commitments" in paths
    assert "/api/v1/replication/commitments/{commitment_id}/settings" in paths
