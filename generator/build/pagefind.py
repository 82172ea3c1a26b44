"""Build stage, search: Pagefind's indexing service driven through its Python API, its bundles made deterministic.

Pagefind (https://pagefind.app) indexes records we give it (`add_custom_record`) and hands back a
search bundle: a meta file, word-index chunks, filter indexes and one fragment per record, loaded
by the browser as a search needs them. Two things here are not Pagefind's defaults:

- **Responses are read as they come.** The Python API's service polls its pipe every 0.1 s, one
  response at a time: 1,000 records took 100 s. `Service` reads responses without the pause, and
  records are sent without waiting for each answer (the service handles messages one at a time,
  in the order they arrive, so the records keep their order).
- **The bundle is put in a canonical order.** Pagefind keeps filters, their values, sort orders
  and languages in hash maps seeded at random, so two runs on the same records write filter files
  with other bytes and other names, and a meta file and entry that name them (Pagefind's own TODO:
  "Change filter indexes to BTree to give them a stable hash"). `canonical` sorts each of them,
  re-encodes the CBOR (cbor2), renames the files by the hash of their new bytes as Pagefind does
  (SHA-1, `lang_` and 7 or 10 hex digits) and compresses them without a time stamp.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import gzip
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import cbor2
from pagefind.service import PagefindService
from pagefind.service.types import InternalRequestPayload, InternalResponsePayload, InternalServiceRequest

from ..errors import BuildError

SIGNATURE = b"pagefind_dcd"  # what every compressed Pagefind file starts with once decompressed
# The browser runtime, written once at the bundle root; each bucket keeps only its index files
# and the WebAssembly of its language (the first bucket is the primary instance that loads it).
RUNTIME = ("pagefind.js", "pagefind-highlight.js")
DATA_FOLDERS = ("index/", "fragment/", "filter/")
_LIMIT = 1 << 30  # longest response read from the service (GetFiles sends a whole bundle at once)


@dataclass(frozen=True)
class Record:
    """One searchable brief, as Pagefind's add_custom_record takes it."""

    url: str  # the brief's route (the browser adds the base path)
    content: str  # the text searched and quoted in excerpts
    language: str  # the index it goes in (stemming)
    meta: dict[str, str] = field(default_factory=dict)  # shown with a result: title, date…
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet → values
    sort: dict[str, str] = field(default_factory=dict)  # sort key → sortable value


class Service(PagefindService):
    """Pagefind's service process, its responses read as soon as they arrive."""

    async def launch(self) -> Service:
        try:
            self._backend = await asyncio.create_subprocess_exec(
                self._bin,
                "--service",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
                limit=_LIMIT,
            )
        except OSError as exc:
            raise BuildError(f"cannot start Pagefind ({self._bin}): {exc.strerror}", hint=_INSTALL) from None
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    async def send(self, payload: InternalRequestPayload) -> InternalResponsePayload:
        """PagefindService.send without its debug lines: they format each request (a whole record)
        twice whether anything is logged or not, a fifth of the Python side of indexing."""
        self._message_id += 1
        future: asyncio.Future[InternalResponsePayload] = self._loop.create_future()
        self._responses[self._message_id] = future
        stdin = self._backend.stdin
        assert stdin is not None  # launched with a pipe
        request = InternalServiceRequest(message_id=self._message_id, payload=payload)
        stdin.write(base64.b64encode(json.dumps(request).encode("utf-8")) + b",")  # the service reads to a comma
        await stdin.drain()
        return await future

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        while True:
            try:
                message = await stdout.readuntil(b",")
            except asyncio.IncompleteReadError:  # the service ended: fail whatever still waits
                for waiting in self._responses.values():
                    if not waiting.done():
                        waiting.set_exception(BuildError("Pagefind stopped while indexing", hint=_INSTALL))
                return
            response = json.loads(base64.b64decode(message[:-1]))
            future = self._responses.get(response.get("message_id")) if response else None
            if future is None or future.done():  # not ours, or given up on
                continue
            payload = response["payload"]
            if payload.get("type") == "Error":
                future.set_exception(BuildError(f"Pagefind: {payload.get('message', 'error')}"))
            else:
                future.set_result(payload)


_INSTALL = "install it with: pip install 'pagefind[bin]>=1.5,<1.6'"


