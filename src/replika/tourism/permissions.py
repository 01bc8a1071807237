"""Permission names of the tourism module and the bundles each role holds."""

VIEW_REGISTRY = "tourism.view_registry"  # registry entries, reports and events of one's scope
CHANGE_REGISTRY = "tourism.change_registry"  # create and edit registry entries, photos, products
FILE_REPORT = "tourism.file_report"  # an operator's own monthly report
FILE_ON_BEHALF = "tourism.file_on_behalf"  # Dinas files (or corrects) for an operator
VIEW_COMPLIANCE = "tourism.view_compliance"  # the filed / late / missing board
SEND_REMINDERS = "tourism.send_reminders"
VIEW_STATISTICS = "tourism.view_statistics"  # BPS statistics and their exports
PUBLISH_STATISTICS = "tourism.publish_statistics"  # release a region's month to the public
SUBMIT_EVENT = "tourism.submit_event"
MODERATE_EVENT = "tourism.moderate_event"
ASSESS_VILLAGE = "tourism.assess_village"  # the tourism village self-assessment
IMPORT_DATA = "tourism.import_data"

OPERATOR = {VIEW_REGISTRY, CHANGE_REGISTRY, FILE_REPORT, SUBMIT_EVENT}
VILLAGE = {VIEW_REGISTRY, CHANGE_REGISTRY, FILE_REPORT, SUBMIT_EVENT, ASSESS_VILLAGE}
DINAS = {
    VIEW_REGISTRY,
    CHANGE_REGISTRY,
    FILE_ON_BEHALF,
    VIEW_COMPLIANCE,
    SEND_REMINDERS,
    VIEW_STATISTICS,
    PUBLISH_STATISTICS,
    SUBMIT_EVENT,
    MODERATE_EVENT,
    ASSESS_VILLAGE,
    IMPORT_DATA,
}
