from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        post_migrate.connect(_sync_groups_after_last_app, dispatch_uid="portal-sync-groups")


def _sync_groups_after_last_app(sender, **kwargs):
    # Permissions are created app by app on post_migrate; sync once all of them exist.
    from django.apps import apps

    if sender is list(apps.get_app_configs())[-1]:
        from portal.groups import sync_group_permissions

        sync_group_permissions(using=kwargs.get("using"))


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
