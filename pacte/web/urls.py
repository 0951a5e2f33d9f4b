from django.urls import include, path

from pacte.web.views import (
    accounts,
    auth,
    home,
    organizations,
    passwords,
    persons,
    proconnect,
    security,
    territories,
    two_factor,
)

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("connexion/", auth.login_view, name="login"),
    path("deconnexion/", auth.logout_view, name="logout"),
    path("mot-de-passe-oublie/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/", passwords.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/modifie/", passwords.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("compte/activation/<uidb64>/<token>/", passwords.AccountSetupView.as_view(), name="account_setup"),
    path(
        "compte/active/",
        passwords.PasswordResetCompleteView.as_view(template_name="web/auth/account_setup_complete.html"),
        name="account_setup_complete",
    ),
    path("connexion/proconnect/", proconnect.ProConnectLogin.as_view(), name="proconnect_login"),
    path("connexion/proconnect/retour/", proconnect.ProConnectCallback.as_view(), name="proconnect_callback"),
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
    path("equipe/", accounts.staff_list, name="staff_list"),
    path("equipe/inviter/", accounts.staff_invite, name="staff_invite"),
    path("equipe/<uuid:uuid>/", accounts.staff_detail, name="staff_detail"),
    path("equipe/<uuid:uuid>/habilitations/", accounts.staff_membership_add, name="staff_membership_add"),
    path(
        "equipe/<uuid:uuid>/habilitations/<int:pk>/",
        accounts.staff_membership_change,
        name="staff_membership_change",
    ),
    path(
        "equipe/<uuid:uuid>/habilitations/<int:pk>/retirer/",
        accounts.staff_membership_revoke,
        name="staff_membership_revoke",
    ),
    path("equipe/<uuid:uuid>/invitation/", accounts.staff_resend_invitation, name="staff_resend_invitation"),
    path("equipe/<uuid:uuid>/desactiver/", accounts.staff_deactivate, name="staff_deactivate"),
    path("personnes/", persons.person_list, name="person_list"),
    path("personnes/<uuid:uuid>/", persons.person_detail, name="person_detail"),
    path("personnes/<uuid:uuid>/espace/ouvrir/", persons.person_space_open, name="person_space_open"),
    path("personnes/<uuid:uuid>/espace/lu/", persons.person_space_seen, name="person_space_seen"),
    path("territoires/", territories.territory_list, name="territory_list"),
    path("territoires/<int:pk>/", territories.territory_edit, name="territory_edit"),
    path(
        "territoires/departements/<str:code>/signataire/",
        territories.signatory_edit,
        name="departement_signatory",
    ),
    path("structures/", organizations.organization_list, name="organization_list"),
    path("structures/<uuid:uuid>/", organizations.organization_detail, name="organization_detail"),
    path("", include("pacte.web.imports.urls")),
    path("", include("pacte.web.pathways.urls")),
    path("", include("pacte.web.invitations.urls")),
    path("", include("pacte.web.offers.urls")),
    path("", include("pacte.web.employment.urls")),
    path("", include("pacte.web.pact.urls")),
    path("", include("pacte.web.evaluation.urls")),
]
