from django.urls import include, path

from pacte.web.views import auth, home, organizations, persons, territories

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("connexion/", auth.login_view, name="login"),
    path("deconnexion/", auth.logout_view, name="logout"),
    path("double-authentification/", auth.otp_verify, name="otp_verify"),
    path("personnes/", persons.person_list, name="person_list"),
    path("personnes/<uuid:uuid>/", persons.person_detail, name="person_detail"),
    path("territoires/", territories.territory_list, name="territory_list"),
    path("territoires/<int:pk>/", territories.territory_edit, name="territory_edit"),
    path("structures/", organizations.organization_list, name="organization_list"),
    path("structures/<uuid:uuid>/", organizations.organization_detail, name="organization_detail"),
    path("", include("pacte.web.imports.urls")),
    path("", include("pacte.web.pathways.urls")),
]
