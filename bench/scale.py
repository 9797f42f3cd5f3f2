"""How the cost of a page grows with the amount of content, measured in-process.

Run by bench/run.py (after the throughput runs) with the benchmark's settings and a
database holding the demo content. It measures the public pages with every cache
cold, then grows the content by `--factor` (10 in a full run: 342 → 3,420
municipalities, 5 → 50 campaigns, about 20 → 200 recommendations in one theme;
all generated here, in the benchmark database only), and measures again. Prints
one JSON object: per page the queries, the bytes and the cold server time before
and after, and the growth of time and size.
"""

import argparse
import datetime
import json
import statistics
import time

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from campaigns.models import Campaign  # noqa: E402
from config import page_cache  # noqa: E402
from manifestos.models import Edition, Recommendation  # noqa: E402
from manifestos.publishing import campaign_publish  # noqa: E402
from manifestos.services import campaign_copy  # noqa: E402
from regions.models import Municipality, Province  # noqa: E402

CAMPAIGN = "gr2026"
PAGES = {
    "home": "/",
    "campaign": f"/{CAMPAIGN}/",
    "province": f"/{CAMPAIGN}/provincie/zuid-holland/",
    "municipality": f"/{CAMPAIGN}/gemeente/s-gravenhage/",
    "search": "/zoeken/?q=regeldruk",
}
REPEAT = 7


def cold(client, path):
    """Queries, bytes and median time of `path` with every cache emptied before each request."""
    timings = []
    for _ in range(REPEAT):
        cache.clear()
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return {
        "queries": len(queries),
        "bytes": len(response.content),
        "ms": round(statistics.median(timings), 2),
    }


@transaction.atomic
def grow(factor):
    """Generated content only: names say so, codes stay out of the real register's range."""
    provinces = list(Province.objects.order_by("cbs_code"))
    existing = Municipality.objects.valid_on(datetime.date(2026, 3, 18)).count()
    extra = existing * (factor - 1)
    Municipality.objects.bulk_create(
        Municipality(
            name=f"Proefgemeente {number}",
            slug=f"proefgemeente-{number}",
            cbs_code=f"GM{5000 + number}",
            province=provinces[number % len(provinces)],
            valid_from=datetime.date(2000, 1, 1),
        )
        for number in range(extra)
    )

    source = Campaign.objects.get(slug=CAMPAIGN)
    campaigns = Campaign.objects.count()
    for number in range(campaigns * (factor - 1)):
        copy = campaign_copy(
            source=source,
            name=f"Proefcampagne {number}",
            slug=f"proef{number}",
            election_date=source.election_date,
        )
        campaign_publish(campaign=copy, now=timezone.now() - datetime.timedelta(minutes=1))

    national = Edition.objects.get(campaign=source, province=None, municipality=None)
    theme = national.themes.filter(parent=None).order_by("position").first()
    recommendations = list(theme.recommendations.order_by("position"))
    target = max(20, len(recommendations)) * factor
    Recommendation.objects.bulk_create(
        Recommendation(
            theme=theme,
            position=len(recommendations) + number + 1,
            body=recommendations[number % len(recommendations)].body,
        )
        for number in range(target - len(recommendations))
    )
    page_cache.content_changed()
    return {
        "municipalities": Municipality.objects.valid_on(source.election_date).count(),
        "campaigns": Campaign.objects.count(),
        "recommendations_in_theme": theme.recommendations.count(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=int, default=10)
    options = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    before = {name: cold(client, path) for name, path in PAGES.items()}
    sizes = grow(options.factor)
    after = {name: cold(client, path) for name, path in PAGES.items()}
    pages = {
        name: {
            "before": before[name],
            "after": after[name],
            "time_growth": round(after[name]["ms"] / before[name]["ms"], 2),
            "size_growth": round(after[name]["bytes"] / before[name]["bytes"], 2),
        }
        for name in PAGES
    }
    print(json.dumps({"factor": options.factor, "content": sizes, "pages": pages}))


if __name__ == "__main__":
    main()
