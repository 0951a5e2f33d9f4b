"""Every named URL of the project (web and API), found by walking the resolver."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

EXCLUDED_PREFIXES = ("admin/",)


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern).removeprefix("^").removesuffix("$")
        if isinstance(entry, URLResolver):
            if route.startswith(EXCLUDED_PREFIXES):
                continue
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)


def named_routes():
    """{"namespace:name": "route"}; for a name declared several times (format suffixes), the first."""
    routes = {}
    for name, route in _walk(get_resolver().url_patterns):
        routes.setdefault(name, route)
    return routes
