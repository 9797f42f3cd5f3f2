"""The public read-only API (`/api/v1/`): published campaigns, editions, themes and
recommendations, regions with their figures, and contacts' public fields, as JSON.

Plain Django views, no framework: eight read-only resources need neither DRF's
serializers nor its routers, and plain views go through the same page cache
(`public_page`: ETag, Last-Modified, 304) and the same visibility rules
(`Campaign.objects.public()`, `manifestos.assembly`) as the HTML pages, so the API
can never show more than the site. The OpenAPI description (`schema.py`) is built
in Python next to the serialisers (`serialise.py`) it describes.

- `http.py`: the view decorator (methods, JSON errors, caching), parameters, pagination;
- `middleware.py`: rate limiting per client address and CORS, in front of the page cache;
- `serialise.py`: models to JSON-ready dicts, only public fields;
- `schema.py`: the OpenAPI 3.1 document;
- `views.py`, `urls.py`: the endpoints; `/api/` is the Dutch documentation page.
"""
