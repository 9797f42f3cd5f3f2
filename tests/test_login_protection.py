"""Login protection: throttled admin logins, password rules, and the session's lifetime.

Failed logins are counted by django-axes per combination of username and client address;
the limit, the Dutch lockout page, the unlock paths for staff and the proxy header are
tested here through the real admin login form. Passwords follow NIST SP 800-63B; the
session key changes at login, the session ends at logout and when the account is
deactivated.
"""

import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "een lange zin als wachtwoord"
LOGIN = "/admin/login/"
LOCKED = "Inloggen tijdelijk geblokkeerd"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def staff():
    return UserFactory(username="redacteur", superuser=True, password=PASSWORD)


def attempt(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, username, times, address="203.0.113.7", **headers):
    for _ in range(times):
        response = attempt(client, username, "fout-wachtwoord", address, **headers)
        assert response.status_code in (200, 429)
    return response


def logged_in(client):
    return client.get("/admin/").status_code == 200


def assert_locked_out(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "Probeer het over 30 minuten opnieuw" in page
    assert "Vraag een beheerder" in page
    assert int(response["Retry-After"]) == 30 * 60


# --- throttling ------------------------------------------------------------------------------


def test_wrong_passwords_below_the_limit_get_the_normal_form(client, staff):
    response = fail(client, "redacteur", LIMIT - 1)

    assert response.status_code == 200
    assert "Voer de correcte gebruikersnaam" in response.content.decode()
    assert attempt(client, "redacteur", PASSWORD).status_code == 302
    assert logged_in(client)


def test_after_the_limit_even_the_right_password_is_refused_with_a_dutch_page(client, staff):
    assert_locked_out(fail(client, "redacteur", LIMIT))

    assert_locked_out(attempt(client, "redacteur", PASSWORD))
    assert not logged_in(client)


def test_the_lock_is_per_username_and_address_combination(client, staff):
    UserFactory(username="collega", superuser=True, password=PASSWORD)
    fail(client, "redacteur", LIMIT, address="203.0.113.7")

    # The same account from another address, and another account from the same address.
    assert attempt(client, "redacteur", PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    assert attempt(client, "collega", PASSWORD, address="203.0.113.7").status_code == 302


def test_a_successful_login_clears_the_failures(client, staff):
    fail(client, "redacteur", LIMIT - 1)
    assert attempt(client, "redacteur", PASSWORD).status_code == 302
    client.logout()

    assert fail(client, "redacteur", LIMIT - 1).status_code == 200
    assert attempt(client, "redacteur", PASSWORD).status_code == 302


def test_guessing_an_unknown_username_is_throttled_too(client):
    assert_locked_out(fail(client, "bestaat-niet", LIMIT))


def test_the_lockout_page_runs_under_the_csp_without_inline_scripts(client, staff):
    response = fail(client, "redacteur", LIMIT)

    assert "Content-Security-Policy" in response.headers
    assert "<script" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


# --- the client's address behind a proxy ----------------------------------------------------


def test_without_a_configured_proxy_header_forwarded_addresses_are_ignored(client, staff):
    """An attacker who sends a fresh X-Forwarded-For with every guess is still one client."""
    for number in range(LIMIT):
        response = attempt(
            client, "redacteur", "fout", HTTP_X_FORWARDED_FOR=f"192.0.2.{number + 1}"
        )
    assert_locked_out(response)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_with_a_configured_proxy_header_the_address_the_proxy_saw_counts(client, staff, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.CLIENT_IP_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    # What the client wrote itself (left of the proxy's entry) does not matter.
    for number in range(LIMIT):
        response = attempt(
            client,
            "redacteur",
            "fout",
            address=proxy,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number + 1}, 198.51.100.9",
        )
    assert_locked_out(response)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}

    # Another visitor behind the same proxy logs in.
    response = attempt(
        client, "redacteur", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.10"
    )
    assert response.status_code == 302


def test_a_malformed_proxy_header_falls_back_to_the_connection_address(client, staff, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    fail(client, "redacteur", 1, address="203.0.113.7", HTTP_X_FORWARDED_FOR="<script>")

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


# --- unlocking -------------------------------------------------------------------------------


def test_staff_unlock_a_user_with_the_admin_action(client, staff):
    locked = UserFactory(username="geblokkeerd", staff=True, password=PASSWORD)
    fail(client, "geblokkeerd", LIMIT)
    assert_locked_out(attempt(client, "geblokkeerd", PASSWORD))

    admin = client.__class__()
    admin.force_login(staff)
    response = admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [locked.pk]},
        follow=True,
    )
    assert "Blokkade opgeheven" in response.content.decode()

    assert attempt(client, "geblokkeerd", PASSWORD).status_code == 302


