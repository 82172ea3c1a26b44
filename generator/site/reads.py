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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import jinja2

from ..config.site import Config
from ..model import ASSEMBLED, Brief, Entry, Month, Network, Quote, Site, TaxonomyIndex, Term

# Model objects whose attributes are recorded when read; everything else is a value.
TRACKED: tuple[type, ...] = (Brief, Term, TaxonomyIndex, Month, Entry, Site, Quote)
_TRACKED = frozenset(TRACKED)

Read = tuple[object, str]  # (model object, attribute) as recorded while rendering
Key = str  # a read by identity, stable across builds: "<token>.<attribute>"

# What a brief's or registry entry's file says is read as one thing, `<token>.file`, compared by the
# file's hash: a page reading a brief's title and date depends on that brief's file, as Hugo's pages
# depend on a page as a whole. (Properties made from those fields count as the file too.) What
# assemble fills in (routes, terms, neighbours, related briefs…) is read attribute by attribute.
_FROM_FILE: dict[type, frozenset[str]] = {
    Brief: frozenset(f.name for f in dataclasses.fields(Brief) if f.name not in ASSEMBLED)
    | {"sort_key", "summary_is_lead"},
    Entry: frozenset(f.name for f in dataclasses.fields(Entry)),
    Quote: frozenset({"text", "speaker", "brief"}),  # what the brief's file says of it
}
_ENTRY_FILE = ("path", "slug", "name", "aliases", "role", "country", "bio")  # bio_html is made from bio
FILE = "file"


@dataclass(frozen=True, eq=False, slots=True)  # one per page and partial rendered: no __dict__ each
class Reading:
    """What one render read: a page, or a partial (a card) that every page reusing it reads too."""

    keys: tuple[Key, ...]  # its own reads, each once
    parts: tuple[str, ...]  # the partials it reused, by id, each once (their reads count as its own)
    briefs: tuple[str, ...]  # tokens of the briefs it read, through its partials too, each once
    name: str = ""  # a partial's id, stable across builds ("partials/card.html|<brief token>|2"); "" for a page


Part = tuple[tuple[Key, ...], tuple[str, ...]]  # a partial's keys and the partials it reused
Parts = dict[str, Part]  # partial id → what it read: kept once, not with every page that reused it


def token(obj: object) -> str:
    """A model object's identity, the same in every build and process while the object is the same."""
    known: str | None = obj.__dict__.get("_token")
    if known is not None:
        return known
    if isinstance(obj, Brief):
        made = "b" + _short(obj.path)
    elif isinstance(obj, Term):
        made = f"t{obj.taxonomy}/{obj.slug}"
    elif isinstance(obj, TaxonomyIndex):
        made = "x" + obj.taxonomy.name
    elif isinstance(obj, Month):
        made = f"m{obj.year}-{obj.month}"
    elif isinstance(obj, Entry):
        made = "e" + _short(obj.path)
    elif isinstance(obj, Site):
        made = "s"
    elif isinstance(obj, Quote):
        made = f"q{token(obj.brief)}/{obj.brief.quotes.index(obj)}"
    else:
        raise TypeError(f"not a model object: {type(obj).__name__}")
    obj.__dict__["_token"] = made
    return made


def _brief_of(obj: object) -> str | None:
    """The token of the brief whose file a read depends on, if any (a brief's, or a quote's brief's)."""
    if isinstance(obj, Brief):
        return token(obj)
    if isinstance(obj, Quote):
        return token(obj.brief)
    return None


def _short(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


_FIELDS: dict[type, tuple[str, ...]] = {}
_PLAIN: frozenset[type] = frozenset({str, int, float, bool, type(None)})


def _tracked(value: Any) -> str:
    return "@" + token(value)


def _network(value: Network) -> str:
    """A network by its nodes and edges, its terms by identity: a page's network is many floats."""
    nodes = tuple((token(n.term), n.x, n.y, n.r, n.weight, n.center) for n in value.nodes)
    edges = tuple((token(e.a.term), token(e.b.term), e.weight) for e in value.edges)
    return f"Network{(nodes, edges, value.width, value.height)!r}"


# Values told apart by their exact type, with no recursion: most of what a page reads. (A date's
# ISO form keeps a datetime's offset.)
_ATOMS: dict[type, Callable[[Any], str]] = {
    **{kind: repr for kind in _PLAIN},
    **{kind: _tracked for kind in TRACKED},
    dt.date: dt.date.isoformat,
    dt.datetime: dt.datetime.isoformat,
    Network: _network,
}


def shallow(value: Any) -> str:
    """A value as text that is equal exactly when the value is: model objects by identity only."""
    atom = _ATOMS.get(type(value))
    if atom is not None:
        return atom(value)
    if isinstance(value, str):  # Markup and other str subclasses
        return repr(str(value))
    if isinstance(value, list | tuple):
        return "[" + _items(value) + "]"
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{shallow(k)}:{shallow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, dt.date):  # subclasses of date and datetime
        return value.isoformat()
    if isinstance(value, Config):
        return "config"  # site.yml is in every fingerprint already (the site key)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
        return type(value).__name__ + "(" + _items([getattr(value, n) for n in names]) + ")"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(map(shallow, value))) + "}"
    return repr(value)


