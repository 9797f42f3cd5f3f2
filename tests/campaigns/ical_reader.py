"""A strict iCalendar (RFC 5545) reader for the tests: it refuses what calendar apps may
choke on (bare LF, lines over 75 octets, unbalanced components, bad escapes) instead of
guessing, and gives the unescaped values back."""

import re
from dataclasses import dataclass, field

MAX_OCTETS = 75
_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_ESCAPES = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}


class InvalidCalendar(AssertionError):
    pass


@dataclass
class Property:
    name: str
    params: dict
    raw: str

    @property
    def text(self):
        """The value read as TEXT: escapes undone, refusing unknown ones."""
        out, chars = [], iter(self.raw)
        for char in chars:
            if char == "\\":
                escaped = next(chars, "")
                if escaped not in _ESCAPES:
                    raise InvalidCalendar(f"{self.name}: bad escape \\{escaped}")
                out.append(_ESCAPES[escaped])
            elif char in ",;":
                raise InvalidCalendar(f"{self.name}: unescaped {char!r} in TEXT")
            else:
                out.append(char)
        return "".join(out)


@dataclass
class Component:
    name: str
    properties: list = field(default_factory=list)
    components: list = field(default_factory=list)

    def all(self, name):
        return [p for p in self.properties if p.name == name]

    def one(self, name):
        found = self.all(name)
        if len(found) != 1:
            raise InvalidCalendar(f"{self.name}: expected one {name}, found {len(found)}")
        return found[0]

    def children(self, name):
        return [c for c in self.components if c.name == name]


def physical_lines(body: bytes):
    """The lines as sent: every one must end in CRLF, be UTF-8 and at most 75 octets."""
    if not body.endswith(b"\r\n"):
        raise InvalidCalendar("the document does not end with CRLF")
    lines = body[:-2].split(b"\r\n")
    for number, line in enumerate(lines, start=1):
        if b"\n" in line or b"\r" in line:
            raise InvalidCalendar(f"line {number}: bare CR or LF")
        if len(line) > MAX_OCTETS:
            raise InvalidCalendar(f"line {number}: {len(line)} octets")
        line.decode("utf-8")  # a fold inside a UTF-8 character fails here
    return lines


def unfolded_lines(body: bytes):
    lines = []
    for line in physical_lines(body):
        if line[:1] in (b" ", b"\t"):
            if not lines:
                raise InvalidCalendar("continuation line without a line to continue")
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return [line.decode("utf-8") for line in lines]


def _content_line(line):
    in_quotes = False
    for index, char in enumerate(line):
        if char == '"':
            in_quotes = not in_quotes
        elif char == ":" and not in_quotes:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        raise InvalidCalendar(f"no value: {line!r}")
    name, *params = head.split(";")
    if not _NAME.match(name):
        raise InvalidCalendar(f"bad property name: {line!r}")
    parsed = {}
    for param in params:
        key, sep, param_value = param.partition("=")
        if not sep or not _NAME.match(key):
            raise InvalidCalendar(f"bad parameter: {line!r}")
        parsed[key.upper()] = param_value
    return Property(name=name.upper(), params=parsed, raw=value)


def read_calendar(body: bytes) -> Component:
    """The VCALENDAR of `body`; raises InvalidCalendar at the first violation."""
    stack, root = [], None
    for line in unfolded_lines(body):
        prop = _content_line(line)
        if prop.name == "BEGIN":
            component = Component(prop.raw)
            if stack:
                stack[-1].components.append(component)
            elif root is not None:
                raise InvalidCalendar("more than one top-level component")
            else:
                root = component
            stack.append(component)
        elif prop.name == "END":
            if not stack or stack[-1].name != prop.raw:
                raise InvalidCalendar(f"END:{prop.raw} does not close the open component")
            stack.pop()
        elif not stack:
            raise InvalidCalendar(f"property outside a component: {line!r}")
        else:
            stack[-1].properties.append(prop)
    if stack or root is None or root.name != "VCALENDAR":
        raise InvalidCalendar("not one complete VCALENDAR")
    return root