def test_staff_see_the_lockouts_in_the_admin_and_delete_one_to_unlock(client, staff):
    fail(client, "redacteur", LIMIT)
    admin = client.__class__()
    admin.force_login(UserFactory(superuser=True))

    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert "redacteur" in listing.content.decode()
    assert "fout-wachtwoord" not in listing.content.decode()

    row = AccessAttempt.objects.get(username="redacteur")
    admin.post(reverse("admin:axes_accessattempt_delete", args=[row.pk]), {"post": "yes"})
    assert attempt(client, "redacteur", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "command, arguments",
    [
        ("axes_reset_username", ["redacteur"]),
        ("axes_reset_ip_username", ["203.0.113.7", "redacteur"]),
        ("axes_reset", []),
    ],
)
def test_the_reset_commands_unlock(client, staff, command, arguments):
    fail(client, "redacteur", LIMIT)

    call_command(command, *arguments, stdout=io.StringIO())

    assert attempt(client, "redacteur", PASSWORD).status_code == 302


def test_a_regiomanager_cannot_unlock_anyone(client, staff):
    from config.roles import REGIOMANAGER

    fail(client, "redacteur", LIMIT)
    regiomanager = client.__class__()
    regiomanager.force_login(UserFactory(staff=True, role=REGIOMANAGER))

    assert regiomanager.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    response = regiomanager.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [staff.pk]},
    )
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="redacteur").exists()


# --- passwords -------------------------------------------------------------------------------


def refused(password, user=None):
    with translation.override("nl"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return " ".join(error.messages)
    return None


def test_short_passwords_are_refused_with_a_dutch_message():
    assert "minimaal 15 tekens" in refused("kort-maar-goed")  # 14 characters
    assert refused("vijftien-tekens") is None  # 15


@pytest.mark.parametrize(
    "passphrase",
    [
        "de lasser en de draaier gaan samen naar de vakschool in Woerden " * 1,  # 65
        "ik onthoud liever een lange zin dan een kort raadsel vol tekens, " * 4,  # 260
        "Ĳzersterke ŝtaal-verbindingen 🔩 voor de maakindustrie in Fryslân en Zeeland",
        "123456789012345678",  # only digits: no composition rules
    ],
)
def test_long_passphrases_with_any_characters_are_allowed(passphrase):
    assert len(passphrase) >= 15
    assert refused(passphrase) is None


@pytest.mark.parametrize("password", ["manchesterunited", "1q2w3e4r5t6y7u8i", "111111111111111"])
def test_common_passwords_are_refused(password):
    assert "te algemeen" in refused(password)


def test_a_password_resembling_the_account_is_refused():
    user = get_user_model()(username="janvandenberg", email="janvandenberg@metaalunie.nl")
    assert refused("janvandenberg2026", user)


def test_a_long_passphrase_set_in_the_admin_logs_in(client, staff):
    user = UserFactory(username="lange-zin", staff=True)
    passphrase = "wij vragen de gemeente om ruimte voor bedrijven en vakmensen " * 3
    admin = client.__class__()
    admin.force_login(staff)
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": passphrase, "password2": passphrase},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    assert attempt(client, "lange-zin", passphrase).status_code == 302
    assert logged_in(client)


# --- the session ----------------------------------------------------------------------------


def test_the_session_key_changes_at_login(client, staff):
    session = client.session
    session["voorkeur"] = "bewaard"
    session.save()
    before = session.session_key

    assert attempt(client, "redacteur", PASSWORD).status_code == 302

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.get(session_key=after).get_decoded()[SESSION_KEY] == str(staff.pk)


def test_logout_ends_the_session(client, staff):
    attempt(client, "redacteur", PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(reverse("admin:logout"))

    assert response.status_code == 200
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/admin/").status_code == 302


def test_a_deactivated_account_is_anonymous_at_its_next_request(client, staff):
    attempt(client, "redacteur", PASSWORD)
    assert logged_in(client)

    staff.is_active = False
    staff.save()

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert response.wsgi_request.user.is_anonymous
    # And a stolen session cookie cannot log back in with the old password either.
    assert attempt(client, "redacteur", PASSWORD).status_code == 200


def test_a_session_ends_after_a_working_day_without_activity(client, staff, monkeypatch):
    """Each request moves the end; eight idle hours (SESSION_IDLE_HOURS) end the session."""
    start = timezone.now()

    def at(hours):
        monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(hours=hours))

    at(0)
    client.force_login(staff)
    assert logged_in(client)
    at(7)
    assert logged_in(client)
    at(14)  # fourteen hours after logging in, but seven after the last request
    assert logged_in(client)
    at(22.1)
    assert not logged_in(client)
    assert client.get("/admin/")["Location"].startswith(LOGIN)
