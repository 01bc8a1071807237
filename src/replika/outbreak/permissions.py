"""Permission names of the outbreak module and the bundles per role."""

VIEW_CASE = "outbreak.view_case"  # the case line list and a case by name
REPORT_CASE = "outbreak.report_case"  # report cases, lab tests and outcomes at a facility
VIEW_PERSONAL = "outbreak.view_personal"  # full NIK, phone and address
VERIFY_CASE = "outbreak.verify_case"  # verify or decline a submitted case
TRANSFER_CASE = "outbreak.transfer_case"  # move a case to another facility or region
MANAGE_CONTACT = "outbreak.manage_contact"  # list contacts of a case, set their end date
FOLLOW_CONTACT = "outbreak.follow_contact"  # the daily follow-up list of a tracer
MANAGE_CLUSTER = "outbreak.manage_cluster"  # clusters and chains of transmission
REPORT_SKDR = "outbreak.report_skdr"  # weekly SKDR aggregate counts
VIEW_ALERT = "outbreak.view_alert"  # SKDR threshold and KLB alerts
REQUEST_LOGISTICS = "outbreak.request_logistics"  # a facility asks for items, confirms receipt
APPROVE_LOGISTICS = "outbreak.approve_logistics"  # verify, approve, realise; warehouse stock
MANAGE_DISEASE = "outbreak.manage_disease"  # adopt and adapt diseases from the province list
IMPORT_DATA = "outbreak.import_data"  # case line-list imports
VIEW_DASHBOARD = "outbreak.view_dashboard"  # aggregates without personal data
MANAGE_POPULATION = "outbreak.manage_population"  # kecamatan populations for the map

FACILITY = {
    VIEW_CASE,
    REPORT_CASE,
    VIEW_PERSONAL,
    MANAGE_CONTACT,
    FOLLOW_CONTACT,
    REPORT_SKDR,
    REQUEST_LOGISTICS,
    VIEW_DASHBOARD,
}
SURVEILLANCE = FACILITY | {
    VERIFY_CASE,
    TRANSFER_CASE,
    MANAGE_CLUSTER,
    VIEW_ALERT,
    APPROVE_LOGISTICS,
    MANAGE_DISEASE,
    IMPORT_DATA,
    MANAGE_POPULATION,
}
TRACER = {FOLLOW_CONTACT}
PROVINCE = {VIEW_CASE, VIEW_ALERT, VIEW_DASHBOARD, MANAGE_CLUSTER}
