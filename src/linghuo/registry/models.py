"""The registry: people and organisations the bureau knows.

ID numbers and mobile numbers are personal data: stored encrypted, looked up by a keyed hash,
shown masked (see ``linghuo.personal_data``).
"""

from __future__ import annotations

from django.db import models

from linghuo import personal_data


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Person(models.Model):
    name = models.CharField("姓名", max_length=64)
    id_number_hash = models.CharField("身份证号检索码", max_length=64, unique=True)
    id_number_encrypted = models.TextField("身份证号（加密）")
    id_number_masked = models.CharField("身份证号（脱敏）", max_length=18)
    mobile_hash = models.CharField("手机号检索码", max_length=64, blank=True, db_index=True)
    mobile_encrypted = models.TextField("手机号（加密）", blank=True)
    mobile_masked = models.CharField("手机号（脱敏）", max_length=11, blank=True)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=6, choices=Sex.choices)
    hukou_division = models.CharField("户籍地区划代码", max_length=6)
    hukou_rural = models.BooleanField("农业户籍", default=False)
    residence_township = models.CharField("常住地乡镇（街道）代码", max_length=9, blank=True)
    work_division = models.CharField("就业地区划代码", max_length=6, blank=True, db_index=True)
    account = models.OneToOneField(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"

    def __str__(self) -> str:
        return f"{self.name}（{self.id_number_masked}）"

    def set_id_number(self, id_number: str) -> None:
        self.id_number_hash = personal_data.lookup_hash(id_number)
        self.id_number_encrypted = personal_data.encrypt(id_number)
        self.id_number_masked = personal_data.mask_id_number(id_number)

    def set_mobile(self, mobile: str) -> None:
        self.mobile_hash = personal_data.lookup_hash(mobile)
        self.mobile_encrypted = personal_data.encrypt(mobile)
        self.mobile_masked = personal_data.mask_mobile(mobile)


class OrganisationKind(models.TextChoices):
    EMPLOYER = "employer", "用人单位"
    PLATFORM = "platform", "互联网平台企业"
    TRAINING_PROVIDER = "training_provider", "培训机构"
    HR_AGENCY = "hr_agency", "人力资源服务机构"
    INCUBATOR = "incubator", "创业孵化基地"


class Organisation(models.Model):
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=128)
    kind = models.CharField("类型", max_length=24, choices=OrganisationKind.choices)
    division = models.CharField("所在地区划代码", max_length=6, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name
