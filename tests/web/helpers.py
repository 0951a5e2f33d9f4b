from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url, **params):
    """The number of queries a GET of `url` makes (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return len(captured)
