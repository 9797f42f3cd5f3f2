"""Who may record what: staff every region, a regiomanager only their own district.

A regiomanager's district is the district of the contact card linked to their
account (`regions.Contact.user`). Everything a regiomanager can reach in the
lobby admin (lists, pages, choices, imports, bulk forms) is narrowed through
these functions, so the limit holds on the server whatever a form sends.
"""

from campaigns.models import Campaign
from config.roles import MANAGE_ALL_PARTIES
from regions.models import Contact, District, Municipality, Province

from .models import Party


def manages_all_parties(user):
    return user.is_active and user.has_perm(MANAGE_ALL_PARTIES)


def user_district(user) -> District | None:
    """The district of the user's own contact card; None without one."""
    if not user.is_authenticated:
        return None
    contact = Contact.objects.filter(user=user).select_related("district").first()
    return contact.district if contact is not None else None


def _cached_district(request):
    """The district of the request's user, looked up once per request."""
    if not hasattr(request, "_lobby_district"):
        request._lobby_district = user_district(request.user)
    return request._lobby_district


def recordable_parties(request):
    parties = Party.objects.all()
    if manages_all_parties(request.user):
        return parties
    district = _cached_district(request)
    return parties.in_district(district) if district is not None else parties.none()


def recordable_municipalities(request):
    municipalities = Municipality.objects.select_related("province")
    if manages_all_parties(request.user):
        return municipalities
    district = _cached_district(request)
    return municipalities.in_district(district) if district else municipalities.none()


def recordable_provinces(request):
    if manages_all_parties(request.user):
        return Province.objects.all()
    district = _cached_district(request)
    return Province.objects.filter(district=district) if district else Province.objects.none()


def recordable_campaigns(request):
    """Campaigns one may record parties for: a regiomanager only public, regional ones
    (a draft's name is not theirs to see)."""
    if manages_all_parties(request.user):
        return Campaign.objects.all()
    return Campaign.objects.public().regional()


def may_record(request, party):
    """Whether the party lies in a region the request's user may record for."""
    if manages_all_parties(request.user):
        return True
    district = _cached_district(request)
    return district is not None and party.district == district
