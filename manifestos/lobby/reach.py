"""The reach of a campaign's manifesto, for the staff dashboard and its exports.

Per province and district: of the municipalities that existed on the election
date (for a provincial election: of the provinces), how many had the manifesto
sent to at least one party, a reaction, at least one recommendation in a party
programme, and one in a coalition agreement; and which recommendations were
adopted most. A fixed handful of queries, whatever the amount of data: the
counting happens in the database.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.levels import Scope
from campaigns.models import Campaign
from regions.charts import bar_chart
from regions.models import District, Municipality, Province

from ..models import Recommendation
from .models import Adoption, Party, recommendation_label

STAGES = [
    ("sent", gettext_lazy("manifest verstuurd")),
    ("reacted", gettext_lazy("reactie ontvangen")),
    ("adopted", gettext_lazy("aanbeveling in een programma")),
    ("coalition", gettext_lazy("aanbeveling in het coalitieakkoord")),
]
TOP_RECOMMENDATIONS = 10


@dataclass
class ReachFilters:
    campaigns: list[Campaign]
    districts: list[District]
    campaign: Campaign | None = None
    district: District | None = None

    @classmethod
    def from_query(cls, query):
        """The filters a dashboard URL asks for; unknown values fall back to the default."""
        campaigns = list(Campaign.objects.regional())
        districts = list(District.objects.all())
        campaign = next((c for c in campaigns if c.slug == query.get("campagne")), None)
        district = next((d for d in districts if d.slug == query.get("district")), None)
        return cls(
            campaigns, districts, campaign or (campaigns[0] if campaigns else None), district
        )

    @property
    def query_string(self):
        parts = []
        if self.campaign:
            parts.append(f"campagne={self.campaign.slug}")
        if self.district:
            parts.append(f"district={self.district.slug}")
        return "&".join(parts)

    def parties(self):
        parties = Party.objects.filter(campaign=self.campaign)
        return parties.in_district(self.district) if self.district else parties


@dataclass
class ReachRow:
    """The counts of one province, one district, or all of them."""

    name: str
    total: int = 0
    sent: int = 0
    reacted: int = 0
    adopted: int = 0
    coalition: int = 0
    provinces: list = field(default_factory=list)

    def add(self, other):
        for name, _label in STAGES:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.total += other.total

    @property
    def stages(self):
        return [(label, getattr(self, name)) for name, label in STAGES]


@dataclass(frozen=True)
class ChartRow:
    """What `regions.charts.bar_chart` and the figure table need of a row."""

    label: str
    value: Decimal
    unit: str = "count"


@dataclass
class TopRecommendation:
    recommendation: Recommendation
    programme: int
    coalition: int

    @property
    def label(self):
        return recommendation_label(self.recommendation)


@dataclass
class ReachReport:
    campaign: Campaign | None
    unit_plural: str
    total: ReachRow
    districts: list[ReachRow]
    top: list[TopRecommendation]
    as_of: datetime.date

    @property
    def stage_chart_rows(self):
        return [ChartRow(str(label), Decimal(value)) for label, value in self.total.stages]

    @property
    def stage_chart(self):
        return bar_chart(self.stage_chart_rows) if self.total.total else None

    @property
    def top_chart_rows(self):
        return [ChartRow(top.label, Decimal(top.programme)) for top in self.top if top.programme]

    @property
    def top_chart(self):
        return bar_chart(self.top_chart_rows)

    @property
    def source(self):
        """For the charts' source line, like regional figures have one."""
        return {"source": _("vastleggingen in het beheer"), "reference_date": self.as_of}


def reach_report(filters: ReachFilters) -> ReachReport:
    campaign = filters.campaign
    # Counted per page of the election level's own scope: provinces for PS, else municipalities.
    provincial = campaign is not None and campaign.level.page_scope == Scope.PROVINCE
    unit_plural = _("provincies") if provincial else _("gemeenten")
    total = ReachRow(_("Totaal"))
    if campaign is None:
        return ReachReport(None, unit_plural, total, [], [], timezone.localdate())

    if provincial:
        base = Province.objects.all()
        group = "pk"
    else:
        base = Municipality.objects.valid_on(campaign.election_date)
        group = "province_id"
    if filters.district:
        base = base.filter(
            **(
                {"district": filters.district}
                if provincial
                else {"province__district": filters.district}
            )
        )
    counts = {
        row[group]: row
        for row in base.values(group).annotate(
            total=Count("pk", distinct=True),
            **{
                name: Count("pk", distinct=True, filter=Q(condition, parties__campaign=campaign))
                for name, condition in _conditions().items()
            },
        )
    }
    provinces = Province.objects.select_related("district").order_by("district__name", "name")
    if filters.district:
        provinces = provinces.filter(district=filters.district)
    districts = {}
    for province in provinces:
        values = counts.get(province.pk)
        if values is None:
            continue
        row = ReachRow(province.name, **{k: v for k, v in values.items() if k != group})
        district_name = province.district.name if province.district else _("Zonder district")
        district = districts.setdefault(district_name, ReachRow(district_name))
        district.provinces.append(row)
        district.add(row)
        total.add(row)

    top = _top_recommendations(filters)
    return ReachReport(
        campaign, unit_plural, total, list(districts.values()), top, timezone.localdate()
    )


