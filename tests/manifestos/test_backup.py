"""Backup and restore: `manage.py backup FILE` and `manage.py restore FILE`.

The round trip restores the demo site (with uploads, accounts, a regiomanager's records
and history) into a flushed database and an empty media folder, and compares every
public page, PDF, feed, API answer and admin history page with the original, byte for
byte apart from CSP nonces, CSRF tokens and the moment a change form was opened (its
version check): database ids included, since a restore
keeps them. The refusals (damaged, truncated, not an archive, newer format, a database
that is not empty, a failure half-way) each change nothing.
"""

import datetime
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS
from django.test import Client
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from campaigns.management.commands.create_demo_admin import (
    DEMO_PASSWORD,
    DEMO_REGIOMANAGER,
    DEMO_REGIOMANAGER_CARD,
    DEMO_USERNAME,
)
from campaigns.models import Campaign
from manifestos.models import Adoption, Edition, Party, Recommendation
from manifestos.transfer.backup.archive import FORMAT, MANIFEST, VERSION
from manifestos.transfer.backup.ids import KEYS, KeptIds, ids_export
from manifestos.transfer.backup.records import ACCOUNT_MODELS, HISTORY_MODELS, LEFT_OUT
from manifestos.transfer.backup.restore import backup_restore
from manifestos.transfer.backup.write import backup_write
from manifestos.transfer.demo import demo_content_load
from manifestos.transfer.export import content_export
from manifestos.transfer.format import CONTENT_MODELS, DOCUMENT_MODELS
from manifestos.working_copies import working_copy_start
from regions.models import Contact, District, Municipality, Province, RegionalFigures
from regions.register import shipped_register_import
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    EditionFactory,
    ProvinceFactory,
    RecommendationFactory,
    RegionalFiguresFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import change_form_data
from tests.pdfs import real_pdf

from .lobby import party_form


def jpeg(size=(1600, 900), colour=(20, 40, 60)):
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, format="JPEG")
    return output.getvalue()


def media_files(root):
    """{name: SHA-256} of every file under a media folder."""
    root = Path(root)
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def logged_in(username):
    """A client logged in through the admin's login form, with the account's password."""
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": DEMO_PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302, f"{username} cannot log in"
    return client


# --- The demo site with everything a backup has to carry ------------------------------------


