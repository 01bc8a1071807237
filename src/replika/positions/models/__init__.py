"""Tables of SI JABPRI: SOTK versions, the organisation tree, positions, tasks, versions,
and the province library of shared positions."""

from replika.positions.models.library import LibraryEntry
from replika.positions.models.positions import AnjabVersion, Kind, Position, Status, Task
from replika.positions.models.structure import OrgUnit, Structure

__all__ = [
    "AnjabVersion",
    "Kind",
    "LibraryEntry",
    "OrgUnit",
    "Position",
    "Status",
    "Structure",
    "Task",
]
