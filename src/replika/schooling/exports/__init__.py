"""Exports of the register (xlsx, CSV) and the dashboard report for the mayor/regent (PDF)."""

from replika.schooling.exports.files import FORMATS, render

__all__ = ["FORMATS", "render"]
