"""The pages every site has: about this site, privacy, and contact with the colophon.

Three fixed pages, linked from every page's footer and listed in the sitemap; staff edit
their title, lead and text in the admin (rich text, config/richtext.py), never which
pages there are. Each has its row from the start: `site_pages_ensure()` runs after every
`migrate` (and after an import of content without them) and makes a missing page with
its first text from `data/site_pages.toml`, which states only what this site does;
an existing page is never touched.

Why a model of our own and not `django.contrib.flatpages`: flatpages needs the sites
framework (a Site row and SITE_ID for what is one site), keeps raw HTML that would pass
the sanitiser every other text goes through, lets staff make any address (one that
could hide a campaign at /<slug>/), and serves outside the page cache. These three
addresses are fixed and reserved as campaign slugs, are cached like every public page,
and their text is rich text like all content.
"""

import tomllib
from pathlib import Path

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.richtext import RICH
from config.richtext_fields import RichTextField

FIRST_TEXTS = Path(__file__).resolve().parent / "data" / "site_pages.toml"


class SitePage(models.Model):
    class Key(models.TextChoices):
        # The value is the page's address: /over-deze-site/, /privacy/, /contact/.
        ABOUT = "over-deze-site", _("Over deze site")
        PRIVACY = "privacy", _("Privacy")
        CONTACT = "contact", _("Contact en colofon")

    key = models.CharField(_("pagina"), max_length=20, choices=Key, unique=True)
    title = models.CharField(_("titel"), max_length=100)
    lead = models.CharField(
        _("inleiding"),
        max_length=300,
        blank=True,
        help_text=_("Eén of twee zinnen onder de titel; platte tekst."),
    )
    body = RichTextField(_("tekst"))
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("pagina over de site")
        verbose_name_plural = _("pagina's over de site")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:site-page", kwargs={"key": self.key})


def first_texts() -> dict[str, dict]:
    """The first title, lead and text of each page, by key."""
    with FIRST_TEXTS.open("rb") as file:
        pages = tomllib.load(file)["pages"]
    return {
        page["key"]: {
            "title": page["title"],
            "lead": page.get("lead", ""),
            # In the stored form here: after `migrate` the page is made through the
            # migration state's model, which does not clean on save.
            "body": RICH.clean(page["body"].strip()),
        }
        for page in pages
    }


def site_pages_ensure(model=SitePage, using="default"):
    """Make every page that has no row yet, with its first text; returns those made."""
    existing = set(model.objects.using(using).values_list("key", flat=True))
    texts = first_texts()
    missing = [model(key=key, **texts[key]) for key in SitePage.Key.values if key not in existing]
    return model.objects.using(using).bulk_create(missing)


def site_pages_after_migrate(sender, using="default", apps=None, **kwargs):
    """post_migrate receiver (apps.py): the pages exist from the first migrate on; skipped
    while migrating to a state before the model."""
    try:
        model = apps.get_model("campaigns", "SitePage") if apps else SitePage
    except LookupError:
        return
    site_pages_ensure(model, using=using)
