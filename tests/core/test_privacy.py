from pacte.core.privacy import personal_models, undeclared_fields


def test_every_model_with_personal_data_declares_every_field():
    models = personal_models()
    assert {m._meta.label for m in models} >= {
        "beneficiaries.Person",
        "beneficiaries.Dossier",
        "organizations.User",
    }
    missing = {model._meta.label: undeclared_fields(model) for model in models if undeclared_fields(model)}
    assert missing == {}, f"Champs sans règle d'anonymisation : {missing}"


def test_every_model_with_a_departement_code_declares_its_privacy():
    from django.apps import apps

    undeclared = [
        model._meta.label
        for model in apps.get_models()
        if any(f.name == "departement_code" for f in model._meta.concrete_fields)
        and not hasattr(model, "PRIVACY")
        and model._meta.app_label not in {"audit", "core"}
    ]
    assert undeclared == []