def demo_site(settings):
    """The register, the demo content and its accounts, plus what staff and the regiomanager
    add in the admin: a campaign image and flyer, a photo on the card, a party's records."""
    shipped_register_import()
    demo_content_load()
    settings.DEMO_ACCOUNT_ALLOWED = True
    call_command("create_demo_admin", stdout=io.StringIO())
    card = Contact.objects.get(slug=DEMO_REGIOMANAGER_CARD)
    # The regiomanager records parties in the province of the district on their card.
    district = District.objects.create(name="Testdistrict", slug="testdistrict")
    Contact.objects.filter(pk=card.pk).update(district=district)
    Province.objects.filter(cbs_code="PV27").update(district=district)

    staff = logged_in(DEMO_USERNAME)
    gr2026 = Campaign.objects.get(slug="gr2026")
    url = reverse("admin:campaigns_campaign_change", args=[gr2026.pk])
    data = change_form_data(staff.get(url))
    data.update(
        image=SimpleUploadedFile("lasser.jpg", jpeg()),
        image_alt="Een lasser aan het werk",
        flyer=SimpleUploadedFile("flyer.pdf", real_pdf()),
        party_results_public="on",
    )
    assert staff.post(url, data).status_code == 302
    party = Party.objects.create(
        campaign=gr2026, municipality=Municipality.objects.get(cbs_code="GM0363"), name="Testpartij"
    )

    regiomanager = logged_in(DEMO_REGIOMANAGER)
    card_url = reverse("admin:regions_contact_change", args=[card.pk])
    response = regiomanager.post(
        card_url,
        {
            "email": card.email,
            "phone": "030 - 605 33 44",
            "bio": "Bel mij gerust.",
            "photo": SimpleUploadedFile("monique.jpg", jpeg((400, 400), (200, 100, 50))),
        },
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.filter(theme__edition__campaign=gr2026).first()
    data = party_form(
        party,
        adoptions=[
            {
                "stage": "programme",
                "recommendation": recommendation.pk,
                "adopted_on": "2026-02-01",
                "evidence_quote": "Wij nemen dit over.",
                "evidence_link": "https://partij.example/programma",
            }
        ],
        sent_on="2026-01-10",
        sent_by="Monique van der Voort",
        reaction_on="2026-02-03",
    )
    data["reaction_file"] = SimpleUploadedFile("reactie.pdf", real_pdf())
    response = regiomanager.post(reverse("admin:manifestos_party_change", args=[party.pk]), data)
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.reaction_file and party.sent_recorded_by.username == DEMO_REGIOMANAGER
    return party


# --- Every page, as a visitor, an API client and staff see it -------------------------------

_MASKS = [
    (re.compile(rb'nonce="[^"]*"'), b'nonce="-"'),
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'), b'name="csrfmiddlewaretoken"'),
    # The version check of a change form (config/concurrency.py) says when it was opened.
    (re.compile(rb'name="_loaded_state" value="[^"]*"'), b'name="_loaded_state"'),
    # The admin's "view on site" shortcut names the content type by its id, which `migrate`
    # gives out on each database (a backup names content types by app and model).
    (re.compile(rb"/admin/r/\d+/"), b"/admin/r/-/"),
]
# Not Last-Modified: it is the moment of the page cache's latest change, not of the content.
_HEADERS = ["Content-Type", "Content-Disposition", "Location"]


def _answer(response):
    body = response.content
    for pattern, replacement in _MASKS:
        body = pattern.sub(replacement, body)
    headers = {name: response.headers.get(name) for name in _HEADERS}
    return response.status_code, headers, body


def _local(url):
    return re.sub(r"^https?://testserver", "", url)


def _public_urls(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    pages = [_local(url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    assert len(pages) > 400, "the sitemap lists every public page"
    urls = [*pages, "/sitemap.xml", "/robots.txt", "/feeds/campagnes.atom", "/zoeken/?q=den+haag"]
    campaigns = [page for page in pages if re.fullmatch(r"/[^/]+/", page)]
    for campaign in campaigns:
        urls += [f"{campaign}{tail}" for tail in ("agenda/", "agenda.ics", "vergelijk/", "brief/")]
        urls.append(f"{campaign}deelafbeelding.png")
        # The first province and municipality page of each campaign in print, PDF and letter.
        for kind in ("provincie", "gemeente"):
            region = next((p for p in pages if p.startswith(f"{campaign}{kind}/")), None)
            if region:
                urls += [f"{region}print/", f"{region}pdf/", f"{region}brief/"]
    return urls


def _api_answers(client, answers):
    """Every API answer reachable from its index by the links in the answers."""
    todo = ["/api/", "/api/v1/"]
    while todo:
        url = todo.pop()
        if url in answers:
            continue
        response = client.get(url)
        answers[url] = _answer(response)
        for link in re.findall(r'"(http://testserver/api/v1/[^"]*)"', response.content.decode()):
            todo.append(_local(link))


def site_answers():
    """{address: (status, headers, body)} of the whole site, public and admin."""
    cache.clear()
    visitor = Client()
    answers = {}
    urls = _public_urls(visitor)
    for url in urls:
        if url in answers:
            continue
        answers[url] = _answer(visitor.get(url))
        if url.endswith("/vergelijk/"):
            page = answers[url][2].decode()
            urls += [link for link in re.findall(r'href="([^"#]*/vergelijk/[^"#]+)"', page)]
    _api_answers(visitor, answers)
    staff = logged_in(DEMO_USERNAME)
    admin_urls = [reverse("admin:index")]
    for entry in LogEntry.objects.select_related("content_type"):
        type_ = entry.content_type
        admin_urls.append(
            reverse(f"admin:{type_.app_label}_{type_.model}_history", args=[entry.object_id])
        )
        admin_urls.append(
            reverse(f"admin:{type_.app_label}_{type_.model}_change", args=[entry.object_id])
        )
    # Every revision, compared with the one before it (config/revisions.py).
    for version in Version.objects.select_related("content_type").order_by("pk"):
        type_ = version.content_type
        earlier = (
            Version.objects.filter(
                content_type=type_, object_id=version.object_id, pk__lt=version.pk
            )
            .order_by("-pk")
            .first()
        )
        if earlier is not None and staff_may_open(type_):
            compare = reverse(
                f"admin:{type_.app_label}_{type_.model}_revision_compare",
                args=[version.object_id],
            )
            admin_urls.append(f"{compare}?van={earlier.pk}&naar={version.pk}")
    for url in admin_urls:
        answers[f"admin {url}"] = _answer(staff.get(url))
    return answers


def staff_may_open(content_type):
    return content_type.model_class() in admin.site._registry


def differences(before, after):
    """The addresses whose answers differ, each with where its body first differs."""
    found = []
    for url in sorted(set(before) | set(after)):
        if before.get(url) == after.get(url):
            continue
        if url not in before or url not in after:
            found.append(f"{url}: only {'after' if url not in before else 'before'}")
            continue
        (status, headers, body), (status2, headers2, body2) = before[url], after[url]
        if (status, headers) != (status2, headers2):
            found.append(f"{url}: {status} {headers} → {status2} {headers2}")
            continue
        at = next(
            (i for i, (a, b) in enumerate(zip(body, body2, strict=False)) if a != b),
            min(len(body), len(body2)),
        )
        found.append(
            f"{url}: …{body[max(at - 40, 0) : at + 40]!r} → …{body2[max(at - 40, 0) : at + 40]!r}"
        )
    return found


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_is_the_same_site(settings, tmp_path, clock):
    clock.set_dutch(datetime.date(2026, 3, 2))  # GR2026 before its election day: letter kits
    settings.API_RATE_LIMIT = 1_000_000
    settings.MEDIA_ROOT = tmp_path / "media"
    party = demo_site(settings)
    before = site_answers()
    statuses = [answer[0] for answer in before.values()]
    pdfs = [url for url, answer in before.items() if answer[1]["Content-Type"] == "application/pdf"]
    assert set(statuses) <= {200, 301, 302, 404, 410} and statuses.count(200) > 1000
    assert len(pdfs) >= 6
    files = media_files(tmp_path / "media")
    assert {name.split("/")[0] for name in files} >= {"campaigns", "contacts", "flyers", "lobby"}
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    original_numbers = dict(ContentType.objects.values_list("model", "pk"))

    # A new server: a database as `migrate` leaves it, an empty media folder. Its migrate
    # numbered content types and permissions otherwise (made again after a flush, they
    # would get the same ids as before).
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    # A content type of its own first, so that the numbering differs whatever the database
    # does with its sequences on a flush (PostgreSQL restarts them, SQLite may or may not).
    first = ContentType.objects.create(app_label="nieuwe_server", model="eerste")
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    first.delete()
    assert dict(ContentType.objects.values_list("model", "pk")) != original_numbers
    settings.MEDIA_ROOT = tmp_path / "new-media"
    cache.clear()
    assert Client().get("/gr2026/").status_code == 404
    output = io.StringIO()
    call_command("restore", str(archive), stdout=output)

    assert "campagnes: 5" in output.getvalue()
    assert media_files(tmp_path / "new-media") == files
    different = differences(before, site_answers())
    assert not different, "\n".join([f"{len(different)} answers differ:", *different[:20]])
    party = Party.objects.get(pk=party.pk)
    assert party.sent_recorded_by.username == DEMO_REGIOMANAGER
    assert Adoption.objects.get(party=party).recorded_by.username == DEMO_REGIOMANAGER

    # The regiomanager logs in with their old password and keeps their card current.
    regiomanager = logged_in(DEMO_REGIOMANAGER)
    card = Contact.objects.get(slug=DEMO_REGIOMANAGER_CARD)
    restored = Version.objects.get_for_object(card).first()
    url = reverse("admin:regions_contact_change", args=[card.pk])
    assert regiomanager.get(url).status_code == 200
    response = regiomanager.post(
        url, {"email": card.email, "phone": "030 - 605 99 99", "bio": card.bio}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.phone == "030 - 605 99 99"
    assert card.user.username == DEMO_REGIOMANAGER
    # New objects get ids after the restored ones (the flush started the counters anew).
    newest_campaign = Campaign.objects.order_by("pk").last().pk
    newest_user = get_user_model().objects.order_by("pk").last().pk
    assert CampaignFactory(slug="gr2030").pk > newest_campaign
    assert UserFactory().pk > newest_user
    # The restored version of the card compares with the new one (config/revisions.py).
    new = Version.objects.get_for_object(card).first()
    assert restored.revision.user.username == DEMO_REGIOMANAGER
    assert restored.field_dict["phone"] == "030 - 605 33 44"
    compare = logged_in(DEMO_USERNAME).get(
        reverse("admin:regions_contact_revision_compare", args=[card.pk]),
        {"van": restored.pk, "naar": new.pk},
    )
    page = compare.content.decode()
    assert "030 - 605 <del>33</del> <del>44</del>" in page
    assert "030 - 605 <ins>99</ins> <ins>99</ins>" in page


# --- What a backup holds, and refusals --------------------------------------------------------


def test_every_model_is_in_the_backup_or_left_out_with_a_reason():
    backed_up = {
        model._meta.label for model in [*DOCUMENT_MODELS, *ACCOUNT_MODELS, *HISTORY_MODELS]
    }
    every = {model._meta.label for model in apps.get_models()}

    assert every - backed_up - set(LEFT_OUT) == set()
    assert backed_up.isdisjoint(LEFT_OUT)
    assert set(KEYS) == set(DOCUMENT_MODELS)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def site(db, media):
    """A small site: a campaign with a flyer, a contact with a photo and an account."""
    user = UserFactory(username="redacteur", staff=True)
    ContactFactory(slug="jan", photo=default_storage.save("contacts/jan.jpg", ContentFile(jpeg())))
    CampaignFactory(
        slug="gr2030", name="Gemeenteraad 2030", flyer=default_storage.save(
            "flyers/gr2030.pdf", ContentFile(real_pdf())
        )
    )  # fmt: skip
    Contact.objects.filter(slug="jan").update(user=user)
    return user


@pytest.fixture
def archive(site, tmp_path):
    path = tmp_path / "site.zip"
    backup_write(path)
    return path


def state(media):
    """What a restore could change: the content, the accounts, the history and the files."""
    return (
        content_export(),
        sorted(get_user_model().objects.values_list("username", "password")),
        LogEntry.objects.count(),
        media_files(media),
    )


def changed_since_backup(media):
    """The site moves on after the backup: a renamed campaign, a new photo, a new account."""
    Campaign.objects.filter(slug="gr2030").update(name="Nieuwe naam")
    (media / "contacts" / "jan.jpg").write_bytes(jpeg(colour=(1, 2, 3)))
    UserFactory(username="nieuw")
    return state(media)


def rewritten(path, target, **members):
    """A copy of the archive at `path` with `members` (name: bytes, or None to leave out)
    replaced, written to `target`; the manifest is copied unchanged unless given."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = members.get(info.filename, source.read(info.filename))
            if data is not None:
                copy.writestr(info.filename, data)
    return target


def restore_refused(path, *, replace=True):
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *(["--replace"] if replace else []))
    message = str(refused.value)
    assert message.startswith(f"{path} is niet teruggezet; er is niets gewijzigd.")
    return message


def test_a_backup_restored_with_replace_brings_back_its_moment(archive, media):
    backed_up = state(media)
    changed_since_backup(media)

    call_command("restore", str(archive), "--replace", stdout=io.StringIO())

    assert state(media) == backed_up
    assert Contact.objects.get(slug="jan").user.username == "redacteur"


def test_the_backup_command_says_what_it_wrote(site, media, tmp_path):
    output = io.StringIO()
    call_command("backup", str(tmp_path / "site.zip"), stdout=output)

    assert f"Back-up geschreven naar {tmp_path / 'site.zip'}:" in output.getvalue()
    assert "campagnes: 1" in output.getvalue()
    assert "bestanden: 2 (" in output.getvalue()


@pytest.mark.parametrize("where", ["media", "missing-folder"])
def test_a_backup_is_not_written_where_it_cannot_or_must_not_be(site, media, tmp_path, where):
    path = tmp_path / where / "site.zip"
    files = media_files(media)

    with pytest.raises(CommandError, match=r"^Er is geen back-up gemaakt\.") as refused:
        call_command("backup", str(path))

    assert not path.exists()
    assert media_files(media) == files
    assert ("iedereen bestanden kan opvragen" in str(refused.value)) == (where == "media")


def test_a_changed_member_is_refused_and_changes_nothing(archive, media, tmp_path):
    current = changed_since_backup(media)
    with zipfile.ZipFile(archive) as source:
        content = source.read("content.json").replace(b"Gemeenteraad 2030", b"Gemeenteraad 2031")
    damaged = rewritten(archive, tmp_path / "damaged.zip", **{"content.json": content})

    message = restore_refused(damaged)

    assert "content.json is veranderd sinds de back-up (controlegetal klopt niet)." in message
    assert state(media) == current


def test_a_changed_file_is_refused_and_changes_nothing(archive, media, tmp_path):
    current = changed_since_backup(media)
    damaged = rewritten(archive, tmp_path / "damaged.zip", **{"media/flyers/gr2030.pdf": b"%PDF"})

    assert "media/flyers/gr2030.pdf is veranderd" in restore_refused(damaged)
    assert state(media) == current


def test_a_missing_member_is_refused(archive, media, tmp_path):
    current = changed_since_backup(media)
    damaged = rewritten(archive, tmp_path / "damaged.zip", **{"history.json": None})

    assert "history.json ontbreekt." in restore_refused(damaged)
    assert state(media) == current


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_a_truncated_archive_is_refused(archive, media, tmp_path, cut):
    current = changed_since_backup(media)
    data = archive.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: int(len(data) * cut)])

    assert "geen (volledige) back-up" in restore_refused(truncated)
    assert state(media) == current


def test_a_content_export_is_no_backup(site, media, tmp_path):
    current = state(media)
    export = tmp_path / "inhoud.json"
    export.write_text(json.dumps(content_export()))

    assert "geen (volledige) back-up" in restore_refused(export)
    assert state(media) == current


def test_a_backup_of_a_newer_format_is_refused(archive, media, tmp_path):
    current = changed_since_backup(media)
    with zipfile.ZipFile(archive) as source:
        manifest = json.loads(source.read(MANIFEST))
    assert (manifest["format"], manifest["version"]) == (FORMAT, VERSION)
    manifest.update(version=VERSION + 1, app_version="9.0.0")
    newer = rewritten(archive, tmp_path / "newer.zip", **{MANIFEST: json.dumps(manifest)})

    message = restore_refused(newer)

    assert "is gemaakt met een nieuwere versie van de site (9.0.0" in message
    assert "Werk de site eerst bij." in message
    assert state(media) == current


def test_a_database_that_is_not_empty_is_refused_without_replace(archive, media):
    current = changed_since_backup(media)

    message = restore_refused(archive, replace=False)

    assert "De database is niet leeg (" in message and "1 campagnes" in message
    assert "gebruik --replace" in message
    assert state(media) == current


def test_a_database_with_only_the_register_counts_as_empty(db, media, tmp_path):
    shipped_register_import()
    UserFactory(username="redacteur")
    path = tmp_path / "register.zip"
    backup_write(path)
    get_user_model().objects.all().delete()
    Municipality.objects.filter(cbs_code="GM0363").update(name="Amsterdam (oud)")

    call_command("restore", str(path), stdout=io.StringIO())

    assert Municipality.objects.get(cbs_code="GM0363").name == "Amsterdam"
    assert get_user_model().objects.get().username == "redacteur"


def test_other_files_under_the_same_names_are_refused_without_replace(archive, media):
    get_user_model().objects.all().delete()
    for model in reversed(CONTENT_MODELS):
        model._default_manager.all().delete()
    (media / "flyers" / "gr2030.pdf").write_bytes(real_pdf(2000))
    current = state(media)

    message = restore_refused(archive, replace=False)

    assert "flyers/gr2030.pdf" in message
    assert state(media) == current


class FailingStorage(FileSystemStorage):
    """Media storage whose disk is full at one name."""

    def _save(self, name, content):
        if name == "flyers/gr2030.pdf":
            raise OSError(28, "No space left on device")
        return super()._save(name, content)


def test_a_failure_half_way_takes_back_files_and_database(archive, media):
    (media / "flyers" / "gr2030.pdf").unlink()
    current = changed_since_backup(media)

    with pytest.raises(Exception, match="No space left on device"):
        backup_restore(archive, replace=True, storage=FailingStorage(location=media))

    # The photo was written back to its backed-up version first, and then put back again.
    assert state(media) == current


def _too_long_name(content):
    content["campaigns"][0]["name"] = "x" * 1000


def _newer_content_format(content):
    content["version"] = 99


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_too_long_name, "campaigns[gr2030].name: Zorg dat deze waarde niet meer dan 200 tekens"),
        (_newer_content_format, "Versie 99 van het formaat wordt niet ondersteund"),
    ],
)
def test_content_the_site_cannot_take_is_refused_and_changes_nothing(
    archive, media, tmp_path, change, said
):
    current = changed_since_backup(media)
    with zipfile.ZipFile(archive) as source:
        manifest = json.loads(source.read(MANIFEST))
        content = json.loads(source.read("content.json"))
    change(content)
    data = json.dumps(content).encode()
    manifest["members"]["content.json"] = {
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    invalid = rewritten(
        archive,
        tmp_path / "invalid.zip",
        **{"content.json": data, MANIFEST: json.dumps(manifest)},
    )

    message = restore_refused(invalid)

    assert "content.json kan niet worden teruggezet:" in message and said in message
    assert state(media) == current


def test_history_of_a_model_since_removed_is_kept(site, media, tmp_path):
    gone = ContentType.objects.create(app_label="oud", model="verdwenen")
    LogEntry.objects.create(
        user=site, content_type=gone, object_id="1", object_repr="Iets van vroeger", action_flag=1
    )
    path = tmp_path / "site.zip"
    backup_write(path)
    LogEntry.objects.all().delete()
    gone.delete()
    ContentType.objects.clear_cache()

    call_command("restore", str(path), "--replace", stdout=io.StringIO())

    entry = LogEntry.objects.get()
    assert (entry.object_repr, entry.content_type.app_label) == ("Iets van vroeger", "oud")


@pytest.mark.django_db(transaction=True)
def test_a_deleted_objects_id_is_not_given_to_a_new_one_after_a_restore(
    settings, tmp_path, admin_client
):
    settings.MEDIA_ROOT = tmp_path / "media"
    campaigns = CampaignFactory.create_batch(2)
    url = reverse("admin:campaigns_campaign_delete", args=[campaigns[1].pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    path = tmp_path / "site.zip"
    backup_write(path)
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()

    call_command("restore", str(path), stdout=io.StringIO())

    assert CampaignFactory().pk > campaigns[1].pk


def test_objects_that_share_a_key_get_ids_of_their_own(db):
    province = ProvinceFactory()
    for _ in range(2):
        RegionalFigures.objects.create(province=province, source="CBS")
    dated = RegionalFiguresFactory(province=province, source="CBS")

    exported = ids_export()["regions.RegionalFigures"]
    # The two sets with one key are left out; the third, with a date of its own, is kept.
    key = [None, str(province.pk), None, "CBS", dated.reference_date.isoformat(), None]
    assert exported == [[key, dated.pk]]
    kept = KeptIds({"regions.RegionalFigures": exported})
    twins = [RegionalFigures(province=province, source="CBS") for _ in range(2)]
    copy = RegionalFigures(province=province, source="CBS", reference_date=dated.reference_date)
    assert [kept.pk_of(twin) for twin in twins] == [dated.pk + 1, dated.pk + 2]
    assert kept.pk_of(copy) == dated.pk


def test_a_working_copy_comes_back_and_the_published_edition_keeps_its_id(site, media, tmp_path):
    """A draft of changes (manifestos/working_copies.py) shares its edition's key: the
    published edition keeps its id, the draft comes back beside it, still a draft of it."""
    edition = EditionFactory(campaign=Campaign.objects.get(slug="gr2030"), intro="<p>Live.</p>")
    RecommendationFactory(theme=ThemeFactory(edition=edition), body="<p>Gepubliceerd.</p>")
    copy = working_copy_start(edition=edition)
    copy.intro = "<p>Concept.</p>"
    copy.save()
    path = tmp_path / "site.zip"
    backup_write(path)

    call_command("restore", str(path), "--replace", stdout=io.StringIO())

    restored = Edition.objects.get(replaces=None)
    assert (restored.pk, restored.intro) == (edition.pk, "<p>Live.</p>")
    draft = Edition.objects.get(replaces=restored)
    assert draft.intro == "<p>Concept.</p>"
    recommendation = Recommendation.objects.get(theme__edition=draft)
    assert recommendation.replaces == Recommendation.objects.get(theme__edition=restored)
    assert recommendation.replaces.body == "<p>Gepubliceerd.</p>"
