# shellcheck shell=bash
# Shared by run.sh and test.sh: system packages, the Python and the virtualenv.
# Source it; it defines functions and ROOT/VENV/PY and changes nothing by itself.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=""
apt_install() {  # apt_install PACKAGE...: install Debian packages, refreshing the lists once.
    say "Installing system packages: $*"
    if [ -z "$APT_UPDATED" ]; then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

ensure_commands() {  # ensure_commands COMMAND:PACKAGE...: install the packages of missing commands.
    local pair missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "${pair%%:*}" ] || missing+=("${pair#*:}")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
}

ensure_weasyprint_libraries() {  # WeasyPrint renders PDFs with Pango (and its fonts).
    if ! ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' \
        || ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' \
        || ! fc-list 2>/dev/null | grep -qi dejavu; then
        apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fontconfig
    fi
}

pick_python() {
    if command -v python3.11 >/dev/null 2>&1 && python3.11 -c '' 2>/dev/null; then
        echo python3.11
    else
        echo python3
    fi
}

ensure_venv() {  # Create .venv when missing or broken; install only when the inputs changed.
    cd "$ROOT"
    if ! "$PY" -c '' 2>/dev/null; then
        local python
        python="$(pick_python)"
        say "Creating the virtualenv in .venv with $python"
        rm -rf "$VENV"
        "$python" -m venv "$VENV" || {
            ensure_commands_for_venv "$python"
            "$python" -m venv "$VENV"
        }
    fi
    local stamp="$VENV/.install-stamp" wanted
    wanted="$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        say "Installing Python packages (pinned by constraints.txt)"
        if ! "$PY" -m pip install --disable-pip-version-check -c constraints.txt -e '.[dev]' \
            >"$VENV/pip-install.log" 2>&1; then
            cat "$VENV/pip-install.log" >&2
            return 1
        fi
        echo "$wanted" >"$stamp"
    fi
}

ensure_commands_for_venv() {  # Debian's python3 needs python3-venv before `-m venv` works.
    if [ "$1" = python3 ]; then
        apt_install python3-venv
    fi
}

manage() {
    "$PY" "$ROOT/manage.py" "$@"
}

# compilemessages compiles settings.LOCALE_PATHS (our locale/) and every folder named `locale` it
# finds walking the working directory: that walk would enter any virtualenv, whatever its name, and
# compile (or fail to write) the installed packages' catalogues. Ignoring every folder of the walk
# ('*') leaves exactly LOCALE_PATHS.
COMPILEMESSAGES_IGNORE=(--ignore '*')
