"""Matrix rows for the coverage of the territory (aggregates: the direction of its département and
the analysts; other roles 403) and the fill rates (a partner its own offers, the direction its
département's; other roles 403). Which offers a partner reads is tested on the page's content
(tests/web/offers/test_coverage_fill_rates.py): another organisation's partner never sees them."""

from tests.permissions.loader import Case, expect

AGGREGATES = {"direction": 200, "analyst": 200, "superuser": 200}

CASES = {
    "web:offer_coverage": Case(expect(403, **AGGREGATES)),
    "web:offer_coverage_export": Case(expect(403, **AGGREGATES), note="CSV par défaut"),
    "web:offer_fill_rates": Case(expect(403, direction=200, partner=200, superuser=200)),
}
