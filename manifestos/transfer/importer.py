"""Writing a document into the database: `content_import()`, all or nothing.

The document is checked completely first (document.py); then all content is
removed and the document's written in one transaction, every object validated
the way a form would. With any problem every problem is listed and nothing is
changed. Links that may point forward (where something was copied from, a
theme's predecessor) and the stored timestamps are set last.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from campaigns.models import Campaign, CampaignEvent, KeyFigure, SitePage, UpcomingElection
from campaigns.site_pages import site_pages_ensure
from regions.models import (
    Contact,
    District,
    FigureRow,
    Municipality,
    MunicipalityAlias,
    Province,
    RegionalFigures,
)

from ..models import Edition, Recommendation, Theme, theme_slug
from .document import document_read
from .format import (
    CONTENT_MODELS,
    FIELDS,
    ContentReport,
    ContentTransferError,
    content_counts,
    counts_text,
)
from .parties import parties_write

# The key of a working copy's themes and recommendations, after its edition's campaign
# and scope: apart from the edition's own, which references name.
WORKING_COPY = "working_copy"


class Writer:
    """Creates the objects of a checked document; collects every validation error."""

    def __init__(self, pk_of=None):
        self.pk_of = pk_of
        self.errors = []
        self.districts = {}
        self.provinces = {}
        self.municipalities = {}
        self.contacts = {}
        self.campaigns = {}
        self.editions = {}
        self.themes = {}
        self.recommendations = {}
        # (model, pk, {field: value}) to set last, with update(): lineage links may point
        # forward, and timestamps must survive the saves before them.
        self.finishing = []

    def save(self, obj, path):
        if self.pk_of is not None and obj.pk is None:
            obj.pk = self.pk_of(obj)
        try:
            obj.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                where = path if name == "__all__" else f"{path}.{name}"
                self.errors.extend(f"{where}: {message}" for message in messages)
            return None
        obj.save()
        return obj

    def lookup(self, objects, key, path, what):
        if key is None:
            return None
        if key not in objects:
            self.errors.append(f"{path}: {what} {key!r} staat niet in het bestand.")
            return None
        return objects[key]

    def fields(self, model, record):
        return {name: record[name] for name in FIELDS[model]}

    def finish_later(self, obj, **values):
        self.finishing.append((type(obj), obj.pk, values))

    def write(self, document):
        for record in document["districts"]:
            district = self.save(
                District(**self.fields(District, record)), f"districts[{record['slug']}]"
            )
            if district:
                self.districts[district.slug] = district
        for record in document["provinces"]:
            path = f"provinces[{record['cbs_code']}]"
            district = self.lookup(self.districts, record["district"], path, "district")
            province = self.save(Province(**self.fields(Province, record), district=district), path)
            if province:
                self.provinces[province.cbs_code] = province
        self.write_municipalities(document["municipalities"])
        for record in document["contacts"]:
            path = f"contacts[{record['slug']}]"
            district = self.lookup(self.districts, record["district"], path, "district")
            contact = self.save(Contact(**self.fields(Contact, record), district=district), path)
            if contact:
                self.contacts[contact.slug] = contact
        for index, record in enumerate(document["regional_figures"]):
            self.write_figures(record, f"regional_figures[{index}]")
        for record in document["campaigns"]:
            self.write_campaign(record)
        self.write_lineage(document["campaigns"])
        for index, record in enumerate(document["upcoming_elections"]):
            values = self.fields(UpcomingElection, record)
            upcoming = self.save(UpcomingElection(**values), f"upcoming_elections[{index}]")
            if upcoming is not None:
                self.finish_later(
                    upcoming, created_at=values["created_at"], updated_at=values["updated_at"]
                )
        parties_write(self, document["parties"])
        self.write_site_pages(document["site_pages"])
        if self.errors:
            return
        for model, pk, values in self.finishing:
            model._default_manager.filter(pk=pk).update(**values)

    def write_site_pages(self, records):
        """The pages about the site always exist: the document's text replaces theirs."""
        for record in records:
            values = self.fields(SitePage, record)
            page = SitePage.objects.filter(key=values["key"]).first() or SitePage()
            for name, value in values.items():
                setattr(page, name, value)
            if self.save(page, f"site_pages[{values['key']}]") is not None:
                self.finish_later(page, updated_at=values["updated_at"])

    def write_municipalities(self, records):
        for record in records:
            path = f"municipalities[{record['cbs_code']}]"
            province = self.lookup(self.provinces, record["province"], path, "provincie")
            municipality = self.save(
                Municipality(**self.fields(Municipality, record), province=province), path
            )
            if municipality is None:
                continue
            self.municipalities[municipality.cbs_code] = municipality
            for alias in record["aliases"]:
                self.save(
                    MunicipalityAlias(
                        **self.fields(MunicipalityAlias, alias), municipality=municipality
                    ),
                    f"{path}.aliases[{alias['slug']}]",
                )
        for record in records:
            path = f"municipalities[{record['cbs_code']}].successors"
            municipality = self.municipalities.get(record["cbs_code"])
            successors = [
                self.lookup(self.municipalities, code, path, "gemeente")
                for code in record["successors"]
            ]
            if municipality and all(successors):
                municipality.successors.set(successors)

    def region(self, kind, key, path):
        objects = {
            "municipality": self.municipalities,
            "province": self.provinces,
            "district": self.districts,
        }[kind]
        return self.lookup(objects, key, path, kind)

    def write_figures(self, record, path):
        kind, key = record["region"]
        region = self.region(kind, key, f"{path}.region")
        if region is None:
            return
        figures = self.save(
            RegionalFigures(**self.fields(RegionalFigures, record), **{kind: region}), path
        )
        if figures is None:
            return
        for index, row in enumerate(record["rows"]):
            self.save(
                FigureRow(**self.fields(FigureRow, row), figures=figures), f"{path}.rows[{index}]"
            )

    def scope(self, scope, path):
        if scope is None:
            return {}
        kind, code = scope
        region = self.region(kind, code, path)
        return {kind: region} if region else None

    def write_campaign(self, record):
        path = f"campaigns[{record['slug']}]"
        values = self.fields(Campaign, record)
        central_contact = self.lookup(
            self.contacts, record["central_contact"], f"{path}.central_contact", "contactpersoon"
        )
        campaign = self.save(Campaign(**values, central_contact=central_contact), path)
        if campaign is None:
            return
        self.campaigns[campaign.slug] = campaign
        self.finish_later(
            campaign, created_at=values["created_at"], updated_at=values["updated_at"]
        )
        for figure in record["key_figures"]:
            self.save(
                KeyFigure(**self.fields(KeyFigure, figure), campaign=campaign),
                f"{path}.key_figures[{figure['position']}]",
            )
        for event_record in record["events"]:
            values = self.fields(CampaignEvent, event_record)
            event = self.save(
                CampaignEvent(**values, campaign=campaign), f"{path}.events[{values['uid']}]"
            )
            if event is not None:
                self.finish_later(
                    event, created_at=values["created_at"], updated_at=values["updated_at"]
                )
        for edition_record in record["editions"]:
            self.write_edition(campaign, edition_record, path)

    def write_edition(self, campaign, record, campaign_path):
        scope_name = record["scope"][1] if record["scope"] else "landelijk"
        path = f"{campaign_path}.editions[{scope_name}]"
        scope = self.scope(record["scope"], f"{path}.scope")
        if scope is None:
            return
        edition = self.write_edition_tree(
            campaign, scope, record, (campaign.slug, record["scope"]), path
        )
        if edition is not None and record["working_copy"] is not None:
            # Nested under the edition it replaces, with that edition's scope; its themes
            # are keyed apart from the edition's own (`WORKING_COPY`).
            self.write_edition_tree(
                campaign,
                scope,
                record["working_copy"],
                (campaign.slug, record["scope"], WORKING_COPY),
                f"{path}.working_copy",
                replaces=edition,
            )

    def write_edition_tree(self, campaign, scope, record, key, path, replaces=None):
        contact = self.lookup(self.contacts, record["contact"], f"{path}.contact", "contact")
        values = self.fields(Edition, record)
        edition = self.save(
            Edition(**values, campaign=campaign, **scope, contact=contact, replaces=replaces), path
        )
        if edition is None:
            return None
        self.editions[key] = edition
        self.finish_later(edition, updated_at=values["updated_at"])
        # A theme without a slug (from a document older than version 5) gets one from its
        # title, in reading order, never one that a later theme of the document has.
        slugs = {
            theme["slug"]
            for top in record["themes"]
            for theme in (top, *top["subthemes"])
            if theme["slug"]
        }
        for theme_record in record["themes"]:
            theme = self.write_theme(edition, key, theme_record, None, path, slugs)
            if theme is None:
                continue
            for sub_record in theme_record["subthemes"]:
                self.write_theme(edition, key, sub_record, theme, path, slugs)
        return edition

    def write_theme(self, edition, edition_key, record, parent, edition_path, slugs):
        theme_path = (parent.position, record["position"]) if parent else (record["position"],)
        path = f"{edition_path}.themes[{'.'.join(map(str, theme_path))}]"
        values = self.fields(Theme, record)
        if not values["slug"]:
            values["slug"] = theme_slug(values["title"], slugs)
            slugs.add(values["slug"])
        theme = self.save(Theme(**values, edition=edition, parent=parent), path)
        if theme is None:
            return None
        self.themes[(*edition_key, theme_path)] = theme
        for rec in record["recommendations"]:
            recommendation = self.save(
                Recommendation(**self.fields(Recommendation, rec), theme=theme),
                f"{path}.recommendations[{rec['position']}]",
            )
            if recommendation:
                self.recommendations[(*edition_key, theme_path, rec["position"])] = recommendation
        return theme

    def write_lineage(self, campaigns):
        """Where campaigns, editions, themes and recommendations were copied from, and what
        a working copy's themes and recommendations replace."""
        for record in campaigns:
            path = f"campaigns[{record['slug']}]"
            self.link(
                self.campaigns.get(record["slug"]), self.campaigns, record, "copied_from", path
            )
            for edition_record in record["editions"]:
                key = (record["slug"], edition_record["scope"])
                edition = self.editions.get(key)
                self.link(edition, self.editions, edition_record, "copied_from", path)
                self.link_themes(key, edition_record, path)
                copy_record = edition_record["working_copy"]
                if copy_record is not None:
                    copy_key, copy_path = (*key, WORKING_COPY), f"{path}.working_copy"
                    copy = self.editions.get(copy_key)
                    self.link(copy, self.editions, copy_record, "copied_from", copy_path)
                    self.link_themes(copy_key, copy_record, copy_path)

    def link(self, obj, objects, record, field, path):
        """Set `field` of `obj` to the object of `objects` that `record[field]` names."""
        if obj is None or record.get(field) is None:
            return
        source = self.lookup(objects, record[field], f"{path}.{field}", "bron")
        if source is not None:
            self.finishing.append((type(obj), obj.pk, {field: source.pk}))

    def link_themes(self, key, edition_record, path):
        """The links of an edition's themes and recommendations; a working copy's (`key`
        ends with WORKING_COPY) replace only those of the edition it is nested in."""
        for row in self._rows(edition_record):
            replaces = row.get("replaces")
            if replaces is not None and tuple(replaces[:2]) != tuple(key[:2]):
                self.errors.append(
                    f"{path}.replaces: {replaces!r} hoort niet bij de editie van dit concept."
                )
        for theme_record in edition_record["themes"]:
            top = theme_record["position"]
            themes = [((top,), theme_record)] + [
                ((top, sub["position"]), sub) for sub in theme_record["subthemes"]
            ]
            for theme_path, theme in themes:
                theme_obj = self.themes.get((*key, theme_path))
                for field in ("copied_from", "previous", "replaces"):
                    self.link(theme_obj, self.themes, theme, field, path)
                for rec in theme["recommendations"]:
                    rec_obj = self.recommendations.get((*key, theme_path, rec["position"]))
                    for field in ("copied_from", "replaces"):
                        self.link(rec_obj, self.recommendations, rec, field, path)

    @staticmethod
    def _rows(edition_record):
        for theme in edition_record["themes"]:
            for row in (theme, *theme["subthemes"]):
                yield row
                yield from row["recommendations"]


