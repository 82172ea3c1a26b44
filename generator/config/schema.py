"""Declared schemas: each key has a type, a default and a doc; validation reports every error at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import Invalid, Problems, did_you_mean
from .yamlio import Document

Check = Callable[[Any], Any]


@dataclass(frozen=True)
class Key:
    """One documented key of a schema."""

    type: str  # how the README names the type, e.g. "list of strings"
    doc: str  # one line for the README
    check: Check  # converts a YAML value to its Python value or raises Invalid
    default: Any = None
    required: bool = False
    # For mappings of named sub-tables (taxonomies, topics): the schema of each value.
    table: Mapping[str, Key] | None = None
    # For a fixed nested mapping (markdown: {html: …}): its own schema.
    fields: Mapping[str, Key] | None = None
    shown: str | None = None  # how the README shows the default, when not the value itself


Schema = Mapping[str, "Key"]


def validate(
    doc: Document,
    schema: Schema,
    problems: Problems,
    path: str,
    prefix: tuple[str | int, ...] = (),
    allowed_extra: frozenset[str] = frozenset(),
    extra_hint: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check a mapping against schema: returns (known values with defaults, extra declared keys).

    Every error is added to problems; a key with an invalid value falls back to its default so
    that checking can continue and later errors are reported too.
    """
    data = doc.data
    for part in prefix:
        data = data[part]
    where = ".".join(str(p) for p in prefix)
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(path, doc.line(*prefix), where or None, f"expected a mapping of keys, got {_kind(data)}")
        data = {}
    for raw_key, value in data.items():
        key = str(raw_key)
        dotted = ".".join([*map(str, prefix), key])
        line = doc.line(*prefix, key)
        if key in allowed_extra:
            extra[key] = value
            continue
        spec = schema.get(key)
        if spec is None:
            hint = did_you_mean(key, [*schema, *allowed_extra]) or extra_hint
            problems.error(path, line, dotted, "unknown key", hint)
            continue
        if spec.table is not None:
            values[key] = _validate_table(doc, spec, problems, path, (*prefix, key))
            continue
        if spec.fields is not None:
            values[key], _ = validate(doc, spec.fields, problems, path, (*prefix, key))
            continue
        if value is None:
            if spec.required:
                problems.error(path, line, dotted, "has no value", f"write a value after '{key}:'")
            values[key] = spec.default
            continue
        try:
            values[key] = spec.check(value)
        except Invalid as exc:
            problems.error(path, _item_line(doc, (*prefix, key), exc), dotted, exc.message, exc.hint)
            values[key] = spec.default
    for key, spec in schema.items():
        if key in values:
            continue
        if spec.required:
            dotted = ".".join([*map(str, prefix), key])
            problems.error(path, doc.line(*prefix), dotted, "required key is missing", f"add '{key}: …'")
        if spec.fields is not None:
            values[key] = {name: sub.default for name, sub in spec.fields.items()}
        else:
            values[key] = spec.default
    return values, extra


def _item_line(doc: Document, path: tuple[str | int, ...], exc: Invalid) -> int | None:
    return doc.line(*path, exc.index) if exc.index is not None else doc.line(*path)


