"""Checks of the settings file, the feeds file and NEWSCLAIMS_* variables: each mistake is a ConfigError.

A ConfigError names the file, the line and the key, on one line (``feeds.toml:7: feed[2].url: …``), so an
operator can go straight to it. tomllib gives no positions for keys, so :class:`Locator` finds them with a
light scan of the file's text: good enough to point at a line, not a TOML parser.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import types
import typing
from pathlib import Path


class ConfigError(ValueError):
    """One mistake in a settings or feeds file, or in an environment variable.

    ``file`` is None for the environment; ``line`` is 1-based, or None when unknown; ``key`` is dotted
    (``fetch.concurrency``; ``feed[3].url`` is the third ``[[feed]]`` table's url), an environment variable's
    name, or None for the file as a whole. ``str()`` is ``file:line: key: message``, always one line.
    """

    def __init__(self, file: str | Path | None, line: int | None, key: str | None, message: str):
        file = None if file is None else str(file)
        super().__init__(file, line, key, message)  # args as given, so the error pickles (Prefect does)
        self.file, self.line, self.key, self.message = file, line, key, message

    def __str__(self) -> str:
        where = "environment" if self.file is None else f"{self.file}:{self.line}" if self.line else self.file
        return ": ".join(_one_line(part) for part in (where, self.key, self.message) if part)


def _one_line(text: str) -> str:
    return " ".join(str(text).splitlines())


# -- reading a TOML file -------------------------------------------------------------------------------------

_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")


def read_toml(path: Path) -> tuple[dict, Locator]:
    """The document in ``path`` and where its keys are; a file that cannot be read or parsed is a ConfigError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, None, None, "no such file") from None
    except IsADirectoryError:
        raise ConfigError(path, None, None, "is a folder, not a file") from None
    except OSError as error:
        raise ConfigError(path, None, None, f"cannot read it: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(path, data[:error.start].count(b"\n") + 1, None, "not UTF-8 text") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise syntax_error(path, text, error) from None
    return document, Locator(text)


def syntax_error(path: Path, text: str, error: tomllib.TOMLDecodeError) -> ConfigError:
    """A TOML syntax error as a ConfigError on its line (Python 3.11's error has the position in its message)."""
    message = str(error)
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)  # Python 3.14+
    match = _POSITION.search(message)
    if match:
        message = message[:match.start()]
        if match[1]:
            line, column = int(match[1]), int(match[2])
        elif line is None:  # at end of document: the last line
            line, column = max(1, len(text.splitlines())), None
    return ConfigError(path, line, None, f"invalid TOML: {message}" + (f" (column {column})" if column else ""))


