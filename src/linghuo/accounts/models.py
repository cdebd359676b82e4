"""Accounts: people who log in, by mobile number, each with one role.

The mobile number is personal data: it is stored encrypted, and looked up by a keyed hash.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models

from linghuo import personal_data


class Role(models.TextChoices):
    WORKER = "worker", "灵活就业人员"
    ORGANISATION = "organisation", "单位成员"
    CASEWORKER = "caseworker", "经办人员"
    REVIEWER = "reviewer", "复核人员"
    FINANCE = "finance", "财务人员"
    MANAGER = "manager", "管理人员"
    ADMIN = "admin", "系统管理员"


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
