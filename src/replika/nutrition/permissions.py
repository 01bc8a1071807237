"""Permission names of the nutrition module."""

USE_CALCULATOR = "nutrition.use_calculator"
VIEW_REGISTER = "nutrition.view_register"  # children, mothers, measurements (by name)
CHANGE_REGISTER = "nutrition.change_register"  # register and edit children and mothers
RECORD_MEASUREMENT = "nutrition.record_measurement"  # the posyandu session
VIEW_PERSONAL = "nutrition.view_personal"  # full NIK and address instead of masked ones
MANAGE_REFERRAL = "nutrition.manage_referral"  # move a referral through its statuses
MANAGE_RUMAH_GIZI = "nutrition.manage_rumah_gizi"  # enrol, feeding days, weekly weights
MANAGE_EDUCATION = "nutrition.manage_education"  # articles and pregnant-women classes
IMPORT_DATA = "nutrition.import_data"  # e-PPGBM imports and exports
VIEW_DASHBOARD = "nutrition.view_dashboard"  # aggregates without personal data

FIELD = {
    USE_CALCULATOR,
    VIEW_REGISTER,
    CHANGE_REGISTER,
    RECORD_MEASUREMENT,
    VIEW_PERSONAL,
    VIEW_DASHBOARD,
}
FACILITY = FIELD | {MANAGE_REFERRAL, MANAGE_RUMAH_GIZI, MANAGE_EDUCATION, IMPORT_DATA}
