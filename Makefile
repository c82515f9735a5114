# The verbs of the project. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help env reports serve test check bench lab validate lock clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# Outputs and execution counts never reach a commit, whatever JupyterLab saves (.gitattributes names the filter).
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '"$(CURDIR)/$(BIN)/python" -m nbstripout --keep-id' && \
	  git config filter.nbstripout.smudge cat && git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv '"$(CURDIR)/$(BIN)/python" -m nbstripout --keep-id -t'; fi
	touch $(STAMP)

env: $(STAMP) ## Create .venv and install the pinned environment (the other targets do it too)

reports: $(STAMP) ## Render every report to reports/site/ (index.html)
	$(BIN)/backchannel build

serve: $(STAMP) ## Serve the built site at http://127.0.0.1:8000/ (its search needs a server)
	$(BIN)/backchannel serve

test: $(STAMP) ## Run the whole test suite: unit, notebook, browser and slow tests (about 15 minutes; needs Chromium)
	$(BIN)/python -m pytest

check: $(STAMP) ## Quick check after an edit: validate the data, then the fast unit tests (no kernel, no browser; under a minute)
	$(BIN)/backchannel validate
	$(BIN)/python -m pytest -q -m "unit and not slow"

bench: $(STAMP) ## Time the naive way against backchannel build, and 1x/10x/100x data (writes reports/bench.md)
	$(BIN)/python scripts/bench.py

validate: $(STAMP) ## Check the data package
	$(BIN)/backchannel validate

lab: $(STAMP) ## Open JupyterLab on notebooks/ (more options: make lab LAB_ARGS="--ip=0.0.0.0 --no-browser")
	$(BIN)/jupyter lab notebooks/ $(LAB_ARGS)

lock: $(STAMP) ## Re-pin requirements.lock from the current environment
	( echo '# Pinned environment for make reports/test/lab. Regenerate with: make lock'; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -E "^(backchannel|pip)==" ) > requirements.lock

clean: ## Remove the environment and the rendered site
	rm -rf $(VENV) reports/site
