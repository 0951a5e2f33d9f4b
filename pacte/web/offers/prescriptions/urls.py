from django.urls import path

from pacte.web.offers.prescriptions import partner, search, views

urlpatterns = [
    path("personnes/<uuid:uuid>/offres/", search.person_offer_search, name="person_offer_search"),
    path("offres/<uuid:uuid>/prescrire/", views.prescription_create, name="prescription_create"),
    path("prescriptions/<uuid:uuid>/", views.prescription_detail, name="prescription_detail"),
    path("structure/prescriptions/", partner.prescriptions_received, name="prescriptions_received"),
    path("structure/presences/", partner.prescriptions_attendance, name="prescriptions_attendance"),
]
