"""The facilities of the nutrition programme, registered as core unit kinds."""

from django.utils.translation import gettext_lazy as _

from replika.core.unit_kinds import register_unit_kind

PUSKESMAS = register_unit_kind("puskesmas", _("Community health centre (puskesmas)"))
POSYANDU = register_unit_kind("posyandu", _("Integrated health post (posyandu)"))
RUMAH_GIZI = register_unit_kind("rumah_gizi", _("Community nutrition house (Rumah Gizi)"))
HOSPITAL = register_unit_kind("rumah_sakit", _("Hospital"))
