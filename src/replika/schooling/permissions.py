"""Permission names of the schooling module (Poltabes) and the bundles per role."""

VIEW_REGISTER = "schooling.view_register"  # children's cases by name
VIEW_PERSONAL = "schooling.view_personal"  # full NIK, family card and phone instead of masked
REPORT_CASE = "schooling.report_case"  # record a found child (field survey, citizen report)
VERIFY_CASE = "schooling.verify_case"  # the verification queue and the residu bin
CORRECT_CASE = "schooling.correct_case"  # correct a registered child's identity and details
PLACE_CASE = "schooling.place_case"  # assess the pathway, place, close, complete
MANAGE_PLACES = "schooling.manage_places"  # learning places and their capacity
RECORD_ATTENDANCE = "schooling.record_attendance"  # monthly attendance and completion
RECORD_SUPPORT = "schooling.record_support"  # the support ledger
REPORT_WARNING = "schooling.report_warning"  # early warning of enrolled pupils at risk
IMPORT_DATA = "schooling.import_data"  # ATS, SIPBM and template imports; register exports
MANAGE_FIGURES = "schooling.manage_figures"  # population and enrolment figures (APK, APM, …)
VIEW_DASHBOARD = "schooling.view_dashboard"  # aggregates without personal data

# Dinas Pendidikan runs the whole programme in its region.
DISDIK = {
    VIEW_REGISTER,
    VIEW_PERSONAL,
    REPORT_CASE,
    VERIFY_CASE,
    CORRECT_CASE,
    PLACE_CASE,
    MANAGE_PLACES,
    RECORD_ATTENDANCE,
    RECORD_SUPPORT,
    REPORT_WARNING,
    IMPORT_DATA,
    MANAGE_FIGURES,
    VIEW_DASHBOARD,
}
# A school, SKB or PKBM: its placed children, their attendance and support, its warnings.
SATUAN = {
    VIEW_REGISTER,
    VIEW_PERSONAL,
    RECORD_ATTENDANCE,
    RECORD_SUPPORT,
    REPORT_WARNING,
}
# A field surveyor over a kecamatan or nagari: finds and reports children.
PENDATA = {VIEW_REGISTER, VIEW_PERSONAL, REPORT_CASE}
