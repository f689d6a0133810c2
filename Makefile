# A thin wrapper around meson for the two everyday commands.  The real build
# is meson.build; see README.md and DEVELOPERS.md.

BUILDDIR ?= _build
EXAMPLE  ?= data/examples/foodtrucks/docker-compose.yml

# Without a display (a server, CI) the GUI still has somewhere to go, and
# without a session bus (root, a server) it gets one of its own.
HEADLESS := $(if $(DISPLAY)$(WAYLAND_DISPLAY),,xvfb-run -a)
SESSION  := $(if $(DBUS_SESSION_BUS_ADDRESS),,dbus-run-session --)

.PHONY: all deps setup build run test clean

all: build

deps:
	sh build-aux/install-deps.sh

setup: deps
	@test -f $(BUILDDIR)/build.ninja || meson setup $(BUILDDIR)

build: setup
	meson compile -C $(BUILDDIR)

# Runs from the build tree: the schemas are compiled into it, and the app
# falls back to defaults when no schema is found.
run: build
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data $(SESSION) $(HEADLESS) $(BUILDDIR)/app/flotilla $(EXAMPLE)

# The GUI tests always get a private X server, so they neither need a
# desktop nor pop windows up on one.
test: build
	sh tests/tools/install-compose-v2.sh
	xvfb-run -a python3 tests/run $(BUILDDIR)

clean:
	rm -rf $(BUILDDIR)
