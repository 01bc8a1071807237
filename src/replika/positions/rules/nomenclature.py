"""Versioned catalogues of executor (pelaksana) titles and when a title must migrate.

The catalogue moved from PermenPANRB 41/2018 to 45/2022, then to KepmenPANRB 11/2024 and
282/2025; each version renames some titles (old title → new title) and may abolish some
without a direct successor. A position keeps the version its title comes from; it must
migrate when a later version renames or abolishes that title.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


def title_key(title: str) -> str:
    """``title`` as compared: case and runs of spaces do not make a different title."""
    return " ".join(title.split()).casefold()


def _title(value: object, *, name: str) -> str:
    """``value`` checked to be a non-blank title, or ValueError naming ``name``."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-blank title, got {value!r}")
    return value


@dataclass(frozen=True)
class Nomenclature:
    """A catalogue's versions, oldest first, and the renames each version made.

    ``renames[version]`` maps an old title to its new title in that version, or to None
    when the version abolished the title without naming a successor.
    """

    versions: tuple[str, ...]
    renames: Mapping[str, Mapping[str, str | None]]
    _lookup: dict[str, dict[str, str | None]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Check the versions and renames once, and index renames by normalised title."""
        if not self.versions:
            raise ValueError("versions must name at least one catalogue version")
        if len(set(self.versions)) != len(self.versions):
            raise ValueError("versions must not repeat a version")
        lookup: dict[str, dict[str, str | None]] = {}
        for version, renames in self.renames.items():
            if version not in self.versions:
                raise ValueError(f"renames names an unknown version {version!r}")
            if version == self.versions[0]:
                raise ValueError(f"renames cannot belong to the first version {version!r}")
            index: dict[str, str | None] = {}
            for old, new in renames.items():
                _title(old, name=f"renames[{version!r}] old title")
                if new is not None:
                    _title(new, name=f"renames[{version!r}][{old!r}]")
                if title_key(old) in index:
                    raise ValueError(f"renames[{version!r}] names {old!r} twice")
                index[title_key(old)] = new
            lookup[version] = index
        object.__setattr__(self, "_lookup", lookup)

    def position_of(self, version: str, *, name: str = "version") -> int:
        """The place of ``version`` in the catalogue order, or ValueError naming ``name``."""
        try:
            return self.versions.index(version)
        except ValueError:
            raise ValueError(f"{name} {version!r} is not a version of this catalogue") from None

    def renamed_in(self, version: str, title: str) -> tuple[bool, str | None]:
        """Whether ``version`` renamed ``title``, and to what (None: abolished)."""
        index = self._lookup.get(version, {})
        key = title_key(title)
        if key not in index:
            return False, None
        return True, index[key]


@dataclass(frozen=True)
class RenameStep:
    """One rename a title went through: in ``version``, ``old`` became ``new``."""

    version: str
    old: str
    new: str | None


@dataclass(frozen=True)
class TitleMigration:
    """Where a title must go: ``new_title`` in ``to_version`` (None: abolished, choose one)."""

    title: str
    from_version: str
    new_title: str | None
    to_version: str
    steps: tuple[RenameStep, ...]

    @property
    def abolished(self) -> bool:
        """Whether the title was abolished without a successor (someone must choose one)."""
        return self.new_title is None


def title_migration(
    *,
    title: str,
    version: str,
    nomenclature: Nomenclature,
    target_version: str | None = None,
) -> TitleMigration | None:
    """Where ``title`` from ``version`` must migrate by ``target_version`` (default: latest).

    Renames are followed through every later version, up to and including the target, so a
    title renamed twice lands on its newest name. None when nothing has to change.
    """
    _title(title, name="title")
    start = nomenclature.position_of(version)
    target = nomenclature.versions[-1] if target_version is None else target_version
    end = nomenclature.position_of(target, name="target_version")
    if end < start:
        raise ValueError(f"target_version {target!r} is older than version {version!r}")
    current = title
    steps: list[RenameStep] = []
    for later in nomenclature.versions[start + 1 : end + 1]:
        renamed, new = nomenclature.renamed_in(later, current)
        if not renamed:
            continue
        if new is None:
            steps.append(RenameStep(version=later, old=current, new=None))
            return TitleMigration(
                title=title,
                from_version=version,
                new_title=None,
                to_version=target,
                steps=tuple(steps),
            )
        if title_key(new) != title_key(current):
            steps.append(RenameStep(version=later, old=current, new=new))
            current = new
    # Renamed away and back again is no change for the position.
    if title_key(current) == title_key(title):
        return None
    return TitleMigration(
        title=title,
        from_version=version,
        new_title=current,
        to_version=target,
        steps=tuple(steps),
    )


def must_migrate(
    *,
    title: str,
    version: str,
    nomenclature: Nomenclature,
    target_version: str | None = None,
) -> bool:
    """Whether an executor ``title`` from ``version`` must change by ``target_version``."""
    migration = title_migration(
        title=title,
        version=version,
        nomenclature=nomenclature,
        target_version=target_version,
    )
    return migration is not None
