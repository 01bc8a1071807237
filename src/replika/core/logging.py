"""Structured JSON logs; messages never carry personal data, only ids and codes."""

from __future__ import annotations

from pythonjsonlogger.json import JsonFormatter


def json_formatter() -> JsonFormatter:
    """One JSON object a line: time, level, logger, message, any ``extra`` fields and ``exc``."""
    return JsonFormatter(
        "{levelname}{name}{message}",
        style="{",
        rename_fields={"levelname": "level", "name": "logger", "exc_info": "exc"},
        timestamp="time",
        json_ensure_ascii=False,
    )
