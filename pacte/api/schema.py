"""The API's error answers, written into its OpenAPI schema (drf-spectacular post-processing).

Every operation may answer 401 (no or an expired token), 403 (a role that may not) and, when its
path names an object, 404 (unknown, or outside the user's scope: the same answer, on purpose) — a
paginated list too, for a page that does not exist;
those that take a body answer 400 with French messages by field; the token endpoint 429 when its
throttle holds a client back. Clients (and the fuzzing tests) can rely on nothing else.
"""

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# {"field": ["message", ...], "non_field_errors": [...]} or {"detail": "..."}.
FIELD_ERRORS = {"type": "object", "additionalProperties": True}
ERRORS = {
    "401": "Authentification absente ou expirée.",
    "403": "Action non autorisée pour ce rôle.",
    "404": "Objet inconnu ou hors du périmètre de l'utilisateur.",
    "400": "Données refusées ; les messages sont donnés par champ.",
    "429": "Trop de tentatives : réessayez plus tard.",
}
BODY_METHODS = {"post", "put", "patch"}
THROTTLED_PATHS = {"/api/v1/auth/token/"}


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorDetail"] = DETAIL
    components["FieldErrors"] = FIELD_ERRORS
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = ["401", "403"]
            paginated = any(parameter.get("name") == "page" for parameter in operation.get("parameters", ()))
            if "{" in path or paginated:
                codes.append("404")
            if method in BODY_METHODS:
                codes.append("400")
            if path in THROTTLED_PATHS:
                codes.append("429")
            responses = operation.setdefault("responses", {})
            for code in codes:
                schema = "FieldErrors" if code == "400" else "ErrorDetail"
                responses.setdefault(
                    code,
                    {
                        "description": ERRORS[code],
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                        },
                    },
                )
    return result
