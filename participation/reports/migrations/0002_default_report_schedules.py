"""The default report schedules, as django-celery-beat rows that admins may edit in the Django
admin (Periodic tasks): each quarter's municipal and regional reports at 05:00 on the 5th day
after the quarter ends, and the national report for the year before on 15 January at 05:30,
Oslo time. The reverse removes them (and their crontabs, when nothing else uses them)."""

import json

from django.db import migrations
from django.utils import timezone

TIME_ZONE = "Europe/Oslo"
TASK = "participation.generate_scheduled_reports"

# name → (crontab fields, task kwargs, description)
SCHEDULES = {
    "Kvartalsrapporter for kommunene": (
        {"minute": "0", "hour": "5", "day_of_month": "5", "month_of_year": "1,4,7,10"},
        {"scope_kind": "municipality", "period_kind": "quarter"},
        "The last quarter's report for every municipality with records in the strategy.",
    ),
    "Kvartalsrapporter for regionene": (
        {"minute": "0", "hour": "5", "day_of_month": "5", "month_of_year": "1,4,7,10"},
        {"scope_kind": "region", "period_kind": "quarter"},
        "The last quarter's report for every Husbanken region.",
    ),
    "Årsrapport for landet": (
        {"minute": "30", "hour": "5", "day_of_month": "15", "month_of_year": "1"},
        {"scope_kind": "national", "period_kind": "year"},
        "The national report for the year before.",
    ),
}


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, (fields, kwargs, description) in SCHEDULES.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            day_of_week="*", timezone=TIME_ZONE, **fields
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={
                "task": TASK,
                "crontab": crontab,
                "kwargs": json.dumps(kwargs),
                "description": description,
                "enabled": True,
            },
        )
    # Tell a running beat that the schedules changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    tasks = PeriodicTask.objects.filter(name__in=SCHEDULES, task=TASK)
    crontab_ids = set(tasks.values_list("crontab_id", flat=True))
    tasks.delete()
    CrontabSchedule.objects.filter(pk__in=crontab_ids, periodictask__isnull=True).delete()
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
