"""Log lines are JSON objects with the fields operators search on."""

import json
import logging
import sys

from replika.core.logging import json_formatter


def _record(**extra: object) -> logging.LogRecord:
    record = logging.LogRecord(
        "replika.jobs", logging.WARNING, __file__, 1, "job %s failed", (7,), None
    )
    record.__dict__.update(extra)
    return record


def test_log_line_has_time_level_logger_message_and_extra_fields() -> None:
    line = json.loads(json_formatter().format(_record(job_id=7, region_code="13.71")))

    assert line["level"] == "WARNING"
    assert line["logger"] == "replika.jobs"
    assert line["message"] == "job 7 failed"
    assert line["job_id"] == 7
    assert line["region_code"] == "13.71"
    assert line["time"].endswith("+00:00")
    assert "exc" not in line


def test_log_line_carries_the_exception_text() -> None:
    try:
        raise ValueError("bad row")
    except ValueError:
        record = logging.LogRecord(
            "replika.jobs", logging.ERROR, __file__, 1, "boom", (), sys.exc_info()
        )

    line = json.loads(json_formatter().format(record))

    assert "ValueError: bad row" in line["exc"]
    assert line["message"] == "boom"
