"""Test URLs: the site plus a test-only API carrying the competition router.

Used until the lead mounts the router at /api/v1/competition/; the router is mounted here
under its own namespace so that both can coexist.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from replika.competition.api import router
from replika.config.urls import urlpatterns as site_urlpatterns
from replika.core import api_base

test_api = NinjaAPI(auth=api_base.AUTH, urls_namespace="competition_test_api")
test_api.add_exception_handler(Http404, api_base.on_not_found)
test_api.add_exception_handler(ValidationError, api_base.on_django_validation_error)
test_api.add_exception_handler(AuthenticationError, api_base.on_auth_error)
test_api.add_router("/competition/", router)

urlpatterns = [path("test-api/v1/", test_api.urls), *site_urlpatterns]
