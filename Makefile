# The verbs of the project. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help env reports test bench lab validate lock clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

env: $(STAMP) ## Create .venv and install the pinned environment (the other targets do it too)

reports: $(STAMP) ## Render every report to reports/site/ (index.html)
	$(BIN)/backchannel build

test: $(STAMP) ## Run the whole test suite
	$(BIN)/python -m pytest

bench: $(STAMP) ## Time the naive way against backchannel build, and 1x/10x/100x data (writes reports/bench.md)
	$(BIN)/python scripts/bench.py

validate: $(STAMP) ## Check the data package
	$(BIN)/backchannel validate

lab: $(STAMP) ## Open JupyterLab on notebooks/
	$(BIN)/jupyter lab notebooks/

lock: $(STAMP) ## Re-pin requirements.lock from the current environment
	( echo '# Pinned environment for make reports/test/lab. Regenerate with: make lock'; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -E "^(backchannel|pip)==" ) > requirements.lock

clean: ## Remove the environment and the rendered site
	rm -rf $(VENV) reports/site
