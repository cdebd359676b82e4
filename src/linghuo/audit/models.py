"""The audit log: an append-only chain of entries, each sealed by an HMAC over its fields and the seal of
the one before (``linghuo.audit.chain.entry_mac``, under a key kept outside the database and named by the
entry's ``key_id``).

Entries are written only by ``linghuo.audit.services`` (``audit_record``, ``audit_batch``); a batch's
records are ``AuditItem`` rows covered by its entry's digest. The models refuse updates and deletes,
and ``audit_verify`` detects rows changed or removed behind their back (raw SQL, a restore).
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn, TypeVar

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    USER_CREATED = "user_created", "创建账号"
    USER_ROLE_CHANGED = "user_role_changed", "变更角色"
    USER_PASSWORD_CHANGED = "user_password_changed", "修改密码"
    MEMBERSHIP_ADDED = "membership_added", "加入单位"
    MEMBERSHIP_REMOVED = "membership_removed", "退出单位"
    CASEWORKER_SCOPE_SET = "caseworker_scope_set", "设定经办区域"
    LOGIN_SUCCEEDED = "login_succeeded", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGIN_LOCKED_OUT = "login_locked_out", "登录锁定"
    LOGOUT = "logout", "退出登录"
    PERSONAL_DATA_VIEWED = "personal_data_viewed", "查看个人信息"
    PERSONAL_DATA_VIEW_REFUSED = "personal_data_view_refused", "拒绝查看个人信息"


class AppendOnlyError(RuntimeError):
    """An attempt to change or remove an audit entry."""


_M = TypeVar("_M", bound=models.Model)


class AppendOnlyQuerySet(models.QuerySet[_M]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计日志只能追加，不能修改 / audit entries cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("审计日志只能追加，不能删除 / audit entries cannot be deleted")


class AuditEntryQuerySet(AppendOnlyQuerySet["AuditEntry"]):
    pass


class AuditItemQuerySet(AppendOnlyQuerySet["AuditItem"]):
    pass


class AuditEntry(models.Model):
    sequence = models.PositiveBigIntegerField("序号", unique=True)
    recorded_at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("操作人标识", max_length=128)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象标识", max_length=64, blank=True)
    changed_fields = models.CharField("变更字段", max_length=512, blank=True)
    changes_digest = models.CharField("变更摘要（SHA-256）", max_length=64)
    previous_hash = models.CharField("前一条哈希", max_length=64)
    # HMAC-SHA256 under the key named by key_id (linghuo.audit.keys)
    entry_hash = models.CharField("本条哈希", max_length=64, unique=True)
    key_id = models.CharField("密钥标识", max_length=16)

    batch = models.UUIDField("批次", null=True, blank=True, unique=True)
    item_count = models.PositiveIntegerField("批内记录数", default=0)

    objects: ClassVar[models.Manager[AuditEntry]] = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ("sequence",)
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改 / audit entries cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计日志只能追加，不能删除 / audit entries cannot be deleted")


class AuditItem(models.Model):
    """One audited record of a batch (``linghuo.audit.services.audit_batch``): not chained itself, it is
    covered by the digest that its batch's entry carries (``chain.items_digest``)."""

    batch = models.UUIDField("批次", db_index=True)
    recorded_at = models.DateTimeField("时间")
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象标识", max_length=64, blank=True)
    changed_fields = models.CharField("变更字段", max_length=512, blank=True)
    changes_digest = models.CharField("变更摘要（SHA-256）", max_length=64)

    objects: ClassVar[models.Manager[AuditItem]] = AuditItemQuerySet.as_manager()

    class Meta:
        verbose_name = "审计批内记录"
        verbose_name_plural = "审计批内记录"
        ordering = ("id",)
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.batch} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改 / audit entries cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计日志只能追加，不能删除 / audit entries cannot be deleted")


class AuditHead(models.Model):
    """The chain's head, kept apart from the entries: it reveals a removed last entry.

    A single row (``pk=1``); locked while an entry is appended so the chain stays linear. The database's
    guard lets it only move forward, onto an entry that exists (``linghuo.audit.guard``).
    """

    sequence = models.PositiveBigIntegerField("最新序号", default=0)
    entry_hash = models.CharField("最新哈希", max_length=64, blank=True)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"audit head #{self.sequence}"
