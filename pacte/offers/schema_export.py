"""An offer as one item (`Service`) of the national schema of the offre d'insertion.

The dictionary is what `data-inclusion-schema`'s `Service` model accepts (tests validate every
exported item with it); `export_catalogue()` is the list a département publishes (JSON).
"""

from pacte.offers.enums import OfferStatus

SOURCE = "pacte"


def structure_id(organization):
    return f"{SOURCE}-{organization.departement_id.lower()}--{organization.uuid}"


def as_service(offer):
    organization, commune = offer.organization, offer.commune
    item = {
        "source": f"{SOURCE}-{offer.departement_code.lower()}",
        "structure_id": structure_id(organization),
        "id": f"{SOURCE}-{offer.departement_code.lower()}--{offer.uuid}",
        "nom": offer.name,
        "description": offer.description,
        "date_maj": offer.updated_at.date().isoformat(),
        "type": offer.service_type or None,
        "thematiques": list(offer.thematiques) or None,
        "frais": offer.fees or None,
        "frais_precisions": offer.fees_details or None,
        "publics": list(offer.publics) or None,
        "publics_precisions": offer.publics_details or None,
        "conditions_acces": offer.access_conditions or None,
        "adresse": offer.address or None,
        "commune": commune.name if commune else None,
        "code_insee": commune.insee_code if commune else None,
        "code_postal": (commune.postcodes[0] if commune and commune.postcodes else None),
        "latitude": offer.latitude,
        "longitude": offer.longitude,
        "telephone": offer.contact_phone or None,
        "courriel": offer.contact_email or None,
        "contact_nom_prenom": offer.contact_name or None,
        "modes_accueil": list(offer.reception_modes) or None,
        "modes_mobilisation": list(offer.mobilisation_modes) or None,
        "zone_eligibilite": list(offer.eligibility_zone) or None,
        "volume_horaire_hebdomadaire": float(offer.weekly_hours) if offer.weekly_hours is not None else None,
        "nombre_semaines": offer.weeks,
    }
    return {key: value for key, value in item.items() if value is not None}


def export_catalogue(offers):
    """The published offers of `offers` as the schema's list of services, in a stable order."""
    published = offers.filter(status=OfferStatus.PUBLISHED).select_related("organization", "commune")
    return [as_service(offer) for offer in published.order_by("departement_code", "name", "id")]
