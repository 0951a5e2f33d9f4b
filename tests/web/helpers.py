from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url, *, shows, **params):
    """The number of queries a GET of `url` makes. It must answer 200 and show every text of
    `shows` (the rows being counted), so that a page that lists nothing cannot pass the guard."""
    assert shows, "une garde du nombre de requêtes vérifie aussi les lignes affichées"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    missing = [text for text in shows if str(text) not in page]
    assert missing == [], f"absent de la page : {missing}"
    return len(captured)
