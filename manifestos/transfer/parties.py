"""The lobby's part of the document: the parties and what they did with the manifesto.

Written, read and written back here, so the lobby's place in the format is one file.
The accounts that recorded a stage are written as their username and linked again on
import to the account with that username here, if there is one; the moment of
recording is kept either way.
"""

from django.contrib.auth import get_user_model

from ..models import Adoption, Party
from .readers import lineage, list_of, named, record, scope_read, text
from .values import scope_key, scope_order, sorted_by_content, values_dump

parties_read = list_of(
    record(
        Party,
        campaign=text(),
        region=scope_read,
        sent_recorded_by=text(nullable=True),
        reaction_recorded_by=text(nullable=True),
        adoptions=list_of(
            record(Adoption, recommendation=lineage(2), recorded_by=text(nullable=True))
        ),
    ),
    named("name"),
)


def _usernames(*ids):
    """{user pk: username} of the accounts that recorded something."""
    user_model = get_user_model()
    return dict(
        user_model.objects.filter(pk__in={pk for pk in ids if pk}).values_list(
            "pk", user_model.USERNAME_FIELD
        )
    )


def parties_export(recommendation_keys):
    """Every party with its stages and adoptions; accounts named by their username.

    `recommendation_keys` is {recommendation pk: natural key}, from the campaigns' export.
    """
    parties = list(
        Party.objects.select_related("campaign", "municipality", "province").prefetch_related(
            "adoptions"
        )
    )
    usernames = _usernames(
        *(p.sent_recorded_by_id for p in parties),
        *(p.reaction_recorded_by_id for p in parties),
        *(a.recorded_by_id for p in parties for a in p.adoptions.all()),
    )

    exported = [
        {
            "campaign": party.campaign.slug,
            "region": scope_key(party),
            **values_dump(party),
            "sent_recorded_by": usernames.get(party.sent_recorded_by_id),
            "reaction_recorded_by": usernames.get(party.reaction_recorded_by_id),
            "adoptions": sorted_by_content(
                {
                    "recommendation": recommendation_keys[adoption.recommendation_id],
                    **values_dump(adoption),
                    "recorded_by": usernames.get(adoption.recorded_by_id),
                }
                for adoption in party.adoptions.all()
            ),
        }
        for party in parties
    ]
    return sorted(
        exported,
        key=lambda p: (p["campaign"], scope_order(p["region"]), p["name"].lower(), p["name"]),
    )


def parties_write(writer, records):
    """Parties and their adoptions, by `writer` (importer.py) after the campaigns; a
    username without an account here is left empty."""
    user_model = get_user_model()
    names = {
        name
        for party in records
        for name in (
            party["sent_recorded_by"],
            party["reaction_recorded_by"],
            *(adoption["recorded_by"] for adoption in party["adoptions"]),
        )
        if name
    }
    users = {
        user.get_username(): user
        for user in user_model.objects.filter(**{f"{user_model.USERNAME_FIELD}__in": names})
    }
    for index, values in enumerate(records):
        path = f"parties[{index}]"
        campaign = writer.lookup(
            writer.campaigns, values["campaign"], f"{path}.campaign", "campagne"
        )
        region = writer.scope(values["region"], f"{path}.region")
        if campaign is None or region is None:
            continue
        party = writer.save(
            Party(
                **writer.fields(Party, values),
                campaign=campaign,
                **region,
                sent_recorded_by=users.get(values["sent_recorded_by"]),
                reaction_recorded_by=users.get(values["reaction_recorded_by"]),
            ),
            path,
        )
        if party is None:
            continue
        for number, adoption in enumerate(values["adoptions"]):
            adoption_path = f"{path}.adoptions[{number}]"
            recommendation = writer.lookup(
                writer.recommendations,
                adoption["recommendation"],
                f"{adoption_path}.recommendation",
                "aanbeveling",
            )
            if recommendation is None:
                continue
            writer.save(
                Adoption(
                    **writer.fields(Adoption, adoption),
                    party=party,
                    recommendation=recommendation,
                    recorded_by=users.get(adoption["recorded_by"]),
                ),
                adoption_path,
            )
