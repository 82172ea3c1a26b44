"""Safe YAML for front matter and site.yml: plain data, line numbers for every key, clear errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import YamlError

# The C parser is several times faster on large sites; both give identical trees.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# At most this many alias uses per document: front matter never needs more, and it keeps
# "billion laughs" documents from expanding into gigabytes further down the pipeline.
MAX_ALIASES = 50

Path = tuple[str | int, ...]


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader with YAML 1.2-like scalars: dates stay strings, only true/false are booleans.

    Dates stay strings so that we validate them ourselves ("2023-02-30" gets a message
    instead of a ValueError), and "NO" (Norway) or "on" stay words in a list of places.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in list(_Loader.yaml_implicit_resolvers):
    _Loader.yaml_implicit_resolvers[_first] = [
        (tag, regexp) for tag, regexp in _Loader.yaml_implicit_resolvers[_first] if tag != "tag:yaml.org,2002:bool"
    ]
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _as_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!!timestamp 2023-09-05 10:00:00` stays text, so that it is checked like any date is."""
    return loader.construct_scalar(node)  # type: ignore[arg-type]


def _refused(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """Tags whose values no key takes (bytes, sets, ordered pairs): refused where they are written."""
    raise yaml.constructor.ConstructorError(
        None, None, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed", node.start_mark
    )


# Every value is then plain data (text, numbers, true/false, lists, mappings): what the schemas check.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_text)
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refused)


_INT = "tag:yaml.org,2002:int"
_MAX_DIGITS = 4000


@dataclass
class Document:
    """A parsed YAML document and where each key and item came from."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)  # path of keys/indexes → 1-based line

    def line(self, *path: str | int) -> int | None:
        """Line of the deepest known prefix of path (the key itself, else its parent)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def load(text: str, first_line: int = 1) -> Document:
    """Parse one YAML document; first_line is the file line the text starts on."""
    offset = first_line - 1
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(None, {(): first_line})
        lines: dict[Path, int] = {}
        _walk(node, (), lines, offset, set(), [0])
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _located(exc, offset) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", None) from None
    except RecursionError:
        raise YamlError("invalid YAML: nested too deeply", None) from None
    finally:
        loader.dispose()
    return Document(data, lines)


def _located(exc: yaml.MarkedYAMLError, offset: int) -> YamlError:
    """The error at the line to fix. An unclosed bracket or quote is reported where it was opened (the
    parser notices it lines later, often at the next key); other problems where the parser stopped."""
    problem = exc.problem or exc.context or "invalid YAML"
    opened = exc.context_mark
    if exc.context and opened is not None and any(w in exc.context for w in ("flow", "quoted scalar")):
        line = opened.line + 1 + offset
        if exc.problem_mark is not None and exc.problem_mark.line != opened.line:
            problem += f" ({exc.context} opened on this line; noticed on line {exc.problem_mark.line + 1 + offset})"
        else:
            problem += f" ({exc.context})"
        hint = _hint_for(problem) or "close the bracket or quote opened on this line"
        return YamlError(f"invalid YAML: {problem}", line, hint)
    mark = exc.problem_mark or opened
    stopped = mark.line + 1 + offset if mark is not None else None
    if exc.context and exc.problem and opened is not None:
        problem += f" ({exc.context} that starts on line {opened.line + 1 + offset})"
    return YamlError(f"invalid YAML: {problem}", stopped, _hint_for(problem))


def _hint_for(problem: str) -> str | None:
    if "could not determine a constructor" in problem or "is not allowed" in problem:
        return "tags such as !!python/object are not allowed; write plain values"
    if "mapping values are not allowed" in problem:
        return "quote values that contain ': ', e.g. title: \"Kim: a profile\""
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    return None


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], offset: int, seen: set[int], aliases: list[int]) -> None:
    """Record lines, reject duplicate keys and alias floods, without expanding shared nodes."""
    if id(node) in seen:
        aliases[0] += 1
        if aliases[0] > MAX_ALIASES:
            raise YamlError(
                f"invalid YAML: more than {MAX_ALIASES} aliases (*name)",
                node.start_mark.line + 1 + offset,
                "write the values out instead of repeating anchors",
            )
        return
    seen.add(id(node))
    lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.ScalarNode) and node.tag == _INT and len(node.value) > _MAX_DIGITS:
        # Python refuses to turn more digits than this into an int (sys.int_info.str_digits_check_threshold).
        raise YamlError(
            f"invalid YAML: a number with {len(node.value)} digits",
            node.start_mark.line + 1 + offset,
            "quote it if it is text",
        )
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            if key in keys:
                raise YamlError(
                    f"duplicate key '{key}'",
                    key_node.start_mark.line + 1 + offset,
                    "each key may appear once; remove or merge the repeated one",
                )
            keys.add(key)
            _walk(value_node, (*path, key), lines, offset, seen, aliases)
            # The key's own line, not its value's: a block list starts on the next line.
            lines[(*path, key)] = key_node.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, offset, seen, aliases)


def dump(data: dict[str, Any]) -> str:
    """Front matter as an editor would write it: block style, keys in the given order, UTF-8.

    Long values stay on one line (no folding), which is how editors expect to find a summary.
    SafeDumper quotes every string that YAML 1.1 would read as another type ("NO", "2023-09-05"),
    which is a superset of what our loader would misread, so values always round-trip.
    """
    text: str = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1_000_000
    )
    return text


class _Dumper(yaml.SafeDumper):
    """SafeDumper, but strings holding a character YAML reads as a line break are double-quoted.

    In a plain or single-quoted scalar, NEL (U+0085) and the Unicode line and paragraph separators
    come back as line breaks; in double quotes the emitter escapes them ("\\N"), so they survive.
    """


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(c in value for c in "\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)
