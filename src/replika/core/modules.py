"""The module registry: what each replicated innovation brings to the platform.

A module (nutrition, schooling, …) registers itself from ``<app>/module.py``: its code
name, display name, the innovation it replicates, its roles, its menu entries and the
pydantic schema of what a region may adapt, whose defaults are the origin region's choices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_noop
from pydantic import BaseModel, ConfigDict, Field


class ModuleSettings(BaseModel):
    """Base of every module's settings document; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    display_name: str = Field(
        min_length=3, max_length=80, description=gettext_noop("Name the region gives the service")
    )


@dataclass(frozen=True)
class MenuEntry:
    """A navigation link shown to users holding ``permission`` in a region where it is live."""

    label: str | Promise
    url_name: str
    permission: str
    # A yes/no module setting that must be on in the region for the entry to show.
    setting: str | None = None


@dataclass(frozen=True)
class Kpi:
    """A live indicator computed from a module's own data for one region and period."""

    code: str
    label: str | Promise
    unit: str | Promise
    higher_is_better: bool
    compute: Callable[..., float | None]


@dataclass
class Module:
    """One replicable module."""

    code: str
    name: str | Promise
    innovation: str
    app_name: str
    settings_schema: type[ModuleSettings]
    url_prefix: str = ""
    api_router: Any = None
    menu: list[MenuEntry] = field(default_factory=list)
    public_pages: list[MenuEntry] = field(default_factory=list)
    kpis: list[Kpi] = field(default_factory=list)
    description: str | Promise = ""
    # Refuses a settings change that would strand the region's data (a sub-programme
    # switched off while people are still in it): (region, current, new) → {field: reason}.
    settings_check: Callable[[Any, ModuleSettings, ModuleSettings], dict[str, str]] | None = None
    # The short name the menu groups the module's entries under ("Ayo Ceting"); by default
    # the part of ``name`` before its dash.
    short_name: str | Promise = ""

    def menu_label(self) -> str:
        """The name of the module's group in the menu."""
        if self.short_name:
            return str(self.short_name)
        return str(self.name).split(" — ", 1)[0].strip()

    def default_settings(self) -> ModuleSettings:
        """The origin region's settings."""
        return self.settings_schema.model_validate({})

    def validate_settings(self, data: dict[str, Any]) -> ModuleSettings:
        """Parse a region's settings document (raises pydantic.ValidationError)."""
        return self.settings_schema.model_validate(data)


MODULES: dict[str, Module] = {}


@dataclass(frozen=True)
class PlatformEntry:
    """A menu entry of an app that is not a replicated module (replication, competition)."""

    entry: MenuEntry
    any_of: tuple[str, ...]
    # The menu group it belongs to, and that group's name; entries of one group show together.
    group: str
    group_label: str | Promise


# Entries of apps that are not replicated modules: shown to anyone holding one of
# ``any_of``, in every region; some before the modules' own groups.
PLATFORM_MENU: list[PlatformEntry] = []
PLATFORM_MENU_FIRST: list[PlatformEntry] = []

# Bumped whenever a module or a menu entry is registered or removed: what is drawn from the
# registry (the menu) is kept under this number.
_version = 0


def registry_version() -> int:
    """A number that changes whenever the modules or the platform's menu entries change."""
    return _version


def _changed() -> None:
    global _version
    _version += 1


def register_menu(
    entry: MenuEntry,
    any_of: tuple[str, ...] = (),
    *,
    before_modules: bool = False,
    group: str = "",
    group_label: str | Promise = "",
) -> None:
    """Add a platform-wide menu entry (once per URL name) to a group of the menu.

    Without a group the entry makes a group of its own, named by its label.
    """
    target = PLATFORM_MENU_FIRST if before_modules else PLATFORM_MENU
    if any(existing.entry.url_name == entry.url_name for existing in target):
        return
    _changed()
    target.append(
        PlatformEntry(
            entry=entry,
            any_of=any_of or (entry.permission,),
            group=group or entry.url_name,
            group_label=group_label or entry.label,
        )
    )


@dataclass(frozen=True)
class HomePanel:
    """A card an app adds to the home page of roles holding ``permission``."""

    code: str
    permission: str
    render: Callable[[HttpRequest], str]


HOME_PANELS: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    """Add (or replace, by code) a home-page card."""
    HOME_PANELS[panel.code] = panel


@dataclass(frozen=True)
class PublicSection:
    """A part of the public front page an app contributes (aggregates only, no person)."""

    code: str
    order: int
    render: Callable[[HttpRequest], str]


PUBLIC_SECTIONS: dict[str, PublicSection] = {}


def register_public_section(section: PublicSection) -> None:
    """Add (or replace, by code) a section of the public front page."""
    PUBLIC_SECTIONS[section.code] = section


def public_sections() -> list[PublicSection]:
    """The front page's sections, in their order."""
    return sorted(PUBLIC_SECTIONS.values(), key=lambda section: (section.order, section.code))


def _check_menu_switches(module: Module) -> None:
    """Refuse a menu entry switched by a setting the schema does not have as a yes/no field.

    The menu reads the switch with plain attribute access, so a typo must fail at start-up
    rather than hide (or show) an entry.
    """
    fields = module.settings_schema.model_fields
    for entry in module.menu:
        if entry.setting is None:
            continue
        field_info = fields.get(entry.setting)
        if field_info is None or field_info.annotation is not bool:
            raise ValueError(
                f"menu entry {entry.url_name!r} of {module.code!r} is switched by "
                f"{entry.setting!r}, which is not a yes/no setting of the module"
            )


def register(module: Module) -> Module:
    """Add a module to the registry (idempotent for the same object)."""
    existing = MODULES.get(module.code)
    if existing is not None and existing is not module:
        raise ValueError(f"module {module.code!r} is already registered")
    _check_menu_switches(module)
    MODULES[module.code] = module
    _changed()
    return module


def unregister(code: str) -> None:
    """Remove a module (tests register throwaway modules)."""
    MODULES.pop(code, None)
    _changed()


def get_module(code: str) -> Module | None:
    """The registered module with this code."""
    return MODULES.get(code)


def all_modules() -> list[Module]:
    """Every registered module, in registration order."""
    return list(MODULES.values())


def autodiscover() -> None:
    """Import ``module.py`` of every installed app so that it registers itself."""
    autodiscover_modules("module")
