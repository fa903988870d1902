"""The audit trail in the admin (/beheer/): read-only, for administrators (audit.view_events)."""

from django.contrib import admin

from tekort.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_id"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return request.user.has_perm("audit.view_events")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("audit.view_events")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