def _conditions():
    stage = Adoption.Stage
    return {
        "sent": Q(parties__sent_on__isnull=False),
        "reacted": Q(parties__reaction_on__isnull=False),
        "adopted": Q(parties__adoptions__stage=stage.PROGRAMME),
        "coalition": Q(parties__adoptions__stage=stage.COALITION),
    }


def _top_recommendations(filters):
    """The recommendations most parties adopted in their programme (then: in an agreement)."""
    adoptions = Adoption.objects.filter(party__in=filters.parties())
    counted = (
        Recommendation.objects.filter(adoptions__in=adoptions)
        .annotate(
            programme=Count(
                "adoptions__party",
                distinct=True,
                filter=Q(adoptions__in=adoptions, adoptions__stage=Adoption.Stage.PROGRAMME),
            ),
            coalition=Count(
                "adoptions__party",
                distinct=True,
                filter=Q(adoptions__in=adoptions, adoptions__stage=Adoption.Stage.COALITION),
            ),
        )
        .select_related("theme__parent", "theme__edition__province", "theme__edition__municipality")
        .order_by("-programme", "-coalition", "pk")[:TOP_RECOMMENDATIONS]
    )
    return [TopRecommendation(r, r.programme, r.coalition) for r in counted]


# --- export of the underlying records ------------------------------------------------------

EXPORT_COLUMNS = [
    gettext_lazy("campagne"),
    gettext_lazy("district"),
    gettext_lazy("provincie"),
    gettext_lazy("gemeente"),
    gettext_lazy("CBS-code"),
    gettext_lazy("partij"),
    gettext_lazy("website"),
    gettext_lazy("verstuurd op"),
    gettext_lazy("verstuurd door"),
    gettext_lazy("reactie op"),
    gettext_lazy("samenvatting reactie"),
    gettext_lazy("link reactie"),
    gettext_lazy("in programma"),
    gettext_lazy("in coalitieakkoord"),
]
# A cell starting with one of these is a formula to a spreadsheet: never from user input.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_rows(filters):
    """One row per party of the campaign (and district), in a fixed order."""
    adoptions = Adoption.objects.select_related(
        "recommendation__theme__parent",
        "recommendation__theme__edition__province",
        "recommendation__theme__edition__municipality",
    ).order_by("recommendation__theme__position", "recommendation__position", "pk")
    parties = (
        filters.parties()
        .with_region()
        .prefetch_related(Prefetch("adoptions", queryset=adoptions))
        .order_by("province__name", "municipality__province__name", "municipality__name", "name")
    )
    for party in parties:
        province = party.municipality.province if party.municipality_id else party.province
        district = province.district if province and province.district_id else None
        by_stage = {stage: [] for stage in Adoption.Stage.values}
        for adoption in party.adoptions.all():
            by_stage[adoption.stage].append(recommendation_label(adoption.recommendation))
        yield [
            party.campaign.slug,
            district.name if district else "",
            province.name if province else "",
            party.municipality.name if party.municipality_id else "",
            (party.municipality or party.province).cbs_code if party.region else "",
            party.name,
            party.website,
            party.sent_on.isoformat() if party.sent_on else "",
            party.sent_by,
            party.reaction_on.isoformat() if party.reaction_on else "",
            party.reaction_summary,
            party.reaction_link,
            " | ".join(by_stage[Adoption.Stage.PROGRAMME]),
            " | ".join(by_stage[Adoption.Stage.COALITION]),
        ]


def _safe(value):
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def reach_export_response(filters, file_format):
    if filters.campaign is None or file_format not in ("csv", "xlsx"):
        raise Http404(_("Deze export bestaat niet."))
    header = [str(column) for column in EXPORT_COLUMNS]
    rows = [[_safe(value) for value in row] for row in export_rows(filters)]
    name = f"bereik-{filters.campaign.slug}"
    if filters.district:
        name += f"-{filters.district.slug}"
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Partijen"))
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        stream = io.BytesIO()
        workbook.save(stream)
        response = HttpResponse(
            stream.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{name}.{file_format}"
    )
    return response