def _items(values: Sequence[Any]) -> str:
    """shallow() of each value, joined; a list of plain values (or of tuples of them: a term's
    months) as Python writes it, in one call made in C."""
    kinds = set(map(type, values))
    if kinds <= _REPRS or (kinds == _TUPLE and set(map(type, chain.from_iterable(values))) <= _REPRS):
        return repr(values)[1:-1]
    atoms = _ATOMS
    return ",".join([atom(v) if (atom := atoms.get(type(v))) is not None else shallow(v) for v in values])


_REPRS = _PLAIN | {dt.date}  # what repr() writes whole and exactly
_TUPLE = {tuple}


class Recorder:
    """The reads of the render in progress (None between pages: nothing is recorded), made into keys.

    One per renderer, so one per process: keys and their digests are made once for the whole build
    and shared by every page that makes the same read; partials are read once and referred to.
    """

    def __init__(self) -> None:
        self.reads: set[Read | Reading] | None = None
        self.digests = Digests()
        self.parts: dict[str, Reading] = {}  # the partials rendered in this process, by id
        self._keys: dict[Read, Key] = {}  # read → its key

    def reading(self, reads: set[Read | Reading], name: str = "") -> Reading:
        """The reads of one render as keys (each key's digest made the first time it is seen)."""
        keys: list[Key] = []
        parts: list[str] = []
        briefs: set[str] = set()
        memo, digests = self._keys, self.digests
        for read in reads:
            if type(read) is Reading:
                parts.append(read.name)
                briefs.update(read.briefs)
                continue
            obj, attribute = read  # type: ignore[misc]
            whole = _FROM_FILE.get(type(obj))
            if whole is not None and attribute in whole:  # most reads: a brief's title, date, source…
                made = obj.__dict__.get("_file_key") or self._file_key(obj)
                keys.append(made)
                if type(obj) is Brief:
                    briefs.add(token(obj))  # the token itself, not a copy sliced from made
                elif type(obj) is Quote:
                    briefs.add(token(obj.brief))
                continue
            known = memo.get(read)  # type: ignore[arg-type]
            if known is None:
                known = memo[read] = f"{token(obj)}.{attribute}"  # type: ignore[index]
                if known not in digests:
                    digests[known] = _digest(obj, attribute, known)
            keys.append(known)
            brief = _brief_of(obj)
            if brief is not None:
                briefs.add(brief)
        reading = Reading(tuple(dict.fromkeys(keys)), tuple(parts), tuple(briefs), name)
        if name:
            self.parts[name] = reading
        return reading

    def _file_key(self, obj: object) -> Key:
        made = f"{token(obj)}.{FILE}"
        obj.__dict__["_file_key"] = made
        if made not in self.digests:
            self.digests[made] = _digest(obj, FILE, made)
        return made

    def clear(self) -> None:
        """Forget the keys, digests and partials of this build (they are made again when asked)."""
        self.reads = None
        self.digests = Digests()
        self.parts = {}
        self._keys = {}

    def part_table(self) -> Parts:
        return {name: (r.keys, r.parts) for name, r in self.parts.items()}


class TrackingEnvironment(jinja2.Environment):
    """A Jinja2 environment that records every read of a model object while its recorder is on."""

    recorder: Recorder

    def getattr(self, obj: Any, attribute: str) -> Any:
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                value = obj[attribute]
            except (TypeError, LookupError, AttributeError):
                return self.undefined(obj=obj, name=attribute)
        if type(obj) in _TRACKED:  # the hot path: every `x.y` of every template comes through here
            reads = self.recorder.reads
            if reads is not None:
                reads.add((obj, attribute))  # model objects hash by identity; a read made twice counts once
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) in _TRACKED and isinstance(argument, str):
            return self.getattr(obj, argument)  # records it
        return super().getitem(obj, argument)


