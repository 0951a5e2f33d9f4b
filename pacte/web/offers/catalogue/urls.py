from django.urls import path

from pacte.web.offers.catalogue import editing, export, partner, views

urlpatterns = [
    path("offres/", views.offer_list, name="offer_list"),
    path("offres/nouvelle/", editing.offer_create, name="offer_create"),
    path("offres/export.json", export.offer_export, name="offer_export"),
    path("offres/<uuid:uuid>/", views.offer_detail, name="offer_detail"),
    path("offres/<uuid:uuid>/modifier/", editing.offer_edit, name="offer_edit"),
    path("offres/<uuid:uuid>/statut/", views.offer_status, name="offer_status"),
    path("offres/<uuid:uuid>/sessions/nouvelle/", editing.session_create, name="offer_session_create"),
    path("offres/<uuid:uuid>/sessions/<uuid:session_uuid>/", editing.session_edit, name="offer_session_edit"),
    path(
        "offres/<uuid:uuid>/sessions/<uuid:session_uuid>/supprimer/",
        editing.session_delete,
        name="offer_session_delete",
    ),
    path("structure/offres/", partner.partner_offers, name="partner_offers"),
]
