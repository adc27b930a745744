# The README's two commands, plus the everyday helpers. The logic lives in scripts/.
.PHONY: run test lint messages compilemessages lock venv

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := DEBUG=true $(PY) manage.py

run:  ## the app with demo data on http://127.0.0.1:$${PORT:-8000}
	bash scripts/run.sh

test:  ## every check against a throwaway PostgreSQL and Redis
	bash scripts/test.sh

venv:
	bash -c 'source scripts/lib.sh && ensure_venv'

# mypy loads the test settings, which want a PostgreSQL URL; it never connects to it.
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DATABASE_URL=$${DATABASE_URL:-postgres://localhost/unused} $(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports  # the apps' layers and no import circles (pyproject.toml)

messages: venv  ## update locale/*/LC_MESSAGES/django.po from the code and templates
	$(MANAGE) makemessages -l nb -l en --ignore '.venv/*' --ignore 'var/*' --ignore 'static/*' --ignore 'node_modules/*' --ignore 'tests/*'

# Only settings.LOCALE_PATHS: '*' keeps compilemessages out of every folder, any virtualenv included.
compilemessages: venv
	$(MANAGE) compilemessages --ignore '*'

lock: venv  ## pin the installed versions after changing pyproject.toml's dependencies
	{ echo "# Exact versions for reproducible installs: pip install -c constraints.txt -e '.[dev]'"; \
	  echo "# Regenerate after changing pyproject.toml's dependencies: make lock"; \
	  $(VENV)/bin/pip freeze --exclude-editable | grep -vi '^housingapp'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