def executable_or_error() -> None:
    """Fail early, with the fix, when Pagefind's binary is not installed."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None or not os.access(found, os.X_OK):
        raise BuildError("the search index needs Pagefind's binary, which is not installed", hint=_INSTALL)


Finish = Callable[[dict[str, bytes]], dict[str, bytes]]


async def _bundle(records: list[Record], gate: asyncio.Semaphore, finish: Finish) -> dict[str, bytes]:
    """One group's bundle, as finish makes it; the group is emptied once its records are sent, so that a
    big index holds only the records of the groups being indexed, not all of them."""
    async with gate:
        service = Service()
        await service.launch()
        try:
            index = await service.create_index({})
            added = [
                index.add_custom_record(
                    url=r.url,
                    content=r.content,
                    language=r.language,
                    meta=r.meta,
                    filters=r.filters,
                    sort=r.sort,
                )
                for r in records
            ]
            records.clear()
            await asyncio.gather(*added)
            del added
            files = await index.get_files()
        finally:
            await service.close()
    return finish({f["path"]: f["content"] for f in files})


def each_bundle(groups: list[list[Record]], take: Callable[[int, dict[str, bytes]], None], jobs: int = 1) -> None:
    """Each group of records indexed into a canonical bundle (relative path → bytes), jobs at once,
    handed to take(group's number, bundle) as soon as it is made and not kept here. Each group is
    emptied once sent (its records are let go).

    Every group has a service of its own, so a bundle depends only on its records, never on the
    other groups or on how many ran at once.
    """
    _each(groups, take, jobs, canonical)


def _each(groups: list[list[Record]], take: Callable[[int, dict[str, bytes]], None], jobs: int, finish: Finish) -> None:
    if not groups:
        return
    executable_or_error()

    async def one(number: int, gate: asyncio.Semaphore) -> None:
        take(number, await _bundle(groups[number], gate, finish))

    async def run() -> None:
        gate = asyncio.Semaphore(max(1, jobs))
        await asyncio.gather(*(one(number, gate) for number in range(len(groups))))

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop in this thread
        asyncio.run(run())
        return
    # Called from async code (a notebook, a test driving a browser): a loop of its own, in a thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


def runtime(language: str) -> dict[str, bytes]:
    """The browser side of Pagefind (pagefind.js and its highlighter), the same for every bundle."""
    made: dict[str, bytes] = {}
    _each([[Record("/", "runtime", language)]], lambda _, files: made.update(files), 1, dict)
    return {name: made[name] for name in RUNTIME}


# --- the canonical bundle -----------------------------------------------------------------------


def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """A bundle's index files with Pagefind's hash-map orders sorted, renamed by their new bytes.

    Keeps the entry, the meta files, the index, filter and fragment folders and the WebAssembly
    of each language; drops the runtime and UI files (written once, at the root).
    """
    try:
        entry = json.loads(files["pagefind-entry.json"])
        kept = {p: data for p, data in files.items() if p.startswith(("index/", "fragment/"))}
        languages: dict[str, Any] = {}
        for language, info in sorted(entry["languages"].items()):
            meta = _decode(files[f"pagefind.{info['hash']}.pf_meta"])
            if not (isinstance(meta, list) and len(meta) == 6 and isinstance(meta[3], list)):
                raise ValueError("meta index")
            named: list[list[str]] = []
            for name, old in sorted(meta[3]):
                index = _decode(files[f"filter/{old}.pf_filter"])
                index[1].sort(key=lambda value: value[0])
                data = cbor2.dumps(index)
                new = _short(language, data, 7, kept, "filter/{}.pf_filter")
                kept[f"filter/{new}.pf_filter"] = _compress(data)
                named.append([name, new])
            meta[3] = named
            meta[4] = sorted(meta[4], key=lambda sort: sort[0])
            data = cbor2.dumps(meta)
            digest = f"{language}_{hashlib.sha1(data).hexdigest()[:10]}"  # noqa: S324 - Pagefind's file names
            kept[f"pagefind.{digest}.pf_meta"] = _compress(data)
            wasm = f"wasm.{info.get('wasm') or 'unknown'}.pagefind"
            kept[wasm] = files[wasm]
            languages[language] = {**info, "hash": digest}
        entry["languages"] = languages
        kept["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    except (KeyError, ValueError, TypeError, IndexError, AttributeError, OSError, cbor2.CBORError) as exc:
        raise BuildError(
            f"Pagefind wrote an index this version of Briefing cannot read ({type(exc).__name__}: {exc})",
            hint=_INSTALL,
        ) from None
    return kept


def _decode(compressed: bytes) -> Any:
    data = gzip.decompress(compressed)
    if not data.startswith(SIGNATURE):
        raise ValueError("a file without Pagefind's signature")
    return cbor2.loads(data[len(SIGNATURE) :])


def _compress(data: bytes) -> bytes:
    return gzip.compress(SIGNATURE + data, compresslevel=9, mtime=0)


def _short(language: str, data: bytes, length: int, taken: dict[str, bytes], pattern: str) -> str:
    """lang_ and the shortest hash prefix from length on that names no other file (as Pagefind does)."""
    digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Pagefind's file names, not security
    for end in range(length, len(digest) + 1):
        name = f"{language}_{digest[:end]}"
        if pattern.format(name) not in taken:
            return name
    return f"{language}_{digest}"
