"""Make an admin: `manage.py createadmin USERNAME --email ADDRESS` (the first one, or another).

The account gets the admin role (staff and superuser, as every admin), a password asked for twice
(or, with `--noinput`, read from the ADMIN_PASSWORD environment variable) and checked by the
password validators. It has no second factor yet: at the first login the product shows the QR code
and key to set one up, as for every new admin (README, "Demo logins"). The creation and the role
are written to the security log with no actor (the system). Refuses a username already taken.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from participation.accounts.models import RoleAssignment
from participation.accounts.services.users import create_user, grant_role

PASSWORD_VARIABLE = "ADMIN_PASSWORD"


class Command(BaseCommand):
    help = "Create an admin account (admin role; second factor set up at the first login)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True, help="The admin's e-mail address.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Read the password from the {PASSWORD_VARIABLE} environment variable.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"].strip()
        if not username:
            raise CommandError("The username must not be empty.")
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user named {username!r} exists already.")
        password = self._password(options["interactive"])
        candidate = get_user_model()(
            username=username,
            email=options["email"],
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            user = create_user(
                actor=None,
                username=username,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                password=password,
            )
            grant_role(user, actor=None, role=RoleAssignment.Role.ADMIN)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin {username!r} created. At the first login, set up the second factor "
                "with an authenticator app (the product shows the QR code)."
            )
        )

    def _password(self, interactive: bool) -> str:
        if not interactive:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"--noinput needs the password in {PASSWORD_VARIABLE}.")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return password
