"""How a person's identity is known, and workers' claims of an ID number for a caseworker to check.

People already recorded: those without an account arrived from a roster, an import or a caseworker's
entry, and count as verified by that source (at their creation time); those linked to a worker's account
may have registered themselves, so they stay unverified and get a pending claim in their district's
queue, for a caseworker to confirm.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _existing_people(apps: Any, schema_editor: Any) -> None:
    person = apps.get_model("registry", "Person")
    claim = apps.get_model("registry", "IdentityClaim")
    person.objects.filter(account__isnull=True).update(
        identity_verification="roster", identity_verified_at=models.F("created_at")
    )
    claim.objects.bulk_create(
        claim(
            account_id=p.account_id,
            person_id=p.pk,
            kind="new",
            status="pending",
            name_entered=p.name,
            id_number_masked=p.id_number_masked,
        )
        for p in person.objects.filter(account__isnull=False).only(
            "pk", "account_id", "name", "id_number_masked"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_membership_kinds_for_training_assistance_and_titles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="identity_verification",
            field=models.CharField(
                blank=True,
                choices=[
                    ("roster", "名册或部门数据"),
                    ("caseworker_entry", "经办人员录入"),
                    ("caseworker", "经办人员核验"),
                    ("spot_check", "承诺抽查核实"),
                ],
                max_length=16,
                verbose_name="身份核验方式",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="identity_verified_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="身份核验时间"),
        ),
        migrations.AddField(
            model_name="person",
            name="identity_verified_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="IdentityClaim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("new", "新登记人员"), ("conflict", "身份证号码已有人员记录")],
                        max_length=10,
                        verbose_name="类型",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("pending", "待核验"), ("confirmed", "已核验"), ("rejected", "核验未通过")],
                        default="pending",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("name_entered", models.CharField(max_length=64, verbose_name="填报姓名")),
                ("id_number_masked", models.CharField(max_length=18, verbose_name="填报身份证号（脱敏）")),
                ("submission", models.JSONField(blank=True, default=dict, verbose_name="填报的登记信息")),
                ("commitment_text", models.TextField(blank=True, verbose_name="承诺书文本")),
                ("signed_at", models.DateTimeField(blank=True, null=True, verbose_name="签署时间")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="提交时间")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="核验时间")),
                ("reason", models.CharField(blank=True, max_length=200, verbose_name="核验说明")),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="identity_claims",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="identity_claims",
                        to="registry.person",
                    ),
                ),
            ],
            options={
                "verbose_name": "身份核验",
                "verbose_name_plural": "身份核验",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("account",),
                        name="one_pending_identity_claim_per_account",
                    )
                ],
            },
        ),
        migrations.RunPython(_existing_people, migrations.RunPython.noop),
    ]