def _content_delete():
    """Remove all content, children before what they point at (editions protect regions)."""
    for model in reversed(CONTENT_MODELS):
        model._default_manager.all().delete()


@transaction.atomic
def content_import(*, data, replace=False, pk_of=None) -> ContentReport:
    """Check `data` (a parsed JSON document) completely, then write it; all or nothing.

    Into a database with content only with `replace`, which first removes all
    content (the register too). Contacts keep their user account link when a
    contact with the same slug is in the document. `pk_of(obj)` gives each new object
    its id (a restore keeps the ids of its backup: backup/ids.py); without it the
    database numbers them.
    """
    document = document_read(data)
    existing = content_counts()
    if existing and not replace:
        raise ContentTransferError(
            f"De database bevat al inhoud ({counts_text(existing)}). "
            "Gebruik --replace om alle bestaande inhoud te vervangen door die uit het bestand."
        )
    user_links = dict(Contact.objects.filter(user__isnull=False).values_list("slug", "user_id"))
    _content_delete()
    writer = Writer(pk_of)
    writer.write(document)
    if writer.errors:
        raise ContentTransferError(writer.errors)
    for slug, user_id in user_links.items():
        Contact.objects.filter(slug=slug).update(user_id=user_id)
    site_pages_ensure()
    return ContentReport(counts=content_counts(), replaced=existing)
