from django.urls import include, path

from pacte.web.views import auth, home, organizations, persons, security, territories, two_factor

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("connexion/", auth.login_view, name="login"),
    path("deconnexion/", auth.logout_view, name="logout"),
    path("double-authentification/", two_factor.otp_verify, name="otp_verify"),
    path("double-authentification/appareil/", two_factor.otp_enrol, name="otp_enrol"),
    path(
        "double-authentification/invitation/<str:key>/",
        two_factor.otp_enrol_invitation,
        name="otp_enrol_invitation",
    ),
    path("securite/jetons-api/", security.api_token_list, name="api_token_list"),
    path("securite/invitations/", security.two_factor_invite, name="two_factor_invite"),
    path("securite/jetons-api/<uuid:uuid>/revoquer/", security.api_token_revoke, name="api_token_revoke"),
    path("personnes/", persons.person_list, name="person_list"),
    path("personnes/<uuid:uuid>/", persons.person_detail, name="person_detail"),
    path("territoires/", territories.territory_list, name="territory_list"),
    path("territoires/<int:pk>/", territories.territory_edit, name="territory_edit"),
    path("structures/", organizations.organization_list, name="organization_list"),
    path("structures/<uuid:uuid>/", organizations.organization_detail, name="organization_detail"),
    path("", include("pacte.web.imports.urls")),
    path("", include("pacte.web.pathways.urls")),
]
