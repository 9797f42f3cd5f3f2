"""The back office: every admin page opens, search works, and ordered inlines renumber.

The page tests iterate over `admin.site._registry`, so a newly registered model is
covered without touching this file; it only needs one object (from the demo content,
or from a factory in tests/factories.py named `<Model>Factory`).
"""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from campaigns.models import Campaign
from manifestos.models import Edition, Recommendation, Theme
from regions.models import Municipality
from tests import factories
from tests.factories import (
    EditionFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import change_form_data

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def superuser():
    return UserFactory(superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _an_object(model):
    """An object to open the change page of: demo content first, else a factory."""
    existing = model._default_manager.first()
    if existing is not None:
        return existing
    if model is Group:
        return Group.objects.create(name="Redactie")
    factory = getattr(factories, f"{model.__name__}Factory", None)
    assert factory is not None, f"no demo object and no {model.__name__}Factory in tests/factories"
    return factory()


# --- every page opens ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "model_admin"),
    REGISTERED,
    ids=[model._meta.label for model, _ in REGISTERED],
)
def test_every_admin_page_opens(admin_client, superuser, demo_content, model, model_admin):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    obj = _an_object(model)
    urls = {
        "changelist": _url(model, "changelist"),
        "change": _url(model, "change", obj.pk),
        "history": _url(model, "history", obj.pk),
    }
    if model_admin.has_add_permission(request):
        urls["add"] = _url(model, "add")
    if model_admin.get_search_fields(request):
        urls["search"] = _url(model, "changelist") + "?q=a"

    statuses = {name: admin_client.get(url).status_code for name, url in urls.items()}

    assert statuses == dict.fromkeys(urls, 200)


def test_the_admin_index_lists_every_registered_model(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    html = response.content.decode()
    for model, _model_admin in REGISTERED:
        assert _url(model, "changelist") in html


# --- search and links ---------------------------------------------------------------


def _results(response):
    assert response.status_code == 200
    return [str(obj) for obj in response.context["cl"].result_list]


def test_municipalities_are_found_by_alias(admin_client, register):
    response = admin_client.get(_url(Municipality, "changelist"), {"q": "Den Haag"})

    assert _results(response) == ["'s-Gravenhage"]


def test_municipalities_are_found_by_cbs_code(admin_client, register):
    response = admin_client.get(_url(Municipality, "changelist"), {"q": "GM0363"})

    assert _results(response) == ["Amsterdam"]


def test_an_alias_shared_by_two_municipalities_finds_both_once(admin_client, register):
    response = admin_client.get(_url(Municipality, "changelist"), {"q": "Bergen"})

    found = _results(response)
    assert {"Bergen (L.)", "Bergen (NH.)"} <= set(found)
    assert len(found) == len(set(found))


def test_recommendations_are_found_by_their_text(admin_client, demo_content):
    response = admin_client.get(
        _url(Recommendation, "changelist"), {"q": "Snij fors in de regeldruk"}
    )

    found = _results(response)
    assert len(found) == 1
    assert found[0].startswith("Snij fors in de regeldruk")


def test_campaign_change_page_links_to_the_public_page(admin_client, demo_content):
    campaign = Campaign.objects.get(slug="gr2026")

    response = admin_client.get(_url(Campaign, "change", campaign.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="viewsitelink"' in html
    view_on_site = reverse(
        "admin:view_on_site", args=[response.context["content_type_id"], campaign.pk]
    )
    assert f'href="{view_on_site}"' in html
    redirect = admin_client.get(view_on_site)
    assert redirect.status_code == 302
    assert redirect["Location"].endswith("/gr2026/")


def test_theme_view_on_site_points_to_its_anchor(admin_client, demo_content):
    theme = Theme.objects.filter(edition__campaign__slug="gr2026", parent=None).first()

    response = admin_client.get(_url(Theme, "change", theme.pk))

    assert f'href="/gr2026/#thema-{theme.slug}" class="viewsitelink"' in response.content.decode()
    assert admin_client.get("/gr2026/").status_code == 200


def test_staff_edit_a_themes_slug_and_its_anchor_follows(admin_client, demo_content):
    theme = Theme.objects.get(edition__campaign__slug="gr2026", title="Een innovatieve gemeente")
    url = _url(Theme, "change", theme.pk)
    form = admin_client.get(url)
    assert "Leeg laten: het wordt gemaakt uit de titel" in form.content.decode()
    data = change_form_data(form)
    assert data["slug"] == "een-innovatieve-gemeente"

    response = admin_client.post(url, {**data, "slug": "innovatie"})

    assert response.status_code == 302
    page = admin_client.get("/gr2026/").content.decode()
    assert 'id="thema-innovatie"' in page
    assert 'href="#thema-innovatie"' in page


def test_themes_added_in_the_edition_get_slugs_from_their_titles(admin_client):
    edition = EditionFactory()
    ThemeFactory(edition=edition, title="Vakmensen")
    url = _url(Edition, "change", edition.pk)
    data = change_form_data(admin_client.get(url))
    for index, title in ((1, "Vakmensen"), (2, "Vakmensen")):
        data |= {f"themes-{index}-title": title, f"themes-{index}-position": ""}
    data["themes-TOTAL_FORMS"] = 3

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert list(edition.themes.order_by("position").values_list("slug", flat=True)) == [
        "vakmensen",
        "vakmensen-2",
        "vakmensen-3",
    ]


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("een-duurzaam-ondernemende-gemeente", "Deze editie heeft al een thema met deze slug."),
        ("2026", "Gebruik minstens één letter: een adres van alleen cijfers kan niet."),
        ("met spaties", "Voer een geldige ‘slug’ in"),
    ],
)
def test_a_slug_staff_type_is_checked_in_dutch(admin_client, demo_content, slug, message):
    theme = Theme.objects.get(edition__campaign__slug="gr2026", title="Een innovatieve gemeente")
    url = _url(Theme, "change", theme.pk)

    response = admin_client.post(url, {**change_form_data(admin_client.get(url)), "slug": slug})

    assert response.status_code == 200
    assert message in response.content.decode()
    theme.refresh_from_db()
    assert theme.slug == "een-innovatieve-gemeente"


# --- who may enter -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(_url(Campaign, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_user_without_staff_status_is_sent_to_the_login_page(client):
    client.force_login(UserFactory())

    for url in (reverse("admin:index"), _url(Campaign, "changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('admin:login')}?next={url}"


# --- ordered inlines -----------------------------------------------------------------


def _value(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def _form_fields(form):
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = _value(value)
    return data


class ChangeForm:
    """The POST data of an admin change page, as the browser would send it unchanged."""

    def __init__(self, response):
        assert response.status_code == 200
        self.data = _form_fields(response.context["adminform"].form)
        self.inlines = {}
        for inline in response.context["inline_admin_formsets"]:
            formset = inline.formset
            self.data.update(_form_fields(formset.management_form))
            self.inlines[formset.model] = formset
            for form in formset.forms:
                self.data.update(_form_fields(form))

    def rows(self, model):
        """The inline forms of existing objects, keyed by str(object)."""
        return {str(form.instance): form for form in self.inlines[model].forms if form.instance.pk}

    def set(self, model, row, **values):
        form = self.rows(model)[row]
        for name, value in values.items():
            self.data[form[name].html_name] = _value(value)

    def add(self, model, **values):
        """Fill the first extra (empty) inline form."""
        form = next(form for form in self.inlines[model].forms if not form.instance.pk)
        for name, value in values.items():
            self.data[form[name].html_name] = _value(value)

    def delete(self, model, row):
        self.data[self.rows(model)[row]["DELETE"].html_name] = "on"


def _save(client, url, form):
    response = client.post(url, form.data)
    if response.status_code != 302:
        context = response.context
        errors = [context["adminform"].form.errors] + [
            (inline.formset.errors, inline.formset.non_form_errors())
            for inline in context["inline_admin_formsets"]
        ]
        pytest.fail(f"the change form was not saved: {errors}")
    return response


def _positions(queryset):
    return list(queryset.order_by("position").values_list("title", "position"))


@pytest.fixture
def edition():
    edition = EditionFactory()
    for title in ("A", "B", "C"):
        ThemeFactory(edition=edition, title=title)
    return edition


ORDERINGS = [
    pytest.param({"A": 3, "B": 1, "C": 2}, ["B", "C", "A"], id="reordered"),
    pytest.param({"A": 2, "B": 1, "C": 3}, ["B", "A", "C"], id="swap"),
    pytest.param({"A": 30, "B": 10, "C": 20}, ["B", "C", "A"], id="gaps"),
    pytest.param({"A": 2, "B": 2, "C": 1}, ["C", "A", "B"], id="duplicate"),
    pytest.param({"A": "", "B": 1, "C": 2}, ["B", "C", "A"], id="blank"),
    pytest.param({"A": 1, "B": 2, "C": 3}, ["A", "B", "C"], id="unchanged"),
]


class TestEditionThemes:
    def _form(self, client, edition):
        url = _url(type(edition), "change", edition.pk)
        return url, ChangeForm(client.get(url))

    @pytest.mark.parametrize(("positions", "expected"), ORDERINGS)
    def test_themes_are_renumbered_in_the_given_order(
        self, admin_client, edition, positions, expected
    ):
        url, form = self._form(admin_client, edition)
        for title, position in positions.items():
            form.set(Theme, title, position=position)

        _save(admin_client, url, form)

        assert _positions(edition.themes.filter(parent=None)) == [
            (title, number) for number, title in enumerate(expected, start=1)
        ]

    @pytest.mark.parametrize(
        ("positions", "expected"),
        [
            pytest.param({"D": ""}, ["A", "B", "C", "D"], id="blank-goes-last"),
            pytest.param({"D": 1, "A": 2, "B": 3, "C": 4}, ["D", "A", "B", "C"], id="first"),
            pytest.param({"D": 2, "B": 3, "C": 4}, ["A", "D", "B", "C"], id="between"),
            # A tie keeps the order of the form: the existing theme first.
            pytest.param({"D": 1}, ["A", "D", "B", "C"], id="tie"),
        ],
    )
    def test_a_new_theme_takes_its_place(self, admin_client, edition, positions, expected):
        url, form = self._form(admin_client, edition)
        form.add(Theme, title="D", position=positions.pop("D"))
        for title, position in positions.items():
            form.set(Theme, title, position=position)

        _save(admin_client, url, form)

        assert _positions(edition.themes.filter(parent=None)) == [
            (title, number) for number, title in enumerate(expected, start=1)
        ]

    def test_deleting_a_theme_closes_the_gap(self, admin_client, edition):
        url, form = self._form(admin_client, edition)
        form.delete(Theme, "A")

        _save(admin_client, url, form)

        assert _positions(edition.themes.filter(parent=None)) == [("B", 1), ("C", 2)]

    def test_subthemes_are_numbered_per_main_theme(self, admin_client, edition):
        first, second = edition.themes.filter(title__in=["A", "B"]).order_by("position")
        ThemeFactory(parent=first, title="A1")
        ThemeFactory(parent=first, title="A2")
        ThemeFactory(parent=second, title="B1")
        url, form = self._form(admin_client, edition)
        form.set(Theme, "A1", position=5)
        form.set(Theme, "A2", position=4)
        form.set(Theme, "B1", position=7)
        form.set(Theme, "C", position=1)
        form.set(Theme, "A", position=2)
        form.set(Theme, "B", position=3)

        _save(admin_client, url, form)

        assert _positions(first.subthemes.all()) == [("A2", 1), ("A1", 2)]
        assert _positions(second.subthemes.all()) == [("B1", 1)]
        assert _positions(edition.themes.filter(parent=None)) == [("C", 1), ("A", 2), ("B", 3)]

    @pytest.mark.django_db(transaction=True)
    def test_deleting_a_main_theme_with_subthemes(self, admin_client, edition):
        # Committed for real (transaction=True), as in production: the foreign-key
        # check happens at commit.
        first = edition.themes.get(title="A")
        ThemeFactory(parent=first, title="A1")
        url, form = self._form(admin_client, edition)
        form.delete(Theme, "A")

        _save(admin_client, url, form)

        assert _positions(edition.themes.all()) == [("B", 1), ("C", 2)]


class TestThemeRecommendations:
    @pytest.fixture
    def theme(self):
        theme = ThemeFactory()
        for lead in ("A", "B", "C"):
            RecommendationFactory(theme=theme, lead=lead, body="")
        return theme

    def _form(self, client, theme):
        url = _url(Theme, "change", theme.pk)
        return url, ChangeForm(client.get(url))

    def _order(self, theme):
        return list(theme.recommendations.order_by("position").values_list("lead", "position"))

    @pytest.mark.parametrize(("positions", "expected"), ORDERINGS)
    def test_recommendations_are_renumbered_in_the_given_order(
        self, admin_client, theme, positions, expected
    ):
        url, form = self._form(admin_client, theme)
        for lead, position in positions.items():
            form.set(Recommendation, lead, position=position)

        _save(admin_client, url, form)

        assert self._order(theme) == [(lead, n) for n, lead in enumerate(expected, start=1)]

    def test_a_new_recommendation_without_position_goes_last(self, admin_client, theme):
        url, form = self._form(admin_client, theme)
        form.add(Recommendation, lead="D", body="Nieuwe aanbeveling.")

        _save(admin_client, url, form)

        assert self._order(theme) == [("A", 1), ("B", 2), ("C", 3), ("D", 4)]

    def test_deleting_and_reordering_at_once(self, admin_client, theme):
        url, form = self._form(admin_client, theme)
        form.delete(Recommendation, "B")
        form.set(Recommendation, "C", position=1)
        form.set(Recommendation, "A", position=9)

        _save(admin_client, url, form)

        assert self._order(theme) == [("C", 1), ("A", 2)]


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Campaign, Edition, Theme])
def test_the_formatting_help_says_what_the_editor_does(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    html = admin_client.get(url).content.decode()

    assert "Opmaak met de knoppen boven het tekstvak: vet, cursief, opsommingen en links." in html
    assert "Alinea's scheiden met een lege regel" not in html
