"""Render stage, what a page shows: the model reads a template makes, recorded as it renders.

Templates see model objects (briefs, terms, taxonomy indexes, months, registry entries, the site)
and read them through Jinja2's `environment.getattr` / `getitem`, which every `x.y`, `x[y]` and
`map(attribute=…)` compiles to. The environment here records each read of a model object, so a
page's fingerprint is made from exactly what its template read — never from a second,
hand-written copy of what the templates show (the way Hugo tracks a template's dependencies).

A page renders the same bytes again when its template, its own context (its `page` info, pager…,
with model objects as identities) and the value of every read it made are the same: the template
can only have taken the same branches and read the same things. So a page whose reads all give
what they gave last time is not rendered again (`Fingerprints`).

Values are compared *shallowly*: a read that gives a model object (`brief.newer`) or a list of them
(`site.briefs`, `term.briefs`) is compared by the identities it holds; what the template then reads
of those objects is a read of its own. A read that gives a method of a model object cannot be known
(its arguments are not seen), so it never compares equal: such pages are always rendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Mapping
from typing import Any

import jinja2

from ..config.site import Config
from ..model import Brief, Entry, Month, Site, TaxonomyIndex, Term

# Model objects whose attributes are recorded when read; everything else is a value.
TRACKED: tuple[type, ...] = (Brief, Term, TaxonomyIndex, Month, Entry, Site)
_TRACKED = frozenset(TRACKED)

Read = tuple[object, str]  # (model object, attribute) as recorded while rendering
Key = str  # a read by identity, stable across builds: "<token>.<attribute>"

# Attributes whose value is made lazily from another: compared through their source (a brief's
# HTML is rendered in the worker that shows it, and dropped after; its file hash says as much).
_STAND_IN = {(Brief, "html"): "digest", (Brief, "toc"): "digest", (Entry, "bio_html"): "bio"}


def token(obj: object) -> str:
    """A model object's identity, the same in every build and process while the object is the same."""
    if isinstance(obj, Brief):
        return "b" + _short(obj.path)
    if isinstance(obj, Term):
        return f"t{obj.taxonomy}/{obj.slug}"
    if isinstance(obj, TaxonomyIndex):
        return "x" + obj.taxonomy.name
    if isinstance(obj, Month):
        return f"m{obj.year}-{obj.month}"
    if isinstance(obj, Entry):
        return "e" + _short(obj.path)
    if isinstance(obj, Site):
        return "s"
    raise TypeError(f"not a model object: {type(obj).__name__}")


def _short(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def shallow(value: Any) -> str:
    """A value as text that is equal exactly when the value is: model objects by identity only."""
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return repr(value)
    if kind in _TRACKED:
        return "@" + token(value)
    if isinstance(value, str):  # Markup and other str subclasses
        return repr(str(value))
    if isinstance(value, list | tuple):
        return "[" + ",".join(map(shallow, value)) + "]"
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{shallow(k)}:{shallow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, dt.date):  # dates and datetimes, with their offset
        return value.isoformat()
    if isinstance(value, Config):
        return "config"  # site.yml is in every fingerprint already (the site key)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(f"{f.name}={shallow(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{kind.__name__}({fields})"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(map(shallow, value))) + "}"
    return repr(value)


class Recorder:
    """The reads of the page being rendered (None between pages: nothing is recorded)."""

    def __init__(self) -> None:
        self.reads: list[Read] | None = None


class TrackingEnvironment(jinja2.Environment):
    """A Jinja2 environment that records every read of a model object while a Recorder is on."""

    recorder: Recorder

    def getattr(self, obj: Any, attribute: str) -> Any:
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                value = obj[attribute]
            except (TypeError, LookupError, AttributeError):
                return self.undefined(obj=obj, name=attribute)
        reads = self.recorder.reads
        if reads is not None and type(obj) in _TRACKED:
            reads.append((obj, attribute))
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        reads = self.recorder.reads
        if reads is not None and type(obj) in _TRACKED and isinstance(argument, str):
            value = self.getattr(obj, argument)  # records it
            return value
        return super().getitem(obj, argument)


class Fingerprints:
    """Page fingerprints from reads: computed after a render, and again on a new model to compare.

    One per process and model: the digest of each read is computed once and shared by every page
    that made it (the navigation, the same cards…).
    """

    def __init__(self, site_key: str, objects: Mapping[str, object] | None = None) -> None:
        self.site_key = site_key.encode()
        self._objects = objects  # token → model object, to evaluate the reads of another build
        self._digests: dict[Key, bytes] = {}
        self._keys: dict[tuple[int, str], Key] = {}

    def keys(self, reads: Iterable[Read]) -> tuple[Key, ...]:
        """The reads as keys that another build can look up: sorted, each once."""
        found: set[Key] = set()
        memo = self._keys
        for obj, attribute in reads:
            key = memo.get((id(obj), attribute))
            if key is None:
                key = memo[(id(obj), attribute)] = f"{token(obj)}.{attribute}"
                self._digests.setdefault(key, _digest(obj, attribute))
            found.add(key)
        return tuple(sorted(found))

    def of(self, template: str, context: Mapping[str, Any], keys: Iterable[Key]) -> str | None:
        """The fingerprint of a page of template with context whose render made these reads;
        None when one of them no longer exists (the object is gone from the model)."""
        h = hashlib.blake2b(self.site_key, digest_size=16)
        h.update(template.encode() + b"\x00" + shallow(_own(context)).encode("utf-8", "surrogatepass") + b"\x00")
        digests = self._digests
        for key in keys:
            value = digests.get(key)
            if value is None:
                value = self._evaluate(key)
                if value is None:
                    return None
            h.update(key.encode() + value)
        return h.hexdigest()

    def _evaluate(self, key: Key) -> bytes | None:
        name, _, attribute = key.partition(".")
        obj = self._objects.get(name) if self._objects is not None else None
        if obj is None:
            return None
        value = self._digests[key] = _digest(obj, attribute)
        return value


def objects_by_token(site: Site) -> dict[str, object]:
    """Every model object of a site by its token: where another build's reads are looked up."""
    found: dict[str, object] = {"s": site}
    for brief in site.briefs:
        found[token(brief)] = brief
    for index in site.taxonomies.values():
        found[token(index)] = index
        for term in index.terms:
            found[token(term)] = term
            if term.entry is not None:
                found[token(term.entry)] = term.entry
    for month in site.months:
        found[token(month)] = month
    return found


def _digest(obj: object, attribute: str) -> bytes:
    source = _STAND_IN.get((type(obj), attribute))
    try:
        value = getattr(obj, source or attribute)
    except AttributeError:
        value = jinja2.Undefined
    if callable(value) and not isinstance(value, type):
        return os.urandom(8)  # a method: what it gave depends on arguments not seen; never equal
    return hashlib.blake2b(shallow(value).encode("utf-8", "surrogatepass"), digest_size=8).digest()


def _own(context: Mapping[str, Any]) -> dict[str, Any]:
    """A page's own context, without what every page shares (the site and its config)."""
    return {k: v for k, v in context.items() if k not in ("site", "config")}
