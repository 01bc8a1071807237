"""The unit kind of the positions module: the regional agency (OPD) a drafter works for."""

from django.utils.translation import gettext_lazy as _

from replika.core.unit_kinds import register_unit_kind

OPD = register_unit_kind("opd", _("Regional agency (OPD)"))
