"""Drafts of live content: a working copy of a published edition.

An editor who wants to change a published edition without visitors seeing half-done work
starts a *working copy* (`working_copy_start`): a draft edition of the same campaign and
scope with a copy of its texts, themes and recommendations, each pointing at what it
will replace (`replaces`). It is edited like any edition, and the staff preview shows it
in its edition's place: exactly the page visitors will get.

It goes live in one of two ways:
- *now* (`working_copy_publish`): its content is written into the published edition,
  atomically, and the copy is removed;
- *at a set moment*: the copy is given status published and a moment of its own. Until
  then visitors see the published edition, from then on the copy: the clock decides on
  every request (`Edition.objects.public()`), as for every scheduled publication, and the
  page cache, feed and API follow the moment because it is on their schedule. Afterwards
  `publish_due_working_copies` folds the copy into the edition (run by
  `manage.py publish_scheduled`, and whenever staff open the editions or the planning).

Folding in keeps the edition, and every theme and recommendation the copy still has, with
its id: the parties' adoptions of a recommendation, links from later campaigns and the
revision history stay where they were. What the copy removed is deleted; a
recommendation a party adopted cannot be removed this way (it is refused, nothing
changes). The edition's status and moment stay as they were: it was public already.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from campaigns.models import Campaign
from config.ordering import move_aside
from config.revisions import revision_by
from config.validation import validated, validated_save

from .fields import EDITION, RECOMMENDATION, THEME
from .models import Edition, Recommendation, Theme
from .services import themes_copy

logger = logging.getLogger(__name__)
Status = Campaign.Status


@transaction.atomic
def working_copy_start(*, edition) -> Edition:
    """A working copy of the published (or archived) `edition`, as a draft."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.replaces_id is not None:
        raise ValidationError(_("Dit is zelf al een concept met wijzigingen."), code="copy")
    if edition.status == Status.DRAFT:
        raise ValidationError(
            _("Deze editie is nog een concept: bewerk haar gewoon, bezoekers zien haar niet."),
            code="draft",
        )
    if edition.working_copies.exists():
        raise ValidationError(
            _("Deze editie heeft al een concept met wijzigingen: bewerk dat."), code="exists"
        )
    copy = validated_save(
        Edition(
            campaign_id=edition.campaign_id,
            province_id=edition.province_id,
            municipality_id=edition.municipality_id,
            contact_id=edition.contact_id,
            **EDITION.values(edition),
            status=Status.DRAFT,
            published_at=None,
            copied_from_id=edition.copied_from_id,
            replaces=edition,
        )
    )
    themes = sorted(edition.themes.all(), key=lambda theme: theme.position)
    theme_copies = themes_copy(
        themes,
        {edition.pk: copy},
        links=lambda theme: {
            "replaces": theme,
            "copied_from_id": theme.copied_from_id,
            "previous_id": theme.previous_id,
        },
    )
    Recommendation.objects.bulk_create(
        validated(
            Recommendation(
                theme=theme_copies[recommendation.theme_id],
                position=recommendation.position,
                **RECOMMENDATION.values(recommendation),
                copied_from_id=recommendation.copied_from_id,
                replaces=recommendation,
            )
        )
        for recommendation in Recommendation.objects.filter(theme__edition=edition)
    )
    return copy


def working_copy_publish(*, copy, user=None):
    """Put the content of the working copy `copy` into its edition now, as one revision by
    `user` (by default whoever saved the copy last), and remove the copy with its versions
    (its changes are the edition's now); all or nothing. Returns the edition."""
    with transaction.atomic():
        copy = Edition.objects.select_for_update().get(pk=copy.pk)
        user = user or _last_editor(copy)
        with revision_by(user, _("Concept met wijzigingen gepubliceerd.")):
            edition = _fold_in(copy)
        _forget(copy)
        return edition


