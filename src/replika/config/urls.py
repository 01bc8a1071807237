"""URL map: pages, the JSON API under /api/v1/, health check and admin."""

from django.contrib import admin
from django.urls import include, path

from replika.competition.api import router as competition_router
from replika.core.api import router as core_router
from replika.core.api_base import api
from replika.core.modules import all_modules
from replika.core.views import healthz
from replika.replication.api import router as replication_router

api.add_router("/", core_router)
api.add_router("/replication/", replication_router)
api.add_router("/competition/", competition_router)
for _module in all_modules():
    if _module.api_router is not None:
        api.add_router(f"/{_module.code}/", _module.api_router)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("replikasi/", include("replika.replication.urls")),
    path("kompetisi/", include("replika.competition.urls")),
    *[
        path(f"{_module.url_prefix}/", include(f"{_module.app_name}.urls"))
        for _module in all_modules()
        if _module.url_prefix
    ],
    path("", include("replika.core.urls")),
]
