# `sam build` runs build-CoachFunction (template.yaml: Metadata BuildMethod makefile) with
# ARTIFACTS_DIR set. Wheels are fetched for the Lambda's platform (arm64, CPython 3.12), so the
# build needs no Docker. Override LAMBDA_PLATFORM / LAMBDA_PYTHON to build for this machine.
#
# The artifact holds only what the Lambda imports: the `lambda` extra in pyproject.toml (ask-sdk,
# boto3, pydantic, powertools, ...) and the skill package without its local tools (skill.local:
# chat, matcher, packaging) and web endpoint (skill.web: Flask, cryptography).
#
# Lambda serves the code from a read-only /var/task, so Python there cannot write bytecode: every
# module is compiled here, by the runtime's own Python version (LAMBDA_COMPILER), with hashes
# that are never checked against the sources (unchecked-hash: no timestamps, no stat calls).
LAMBDA_PLATFORM ?= manylinux2014_aarch64
LAMBDA_PYTHON ?= 3.12
PYTHON ?= python3

# The first of python3.12 on PATH or a pyenv-installed 3.12.x that really is that version.
ifndef LAMBDA_COMPILER
LAMBDA_COMPILER := $(shell for c in python$(LAMBDA_PYTHON) \
	$$(pyenv root 2>/dev/null)/versions/$(LAMBDA_PYTHON).*/bin/python$(LAMBDA_PYTHON); do \
	[ "$$($$c -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = \
	"$(LAMBDA_PYTHON)" ] && command -v $$c && break; done)
endif

LAMBDA_REQUIREMENTS = $(shell $(PYTHON) -c 'import tomllib; print(" ".join(repr(r) for r in \
	tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["lambda"]))')

build-CoachFunction:
	@v=$$("$(LAMBDA_COMPILER)" -c 'import sys; print("%d.%d" % sys.version_info[:2])' \
		2>/dev/null); [ "$$v" = "$(LAMBDA_PYTHON)" ] || { echo "error: the build compiles \
	bytecode for the Lambda runtime and needs CPython $(LAMBDA_PYTHON), but LAMBDA_COMPILER \
	('$(LAMBDA_COMPILER)') is not it. Install Python $(LAMBDA_PYTHON) (e.g. pyenv install \
	$(LAMBDA_PYTHON)) or set LAMBDA_COMPILER=/path/to/python$(LAMBDA_PYTHON)." >&2; exit 1; }
	rm -rf "$(ARTIFACTS_DIR)/.wheel"
	$(PYTHON) -m pip wheel --quiet --no-deps --wheel-dir "$(ARTIFACTS_DIR)/.wheel" .
	$(PYTHON) -m pip install --quiet --target "$(ARTIFACTS_DIR)" --no-compile \
		--platform $(LAMBDA_PLATFORM) --implementation cp --python-version $(LAMBDA_PYTHON) \
		--only-binary=:all: --upgrade $(LAMBDA_REQUIREMENTS)
	$(PYTHON) -m pip install --quiet --target "$(ARTIFACTS_DIR)" --no-compile --no-deps \
		--upgrade "$(ARTIFACTS_DIR)"/.wheel/*.whl
	rm -rf "$(ARTIFACTS_DIR)/.wheel" "$(ARTIFACTS_DIR)/bin" \
		"$(ARTIFACTS_DIR)/skill/local" "$(ARTIFACTS_DIR)/skill/web"
	mkdir -p "$(ARTIFACTS_DIR)/lambda"
	cp lambda/app.py "$(ARTIFACTS_DIR)/lambda/app.py"
	find "$(ARTIFACTS_DIR)" -name __pycache__ -type d -prune -exec rm -rf {} +
	"$(LAMBDA_COMPILER)" -W ignore::SyntaxWarning -m compileall -q -j 0 --invalidation-mode unchecked-hash \
		"$(ARTIFACTS_DIR)"