def _validate_table(
    doc: Document, spec: Key, problems: Problems, path: str, prefix: tuple[str | int, ...]
) -> dict[str, dict[str, Any]]:
    data = doc.data
    for part in prefix:
        data = data[part]
    if data is None:
        return dict(spec.default or {})
    if not isinstance(data, dict):
        problems.error(path, doc.line(*prefix), ".".join(map(str, prefix)), f"expected a mapping, got {_kind(data)}")
        return dict(spec.default or {})
    assert spec.table is not None
    result: dict[str, dict[str, Any]] = {}
    for name in data:
        name_s = str(name)
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name_s):
            problems.error(
                path,
                doc.line(*prefix, name),
                ".".join([*map(str, prefix), name_s]),
                "names here become URL segments: use lowercase letters, digits and '-'",
            )
            continue
        result[name_s], _ = validate(doc, spec.table, problems, path, (*prefix, name))
    return result


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return {dict: "a mapping", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


# --- checks ---------------------------------------------------------------------------------


# Characters no page or feed can hold (XML 1.0 forbids them) and no editor means to type: C0
# controls but tab and newline, DEL, non-characters and lone surrogates. Removed, not reported:
# they are invisible, and YAML escapes ("\x1b") are the only way they reach a value.
INVISIBLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

# More values than any brief means to list: a runaway list would make every term page and feed
# of the site repeat it (the output grows with the square of its length).
MAX_ITEMS = 200
# Text shown beside every brief (its card in each list, its entry in each feed) is repeated once
# per page that lists it: each field is bounded, so that one brief's share of the site is too.
MAX_TEXT = 2000  # a summary, a credit line, a site's description
MAX_TITLE = 300  # a headline
MAX_NAME = 120  # a name in a list: an actor, a place, an alias


def clean(text: str) -> str:
    return INVISIBLE.sub("", text)


def string(value: Any, limit: int = MAX_TEXT) -> str:
    if isinstance(value, (bool, dict, list)) or not isinstance(value, (str, int, float)):
        raise Invalid(f"expected a string, got {_kind(value)}")
    text = clean(str(value)).strip()
    if "\x00" in text:
        raise Invalid("contains a NUL character")
    if len(text) > limit:
        raise Invalid(f"{len(text)} characters; at most {limit} are allowed", "shorten it")
    return text


def path_text(value: Any) -> str:
    """A file path as text (a seed's): as long as a path may be (PATH_MAX), not as a summary."""
    return string(value, 4096)


def title(value: Any) -> str:
    """A headline: a non-empty string of at most MAX_TITLE characters."""
    text = string(value, MAX_TITLE)
    if not text:
        raise Invalid("must not be empty")
    return text


def name(value: Any) -> str:
    """A registry entry's name: as bounded as the names briefs list."""
    text = string(value, MAX_NAME)
    if not text:
        raise Invalid("must not be empty")
    return text


def folder_name(value: Any) -> str:
    """The name of one folder (a theme under themes/): no path, no '..', nothing hidden."""
    text = nonempty_string(value)
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]*", text) or len(text) > 100:
        raise Invalid(f"'{text}' is not a folder name", "name a folder under themes/, e.g. default")
    return text


def nonempty_string(value: Any) -> str:
    text = string(value)
    if not text:
        raise Invalid("must not be empty")
    return text


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got {_kind(value)}", "write true or false, without quotes")
    return value


def integer(minimum: int, maximum: int) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"expected a whole number, got {_kind(value)}")
        if not minimum <= value <= maximum:
            raise Invalid(f"must be between {minimum} and {maximum}")
        return value

    return check


def number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(f"expected a number, got {_kind(value)}")
    return float(value)