class Digests(dict[Key, int]):
    """Key → digest of its value (a 128-bit int) in this build; reads of another build are looked up
    in `objects` (token → model object) when first asked. A key whose object is gone has no digest."""

    objects: Mapping[str, object] | None = None

    def __missing__(self, key: Key) -> int:
        name, _, attribute = key.partition(".")
        obj = self.objects.get(name) if self.objects is not None else None
        value = _GONE if obj is None else _digest(obj, attribute, key)
        self[key] = value
        return value


_GONE = -1  # never a digest (they are non-negative): a page that read a vanished object is not the same


class Fingerprints:
    """Page fingerprints: of what a render read (after it), or of what another build's render read,
    evaluated on this model (to tell whether the page would come out the same).

    A fingerprint is order-free: the sum of the digests of every key read, a partial's keys
    counted once per partial it reused.
    """

    def __init__(
        self,
        site_key: str,
        recorder: Recorder,
        objects: Mapping[str, object] | None = None,
        previous: Parts | None = None,
    ) -> None:
        self.site_key = site_key.encode()
        self.recorder = recorder
        self.digests = recorder.digests
        if objects is not None:
            self.digests.objects = objects
        self.previous = previous or {}  # the last build's partials, for its pages' reads
        self._sums: dict[tuple[str, bool], int] = {}

    def of(
        self, template: str, context: Mapping[str, Any], keys: Iterable[Key], parts: Iterable[str], old: bool
    ) -> str | None:
        """The fingerprint of a page of template with context whose render read keys and parts (of this
        build, or with old, of the last); None when a read object is no longer in the model."""
        total = self._sum(keys)
        for name in parts:
            value = self._part(name, old)
            if value < 0:
                return None
            total += value
        if total < 0:
            return None
        h = hashlib.blake2b(self.site_key, digest_size=16)
        h.update(template.encode() + b"\x00" + shallow(_own(context)).encode("utf-8", "surrogatepass") + b"\x00")
        h.update((total % _MODULUS).to_bytes(16, "big"))
        return h.hexdigest()

    def _sum(self, keys: Iterable[Key]) -> int:
        values = list(map(self.digests.__getitem__, keys))
        return -1 if _GONE in values else sum(values)

    def _part(self, name: str, old: bool) -> int:
        found = self._sums.get((name, old))
        if found is not None:
            return found
        if old:
            keys, parts = self.previous.get(name, (None, ()))
        else:
            mine = self.recorder.parts.get(name)
            keys, parts = (mine.keys, mine.parts) if mine is not None else (None, ())
        total = -1 if keys is None else self._sum(keys)
        for inner in parts if total >= 0 else ():
            value = self._part(inner, old)
            total = -1 if value < 0 else total + value
            if total < 0:
                break
        self._sums[(name, old)] = total
        return total


_MODULUS = 1 << 128


def objects_by_token(site: Site) -> dict[str, object]:
    """Every model object of a site by its token: where another build's reads are looked up."""
    found: dict[str, object] = {"s": site}
    for brief in site.briefs:
        found[token(brief)] = brief
        for quote in brief.quotes:
            found[token(quote)] = quote
    for index in site.taxonomies.values():
        found[token(index)] = index
        for term in index.terms:
            found[token(term)] = term
            if term.entry is not None:
                found[token(term.entry)] = term.entry
    for month in site.months:
        found[token(month)] = month
    return found


def _digest(obj: object, attribute: str, key: Key) -> int:
    """The digest of one read: of its key and of the value it gave (a method: random, never equal)."""
    value: Any
    if attribute == FILE:
        if isinstance(obj, Brief):
            value = obj.digest
        elif isinstance(obj, Quote):
            value = obj.brief.digest
        else:
            value = [getattr(obj, n) for n in _ENTRY_FILE]
    else:
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            value = jinja2.Undefined
    if type(value) is str:
        text = key + "\x00" + value  # most reads: a URL, a name, a file's hash
    elif callable(value) and not isinstance(value, type):
        return int.from_bytes(os.urandom(16), "big")  # what a method gives depends on arguments not seen
    else:
        text = key + "\x01" + shallow(value)
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest(), "big")


def _own(context: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """A page's own context, without what every page shares (the site and its config)."""
    return [(k, v) for k, v in context.items() if k != "site" and k != "config"]
