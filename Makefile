# paylinks: the two everyday commands are `make up` and `make test`.
# Each target is a thin call to a script in scripts/, which holds the logic.
.DEFAULT_GOAL := help
SHELL := /usr/bin/env bash

.PHONY: help venv toolchain up deploy preview shell stop test unit lint e2e bench reliability lint-workflows

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

venv: ## create .venv and install paylinks with dev tools (skipped when pyproject is unchanged)
	@scripts/venv.sh

toolchain: ## pulumi, our Python language host and launchers, stripe-mock, actionlint (outside git)
	@scripts/toolchain.sh

up: ## start the Stripe emulator and apply the dev stack (`make deploy STACK=dev`)
	@scripts/up.sh

deploy: ## create STACK on the backend if missing, validate, `pulumi up`, print the links (CI's command)
	@scripts/deploy.sh $(STACK)

preview: ## `pulumi preview` of STACK rendered as the pull-request review Markdown (OUT= to choose the file)
	@scripts/preview.sh $(STACK) $(OUT)

shell: ## a shell with the project's environment, to run `pulumi`/`paylinks` by hand
	@scripts/shell.sh

stop: ## stop the Stripe emulator left running by `make up`
	@scripts/emulator-stop.sh

test: ## ruff, mypy and the whole pytest suite (unit, integration, e2e), tests in parallel
	@scripts/test.sh

unit: venv ## unit tests only: no Pulumi CLI, no emulator, no network (the inner loop, < 1 min)
	@.venv/bin/pytest tests/unit -q -m "not e2e and not stripe_mock and not browser and not reliability"

lint: venv ## ruff and mypy only
	@.venv/bin/ruff check . && .venv/bin/mypy && .venv/bin/mypy scripts

e2e: ## only the end-to-end tests (real pulumi CLI)
	@scripts/test.sh tests/e2e

bench: ## benchmarks: print figures, never pass/fail on time
	@PAYLINKS_TEST_WORKERS=0 scripts/test.sh -m benchmark -s tests/benchmarks

reliability: venv toolchain ## long reliability/security run (~15 min); rewrites docs/reliability.md
	@source scripts/env.sh && .venv/bin/python -m tests.reliability.run --mode long --write

lint-workflows: toolchain ## actionlint on .github/workflows
	@scripts/lint-workflows.sh
