"""Sanitised HTML (nh3's output) in the shape config/richtext.py stores: `blocks` gives the
top-level paragraphs and lists of a formatted text, `lines` every paragraph and list item
as one line of inline HTML.

Whatever the HTML was (the editor's, with a paragraph inside every list item; an older
text; a paste), the result has text only inside `<p>` and `<li>`, an item's single
paragraph unwrapped, no empty paragraphs, items, lists or formatting, no link without
an address, and nothing between blocks. So reading the result again gives the result.
"""

import html
import re
from html.parser import HTMLParser

WRAPPED_LINE = re.compile(r"\s*\n\s*")
EDGE_SPACE = " \t\n\r\f"


class _Element:
    __slots__ = ("attributes", "children", "tag")

    def __init__(self, tag, attributes=""):
        self.tag = tag
        self.attributes = attributes
        self.children = []


class _TreeBuilder(HTMLParser):
    """A tree of nh3's output (well-formed, escaped): elements and raw text."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.root = _Element("")
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        attributes = "".join(
            f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs
        )
        element = _Element(tag, attributes)
        self.open[-1].children.append(element)
        if tag != "br":
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag != "br":
            self.open.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(WRAPPED_LINE.sub(" ", data))

    def handle_entityref(self, name):
        self.open[-1].children.append(f"&{name};")

    def handle_charref(self, name):
        self.open[-1].children.append(f"&#{name};")


def _tree(sanitised):
    builder = _TreeBuilder()
    builder.feed(sanitised)
    builder.close()
    return builder.root.children


def _is(node, *tags):
    return isinstance(node, _Element) and node.tag in tags


def _visible(inline):
    """Whether inline HTML shows anything: text other than spaces (a line break is nothing)."""
    return bool(html.unescape(re.sub(r"<[^>]*>", "", inline)).strip())


def _inline(nodes):
    """Inline HTML of `nodes`; the text of a block found inside inline text is kept."""
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node.tag == "br":
            parts.append("<br>")
        elif node.tag in ("strong", "em"):
            inner = _inline(node.children)
            parts.append(f"<{node.tag}>{inner}</{node.tag}>" if _visible(inner) else inner)
        elif node.tag == "a":
            inner = _inline(node.children)
            linked = " href=" in node.attributes and _visible(inner)
            parts.append(f"<a{node.attributes}>{inner}</a>" if linked else inner)
        else:
            parts.append(_inline(node.children))
    return "".join(parts)


def _paragraph(nodes):
    text = _inline(nodes).strip(EDGE_SPACE)
    return f"<p>{text}</p>" if _visible(text) else ""


def _item(li):
    """The content of a list item: inline text, a paragraph of its own only when it has several."""
    children = li.children
    paragraphs = [child for child in children if _is(child, "p")]
    others = [child for child in children if not _is(child, "p", "ul", "ol")]
    if len(paragraphs) == 1 and not _visible(_inline(others)):
        at = children.index(paragraphs[0])
        children = [*children[:at], *paragraphs[0].children, *children[at + 1 :]]
    parts, run = [], []
    for child in children:
        if _is(child, "p", "ul", "ol"):
            parts.append(_inline(run).strip(EDGE_SPACE))
            parts.extend(_blocks([child]))
            run = []
        else:
            run.append(child)
    parts.append(_inline(run).strip(EDGE_SPACE))
    content = "".join(parts)
    return content if _visible(content) else ""


def _list(tag, items):
    contents = [_item(item) for item in items]
    contents = [content for content in contents if content]
    if not contents:
        return ""
    return f"<{tag}>" + "".join(f"<li>{content}</li>" for content in contents) + f"</{tag}>"


def _blocks(nodes):
    """The top-level blocks of `nodes`: paragraphs and lists, stray text and items wrapped."""
    found, run, stray_items = [], [], []

    def flush():
        found.append(_paragraph(run))
        found.append(_list("ul", stray_items))
        run.clear()
        stray_items.clear()

    for node in nodes:
        if _is(node, "li"):
            found.append(_paragraph(run))
            run.clear()
            stray_items.append(node)
        elif _is(node, "p"):
            flush()
            found.append(_paragraph(node.children))
        elif _is(node, "ul", "ol"):
            flush()
            loose = _Element("li")
            items = []
            for child in node.children:
                if _is(child, "li"):
                    items.append(child)
                elif isinstance(child, _Element) or child.strip():
                    loose.children.append(child)
            found.append(_list(node.tag, [loose, *items] if loose.children else items))
        else:
            if stray_items:
                flush()
            run.append(node)
    flush()
    return [block for block in found if block]


def _lines(nodes):
    """Every paragraph and list item of `nodes` (nested ones too) as one line of inline HTML;
    a line break, or a paragraph inside an item, starts another line."""
    found = []
    for block in _tree("".join(_blocks(nodes))):
        for item in [block] if block.tag == "p" else _items(block):
            parts = []
            for child in item.children:
                if _is(child, "p"):
                    parts += [_Element("br"), *child.children, _Element("br")]
                elif not _is(child, "ul", "ol"):
                    parts.append(child)
            found.extend(line.strip(EDGE_SPACE) for line in _inline(parts).split("<br>"))
    return [line for line in found if _visible(line)]


def _items(listing):
    found = []
    for item in listing.children:
        found.append(item)
        for child in item.children:
            if _is(child, "ul", "ol"):
                found.extend(_items(child))
    return found


def blocks(sanitised):
    """The paragraphs and lists of sanitised HTML, as one string."""
    return "".join(_blocks(_tree(sanitised)))


def lines(sanitised):
    """Every paragraph and list item of sanitised HTML as a line of inline HTML."""
    return _lines(_tree(sanitised))
