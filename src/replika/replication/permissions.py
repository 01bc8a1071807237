"""The replication programme's permissions (granted to the core roles in ``module.py``)."""

VIEW_COMMITMENT = "replication.view_commitment"
CHANGE_COMMITMENT = "replication.change_commitment"
CHANGE_SETTINGS = "replication.change_settings"
LOG_MENTORING = "replication.log_mentoring"
MANAGE_INNOVATIONS = "replication.manage_innovations"
