# Two promises on a fresh machine: `make demo` runs the app, `make test` passes the tests.
# Each target installs what it needs (system packages when root, and a private .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_TIMEOUT ?= 2400

.PHONY: demo test setup system-deps lint format bench clean

demo: setup
	bash .ci/system-deps.sh --gui
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$QT_QPA_PLATFORM" = "offscreen" ]; then \
		$(BIN)/recorder-gui --demo; \
	else \
		echo "No display here: rendering the demo to demo-screenshot.png instead."; \
		QT_QPA_PLATFORM=offscreen $(BIN)/recorder-gui --demo --screenshot demo-screenshot.png \
			&& echo "Wrote demo-screenshot.png"; \
	fi

test: system-deps setup
	dbus-run-session -- bash tests/with-secret-service.sh \
		timeout --kill-after=30 $(PYTEST_TIMEOUT) $(BIN)/python -m pytest -q -p no:cacheprovider

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dev]'
	touch $@

system-deps:
	bash .ci/system-deps.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy recorder_gui
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	$(BIN)/python benchmarks/bench_client.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