_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_ARRAY_HEADER = re.compile(rf"\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"\[\s*({_DOTTED})\s*\]")
_ASSIGNMENT = re.compile(rf"({_DOTTED})\s*=")
_STRINGS = re.compile(r'"""|\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'')
_LAST_PART = re.compile(r"(?:\.[^.\[\]]*|\[\d+\])$")


def _parts(dotted: str) -> list[str]:
    return [part[1:-1] if part[:1] in "\"'" else part for part in re.findall(_KEY_PART, dotted)]


class Locator:
    """The line of each table and key of a TOML text, by dotted path.

    The N-th ``[[feed]]`` table is ``feed[N]`` (1-based) and its keys ``feed[N].url``; ``feed`` is the first.
    """

    def __init__(self, text: str):
        self._lines: dict[str, int] = {}
        arrays: dict[str, int] = {}
        table, depth, closing = "", 0, None
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if closing:  # inside a multi-line string
                if raw.count(closing) % 2:
                    closing = None
                continue
            if depth > 0:  # inside a multi-line array or inline table
                depth += _depth(line)
                continue
            if not line or line.startswith("#"):
                continue
            if match := _ARRAY_HEADER.match(line):
                name = ".".join(_parts(match[1]))
                arrays[name] = arrays.get(name, 0) + 1
                table = f"{name}[{arrays[name]}]"
                self._note(table, number)
            elif match := _TABLE_HEADER.match(line):
                table = ".".join(_parts(match[1]))
                self._note(table, number)
            elif match := _ASSIGNMENT.match(line):
                self._note(".".join([table, *_parts(match[1])] if table else _parts(match[1])), number)
                value = line[match.end():]
                for delimiter in ('"""', "'''"):
                    if value.count(delimiter) % 2:
                        closing = delimiter
                        break
                else:
                    depth = _depth(value)

    def _note(self, path: str, number: int) -> None:
        while path and path not in self._lines:
            self._lines[path] = number
            shorter = _LAST_PART.sub("", path)
            if shorter == path:
                break
            path = shorter

    def line(self, path: str) -> int | None:
        """The line of ``path``, else of the nearest table or key that holds it; None when none is found."""
        while path:
            if path in self._lines:
                return self._lines[path]
            shorter = _LAST_PART.sub("", path)
            if shorter == path:
                return None
            path = shorter
        return None


def _depth(text: str) -> int:
    code = _STRINGS.sub("", text).split("#", 1)[0]
    return code.count("[") + code.count("{") - code.count("]") - code.count("}")


# -- checking values -----------------------------------------------------------------------------------------

KIND_NAMES = {int: "an integer", float: "a number", bool: "true or false", str: "a string", Path: "a string",
              tuple: "an array of strings"}
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def kind_of(hint) -> type:
    """int, float, bool, str, Path or tuple (of strings) for a dataclass field's type hint."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if typing.get_origin(hint) is tuple:
        return tuple
    return hint


def field_kinds(cls, exclude: tuple[str, ...] = ()) -> dict[str, type]:
    hints = typing.get_type_hints(cls)
    return {name: kind_of(hints[name]) for name in cls.__dataclass_fields__ if name not in exclude}


def describe(value) -> str:
    """A TOML value as an operator would name it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def check_value(value, kind: type):
    """A TOML value as a field of ``kind`` holds it (a path stays a string); ValueError says what is wrong."""
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif kind is tuple:
        if isinstance(value, str):  # a comma-separated string, as in the environment
            value = value.split(",")
        others = [item for item in value if not isinstance(item, str)] if isinstance(value, list) else []
        if others:
            raise ValueError(f"expected {KIND_NAMES[tuple]}, got an array holding {describe(others[0])}")
        ok = isinstance(value, list)
        value = tuple(value) if ok else value
    else:
        ok = isinstance(value, str)
    if not ok:
        raise ValueError(f"expected {KIND_NAMES.get(kind, kind.__name__)}, got {describe(value)}")
    return value


def parse_text(text: str, kind: type):
    """An environment variable's text as a field of ``kind`` holds it; ValueError says what is wrong."""
    try:
        if kind is int:
            return int(text.strip())
        if kind is float:
            return float(text.strip())
    except ValueError:
        raise ValueError(f"expected {KIND_NAMES[kind]}, got {text!r}") from None
    if kind is bool:
        if text.strip().lower() in TRUE + FALSE:
            return text.strip().lower() in TRUE
        raise ValueError(f"expected true or false ({'/'.join(TRUE)} or {'/'.join(FALSE)}), got {text!r}")
    if kind is tuple:
        return tuple(text.split(","))
    return text


def did_you_mean(name: str, known) -> str:
    """``"; did you mean 'x'?"`` for the known name closest to ``name``, or ``""``."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


# Rules a checked value must also follow: each returns what is wrong, or None.

def at_least(minimum: int):
    def rule(value) -> str | None:
        if value >= minimum:
            return None
        return f"must not be negative, got {value!r}" if minimum == 0 else f"must be at least {minimum}, got {value!r}"
    return rule


def positive(value) -> str | None:
    return None if value > 0 else f"must be greater than 0, got {value!r}"


def one_of(*choices: str):
    def rule(value) -> str | None:
        return None if value in choices else f"must be {' or '.join(repr(c) for c in choices)}, got {value!r}"
    return rule


def not_empty(value) -> str | None:
    return None if str(value).strip() else "must not be empty"
