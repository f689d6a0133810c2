# A thin wrapper around meson for the two everyday commands.  The real build
# is meson.build; see README.md and DEVELOPERS.md.

BUILDDIR ?= _build
EXAMPLE  ?= data/examples/foodtrucks/docker-compose.yml

# The same sources built with AddressSanitizer and UndefinedBehaviorSanitizer
# (gcc): `make test` runs the whole suite there after the normal build, and
# `make test-sanitize` runs only that.  Its tests get ASAN_OPTIONS,
# LSAN_OPTIONS (tests/data/lsan.supp) and UBSAN_OPTIONS from tests/meson.build
# and tests/gui/meson.build, and more time: everything runs about twice as
# slowly, and the window tests' own waits grow with FLOTILLA_TEST_TIME_SCALE.
SANITIZE_BUILDDIR     ?= $(BUILDDIR)-sanitize
SANITIZE_TEST_OPTIONS ?= --timeout-multiplier 4

# Without a display (a server, CI) the GUI still has somewhere to go, and
# without a session bus (root, a server) it gets one of its own.
HEADLESS := $(if $(DISPLAY)$(WAYLAND_DISPLAY),,xvfb-run -a)
SESSION  := $(if $(DBUS_SESSION_BUS_ADDRESS),,dbus-run-session --)

.PHONY: all deps setup build setup-sanitize build-sanitize run test test-sanitize clean

all: build

deps:
	sh build-aux/install-deps.sh

setup: deps
	@test -f $(BUILDDIR)/build.ninja || meson setup $(BUILDDIR)

build: setup
	meson compile -C $(BUILDDIR)

setup-sanitize: deps
	@test -f $(SANITIZE_BUILDDIR)/build.ninja || \
	  meson setup $(SANITIZE_BUILDDIR) -Db_sanitize=address,undefined

build-sanitize: setup-sanitize
	meson compile -C $(SANITIZE_BUILDDIR)

# Runs from the build tree: the schemas are compiled into it, and the app
# falls back to defaults when no schema is found.
run: build
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data $(SESSION) $(HEADLESS) $(BUILDDIR)/app/flotilla $(EXAMPLE)

# The GUI tests always get a private X server, so they neither need a
# desktop nor pop windows up on one.  The engine tests get a Docker Engine:
# ensure-dockerd.sh starts one when none answers (and stops only that one
# afterwards, whatever the suite's outcome), and the image they run is built
# locally through the engine's /build.  The suite runs in the normal build,
# then in the sanitizer build; its exit status and its summary line (both
# builds counted together) stay the last word.
TEST_RUN = sh tests/tools/install-compose-v2.sh || exit 1; \
	  sh tests/tools/ensure-dockerd.sh start || echo "make: no Docker Engine; the engine tests will skip" >&2; \
	  python3 tests/tools/build-test-image.py -q || true; \
	  trap 'sh tests/tools/ensure-dockerd.sh stop; exit 130' INT TERM; \
	  status=0; xvfb-run -a python3 tests/run $(1) || status=$$?; \
	  sh tests/tools/ensure-dockerd.sh stop >/dev/null 2>>$(BUILDDIR)/ensure-dockerd-stop.log; \
	  exit $$status

test: build build-sanitize
	@$(call TEST_RUN,$(BUILDDIR) --then $(SANITIZE_BUILDDIR) $(SANITIZE_TEST_OPTIONS))

test-sanitize: build-sanitize
	@$(call TEST_RUN,$(SANITIZE_BUILDDIR) $(SANITIZE_TEST_OPTIONS))

clean:
	rm -rf $(BUILDDIR) $(SANITIZE_BUILDDIR)
