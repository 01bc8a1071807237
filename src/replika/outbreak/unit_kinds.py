"""The facilities of outbreak work, registered as core unit kinds."""

from django.utils.translation import gettext_lazy as _

from replika.core.unit_kinds import register_unit_kind

PUSKESMAS = register_unit_kind("puskesmas", _("Community health centre (puskesmas)"))
HOSPITAL = register_unit_kind("rumah_sakit", _("Hospital"))
LABORATORY = register_unit_kind("laboratorium", _("Laboratory"))
WAREHOUSE = register_unit_kind("gudang_farmasi", _("Pharmacy warehouse"))

REPORTING = (PUSKESMAS, HOSPITAL, LABORATORY)
