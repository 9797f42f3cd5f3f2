"""The settings per environment, checked in fresh processes as a deployment would load them."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

BASE_DIR = Path(__file__).resolve().parent.parent
REAL_KEY = "k" * 20 + "Zq8!v@3#Lm9$Tx2%Rw7^Np4&Hs6*Jd1(" + "y" * 10


def run_django(settings, code, **env):
    """Run `code` after django.setup() with the given settings module and environment."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL"}
    }
    environment.update(DJANGO_SETTINGS_MODULE=settings, **env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


class TestProductionSettings:
    def test_refuses_to_start_without_a_secret_key(self):
        result = run_django("config.settings.prod", "", ALLOWED_HOSTS="example.org")
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_refuses_a_short_or_development_key(self):
        for key in ["short", "dev-only-insecure-key-never-use-in-production" + "x" * 10]:
            result = run_django("config.settings.prod", "", SECRET_KEY=key, ALLOWED_HOSTS="a.nl")
            assert result.returncode != 0, key
            assert "SECRET_KEY" in result.stderr

    def test_refuses_to_start_without_allowed_hosts(self):
        result = run_django("config.settings.prod", "", SECRET_KEY=REAL_KEY)
        assert result.returncode != 0
        assert "ALLOWED_HOSTS" in result.stderr

    def test_refuses_a_wildcard_host(self):
        result = run_django("config.settings.prod", "", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="*")
        assert result.returncode != 0
        assert "ALLOWED_HOSTS" in result.stderr

    def test_starts_with_debug_off_and_hashed_compressed_static_files(self):
        result = run_django(
            "config.settings.prod",
            "from django.conf import settings as s; "
            "print(s.DEBUG, s.STORAGES['staticfiles']['BACKEND'], "
            "s.DATABASES['default']['ENGINE'])",
            SECRET_KEY=REAL_KEY,
            ALLOWED_HOSTS="verkiezingen.example.nl",
            DEBUG="true",
        )
        assert result.returncode == 0, result.stderr
        debug, storage, engine = result.stdout.split()
        assert debug == "False"
        assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
        assert engine == "django.db.backends.sqlite3"

    def test_without_a_cache_url_the_processes_of_a_machine_share_one_cache(self, tmp_path):
        """What one gunicorn worker stored, another (or its replacement) reads."""
        settings = {
            "SECRET_KEY": REAL_KEY,
            "ALLOWED_HOSTS": "verkiezingen.example.nl",
            "VAR_DIR": str(tmp_path),
            "CACHE_URL": "",
        }
        code = "from django.core.cache import cache; "
        stored = run_django(
            "config.settings.prod", code + "cache.set('pagina', 'opgeslagen')", **settings
        )
        read = run_django("config.settings.prod", code + "print(cache.get('pagina'))", **settings)

        assert stored.returncode == 0, stored.stderr
        assert read.stdout.strip() == "opgeslagen"
        assert (tmp_path / "cache").is_dir()

    def test_several_app_servers_share_redis_through_cache_url(self):
        result = run_django(
            "config.settings.prod",
            "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])",
            SECRET_KEY=REAL_KEY,
            ALLOWED_HOSTS="verkiezingen.example.nl",
            CACHE_URL="redis://127.0.0.1:6379/0",
        )
        assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"

    def test_postgresql_through_database_url(self):
        result = run_django(
            "config.settings.prod",
            "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])",
            SECRET_KEY=REAL_KEY,
            ALLOWED_HOSTS="verkiezingen.example.nl",
            DATABASE_URL="postgres://user@db.example:5432/metaalunie",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "django.db.backends.postgresql"


def test_base_settings_run_with_debug_off():
    result = run_django(
        "config.settings.base", "from django.conf import settings as s; print(s.DEBUG)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_sqlite_database_lives_in_the_git_ignored_var_folder():
    result = run_django(
        "config.settings.dev",
        "from django.conf import settings as s; print(s.DATABASES['default']['NAME'])",
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == BASE_DIR / "var" / "db.sqlite3"
    assert "var/" in (BASE_DIR / ".gitignore").read_text().splitlines()


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path):
    result = run_django(
        "config.settings.prod",
        "from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="verkiezingen.example.nl",
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    hashed = [path.name for path in (tmp_path / "css").glob("site.*.css")]
    assert hashed, "no hashed copy of site.css"
    assert any(name.endswith(".css") and name.count(".") == 2 for name in hashed)
    assert list((tmp_path / "css").glob("site.*.css.gz")), "no compressed copy of site.css"


def test_every_variable_read_from_the_environment_is_documented():
    example = (BASE_DIR / ".env.example").read_text()
    settings_code = "".join(
        path.read_text() for path in (BASE_DIR / "config/settings").glob("*.py")
    )
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', settings_code))
    assert read, "no environment variables found in the settings"
    missing = sorted(name for name in read if f"{name}=" not in example)
    assert not missing, f"not in .env.example: {missing}"


@pytest.mark.django_db
def test_demo_account_is_refused_outside_the_development_settings(settings):
    settings.DEMO_ACCOUNT_ALLOWED = False
    with pytest.raises(CommandError, match="ontwikkelomgeving"):
        call_command("create_demo_admin")
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_demo_account_in_development_can_log_in(settings, client):
    settings.DEMO_ACCOUNT_ALLOWED = True
    call_command("create_demo_admin", stdout=io.StringIO())
    call_command("create_demo_admin", stdout=io.StringIO())
    # Through the login form: django-axes counts logins per request.
    login = {"username": "beheer", "password": "metaalunie-demo"}
    assert client.post("/admin/login/", login).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_find_python_picks_an_interpreter_of_at_least_3_12():
    result = subprocess.run(
        [str(BASE_DIR / "scripts/find-python")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    version = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert version.stdout.strip() == "True"


def test_find_python_explains_when_none_is_found(tmp_path):
    result = subprocess.run(
        ["/bin/bash", str(BASE_DIR / "scripts/find-python")],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": str(tmp_path), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "Python 3.12 or newer" in result.stderr


@pytest.mark.django_db
def test_the_demo_regiomanager_reaches_only_monique_van_der_voorts_card(
    settings, client, demo_content
):
    settings.DEMO_ACCOUNT_ALLOWED = True
    call_command("create_demo_admin", stdout=io.StringIO())

    # Through the login form: django-axes counts logins per request.
    login = {"username": "regiomanager", "password": "metaalunie-demo"}
    assert client.post("/admin/login/", login).status_code == 302
    response = client.get("/admin/regions/contact/", follow=True)
    assert "Monique van der Voort" in response.content.decode()
    assert client.get("/admin/campaigns/campaign/").status_code == 403


@pytest.mark.django_db
def test_the_demo_beheerder_manages_accounts_and_no_content(settings, client):
    settings.DEMO_ACCOUNT_ALLOWED = True
    output = io.StringIO()
    call_command("create_demo_admin", stdout=output)
    call_command("create_demo_admin", stdout=io.StringIO())

    assert "gebruikersnaam: beheerder  wachtwoord: metaalunie-demo" in output.getvalue()
    # Through the login form: django-axes counts logins per request.
    login = {"username": "beheerder", "password": "metaalunie-demo"}
    assert client.post("/admin/login/", login).status_code == 302
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get("/admin/campaigns/campaign/").status_code == 403
