"""Forms of the nutrition module, one file per part of the programme.

``fields`` builds the measurement fields from the limits table; ``registers``, ``session``,
``care``, ``education`` and ``calculator`` hold the forms of those pages.
"""
