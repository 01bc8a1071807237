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
        _register_periodic()


def _register_periodic() -> None:
    """The core's own periodic work."""
    import datetime as dt

    from replika.core import schedule, tasks

    schedule.register_periodic(
        schedule.Periodic(
            code="core.expire_files",
            every=dt.timedelta(hours=6),
            task=tasks.expire_files,
            description=_("Delete temporary files (exports, uploads) past their retention."),
        )
    )
