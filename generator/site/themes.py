"""Themes: where templates and static files come from, site overrides first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..config.site import Config
from ..errors import ThemeError

PACKAGE = Path(__file__).resolve().parent.parent
# A wheel carries the built-in themes inside the package; a source checkout has them beside it.
BUILTIN_THEME_ROOTS = (PACKAGE / "themes", PACKAGE.parent / "themes")


@dataclass(frozen=True)
class ThemeDirs:
    templates: tuple[Path, ...]  # searched in order: the first folder holding a name wins
    static: tuple[Path, ...]  # copied in reverse order, so earlier folders override later ones
    site: Path | None = None  # the site's root: every folder but a built-in theme's lies in it

    def area(self, folder: Path) -> files.Area:
        """Where files of folder may be read from: inside folder, and folder inside the site (or a
        built-in theme). Made afresh at each read, so a folder swapped for a link out is caught."""
        shown = folder.name + "/"
        if self.site is not None and folder.is_relative_to(self.site):
            shown = folder.relative_to(self.site).as_posix() + "/"
            return files.area(folder, self.site, shown)
        return files.area(folder, None, shown)  # a built-in theme: a root of its own


def builtin_theme(name: str) -> Path | None:
    for root in BUILTIN_THEME_ROOTS:
        if (root / name / "templates").is_dir():
            return root / name
    return None


def override_dirs(config: Config) -> ThemeDirs:
    """The site's own template and static folders, whether or not they exist yet."""
    site_theme = config.root / "themes" / config.theme
    return ThemeDirs(
        templates=(config.root / "templates", site_theme / "templates"),
        static=(config.root / "static", site_theme / "static"),
        site=config.root,
    )


def theme_dirs(config: Config) -> ThemeDirs:
    """The site's templates/ and static/, then themes/<theme>/ in the site, then the built-in theme.

    A site's themes/default/ may hold only the templates it changes: anything missing there
    comes from the built-in theme of the same name.
    """
    candidates: list[Path] = []
    site_theme = config.root / "themes" / config.theme
    if site_theme.is_dir():
        candidates.append(site_theme)
    builtin = builtin_theme(config.theme)
    if builtin is not None:
        candidates.append(builtin)
    if not candidates:
        raise ThemeError(
            f"theme '{config.theme}' not found",
            hint=f"site.yml theme: names a folder under themes/ (looked in {site_theme})",
        )
    unique: list[Path] = []
    for path in candidates:  # in this checkout the site's theme is the built-in one
        if path.resolve() not in {u.resolve() for u in unique}:
            unique.append(path)
    templates = [config.root / "templates", *(p / "templates" for p in unique)]
    static = [config.root / "static", *(p / "static" for p in unique)]
    dirs = ThemeDirs(
        templates=tuple(p for p in templates if p.is_dir()),
        static=tuple(p for p in static if p.is_dir()),
        site=config.root,
    )
    for folder in (site_theme, *dirs.templates, *dirs.static):
        where = dirs.area(folder)
        if folder.is_dir() and not where.inside:
            refused = files.refuse_folder(where)
            raise ThemeError(refused.message, hint=refused.hint)
    return dirs


def source_folders(config: Config) -> list[Path]:
    """Every folder a site is made from: an output folder inside one would be read back as a source."""
    folders = [config.content, config.seeds, config.root / "themes", config.root / "templates", config.root / "static"]
    builtin = builtin_theme(config.theme)
    return [*folders, *([builtin] if builtin is not None else [])]
