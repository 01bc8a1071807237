"""What a module supplies: its columns (with aliases and a parser each) and a row handler."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from replika.core.importing.cells import Parser, text
from replika.core.importing.files import FileLimits

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class RowProblem(Exception):
    """A row is bad for a reason tied to one column (``key``): it is reported, not written."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


@dataclass(frozen=True)
class Column:
    """One column a file may have: its key, the header texts that name it, its cell parser.

    ``required``: the file must have the column and every row a value in it. ``blank`` is the
    value of an empty cell. ``personal`` columns (NIK, family card) are never echoed back.
    """

    key: str
    aliases: tuple[str, ...]
    parse: Parser = text
    required: bool = False
    blank: Any = None
    personal: bool = False

    @property
    def name(self) -> str:
        """The header users are shown for this column (its first alias)."""
        return self.aliases[0]


def header_key(cell: Any) -> str:
    """A header folded for matching: lower case, no units in brackets, dots, dashes or spaces."""
    folded = re.sub(r"\(.*?\)|\[.*?\]", " ", str(cell or "").lower())
    return " ".join(re.sub(r"[.\-_:]+", " ", folded).split())


@dataclass(frozen=True)
class Row:
    """One data row: its number as the user sees it in the file, raw cells, parsed values."""

    number: int
    cells: Sequence[Any]
    values: dict[str, Any]


class Written(Protocol):
    """Counts of one chunk's write (a module's own counts type fits)."""

    created: int
    updated: int
    unchanged: int


class Chunk(Generic[T]):
    """Parsed rows handed to the module's writer, which may still refuse some of them."""

    def __init__(self, rows: list[tuple[Row, T]], refuse: Callable[[Row, str, str], None]):
        self.rows = rows
        self._refuse = refuse

    def refuse(self, row: Row, key: str, reason: str) -> None:
        """Report ``row`` as bad (column ``key``); the writer must then leave it out."""
        self._refuse(row, key, reason)


class RowHandler(Protocol[T]):
    """A module's row parser and writer for one import run."""

    def parse(self, row: Row) -> T:
        """Turn a row's parsed cells into the module's item, or raise RowProblem."""
        ...

    def store(self, chunk: Chunk[T]) -> Written:
        """Write a chunk of items (idempotently: a re-import creates nothing)."""
        ...


@dataclass(frozen=True)
class ImportSpec:
    """One kind of import a module offers.

    ``handler(context)`` builds the row parser and writer of a run; ``after(context)``
    runs once rows were written (refresh or queue the summaries the import touched).
    """

    kind: str
    module: str
    columns: tuple[Column, ...]
    handler: Callable[[Any], RowHandler[Any]]
    limits: FileLimits = field(default_factory=FileLimits)
    header_min_columns: int = 2
    header_scan_rows: int = 10
    chunk_size: int = 2000
    after: Callable[[Any], None] | None = None

    @property
    def audit_action(self) -> str:
        """The audit action of every run of this spec, e.g. ``nutrition.import``."""
        return f"{self.module}.import"

    def column(self, key: str) -> Column:
        """The column with this key."""
        return next(c for c in self.columns if c.key == key)

    def header_index(self) -> dict[str, str]:
        """Folded header text -> column key, for every alias."""
        return {header_key(alias): c.key for c in self.columns for alias in c.aliases}

    def map_headers(self, row: Sequence[Any]) -> dict[str, int]:
        """Known column key -> index in a header row (the first occurrence wins)."""
        index = self.header_index()
        found: dict[str, int] = {}
        for position, cell in enumerate(row):
            key = index.get(header_key(cell))
            if key is not None and key not in found:
                found[key] = position
        return found
