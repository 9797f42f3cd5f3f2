"""Security headers on every response, and production settings that pass Django's deploy check.

The Content-Security-Policy lives in the base settings, so every page the other tests
render is rendered under it; these tests look at the headers themselves.
"""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from manifestos.models import Edition
from tests.factories import UserFactory
from tests.test_settings import REAL_KEY, run_django

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "verkiezingen.example.nl"
SIX_MONTHS = 60 * 60 * 24 * 182

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
NONCE_ATTR = re.compile(r'\snonce="([^"]*)"')
# An on…= attribute inside a tag, or a javascript: URL anywhere.
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)


def csp_directives(response):
    """The enforced Content-Security-Policy as {directive: [values]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    assert "Content-Security-Policy-Report-Only" not in response.headers
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def header_nonce(response):
    nonces = [
        value[len("'nonce-") : -1]
        for value in csp_directives(response)["script-src"]
        if value.startswith("'nonce-")
    ]
    assert len(nonces) == 1, f"expected one nonce in script-src, got {nonces}"
    return nonces[0]


def script_tags(response):
    """The attributes text of every <script> start tag on the page."""
    return SCRIPT_TAG.findall(response.content.decode())


def inline_scripts(response):
    """The scripts in the page that a browser would run (not data blocks such as JSON-LD)."""
    return [
        tag
        for tag in script_tags(response)
        if not re.search(r"\ssrc=", tag) and "application/ld+json" not in tag
    ]


# --- the pages ----------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(superuser=True)


def _edition_change_url():
    edition = Edition.objects.get(campaign__slug="gr2026", province=None, municipality=None)
    return f"/admin/manifestos/edition/{edition.pk}/change/"


PAGES = {
    "home": (lambda: "/", False, 200),
    "municipality": (lambda: "/gr2026/gemeente/voorne-aan-zee/", False, 200),
    "search": (lambda: "/zoeken/?q=regeldruk", False, 200),
    "not-found": (lambda: "/deze-pagina-bestaat-niet/", False, 404),
    "admin-login": (lambda: "/admin/login/", False, 200),
    "admin-change": (_edition_change_url, True, 200),
}


@pytest.fixture(params=list(PAGES), ids=list(PAGES))
def fetch(request, client, demo_content, superuser):
    """A function that fetches the page of this parameter afresh on every call."""
    url_of, logged_in, status = PAGES[request.param]
    if logged_in:
        client.force_login(superuser)
    url = url_of()

    def get():
        response = client.get(url)
        assert response.status_code == status, url
        return response

    return get


def test_the_policy_allows_scripts_only_from_the_site_or_with_the_nonce(fetch):
    directives = csp_directives(fetch())

    script_src = directives["script-src"]
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "'unsafe-hashes'" not in script_src
    assert set(script_src) - {"'self'"} == {v for v in script_src if v.startswith("'nonce-")}
    assert "'unsafe-inline'" not in directives["style-src"]
    assert "'unsafe-inline'" not in directives["default-src"]
    assert directives["default-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] in (["'none'"], ["'self'"])
    assert directives["form-action"] == ["'self'"]


def test_every_response_has_its_own_nonce_which_the_inline_scripts_carry(fetch):
    first, second = fetch(), fetch()

    nonces = [header_nonce(first), header_nonce(second)]
    assert nonces[0] != nonces[1]
    for response, nonce in zip([first, second], nonces, strict=True):
        assert len(nonce) >= 16
        for tag in inline_scripts(response):
            assert NONCE_ATTR.findall(tag) == [nonce], tag
        # Whatever carries a nonce on the page carries this response's.
        assert set(NONCE_ATTR.findall(response.content.decode())) <= {nonce}


def test_no_inline_event_handlers_javascript_urls_or_style_attributes(fetch):
    html = fetch().content.decode()

    assert not EVENT_HANDLER.findall(html)
    assert not JAVASCRIPT_URL.findall(html)
    assert not STYLE_ATTR.findall(html)


def test_the_other_security_headers(fetch):
    response = fetch()

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] in {
        "strict-origin-when-cross-origin",
        "strict-origin",
        "same-origin",
        "no-referrer",
    }
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = {item.strip() for item in response.headers["Permissions-Policy"].split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()"} <= permissions
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.django_db
def test_a_stored_public_page_replays_no_nonce_of_an_earlier_response(client, demo_content):
    first = client.get("/gr2026/gemeente/voorne-aan-zee/")
    second = client.get("/gr2026/gemeente/voorne-aan-zee/")

    assert first.content == second.content
    assert header_nonce(first) != header_nonce(second)
    # The breadcrumbs' JSON-LD is a data block that no browser runs: it needs no nonce.
    assert 'type="application/ld+json"' in first.content.decode()
    assert NONCE_ATTR.findall(first.content.decode()) == []
    assert inline_scripts(first) == []


@pytest.mark.django_db
def test_the_suggestions_json_gets_the_headers_and_no_cors_wildcard(client, demo_content):
    response = client.get("/gemeenten/zoeken.json", {"q": "voorne"})

    assert response.status_code == 200
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_no_template_or_script_has_inline_handlers_or_javascript_urls():
    sources = [
        *(BASE_DIR / "templates").rglob("*.html"),
        *(BASE_DIR / "static/js").rglob("*.js"),
        *(BASE_DIR / "static/admin/js").rglob("*.js"),
    ]
    assert sources
    offending = [
        path.relative_to(BASE_DIR)
        for path in sources
        if EVENT_HANDLER.search(path.read_text()) or JAVASCRIPT_URL.search(path.read_text())
    ]
    assert not offending


def test_every_inline_script_in_the_templates_carries_the_nonce():
    missing = [
        (path.relative_to(BASE_DIR), tag)
        for path in (BASE_DIR / "templates").rglob("*.html")
        for tag in SCRIPT_TAG.findall(path.read_text())
        if "src=" not in tag and "nonce" not in tag
    ]
    assert not missing


def test_the_policy_is_enforced_in_every_environment():
    for name in ["dev", "prod", "test"]:
        result = run_django(
            f"config.settings.{name}",
            "from django.conf import settings as s; "
            "print('django.middleware.csp.ContentSecurityPolicyMiddleware' in s.MIDDLEWARE, "
            "bool(s.SECURE_CSP), bool(s.SECURE_CSP_REPORT_ONLY))",
            SECRET_KEY=REAL_KEY,
            ALLOWED_HOSTS=HOST,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["True", "True", "False"], name


# --- production -------------------------------------------------------------------------


def test_production_settings_pass_the_deploy_check_with_nothing_silenced(tmp_path):
    result = run_django(
        "config.settings.prod",
        "from django.conf import settings as s; "
        "assert not s.SILENCED_SYSTEM_CHECKS, s.SILENCED_SYSTEM_CHECKS; "
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS=HOST,
        VAR_DIR=str(tmp_path),
        # The browser tests set it in this process (Playwright); a server never has it.
        DJANGO_ALLOW_ASYNC_UNSAFE="",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """collectstatic run once with the production settings (hashed, compressed files)."""
    root = tmp_path_factory.mktemp("static")
    result = run_django(
        "config.settings.prod",
        "from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS=HOST,
        VAR_DIR=str(root.parent),
        STATIC_ROOT=str(root),
    )
    assert result.returncode == 0, result.stderr
    return root


def _production_response(tmp_path, static_root, path):
    """Headers and cookies of `path` served over HTTPS by the production settings."""
    result = run_django(
        "config.settings.prod",
        "import json; from django.conf import settings as s; from django.test import Client; "
        f"r = Client().get({path!r}, secure=True, headers={{'host': {HOST!r}}}); "
        "print(json.dumps({'status': r.status_code, 'headers': dict(r.headers), "
        "'body': r.content.decode(), "
        "'cookies': {n: {k: c[k] for k in ('secure', 'httponly', 'samesite')} "
        "for n, c in r.cookies.items()}, "
        "'session_cookie': [s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE], "
        "'installed': s.INSTALLED_APPS + s.MIDDLEWARE}))",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS=HOST,
        VAR_DIR=str(tmp_path),
        STATIC_ROOT=str(static_root),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_scores_on_every_observatory_test(tmp_path, static_root):
    """The elements Mozilla's HTTP Observatory scores, on the admin login page in production."""
    seen = _production_response(tmp_path, static_root, "/admin/login/")
    headers = seen["headers"]
    assert seen["status"] == 200

    # Content Security Policy: no inline or eval scripts, no plugins, no framing.
    policy = dict(
        (part.split()[0], part.split()[1:])
        for part in headers["Content-Security-Policy"].split(";")
    )
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(policy["script-src"])
    assert policy["object-src"] == ["'none'"]
    # Clickjacking: both the old header and frame-ancestors.
    assert headers["X-Frame-Options"] == "DENY"
    assert policy["frame-ancestors"] == ["'none'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # Strict-Transport-Security for at least six months.
    max_age = int(re.search(r"max-age=(\d+)", headers["Strict-Transport-Security"])[1])
    assert max_age >= SIX_MONTHS
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    # Cookies: the CSRF cookie the page sets, and the session cookie's settings.
    assert seen["cookies"]["csrftoken"] == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }
    assert seen["session_cookie"] == [True, True, "Lax"]
    # Cross-origin resource sharing: nothing shared, nothing that could share.
    assert "Access-Control-Allow-Origin" not in headers
    assert not [name for name in seen["installed"] if "cors" in name.lower()]
    # Cross-Origin-Resource-Policy: no other site may embed our responses.
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    # Subresource integrity: passes when every script is loaded from the site itself.
    sources = re.findall(r"<script\b[^>]*\ssrc=\"([^\"]*)\"", seen["body"])
    assert sources
    assert all(src.startswith("/") and not src.startswith("//") for src in sources), sources
    # Redirection to HTTPS on the same host: test_production_redirects_plain_http_to_https.


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/zoeken/?q=x", "/healthz"])
def test_every_kind_of_page_carries_the_headers_in_production(tmp_path, static_root, path):
    headers = _production_response(tmp_path, static_root, path)["headers"]

    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "max-age=" in headers["Strict-Transport-Security"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_production_redirects_plain_http_to_https(tmp_path):
    result = run_django(
        "config.settings.prod",
        "from django.test import Client; "
        f"r = Client().get('/admin/login/', headers={{'host': {HOST!r}}}); "
        "print(r.status_code, r.headers['Location'])",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS=HOST,
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["301", f"https://{HOST}/admin/login/"]


def test_only_hashed_static_files_are_cached_for_ever(tmp_path, static_root):
    result = run_django(
        "config.settings.prod",
        "import json; from django.test import Client; "
        "from django.conf import settings as s; "
        "from pathlib import Path; "
        "manifest = json.loads((Path(s.STATIC_ROOT) / 'staticfiles.json').read_text()); "
        "hashed = manifest['paths']['css/site.css']; "
        # A fresh WSGI application: whitenoise indexes STATIC_ROOT when it starts.
        "c = Client(); "
        "got = {name: c.get('/static/' + name, secure=True, headers={'host': "
        f"{HOST!r}}}) for name in ['css/site.css', hashed]}}; "
        "print(json.dumps({name: [r.status_code, r.headers.get('Cache-Control', ''), "
        "r.headers.get('X-Content-Type-Options')] for name, r in got.items()} | "
        "{'hashed': hashed}))",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS=HOST,
        VAR_DIR=str(tmp_path),
        STATIC_ROOT=str(static_root),
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    hashed = seen.pop("hashed")
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)

    status, cache_control, nosniff = seen[hashed]
    assert status == 200
    assert nosniff == "nosniff"
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control)[1]) >= 60 * 60 * 24 * 365

    status, cache_control, nosniff = seen["css/site.css"]
    assert status == 200
    assert "immutable" not in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control)[1]) <= 60 * 60


def test_the_test_settings_enforce_the_same_policy_as_production():
    result = run_django(
        "config.settings.prod",
        "from django.conf import settings as s; import json; "
        "print(json.dumps(s.SECURE_CSP, sort_keys=True))",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS=HOST,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(json.dumps(settings.SECURE_CSP))
