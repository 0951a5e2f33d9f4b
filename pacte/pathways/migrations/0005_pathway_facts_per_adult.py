# Written by hand on 2026-12-05: the facts become one row per adult with everything the indicators
# read (docs/decisions/022-pathway-facts.md); the rows already there are rebuilt.

import datetime

import django.db.models.deletion
from django.db import migrations, models

# The facts of the rows already there, by the rules of pacte/pathways/facts.py as they stood when
# these columns were added (frozen here: a migration must not follow later code).
FILL_SQL = """
INSERT INTO pathways_pathwayfacts (person_id, departement_code, first_orientation_on, first_orientation_kind, first_orientation_body_id, latest_orientation_on, latest_orientation_kind, latest_orientation_body_id, first_engagement_on, latest_engagement_on, engagement_ends_on, engagement_open_ended, contract_after_first_orientation_on, demand_on, commune_id, territory_id, rights_on, rights_sdd, sdd_at_first_orientation)
SELECT x.id, x.departement_code, fo.decision_date, COALESCE(fo.body_kind, ''), fo.body_id,
       lo.decision_date, COALESCE(lo.body_kind, ''), lo.body_id, x.first_engagement,
       x.latest_engagement, x.engagement_ends, x.open_ended > 0, (
           SELECT MIN(k.signed_on) FROM pathways_contract k
           WHERE k.person_id = x.id AND k.status IN ('signed', 'ended', 'renewed') AND k.signed_on >= fo.decision_date
       ), x.dtdemrsa, x.commune_id, x.territory_id, x.rights_on, COALESCE((
    SELECT CASE WHEN r.right_state IN ('2', '3', '4') AND r.is_sdd = TRUE THEN 1 ELSE 0 END
    FROM beneficiaries_righthistory r WHERE r.person_id = x.id AND r.dtref <= x.rights_on
    ORDER BY r.dtref DESC LIMIT 1), 0) = 1, COALESCE((
    SELECT CASE WHEN r.right_state IN ('2', '3', '4') AND r.is_sdd = TRUE THEN 1 ELSE 0 END
    FROM beneficiaries_righthistory r WHERE r.person_id = x.id AND r.dtref <= fo.decision_date
    ORDER BY r.dtref DESC LIMIT 1), 0) = 1
FROM (
    SELECT pe.id, pe.departement_code, d.dtdemrsa, d.commune_id,
        COALESCE(c.territory_id, d.territory_id) AS territory_id,
        (SELECT MAX(r.dtref) FROM beneficiaries_righthistory r WHERE r.person_id = pe.id) AS rights_on,
        (SELECT o.id FROM pathways_orientation o
         WHERE o.person_id = pe.id AND o.departement_code = pe.departement_code AND o.status = 'validated'
         ORDER BY o.decision_date, o.id LIMIT 1) AS first_id,
        (SELECT o.id FROM pathways_orientation o
         WHERE o.person_id = pe.id AND o.departement_code = pe.departement_code AND o.status = 'validated'
         ORDER BY o.decision_date DESC, o.id DESC LIMIT 1) AS latest_id,
        (SELECT MIN(k.signed_on) FROM pathways_contract k
         WHERE k.person_id = pe.id AND k.departement_code = pe.departement_code
           AND k.status IN ('signed', 'ended', 'renewed') AND k.kind IN ('cer', 'contrat_engagement')) AS first_engagement,
        (SELECT MAX(k.signed_on) FROM pathways_contract k
         WHERE k.person_id = pe.id AND k.departement_code = pe.departement_code
           AND k.status IN ('signed', 'ended', 'renewed') AND k.kind IN ('cer', 'contrat_engagement')) AS latest_engagement,
        (SELECT MAX(k.end_date) FROM pathways_contract k
         WHERE k.person_id = pe.id AND k.departement_code = pe.departement_code
           AND k.status IN ('signed', 'ended', 'renewed') AND k.kind IN ('cer', 'contrat_engagement')) AS engagement_ends,
        (SELECT COUNT(*) FROM pathways_contract k
         WHERE k.person_id = pe.id AND k.departement_code = pe.departement_code
           AND k.status IN ('signed', 'ended', 'renewed') AND k.kind IN ('cer', 'contrat_engagement') AND k.end_date IS NULL) AS open_ended
    FROM beneficiaries_person pe
    JOIN beneficiaries_dossier d ON d.id = pe.dossier_id
    LEFT JOIN territory_commune c ON c.insee_code = d.commune_id
    WHERE pe.is_adult = TRUE AND d.departement_code = pe.departement_code
) x
LEFT JOIN pathways_orientation fo ON fo.id = x.first_id
LEFT JOIN pathways_orientation lo ON lo.id = x.latest_id
WHERE x.rights_on IS NOT NULL OR x.first_id IS NOT NULL OR x.first_engagement IS NOT NULL
"""


def _date(verbose_name):
    return models.DateField(null=True, verbose_name=verbose_name)


class Migration(migrations.Migration):

    dependencies = [
        ("beneficiaries", "0008_sdd_entry_evidence"),
        ("territory", "0002_departement_signatory"),
        ("pathways", "0004_pathway_facts"),
    ]

    operations = [
        migrations.RunSQL("DELETE FROM pathways_pathwayfacts", reverse_sql=migrations.RunSQL.noop),
        migrations.AddField(
            model_name="pathwayfacts",
            name="latest_engagement_on",
            field=_date("dernier contrat (CER ou contrat d'engagement) signé le"),
        ),
        migrations.AddField(
            model_name="pathwayfacts",
            name="engagement_ends_on",
            field=_date("fin la plus tardive des contrats d'engagement"),
        ),
        migrations.AddField(
            model_name="pathwayfacts",
            name="engagement_open_ended",
            field=models.BooleanField(default=False, verbose_name="un contrat d'engagement sans date de fin"),
        ),
        migrations.AddField(
            model_name="pathwayfacts",
            name="contract_after_first_orientation_on",
            field=_date("premier contrat (de toute sorte) signé depuis la première orientation, le"),
        ),
        migrations.AddField(
            model_name="pathwayfacts",
            name="demand_on",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="date de demande RSA (DTDEMRSA)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="pathwayfacts",
            name="commune",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="territory.commune"
            ),
        ),
        migrations.AddField(
            model_name="pathwayfacts",
            name="territory",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="territory.territory"
            ),
        ),
        migrations.AddField(
            model_name="pathwayfacts",
            name="rights_on",
            field=_date("dernière ligne de l'historique des droits au"),
        ),
        migrations.AddField(
            model_name="pathwayfacts",
            name="rights_sdd",
            field=models.BooleanField(default=False, verbose_name="soumis aux droits et devoirs à cette dernière ligne"),
        ),
        migrations.AddField(
            model_name="pathwayfacts",
            name="sdd_at_first_orientation",
            field=models.BooleanField(
                default=False, verbose_name="soumis aux droits et devoirs le jour de la première orientation"
            ),
        ),
        migrations.RunSQL(FILL_SQL, reverse_sql=migrations.RunSQL.noop),
    ]
