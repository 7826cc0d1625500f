# Two promises on a fresh machine: `make demo` runs the app, `make test` passes the tests.
# Each target installs what it needs (system packages when root, and a private .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_TIMEOUT ?= 2400

.PHONY: demo test setup system-deps lint format bench clean bundle bundle-smoke dist mutate

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
	$(BIN)/python -m pip install -q -e '.[test,dev,demo]'
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

# Mutation testing of the Qt-free core ([tool.mutmut] in pyproject.toml; benchmarks/README.md,
# "Mutation"): a fresh run (about 14 minutes on 2 cores), then killed/total per module; fails
# when a module scores under 90%. Survivors: `$(BIN)/mutmut results`, `$(BIN)/mutmut show NAME`.
mutate: setup
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/python benchmarks/mutation_score.py --survivors

# -- shipping: packaging/README.md --------------------------------------------------------------
VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' pyproject.toml | head -n 1)
APP_ID := io.github.recorder_gui.RecorderGui
BUNDLE := dist/recorder-gui
TARBALL := dist/recorder-gui-$(VERSION)-linux-$(shell uname -m).tar.gz

# PyInstaller, build and twine: only for these targets (the `bundle` extra).
$(VENV)/.bundle-installed: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install -q -e '.[bundle]'
	touch $@

# dist/recorder-gui/ (one folder: recorder-gui and its link recorder-gui-emulator, _internal/, share/ with
# the menu entry, metainfo and icons, install.sh, uninstall.sh) and its tarball.
# Built with the xcb libraries installed (--gui), so that the bundle carries them.
bundle: setup $(VENV)/.bundle-installed
	bash .ci/system-deps.sh --gui
	rm -rf $(BUNDLE) $(TARBALL)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/pyinstaller/recorder-gui.spec
	$(BIN)/python packaging/linux/render_icons.py $(BUNDLE)/share/icons/hicolor >/dev/null
	install -Dm644 packaging/linux/$(APP_ID).desktop $(BUNDLE)/share/applications/$(APP_ID).desktop
	install -Dm644 packaging/linux/$(APP_ID).metainfo.xml \
		$(BUNDLE)/share/metainfo/$(APP_ID).metainfo.xml
	install -m755 packaging/linux/install.sh packaging/linux/uninstall.sh $(BUNDLE)/
	tar -C dist --sort=name --owner=0 --group=0 --numeric-owner -czf $(TARBALL) recorder-gui
	@du -sh $(BUNDLE) $(TARBALL)

# Runs the bundle as a user would (packaging/smoke.py says what it checks).
bundle-smoke: bundle
	$(BIN)/python packaging/smoke.py $(BUNDLE)

# The wheel and sdist (pip/pipx install), checked by twine.
dist: setup $(VENV)/.bundle-installed
	rm -f dist/recorder_gui-*
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/recorder_gui-$(VERSION)-*.whl dist/recorder_gui-$(VERSION).tar.gz

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis dist build
