from django.urls import path

from pacte.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", views.sign_in, name="sign_in"),
    path("connexion/code/", views.sign_in_code, name="sign_in_code"),
    path("connexion/lien/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("sans-dossier/", views.no_record, name="no_record"),
]