def url(value: Any) -> str:
    text = nonempty_string(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(f"'{text}' is not an http(s) URL", "write the full address, e.g. https://example.org/page")
    return text


def string_list(value: Any) -> list[str]:
    """A list of non-empty strings; a single string is accepted as a list of one."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise Invalid(f"expected a list of strings, got {_kind(value)}", "write [a, b] or one '- item' per line")
    if len(value) > MAX_ITEMS:
        raise Invalid(f"{len(value)} items; at most {MAX_ITEMS} are allowed", "keep the ones the brief is about")
    result: list[str] = []
    for index, item in enumerate(value):
        if item is None or not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise Invalid(f"item {index + 1} should be a string, got {_kind(item)}", index=index)
        text = clean(str(item)).strip()
        if not text or "\x00" in text:
            raise Invalid(
                f"item {index + 1} is empty" if not text else f"item {index + 1} contains a NUL character", index=index
            )
        if len(text) > MAX_NAME:
            raise Invalid(
                f"item {index + 1} has {len(text)} characters; at most {MAX_NAME} are allowed",
                "a name, not a sentence",
                index=index,
            )
        result.append(text)
    return result


MAX_QUOTES = 100
MAX_QUOTE = 2000  # characters: a quote, not a transcript


def quote_list(value: Any) -> list[dict[str, str]]:
    """Quotes: a list of {text, speaker} (speaker may be left out), each text a non-empty string."""
    if not isinstance(value, list):
        raise Invalid(
            f"expected a list of quotes, got {_kind(value)}", "write '- {speaker: Name, text: \"…\"}' per quote"
        )
    if len(value) > MAX_QUOTES:
        raise Invalid(f"{len(value)} quotes; at most {MAX_QUOTES} are allowed", "keep the ones the brief is about")
    quotes: list[dict[str, str]] = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict):
            raise Invalid(
                f"quote {index + 1} should be a mapping with text and speaker, got {_kind(item)}", index=index
            )
        unknown = sorted(set(map(str, item)) - {"text", "speaker"})
        if unknown:
            hint = did_you_mean(unknown[0], ["text", "speaker"])
            raise Invalid(f"quote {index + 1} has an unknown key '{unknown[0]}'", hint, index=index)
        text = string(item.get("text", "")) if item.get("text") is not None else ""
        if not text:
            raise Invalid(f"quote {index + 1} has no text", "write what was said after 'text:'", index=index)
        if len(text) > MAX_QUOTE:
            raise Invalid(
                f"quote {index + 1} is over {MAX_QUOTE} characters", "quote the sentence that matters", index=index
            )
        speaker = string(item.get("speaker") or "")
        quotes.append({"speaker": speaker, "text": text} if speaker else {"text": text})
    return quotes


def mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(f"expected a mapping, got {_kind(value)}")
    return {str(k): v for k, v in value.items()}


def weights(value: Any) -> dict[str, float]:
    """A mapping of keyword → weight, or a list of keywords (weight 1 each)."""
    if isinstance(value, list):
        return {k: 1.0 for k in string_list(value)}
    if not isinstance(value, dict):
        raise Invalid(f"expected keywords with weights, got {_kind(value)}", "write 'artillery: 3' per line")
    result: dict[str, float] = {}
    for k, v in value.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise Invalid(f"weight of '{k}' should be a number, got {_kind(v)}")
        result[str(k)] = float(v)
    return result


def choice(*options: str) -> Check:
    def check(value: Any) -> str:
        text = string(value)
        if text not in options:
            raise Invalid(f"'{text}' is not one of: {', '.join(options)}", did_you_mean(text, options))
        return text

    return check


def language(value: Any) -> str:
    text = nonempty_string(value)
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", text):
        raise Invalid(f"'{text}' is not a language tag", "use a BCP 47 tag such as en, ko or en-GB")
    return text


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_or_datetime(value: Any) -> dt.date | dt.datetime:
    """YYYY-MM-DD, or an ISO 8601 date-time with an offset (2023-09-05T17:44:00+09:00).

    Values from Python (ingest's own) get the same checks as text: a time needs its offset, and
    the moment must be one the calendar can hold in UTC (9999-12-31T23:00:00-05:00 cannot).
    """
    hint = "write YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+HH:MM"
    if isinstance(value, dt.datetime):
        when = value
        text = value.isoformat()
    elif isinstance(value, dt.date):
        return value
    else:
        text = string(value, 100)
        if _DATE.fullmatch(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise Invalid(f"'{text}' is not a real date", "check the month and the day") from None
        if not _DATE.match(text):
            raise Invalid(f"'{text}' is not a date", hint)
        try:
            when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise Invalid(f"'{text}' is not a real date and time", hint) from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise Invalid(f"'{text}' has a time but no offset", "add the offset, e.g. 2023-09-05T17:44:00+09:00")
    try:
        when.astimezone(dt.UTC).timestamp()
    except (OverflowError, ValueError, OSError):
        raise Invalid(f"'{text}' is outside the calendar once moved to UTC", "check the year and the offset") from None
    return when
