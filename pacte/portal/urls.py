from django.urls import path, re_path

from pacte.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", views.sign_in, name="sign_in"),
    path("connexion/code/", views.sign_in_code, name="sign_in_code"),
    path("connexion/lien/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("rendez-vous/", views.appointment_list, name="appointments"),
    path("rendez-vous/<uuid:uuid>/reponse/", views.appointment_reply, name="appointment_reply"),
    path("mon-plan/", views.plan, name="plan"),
    path("mon-plan/proposer/", views.propose, name="propose"),
    path("mon-plan/commenter/", views.plan_comment, name="plan_comment"),
    path("mon-plan/accord/", views.plan_agree, name="plan_agree"),
    path("ce-qui-me-bloque/", views.blocker, name="blocker"),
    path("mes-avis/", views.rating_list, name="ratings"),
    path("mes-avis/<uuid:uuid>/", views.rate, name="rate"),
    path("pres-de-chez-moi/", views.offers, name="offers"),
    path("offres-d-emploi/", views.jobs, name="jobs"),
    path("documents/", views.documents, name="documents"),
    path("documents/orientation/<uuid:uuid>/", views.orientation_letter, name="orientation_letter"),
    path("documents/contrat/<uuid:uuid>/", views.contract_pdf, name="contract_pdf"),
    path("mes-donnees/", views.my_data, name="my_data"),
    re_path(r"^mes-donnees/telecharger\.(?P<fmt>json|pdf)$", views.my_data_download, name="my_data_download"),
    path("sans-dossier/", views.no_record, name="no_record"),
]