def _fold_in(copy):
    edition = Edition.objects.select_for_update().get(pk=copy.replaces_id)
    copy.refuse_leaving_out_adopted()
    own_themes = set(Theme.objects.filter(edition=edition).values_list("pk", flat=True))
    own_recommendations = set(
        Recommendation.objects.filter(theme__edition=edition).values_list("pk", flat=True)
    )
    copy_themes = list(copy.themes.order_by("parent_id", "position"))
    copy_recommendations = list(Recommendation.objects.filter(theme__edition=copy))
    # What a copy's row replaces counts only within this edition: a row linked to another
    # edition's (moved there since, or so imported) is a new one here.
    for rows, own in ((copy_themes, own_themes), (copy_recommendations, own_recommendations)):
        for row in rows:
            if row.replaces_id not in own:
                row.replaces_id = None
    kept_themes = {theme.replaces_id for theme in copy_themes} - {None}
    kept_recommendations = {r.replaces_id for r in copy_recommendations} - {None}

    # Removed recommendations go first; removed themes last (their sub-themes and
    # recommendations may have moved elsewhere). Meanwhile every theme of the edition is out
    # of the way: no slug or position that a kept or new theme is about to take.
    Recommendation.objects.filter(pk__in=own_recommendations - kept_recommendations).delete()
    for pk in own_themes:
        Theme.objects.filter(pk=pk).update(slug=f"~{pk}")
    move_aside(Recommendation.objects.filter(theme__edition=edition))
    move_aside(Theme.objects.filter(edition=edition))

    themes = {}  # the copy's theme pk: the edition's theme
    for source in sorted(copy_themes, key=lambda theme: theme.parent_id is not None):
        theme = Theme(
            pk=source.replaces_id,
            edition=edition,
            parent=themes.get(source.parent_id),
            position=source.position,
            slug=source.slug,
            **THEME.values(source),
            copied_from_id=source.copied_from_id,
            previous_id=source.previous_id,
        )
        theme._state.adding = source.replaces_id is None
        theme.save()
        themes[source.pk] = theme
    for source in copy_recommendations:
        recommendation = Recommendation(
            pk=source.replaces_id,
            theme=themes[source.theme_id],
            position=source.position,
            **RECOMMENDATION.values(source),
            copied_from_id=source.copied_from_id,
        )
        recommendation._state.adding = source.replaces_id is None
        recommendation.save()
    removed = own_themes - kept_themes
    Theme.objects.filter(pk__in=removed, parent__isnull=False).delete()
    Theme.objects.filter(pk__in=removed).delete()

    for name, value in EDITION.values(copy).items():
        setattr(edition, name, value)
    edition.contact_id = copy.contact_id
    return validated_save(edition)


def _last_editor(copy):
    version = Version.objects.get_for_object(copy).select_related("revision__user").first()
    return version.revision.user if version is not None else None


def _forget(copy):
    """Remove the copy and the versions of everything that was in it, also what was
    deleted from it while it was edited: none of it is an edition, theme or recommendation
    that could be brought back."""
    copy_themes = {str(pk) for pk in copy.themes.values_list("pk", flat=True)}
    copy_themes |= set(
        _versions_naming(Theme, "edition", [str(copy.pk)]).values_list("object_id", flat=True)
    )
    doomed = [
        Version.objects.get_for_object(copy),
        Version.objects.get_for_model(Theme).filter(object_id__in=copy_themes),
        _versions_naming(Recommendation, "theme", copy_themes),
    ]
    copy.delete()
    for versions in doomed:
        versions.delete()


def _versions_naming(model, field, pks):
    """The versions of `model` whose stored row has `field` set to one of `pks`."""
    if not pks:
        return Version.objects.none()
    pattern = rf'"{field}": ({"|".join(sorted(pks))})[,}}]'
    return Version.objects.get_for_model(model).filter(serialized_data__regex=pattern)


def publish_due_working_copies(now=None):
    """Fold in every working copy whose moment has come. Returns the copies that could not
    be, each with why: they stay (visitors see them all the same) until that is mended."""
    now = now or timezone.now()
    due = Edition.objects.filter(
        replaces__isnull=False, status=Status.PUBLISHED, published_at__lte=now
    ).select_related("campaign", "province", "municipality")
    refused = []
    for copy in due:
        try:
            working_copy_publish(copy=copy)
        except ValidationError as error:
            refused.append((copy, " ".join(error.messages)))
        except Edition.DoesNotExist:
            continue  # folded in meanwhile, by another request
        except DatabaseError:
            logger.exception("Working copy %s could not be folded in", copy.pk)
            refused.append(
                (copy, _("Publiceren gaf een fout in de database. Er is niets veranderd."))
            )
    for copy, reason in refused:
        logger.warning("Working copy %s was not folded in: %s", copy.pk, reason)
    return refused
