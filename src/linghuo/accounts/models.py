"""Accounts: people who log in, by mobile number, each with one role.

The mobile number is personal data: it is stored encrypted, and looked up by a keyed hash.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from linghuo import divisions, personal_data


class Role(models.TextChoices):
    WORKER = "worker", _("灵活就业人员")
    ORGANISATION = "organisation", _("单位成员")
    CASEWORKER = "caseworker", _("经办人员")
    REVIEWER = "reviewer", _("复核人员")
    FINANCE = "finance", _("财务人员")
    MANAGER = "manager", _("管理人员")
    ADMIN = "admin", _("系统管理员")


class UserManager(BaseUserManager["User"]):
    def create_user(self, mobile: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(**extra)
        user.set_mobile(mobile)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, mobile: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.ADMIN)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(mobile, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(mobile_hash=personal_data.lookup_hash(username or ""))


class User(AbstractBaseUser, PermissionsMixin):
    mobile_hash = models.CharField("手机号检索码", max_length=64, unique=True)
    mobile_encrypted = models.TextField("手机号（加密）")
    name = models.CharField("姓名", max_length=64)
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.WORKER)
    is_active = models.BooleanField("启用", default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[UserManager] = UserManager()

    # Rewritten by `linghuo keys rotate` (linghuo.key_rotation).
    PERSONAL_DATA: ClassVar[dict[str, str | None]] = {"mobile_encrypted": "mobile_hash"}

    USERNAME_FIELD = "mobile_hash"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name"]

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"

    def set_mobile(self, mobile: str) -> None:
        self.mobile_hash = personal_data.lookup_hash(mobile)
        self.mobile_encrypted = personal_data.encrypt(mobile)

    @property
    def mobile_masked(self) -> str:
        return personal_data.mask_mobile(personal_data.decrypt(self.mobile_encrypted))

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class MemberRole(models.TextChoices):
    ADMINISTRATOR = "administrator", _("单位管理员")
    STAFF = "staff", _("单位经办人")


class OrganisationMembership(models.Model):
    """A user who acts for an organisation (employer, platform, training provider, HR agency, incubator)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    member_role = models.CharField("单位内角色", max_length=16, choices=MemberRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "单位成员"
        verbose_name_plural = "单位成员"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_once_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organisation_id}（{self.get_member_role_display()}）"


def validate_district_code(code: str) -> None:
    """A current county-level code of Lianyungang (see ``linghuo.divisions``)."""
    if not divisions.is_current_county(code):
        raise ValidationError(
            f"{code!r} 不是连云港市现行区县代码 / not a current Lianyungang county code", code="district"
        )


class CaseworkerScope(models.Model):
    """One district (county-level code) a caseworker works in; a caseworker may have several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="district_scopes")
    district_code = models.CharField("区县代码", max_length=6, validators=[validate_district_code])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "经办区域"
        verbose_name_plural = "经办区域"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "district_code"], name="scope_once_per_district")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.district_code}"


class SignupCodeKind(models.TextChoices):
    CODE = "code", "验证码"
    EXISTING = "existing", "已注册提示"  # the number has an account: a note was sent, no code


class SignupCode(models.Model):
    """A one-time code sent to a mobile number that wants an account (or the note that it has one).

    The number is kept encrypted and looked up by its keyed hash, the code only as a keyed hash, the
    client's address only as a keyed hash (the rate limits count these rows, so every process agrees).
    """

    kind = models.CharField("类别", max_length=16, choices=SignupCodeKind.choices)
    mobile_hash = models.CharField("手机号检索码", max_length=64, db_index=True)
    mobile_encrypted = models.TextField("手机号（加密）")
    address_hash = models.CharField("来源地址检索码", max_length=64, db_index=True)
    code_hash = models.CharField("验证码摘要", max_length=128, blank=True)
    created_at = models.DateTimeField("发送时间", db_index=True)
    expires_at = models.DateTimeField("失效时间")
    attempts = models.PositiveSmallIntegerField("错误次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    # Rewritten by `linghuo keys rotate` (linghuo.key_rotation).
    PERSONAL_DATA: ClassVar[dict[str, str | None]] = {"mobile_encrypted": "mobile_hash"}

    class Meta:
        verbose_name = "注册验证码"
        verbose_name_plural = "注册验证码"

    def __str__(self) -> str:
        return f"signup-code {self.pk}"
