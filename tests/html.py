"""Reading a rendered page the way the tests look at it: by tag, CSS class and visible text.

The page is parsed with Django's own test parser (`django.test.html.parse_html`), which
normalises whitespace, so the text a test compares is the text a visitor reads.
"""

import re

from django import forms as django_forms
from django.test.html import Element, parse_html

# Spaces a reader would not see: before closing punctuation and after an opening bracket
# or quote. The HTML parser drops the spaces around inline elements such as <mark>, and
# `text` joins the parts with one, so "<mark>regeldruk</mark>." would read "regeldruk .".
_SPACE_A_READER_DOES_NOT_SEE = re.compile(r" (?=[.,;:!?)’])|(?<=[(‘]) ")


# The site's own images: the wordmark in the header and footer, from static/img/.
_SITE_IMAGE = re.compile(
    r'<img class="[\w-]+" src="/static/img/[\w.-]+\.svg" width="\d+" height="\d+" alt="[^"<]*">'
)


def without_site_images(html):
    """The page's HTML without the site's own images, so that a test can look for any
    other <img> (one that content smuggled in)."""
    return _SITE_IMAGE.sub("", html)


def parse_page(response):
    """The response's HTML as a tree of `django.test.html.Element`s."""
    return parse_html(response.content.decode())


def attrs(element):
    """The element's attributes as a dict (a valueless attribute such as `hidden` maps to None)."""
    return dict(element.attributes)


def attr(element, name):
    """The value of one attribute, or None when the element does not have it."""
    return attrs(element).get(name)


def css_classes(element):
    """The element's CSS classes, in the order of its class attribute."""
    return attrs(element).get("class", "").split()


def find_all(root, tag=None, css_class=None):
    """Every element below `root`, in document order, optionally with this tag name and/or
    this one CSS class among its classes."""
    found = []
    for child in root.children:
        if not isinstance(child, Element):
            continue
        if (tag is None or child.name == tag) and (
            css_class is None or css_class in css_classes(child)
        ):
            found.append(child)
        found.extend(find_all(child, tag, css_class))
    return found


def find(root, tag=None, css_class=None):
    """The first element `find_all` finds; fails the test when there is none."""
    matches = find_all(root, tag, css_class)
    assert matches, f"no <{tag or '*'} class={css_class!r}> on the page"
    return matches[0]


def by_id(root, element_id):
    """The one element with this id; fails the test when there are none or several."""
    matches = [element for element in find_all(root) if attr(element, "id") == element_id]
    assert len(matches) == 1, f"{len(matches)} elements with id {element_id!r}"
    return matches[0]


def _joined_text(element, text_of_child):
    parts = [
        text_of_child(child) if isinstance(child, Element) else child for child in element.children
    ]
    # Soft hyphens (config/templatetags/typography.py) show only where a line breaks.
    return re.sub(r"\s+", " ", " ".join(parts)).replace("\u00ad", "").strip()


def text(element):
    """The element's text, each run of whitespace made one space.

    Every child element counts as a word of its own, so "<b>a</b>." reads "a .": use
    `text_as_read` where inline markup stands right against punctuation.
    """
    return _joined_text(element, text)


def text_as_read(element):
    """The element's text as a reader sees it: like `text`, without a space before closing
    punctuation or after an opening bracket or quote (as around a marked search word)."""
    return _SPACE_A_READER_DOES_NOT_SEE.sub("", _joined_text(element, text_as_read))


def hrefs(element):
    """The href of every link below the element, in document order (None for a link without)."""
    return [attr(link, "href") for link in find_all(element, "a")]


def page_html(response):
    """The response's HTML without the soft hyphens of long words in headings
    (config/templatetags/typography.py): as a reader's search in the page finds it."""
    return response.content.decode().replace("\u00ad", "")


def h1(response):
    """The text of the page's (first) main heading."""
    return text(find(parse_page(response), "h1"))


def change_form_data(response):
    """The POST data of an admin change form as rendered: its fields and saved inline rows."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.initial_forms)
    for form in forms:
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field, django_forms.SplitDateTimeField):
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{key}_{index}"] = part or ""
            elif isinstance(field, django_forms.FileField) or value is None or value is False:
                continue
            else:
                data[key] = value
    return data
