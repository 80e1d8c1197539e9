# `sam build` runs build-CoachFunction (template.yaml: Metadata BuildMethod makefile) with
# ARTIFACTS_DIR set. Wheels are fetched for the Lambda's platform (arm64, CPython 3.12), so the
# build needs no Docker. Override LAMBDA_PLATFORM / LAMBDA_PYTHON to build for this machine.
LAMBDA_PLATFORM ?= manylinux2014_aarch64
LAMBDA_PYTHON ?= 3.12
PYTHON ?= python3

build-CoachFunction:
	rm -rf "$(ARTIFACTS_DIR)/.wheel"
	$(PYTHON) -m pip wheel --quiet --no-deps --wheel-dir "$(ARTIFACTS_DIR)/.wheel" .
	$(PYTHON) -m pip install --quiet --target "$(ARTIFACTS_DIR)" \
		--platform $(LAMBDA_PLATFORM) --implementation cp --python-version $(LAMBDA_PYTHON) \
		--only-binary=:all: --upgrade "$(ARTIFACTS_DIR)"/.wheel/*.whl "aws-lambda-powertools>=3"
	rm -rf "$(ARTIFACTS_DIR)/.wheel"
	mkdir -p "$(ARTIFACTS_DIR)/lambda"
	cp lambda/app.py "$(ARTIFACTS_DIR)/lambda/app.py"
