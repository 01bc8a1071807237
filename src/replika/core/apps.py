from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "replika.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Importing the registry wires every module's roles and settings schema at start-up.
        from replika.core import modules

        modules.autodiscover()
