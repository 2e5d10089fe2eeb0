# stretchrep — a plain Makefile (STYLE.md 13).
#
#   make            build/stretchrep
#   make run        the kiosk (the simulated patient, labelled DEMO, without a sensor)
#   make test       unit and CLI tests, ASan + UBSan build under build/san
#   make bench      core cost per sample;  make bench-accuracy: detector vs truth
#   make bench-ui   kiosk frame CPU, sample-to-present latency, idle wakeups and CPU
#   make bench-board  the clinic board: 20 stations at 5 Hz, frame p99, sessions lost
#   make install    PREFIX, DESTDIR (and uninstall); make deb: a Debian package
#   make systemd-check  the unit: systemd-analyze verify + security exposure
#   make hardening-check  PIE, full RELRO, canary, FORTIFY in the binary (also with dpkg-buildflags)
#   make cross-test ARCH=arm64   program + tests cross-built, tests run under qemu-user
#   make cross-test-ci ARCH=arm64  the same build; CI's subset of the tests under qemu, 2 at a time
#   make lint       cppcheck + clang-tidy, zero findings
#   make settings-docs  README's settings table and assets/stretchrep.conf from the settings table
#   make screenshots    README's pictures, drawn by the program (assets/screenshots/shots)
#   make fuzz FUZZ_SECONDS=N     each libFuzzer target N seconds (clang)
#   make bench-soak a 24 h simulated session under ASan/LSan: RSS, fds
#
# Missing Debian packages are installed by `make deps` (apt-get, through sudo
# when not root); run, test and the benches call it first.

VERSION       := 0.1.0
CROSS_COMPILE ?=
CC            ?= cc
ifneq ($(CROSS_COMPILE),)
CC            := $(CROSS_COMPILE)gcc
endif
PKG_CONFIG    ?= pkg-config
PREFIX        ?= /usr/local
DESTDIR       ?=
BUILD         ?= build
DATA          ?= ../shared/data

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wcast-qual -Wwrite-strings -Wundef -Wpointer-arith -Wformat=2
ifneq ($(CI),)
WARN += -Werror
endif

# CFLAGS, CPPFLAGS, LDFLAGS, LDLIBS are the builder's (Debian's: make
# CFLAGS="$(dpkg-buildflags --get CFLAGS)" ...). Given on the command line,
# they would silently replace every `+=` below (-std=c11, the include paths,
# the libraries, the sanitizers): so they are taken as the starting value and
# the project's own flags are still added after them.
$(foreach v,CFLAGS CPPFLAGS LDFLAGS LDLIBS,$(if $(filter command line,$(origin $(v))),\
  $(eval USER_$(v) := $($(v)))$(eval override undefine $(v))$(eval $(v) := $(USER_$(v)))))
CFLAGS   ?= -O2 -g
# Hardened by default (issue 16), put before the builder's flags so that an
# explicit -fno-stack-protector or -Wl,-z,lazy there still wins: canaries,
# PIE, full RELRO, and FORTIFY when optimising, unless the builder sets it
# (Debian's CPPFLAGS do) or a sanitizer build runs (ASan checks more).
# `make hardening-check` checks the binary (tests/hardening.sh).
HARDEN_CFLAGS   := -fstack-protector-strong -fPIE
HARDEN_LDFLAGS  := -pie -Wl,-z,relro,-z,now
HARDEN_CPPFLAGS := $(if $(SAN)$(TSAN)$(FUZZ)$(findstring _FORTIFY_SOURCE,$(CPPFLAGS) $(CFLAGS)),,\
                   $(if $(filter -O1 -O2 -O3 -Os -Og -Ofast -Oz,$(CFLAGS)),-D_FORTIFY_SOURCE=2))
CFLAGS   := $(HARDEN_CFLAGS) $(CFLAGS) -std=c11 $(WARN) -MMD -MP
CPPFLAGS := -D_GNU_SOURCE -DSTRETCHREP_VERSION='"$(VERSION)"' -Iapp -Idrivers $(HARDEN_CPPFLAGS) $(CPPFLAGS)
LDFLAGS  := $(HARDEN_LDFLAGS) $(LDFLAGS)
ifneq ($(SAN),)
CFLAGS   += -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
endif
ifneq ($(TSAN),)
CFLAGS   += -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=thread
endif

# Libraries outside the pure core.
# cairo: the progress report's PDF (app/report/ only); fontconfig, which
# cairo finds its font through, only to free its caches at exit.
PKGS      := sdl2 SDL2_ttf libgpiod sqlite3 inih libpng libmosquitto libcjson cairo fontconfig
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
LDLIBS    += $(PKG_LIBS) -li2c -lpthread -lm

CORE_SRC  := $(wildcard app/core/*.c)
APP_SRC   := $(filter-out app/main.c $(CORE_SRC),$(wildcard app/*.c app/*/*.c))
DRV_SRC   := $(wildcard drivers/bus/*.c drivers/imu/*.c drivers/gpio/*.c)
LIB_SRC   := $(CORE_SRC) $(APP_SRC) $(DRV_SRC)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ  := $(BUILD)/obj/app/main.o
TEST_SRC  := $(wildcard tests/test_*.c)
TEST_BIN  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
FAKE_SRC  := $(wildcard tests/fakes/*.c)
FAKE_OBJ  := $(FAKE_SRC:%.c=$(BUILD)/obj/%.o)
BENCH_SRC := $(wildcard tests/bench_*.c)
BENCH_BIN := $(BENCH_SRC:tests/%.c=$(BUILD)/tests/%)
PROG      := $(BUILD)/stretchrep

# Debian packages: build, run, test. fonts-dejavu-core: the kiosk's text;
# mosquitto, mosquitto-clients, sqlite3: the real broker the network tests
# start, and a look into the databases they check. libcairo2-dev (and its
# libfontconfig-dev): the report's PDF; poppler-utils: the report tests read it back (pdftotext,
# pdftoppm).
DEB_PKGS := gcc make pkg-config libsdl2-dev libsdl2-ttf-dev libgpiod-dev libi2c-dev \
            libsqlite3-dev libinih-dev libcmocka-dev fonts-dejavu-core libpng-dev \
            libmosquitto-dev libcjson-dev mosquitto mosquitto-clients sqlite3 \
            libcairo2-dev libfontconfig-dev poppler-utils
DEB_BENCH_PKGS := valgrind

.PHONY: all run test check settings-docs bench bench-accuracy bench-ui deps deps-bench install uninstall clean

all: $(PROG)

$(PROG): $(MAIN_OBJ) $(BUILD)/libstretchrep.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libstretchrep.a: $(LIB_OBJ)
	@rm -f $@
	$(CROSS_COMPILE)ar rcs $@ $^

# The core is pure C + libm: it gets no library include paths at all. It never
# reads errno after maths, so sqrt can be one instruction (-fno-math-errno).
$(BUILD)/obj/app/core/%.o: app/core/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fno-math-errno -c -o $@ $<

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(FAKE_OBJ) $(BUILD)/libstretchrep.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# Installs whatever Debian packages are missing (through sudo when not root).
deps:
	@tests/deps.sh $(DEB_PKGS)
deps-bench:
	@tests/deps.sh $(DEB_PKGS) $(DEB_BENCH_PKGS)

run: deps
	@$(MAKE) --no-print-directory all
	$(PROG) run

# The test build: the same sources with ASan + UBSan, under build/san.
test: deps
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 check

check: $(PROG) $(TEST_BIN)
	@tests/run.sh $(BUILD) $(DATA)

# The settings' documents come from the one table in app/config.c;
# tests/test_settings_docs.sh fails when they differ from it.
settings-docs: $(PROG)
	$(PROG) check-config --dump /dev/null >assets/stretchrep.conf
	$(PROG) check-config --markdown >$(BUILD)/settings.md
	sed -i -e '/^<!-- settings table:/,/^<!-- end of settings table -->/{' \
	       -e '/^<!-- settings table:/r $(BUILD)/settings.md' \
	       -e '/^<!--/!d' -e '}' README.md

# The README's pictures (assets/screenshots/shots: FILE STATE WxH), drawn by
# the program itself; tests/test_screenshots.sh fails when one differs.
SHOTS := assets/screenshots/shots
.PHONY: screenshots
screenshots: $(PROG)
	@grep -v '^#' $(SHOTS) | while read -r f state size; do \
		SDL_VIDEODRIVER=dummy $(PROG) screenshot --state $$state --size $$size -o assets/screenshots/$$f || exit 1; \
		echo "screenshots: assets/screenshots/$$f ($$state, $$size)"; \
	done

bench: deps-bench
	@$(MAKE) --no-print-directory BUILD=build/bench build/bench/tests/bench_core
	tests/bench_core.sh build/bench '$(filter-out -MMD -MP,$(CFLAGS)) -fno-math-errno'

bench-accuracy: deps
	@$(MAKE) --no-print-directory $(BUILD)/tests/bench_accuracy
	$(BUILD)/tests/bench_accuracy $(DATA)

# ---- bench-ui: what the kiosk costs ----
# Frame CPU time p50/p99 (step + draw + present) of the exercise and warning
# screens with the software renderer at 800x480 and 1920x1080, text
# rasterisations per steady frame, sample-to-present latency through the I/O
# thread (register simulator at 200 Hz and 1 kHz, the real loop), and the real
# program's wakeups and CPU while idle on the start screen (SDL's dummy video
# driver). Optimised build under build/bench.
bench-ui: deps
	@$(MAKE) --no-print-directory BUILD=build/bench build/bench/tests/bench_ui build/bench/stretchrep
	build/bench/tests/bench_ui build/bench/stretchrep $(DATA)

# ---- bench-board: the clinic board under load ----
# 20 simulated stations publishing live at 5 Hz through a real mosquitto on
# 127.0.0.1 to one board drawing 1920x1080 (SDL dummy driver): the board's
# frame cost p50/p99, live messages, sessions lost (none). BENCH_BOARD_SECONDS.
.PHONY: bench-board
bench-board: deps
	@$(MAKE) --no-print-directory BUILD=build/bench build/bench/stretchrep
	tests/bench_board.sh build/bench/stretchrep

# ---- install, uninstall, deb, systemd-check --------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=/stage]
#   $(BINDIR)/stretchrep, the assets under $(DATADIR) (not the README's
#   screenshots, not the man page: that is $(MANDIR)/man1), the unit, the
#   sysusers.d entry and the udev rule under $(PREFIX)/lib (systemd and udev
#   read /usr/local/lib too), and $(SYSCONFDIR)/stretchrep/stretchrep.conf
#   (always /etc, where the program looks) only when there is none yet: an
#   edited configuration is never overwritten.
# make uninstall removes all that but an edited configuration and the
#   history (/var/lib/stretchrep), which is the clinic's data.
# make deb [ARCH=arm64]: the Debian package, built the Debian way from
#   debian/ (dpkg-buildpackage -us -uc -b, debhelper: dh_installsystemd,
#   dh_installudev, dh_installsysusers, dh_strip with a -dbgsym package),
#   on a copy of the tree under $(BUILD)/debian/ARCH (so its clean step
#   never touches build/, and nothing is written beside the checkout); the
#   .deb, the -dbgsym .deb, .buildinfo and .changes are moved to $(BUILD)/,
#   and lintian must report no error (warnings: debian/*.lintian-overrides,
#   each with its reason). ARCH=arm64 (or armhf) cross-builds it with the
#   cross compiler and -dev packages `make cross-test` installs.
# make deb-check: installs that .deb into a scratch root (dpkg --root, the
#   maintainer scripts honour DPKG_ROOT), checks the user, its groups, the
#   enabled unit, the I2C notice, the stripped binary, the docs (man -l on
#   the page) and the conffile; upgrades over an edited conffile; disables
#   the unit as an admin would and upgrades (it must stay disabled); removes
#   and reinstalls (enabled again); purges.
#   Needs root (dpkg extracts files as root:root); CI runs it.
# make systemd-check: systemd-analyze verify (on a copy of the unit whose
#   ExecStart is the built binary) and an exposure of at most
#   SECURITY_MAX from systemd-analyze security --offline=yes. CI runs it.
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/stretchrep
SYSCONFDIR ?= /etc
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
UDEVRULESDIR ?= $(PREFIX)/lib/udev/rules.d
MODULESLOADDIR ?= $(PREFIX)/lib/modules-load.d
MANDIR     ?= $(PREFIX)/share/man
# The package's architecture: this machine's, or ARCH given on the command
# line (ARCH alone defaults to arm64 for cross-test, below).
DEB_ARCH    = $(if $(filter command line,$(origin ARCH)),$(ARCH),$(shell dpkg --print-architecture 2>/dev/null || echo unknown))
# The package's version: debian/changelog's first entry, whose upstream part
# must be $(VERSION) (make deb checks).
DEB_VERSION = $(shell dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null)
DEB         = $(BUILD)/stretchrep_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_DBGSYM  = $(BUILD)/stretchrep-dbgsym_$(DEB_VERSION)_$(DEB_ARCH).deb
SECURITY_MAX := 2.0
# systemd: systemd-analyze, systemd-sysusers; dpkg-dev: dpkg-buildpackage;
# debhelper: debian/rules; lintian: the package's check.
DEB_PKG_PKGS := systemd dpkg-dev debhelper lintian

.PHONY: deb deb-check systemd-check deps-pkg hardening-check FORCE

# Objects are rebuilt when the flags change (make CFLAGS=..., or this
# Makefile's defaults): $(BUILD)/flags holds the last ones, rewritten only
# when they differ.
BUILD_FLAGS = $(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) $(LDLIBS)
$(BUILD)/flags: FORCE
	$(shell mkdir -p $(@D))$(file >$@.new,$(BUILD_FLAGS))@cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@
$(LIB_OBJ) $(MAIN_OBJ) $(FAKE_OBJ) $(TEST_SRC:%.c=$(BUILD)/obj/%.o) $(BENCH_SRC:%.c=$(BUILD)/obj/%.o): $(BUILD)/flags

# make hardening-check: the default build and one with Debian's build flags
# (dpkg-buildflags, in build/dpkg-flags), each checked by tests/hardening.sh:
# PIE, full RELRO, stack canary, FORTIFY. `make deb` checks its binary too.
hardening-check:
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory BUILD=build/dpkg-flags CFLAGS="$$(dpkg-buildflags --get CFLAGS)" \
		CPPFLAGS="$$(dpkg-buildflags --get CPPFLAGS)" LDFLAGS="$$(dpkg-buildflags --get LDFLAGS)" all
	tests/hardening.sh $(PROG) build/dpkg-flags/stretchrep

deps-pkg:
	@tests/deps.sh $(DEB_PKG_PKGS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(SYSCONFDIR)/stretchrep \
		$(DESTDIR)$(MODULESLOADDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(PROG) $(DESTDIR)$(BINDIR)/stretchrep
	for f in assets/*; do case $$f in assets/screenshots|assets/man) ;; *) cp -R "$$f" $(DESTDIR)$(DATADIR)/ ;; esac; done
	install -D -m 0644 systemd/network/network.conf $(DESTDIR)$(DATADIR)/systemd/network.conf
	gzip -9n < assets/man/stretchrep.1 > $(DESTDIR)$(MANDIR)/man1/stretchrep.1.gz
	install -m 0644 systemd/modules-load.d/stretchrep.conf $(DESTDIR)$(MODULESLOADDIR)/stretchrep.conf
	sed 's|^ExecStart=/usr/bin/stretchrep |ExecStart=$(BINDIR)/stretchrep |' systemd/stretchrep.service \
		> $(DESTDIR)$(UNITDIR)/stretchrep.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/stretchrep.service
	install -m 0644 systemd/sysusers.d/stretchrep.conf $(DESTDIR)$(SYSUSERSDIR)/stretchrep.conf
	install -m 0644 systemd/udev/60-stretchrep.rules $(DESTDIR)$(UDEVRULESDIR)/60-stretchrep.rules
	@conf=$(DESTDIR)$(SYSCONFDIR)/stretchrep/stretchrep.conf; \
	if [ -e "$$conf" ]; then \
		echo "install: keeping $$conf (the default is $(DATADIR)/stretchrep.conf)"; \
	else \
		install -m 0644 assets/stretchrep.conf "$$conf"; \
	fi
	@[ -n "$(DESTDIR)" ] || printf '%s\n' "install: done. It creates no user and enables nothing; as root, next:" \
		"  systemd-sysusers                   # the stretchrep user and its groups" \
		"  udevadm control --reload-rules && udevadm trigger   # /dev/i2c-*, gpiochip to i2c, gpio" \
		"  modprobe i2c-dev                   # loaded at boot from now on" \
		"  systemctl daemon-reload && systemctl enable --now stretchrep   # the kiosk on tty1" \
		"  I2C off on a Pi? raspi-config nonint do_i2c 0, then reboot (README: Install)" \
		"  stretchrep doctor                  # what is still missing, and the command for each"

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/stretchrep $(DESTDIR)$(UNITDIR)/stretchrep.service \
		$(DESTDIR)$(SYSUSERSDIR)/stretchrep.conf $(DESTDIR)$(UDEVRULESDIR)/60-stretchrep.rules \
		$(DESTDIR)$(MODULESLOADDIR)/stretchrep.conf $(DESTDIR)$(MANDIR)/man1/stretchrep.1.gz
	@conf=$(DESTDIR)$(SYSCONFDIR)/stretchrep/stretchrep.conf; \
	if [ -e "$$conf" ] && cmp -s "$$conf" assets/stretchrep.conf; then \
		rm -f "$$conf"; rmdir $(DESTDIR)$(SYSCONFDIR)/stretchrep 2>/dev/null || true; \
	elif [ -e "$$conf" ]; then \
		echo "uninstall: keeping the edited $$conf"; \
	fi
	rm -rf $(DESTDIR)$(DATADIR)

deb: deps-pkg
	@v=$(DEB_VERSION); [ "$${v%-*}" = $(VERSION) ] || \
		{ echo "deb: debian/changelog is at $$v, the Makefile's VERSION at $(VERSION)"; exit 1; }
	@$(if $(filter $(DEB_ARCH),$(shell dpkg --print-architecture)),,\
		test -n "$(CROSS_TRIPLET_$(DEB_ARCH))" || { echo "deb: unknown ARCH=$(DEB_ARCH) (arm64 or armhf)" >&2; exit 2; }; \
		tests/cross/deps.sh $(DEB_ARCH) $(CROSS_TRIPLET_$(DEB_ARCH)) $(CROSS_DEB_PKGS))
	rm -rf $(BUILD)/debian/$(DEB_ARCH) $(DEB) $(DEB_DBGSYM)
	mkdir -p $(BUILD)/debian/$(DEB_ARCH)/src
	tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C $(BUILD)/debian/$(DEB_ARCH)/src
	cd $(BUILD)/debian/$(DEB_ARCH)/src && dpkg-buildpackage -us -uc -b --host-arch=$(DEB_ARCH) \
		>../build.log 2>&1 || { tail -40 ../build.log; exit 1; }
	mv $(BUILD)/debian/$(DEB_ARCH)/*.deb $(BUILD)/debian/$(DEB_ARCH)/*.buildinfo \
		$(BUILD)/debian/$(DEB_ARCH)/*.changes $(BUILD)/
	@rm -rf $(BUILD)/debian/$(DEB_ARCH)/bin && dpkg-deb -x $(DEB) $(BUILD)/debian/$(DEB_ARCH)/bin
	tests/hardening.sh $(BUILD)/debian/$(DEB_ARCH)/bin/usr/bin/stretchrep
	@out=$$(lintian --fail-on error --display-info $(BUILD)/stretchrep_$(DEB_VERSION)_$(DEB_ARCH).changes 2>&1); \
	rc=$$?; printf '%s\n' "$$out" | grep -v 'running with root privileges' | sed 's/^/lintian: /'; \
	echo "lintian: $$(printf '%s\n' "$$out" | grep -c '^E:') errors, $$(printf '%s\n' "$$out" | grep -c '^W:') warnings"; \
	[ $$rc = 0 ] || { echo "deb: lintian found errors"; exit 1; }
	@echo "deb: $(DEB) (debug symbols: $(DEB_DBGSYM))"

# (The enable link is checked with test -L: it points to /lib/..., which
# need not exist outside the scratch root, so test -e would not see it.)
deb-check: deb
	@r=$(CURDIR)/$(BUILD)/deb-check; rm -rf "$$r"; \
	mkdir -p "$$r/var/lib/dpkg/info" "$$r/var/lib/dpkg/updates" "$$r/etc" && touch "$$r/var/lib/dpkg/status"; \
	dpkgr() { dpkg --root="$$r" --force-script-chrootless --force-depends "$$@" >"$$r.log" 2>&1 || { cat "$$r.log"; exit 1; }; }; \
	fail() { echo "deb-check: $$*"; exit 1; }; \
	wants=$$r/etc/systemd/system/multi-user.target.wants/stretchrep.service; \
	dpkgr -i $(DEB); \
	grep -q '^stretchrep:' "$$r/etc/passwd" || fail "no stretchrep user"; \
	for g in video render input i2c gpio audio; do \
		grep -q "^$$g:.*stretchrep" "$$r/etc/group" || fail "stretchrep not in $$g"; \
	done; \
	test -L "$$wants" || fail "unit not enabled on the first installation"; \
	grep -q 'raspi-config nonint do_i2c 0' "$$r.log" || fail "postinst does not say how to enable I2C"; \
	test -x "$$r/usr/bin/stretchrep" || fail "no binary"; \
	! readelf -S "$$r/usr/bin/stretchrep" | grep -Eq ' \.(symtab|debug_info) ' || fail "binary not stripped"; \
	id=$$(readelf -n "$$r/usr/bin/stretchrep" | sed -n 's/.*Build ID: *//p'); \
	dpkg-deb -c $(DEB_DBGSYM) | grep "usr/lib/debug/.build-id/$$(echo $$id | cut -c1-2)/$$(echo $$id | cut -c3-).debug" >/dev/null || \
		fail "no debug symbols for build-id $$id in $(DEB_DBGSYM)"; \
	grep -qx i2c-dev "$$r/usr/lib/modules-load.d/stretchrep.conf" || fail "no modules-load.d entry for i2c-dev"; \
	d=$$r/usr/share/doc/stretchrep; \
	grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' "$$d/copyright" || fail "no DEP-5 copyright"; \
	zcat "$$d/changelog.Debian.gz" | head -1 | grep -q '^stretchrep ($(DEB_VERSION))' || fail "no changelog.Debian.gz for $(DEB_VERSION)"; \
	! find "$$r/usr/share/stretchrep" -name '*.png' | grep -q . || fail "README screenshots shipped"; \
	dpkg-deb -f $(DEB) Maintainer | grep -vq localhost || fail "Maintainer at localhost"; \
	if command -v man >/dev/null; then \
		MANWIDTH=80 man --warnings -l "$$r/usr/share/man/man1/stretchrep.1.gz" 2>"$$r.man-err" >"$$r.man" && \
		! test -s "$$r.man-err" && grep -q '^       gpio-test' "$$r.man" || fail "man -l stretchrep.1.gz: $$(cat $$r.man-err)"; \
	fi; \
	echo "# edited by the clinic" >> "$$r/etc/stretchrep/stretchrep.conf"; \
	dpkgr -i $(DEB); \
	tail -1 "$$r/etc/stretchrep/stretchrep.conf" | grep -q 'edited by the clinic' || fail "conffile overwritten"; \
	test -L "$$wants" || fail "an upgrade disabled the unit"; \
	systemctl --root="$$r" disable stretchrep.service >/dev/null 2>&1; \
	test ! -L "$$wants" || fail "systemctl --root disable did not disable"; \
	dpkgr -i $(DEB); \
	test ! -L "$$wants" || fail "an upgrade re-enabled the unit the admin disabled"; \
	systemctl --root="$$r" enable stretchrep.service >/dev/null 2>&1; \
	dpkgr -r stretchrep; dpkgr -i $(DEB); \
	test -L "$$wants" || fail "remove and reinstall lost the enabled unit"; \
	dpkgr --purge stretchrep; \
	test ! -L "$$wants" || fail "still enabled after purge"; \
	test ! -e "$$r/usr/bin/stretchrep" || fail "binary left after purge"; \
	rm -rf "$$r" "$$r.log" "$$r.man" "$$r.man-err"; \
	echo "deb-check: install (enabled, user, I2C notice, stripped with a -dbgsym, copyright, changelog, man page), upgrade over an edited conffile, a disable kept over an upgrade, remove + reinstall, purge: ok"

systemd-check: deps-pkg
	@$(MAKE) --no-print-directory all
	@mkdir -p $(BUILD)/systemd-check
	sed 's|^ExecStart=/usr/bin/stretchrep |ExecStart=$(abspath $(PROG)) |' systemd/stretchrep.service \
		> $(BUILD)/systemd-check/stretchrep.service
	@# Documentation=man:stretchrep(1): verify runs man, so the page is found in the tree
	@mkdir -p $(BUILD)/systemd-check/man/man1 && cp assets/man/stretchrep.1 $(BUILD)/systemd-check/man/man1/
	MANPATH=$(CURDIR)/$(BUILD)/systemd-check/man systemd-analyze verify $(BUILD)/systemd-check/stretchrep.service
	@# the [network] drop-in on top of the unit verifies too, and still denies
	@# every address but the local networks
	@mkdir -p $(BUILD)/systemd-check/stretchrep.service.d
	cp systemd/network/network.conf $(BUILD)/systemd-check/stretchrep.service.d/network.conf
	MANPATH=$(CURDIR)/$(BUILD)/systemd-check/man systemd-analyze verify $(BUILD)/systemd-check/stretchrep.service
	@grep -q '^IPAddressDeny=any' systemd/stretchrep.service && \
	 grep -q '^IPAddressAllow=localhost link-local 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16' systemd/network/network.conf || \
		{ echo "systemd-check: the network drop-in must keep to the local networks"; exit 1; }
	@rm -rf $(BUILD)/systemd-check/stretchrep.service.d
	@out=$$(systemd-analyze security --offline=yes $(BUILD)/systemd-check/stretchrep.service 2>&1) || \
		{ echo "$$out"; exit 1; }; \
	level=$$(echo "$$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'); \
	echo "systemd-check: exposure $$level (at most $(SECURITY_MAX))"; \
	[ -n "$$level" ] && awk -v l="$$level" -v m=$(SECURITY_MAX) 'BEGIN { exit !(l <= m) }' || \
		{ echo "$$out" | grep '✗'; echo "systemd-check: exposure $$level is above $(SECURITY_MAX)"; exit 1; }
	@rm -rf $(BUILD)/systemd-check/root && mkdir -p $(BUILD)/systemd-check/root/etc
	systemd-sysusers --root=$(CURDIR)/$(BUILD)/systemd-check/root $(CURDIR)/systemd/sysusers.d/stretchrep.conf
	@for g in video render input i2c gpio audio; do \
		grep -q "^$$g:.*stretchrep" $(BUILD)/systemd-check/root/etc/group || \
			{ echo "systemd-check: stretchrep is not in group $$g"; exit 1; }; \
	done; echo "systemd-check: sysusers ok"
	@u=systemd/stretchrep.service; \
	grep -qx 'Restart=always' $$u || { echo "systemd-check: a q/Esc exit (status 0) must restart the kiosk: Restart=always"; exit 1; }; \
	grep -qx 'OnFailure=getty@tty1.service' $$u || { echo "systemd-check: no getty on tty1 when the kiosk gives up"; exit 1; }; \
	! grep -q '^PrivateNetwork=yes' $$u || { echo "systemd-check: PrivateNetwork hides udev hot-plug events"; exit 1; }; \
	! grep -q '^ExecStart=.*--config' $$u || { echo "systemd-check: --config makes a missing file fatal"; exit 1; }
	@if [ -e /etc/stretchrep/stretchrep.conf ]; then echo "systemd-check: /etc/stretchrep/stretchrep.conf exists: missing-config run skipped"; else \
	cmd=$$(sed -n 's/^ExecStart=//p' $(BUILD)/systemd-check/stretchrep.service); \
	$$cmd --headless --simulate --seconds 2 --speed 50 --history $(BUILD)/systemd-check/h.sqlite3 >/dev/null || \
		{ echo "systemd-check: the unit's ExecStart fails without /etc/stretchrep/stretchrep.conf"; exit 1; }; \
	echo "systemd-check: the unit's ExecStart runs without a config file"; fi

clean:
	rm -rf build

# ---- drivers (issue 3): libgpiod API, bench-io, libgpiod 2.x check --------
# The GPIO backend follows the libgpiod that pkg-config finds: 1.x builds
# drivers/gpio/gpio_v1.c, 2.x builds gpio_v2.c (STRETCHREP_GPIOD_API).
# GPIOD_PREFIX=DIR builds against a libgpiod unpacked under DIR instead
# (gpiod2-test does that with Debian 13's packages on Debian 12).
ifneq ($(GPIOD_PREFIX),)
GPIOD_LIBDIR  := $(GPIOD_PREFIX)/usr/lib/$(shell $(CC) -print-multiarch)
GPIOD_VERSION := $(shell PKG_CONFIG_PATH=$(GPIOD_LIBDIR)/pkgconfig PKG_CONFIG_LIBDIR=$(GPIOD_LIBDIR)/pkgconfig $(PKG_CONFIG) --modversion libgpiod 2>/dev/null)
CPPFLAGS      += -I$(GPIOD_PREFIX)/usr/include
LDFLAGS       += -L$(GPIOD_LIBDIR) -Wl,-rpath,$(abspath $(GPIOD_LIBDIR))
else
GPIOD_VERSION := $(shell $(PKG_CONFIG) --modversion libgpiod 2>/dev/null)
endif
GPIOD_API := $(if $(filter 2.%,$(GPIOD_VERSION)),2,1)
CPPFLAGS  += -DSTRETCHREP_GPIOD_API=$(GPIOD_API)
BENCH_IO_SECONDS ?= 60
BENCH_IO_CHIPS   ?= mpu,lsm,two

.PHONY: bench-io gpiod2-test
# The I/O thread at 400 Hz on a bus with real I2C time, main thread busy
# 16 ms a frame: samples lost and I/O-thread CPU, per chip family; "two":
# two sensors of a family on the bus at 1 kHz each (one per leg).
# The I/O thread asks for SCHED_FIFO itself; BENCH_IO_RT=0 runs it without, to compare.
bench-io: deps
	@$(MAKE) --no-print-directory BUILD=build/bench build/bench/tests/bench_io
	build/bench/tests/bench_io $(BENCH_IO_SECONDS) $(BENCH_IO_CHIPS)

# The fault table (issue 16): NACK, a hanging bus (1 s and i2cdev's 200 ms
# adapter timeout), stuck data at 25 Hz and 1 kHz, a reset to sleep, a
# vanished sensor, each injected into the real-time simulator behind the
# real I/O thread: detect and recover times, samples lost. ~2 min.
BENCH_FAULTS_REPS ?= 3
.PHONY: bench-faults tsan
bench-faults: deps
	@$(MAKE) --no-print-directory BUILD=build/bench build/bench/tests/bench_faults
	build/bench/tests/bench_faults $(BENCH_FAULTS_REPS)

# The kiosk's path under faults for SOAK_FAULTS_S seconds (not CI): the real
# I/O thread on the real-time simulator, a fault every 7 s in turn, sessions
# of 20 s saved to SQLite; RSS, descriptors and sessions saved every 30 s
# (tests/bench_soak_faults.c). ASan + LSan build: leaks reported at exit.
SOAK_FAULTS_S ?= 600
.PHONY: soak-faults
soak-faults: deps
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 build/san/tests/bench_soak_faults
	ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=0:thread_local_quarantine_size_kb=0 \
		build/san/tests/bench_soak_faults $(SOAK_FAULTS_S)

# A station's day in minutes (not CI): the unmodified program, `stretchrep
# run --headless --seconds` on a sensor, with tests/soak/libsoak.so preloaded:
# every clock and wait SOAK_RUN_SPEED times faster, the I2C bus's ioctls
# answered by the register simulator (the patient on an MPU-6050), a fault
# every SOAK_RUN_FAULT_EVERY_S scaled seconds, a clinician's sqlite3 locking
# the history now and then. tests/soak/soak_run.sh watches memory,
# descriptors, sessions and faults from outside (see its header).
SOAK_RUN_HOURS ?= 24
SOAK_RUN_SPEED ?= 20
SOAK_RUN_FAULT_EVERY_S ?= 180
SOAK_SO_SRC := tests/soak/timewarp.c tests/soak/station.c tests/fakes/regsim.c tests/fakes/i2cdev_sim.c \
               app/core/sim.c
.PHONY: soak-run
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) -fPIC -c -o $@ $<

$(BUILD)/soak/libsoak.so: $(SOAK_SO_SRC:%.c=$(BUILD)/pic/%.o)
	@mkdir -p $(@D)
	$(CC) -shared $(filter-out -pie,$(LDFLAGS)) -o $@ $^ -ldl -lpthread -lm

soak-run: deps
	@$(MAKE) --no-print-directory BUILD=build/bench build/bench/stretchrep build/bench/soak/libsoak.so
	tests/soak/soak_run.sh build/bench $(SOAK_RUN_HOURS) $(SOAK_RUN_SPEED) $(SOAK_RUN_FAULT_EVERY_S)

# ThreadSanitizer over the tests whose code runs threads: the ring's memory
# ordering, the I/O thread and its status against the real-time simulator
# (its lock: tests inject faults while the thread transfers), the kiosk on
# it, the watchdog's heartbeat, a replay read from a FIFO on its feed
# thread. (test_net and test_kiosk_history start no thread; the station's
# MQTT thread is tested against a broker by scripts.)
# Any report fails the test (halt_on_error). CI runs it (~30 s).
TSAN_TESTS ?= test_ring test_imu_thread test_kiosk_imu test_watchdog test_source_fifo
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build/tsan TSAN=1 $(TSAN_TESTS:%=build/tsan/tests/%)
	@pass=0; fail=0; for t in $(TSAN_TESTS); do echo "== tsan $$t"; \
	  if TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 $$TSAN_OPTIONS" build/tsan/tests/$$t; \
	  then pass=$$((pass + 1)); else fail=$$((fail + 1)); echo "FAILED: $$t"; fi; done; \
	  echo "tsan: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# The GPIO tests built and run against the real libgpiod 2.x (Debian 13's
# libgpiod-dev + libgpiod3, unpacked under build/gpiod2; see tests/gpiod2.sh).
gpiod2-test: deps
	tests/gpiod2.sh build/gpiod2/root
	@$(MAKE) --no-print-directory BUILD=build/gpiod2/san SAN=1 GPIOD_PREFIX=build/gpiod2/root \
		build/gpiod2/san/tests/test_gpio build/gpiod2/san/tests/test_debounce
	build/gpiod2/san/tests/test_gpio
	build/gpiod2/san/tests/test_debounce
# ---- end drivers ----------------------------------------------------------

#### hardening ##############################################################
# Cross build, static analysis, fuzzing, soak. Everything is found by wildcard,
# so new modules are covered when they land.

# -- make cross-test ARCH=arm64 -----------------------------------------------
# The program and every test built by Debian's cross compiler into build/ARCH,
# against the ARCH -dev packages (dpkg multiarch), tests run under qemu-user.
# ASan + UBSan work under qemu (runtimes linked statically: qemu -L / finds only
# the multiarch libraries); LeakSanitizer does not (it needs ptrace), so leaks
# are checked by the native `make test` only.
ARCH ?= arm64
CROSS_TRIPLET_arm64 := aarch64-linux-gnu
CROSS_QEMU_arm64    := qemu-aarch64
CROSS_TRIPLET_armhf := arm-linux-gnueabihf
CROSS_QEMU_armhf    := qemu-arm
CROSS_TRIPLET := $(CROSS_TRIPLET_$(ARCH))
# Every library the project links: the lib*-dev packages of DEB_PKGS.
CROSS_DEB_PKGS := $(filter lib%-dev,$(DEB_PKGS))
# Objects made on the way to a test binary are kept: no rebuild next time.
.SECONDARY:
ifneq ($(SAN_STATIC),)
LDFLAGS += -static-libasan -static-libubsan
endif

CROSS_MAKE = BUILD=build/$(ARCH) CROSS_COMPILE=$(CROSS_TRIPLET)- SAN=1 SAN_STATIC=1 \
	PKG_CONFIG='env PKG_CONFIG_LIBDIR=/usr/lib/$(CROSS_TRIPLET)/pkgconfig:/usr/share/pkgconfig pkg-config'
CROSS_RUNNER = $(CROSS_QEMU_$(ARCH)) -L /

.PHONY: cross-test cross-test-ci cross-deps
cross-deps:
	@test -n "$(CROSS_TRIPLET)" || { echo "cross-test: unknown ARCH=$(ARCH) (arm64 or armhf)" >&2; exit 2; }
	@tests/cross/deps.sh $(ARCH) $(CROSS_TRIPLET) $(CROSS_DEB_PKGS)

cross-test: cross-deps
	@RUNNER='$(CROSS_RUNNER)' ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
	 $(MAKE) --no-print-directory $(CROSS_MAKE) check

# -- make cross-test-ci ARCH=arm64 [CROSS_JOBS=2] -------------------------------
# CI's part of cross-test: the same build, and under qemu every C test (the
# core's maths and the detector on the real recordings, the drivers' register
# decoding, the ring's atomics, SQLite, config, trace and spool parsing, the
# UI's layout, the fuzz corpus replays) plus the scripts that run the whole
# program where the CPU can change the result, CROSS_JOBS at a time
# (tests/cross/run.sh), the slowest first. Each script left out is below with
# its reason: they test command-line and file glue that is the same C on any
# CPU, the C tests cover what they call, and under qemu every start of the
# program costs a second or more (the static ASan runtime maps its shadow
# memory), so they were most of cross-test's time. `make cross-test` (all of
# them, one at a time) is kept for a change to the cross build itself.
CROSS_JOBS ?= 2
CROSS_SLOW := test_ui test_motion test_sim test_history_kill test_kiosk
CROSS_CI_SKIP :=
CROSS_CI_SKIP += test_cli.sh          # analyze/simulate argument and file errors; the core's maths: test_motion, test_sim
CROSS_CI_SKIP += test_kiosk.sh        # run --headless vs analyze on the recordings, as test_event_json.sh (kept) does; the kiosk: test_kiosk
CROSS_CI_SKIP += test_board_mqtt.sh   # the board over a real broker: network glue; the payloads: test_net
CROSS_CI_SKIP += test_board_tls.sh    # TLS settings handed to libmosquitto: glue; the payloads: test_net
CROSS_CI_SKIP += test_check_config.sh # check-config's messages; the parser: test_config, fuzz_config
CROSS_CI_SKIP += test_gpio_cli.sh     # gpio-test without a chip (qemu has none); the backend: test_gpio
CROSS_CI_SKIP += test_legs.sh         # two-leg CLI runs; the two-sensor core: test_sim_legs, test_kiosk_legs
CROSS_CI_SKIP += test_patient_cli.sh  # patient command's arguments; the store: test_patients
CROSS_CI_SKIP += test_report.sh       # the PDF read back by poppler; the report's content: test_report
CROSS_CI_SKIP += test_run_history.sh  # sessions saved by the kiosk, read by sqlite3; the store: test_history
CROSS_CI_SKIP += test_run_modes.sh    # kiosk modes through the CLI; the modes: test_kiosk_modes
CROSS_CI_SKIP += test_run_spool.sh    # the spool with a locked history; the spool: test_kiosk_spool
CROSS_CI_SKIP += test_simulate.sh     # simulate's options and output files; the simulator: test_sim
CROSS_CI_SKIP += test_slr_cli.sh      # slr's options and output; the SLR core: test_slr, test_kiosk_slr
CROSS_CI_SKIP += test_probe.sh        # probe/record without an I2C adapter (qemu has none): messages; the bus: test_i2cdev
CROSS_CI_SKIP += test_audio_quiet.sh  # alsa-lib's messages silenced: the host's library setup, not the CPU
CROSS_CI_SKIP += test_screenshots.sh  # skips itself under an emulator (README pictures are the native build's)
CROSS_CI_SKIP += test_layers.sh       # which room includes which: reads the sources, runs nothing built
CROSS_CI_SKIP += test_deps.sh         # the Debian package list: reads files, runs nothing built
CROSS_CI_SKIP += test_man.sh          # the man page: a document
CROSS_CI_SKIP += test_settings_docs.sh # README's settings table against the program's: a document
CROSS_CI_BIN = $(addprefix build/$(ARCH)/tests/,$(CROSS_SLOW) \
	$(filter-out $(CROSS_SLOW),$(TEST_SRC:tests/%.c=%) $(FUZZ_NAMES:%=test_fuzz_%)))
CROSS_CI_SH  = $(filter-out $(addprefix tests/,$(strip $(CROSS_CI_SKIP))),$(wildcard tests/test_*.sh))
cross-test-ci: cross-deps
	@$(MAKE) --no-print-directory $(CROSS_MAKE) build/$(ARCH)/stretchrep $(CROSS_CI_BIN)
	@RUNNER='$(CROSS_RUNNER)' tests/cross/run.sh build/$(ARCH) $(DATA) $(CROSS_JOBS) \
		$(CROSS_CI_BIN) $(CROSS_CI_SH)

# -- make fuzz FUZZ_SECONDS=N ---------------------------------------------------
# libFuzzer targets tests/fuzz/fuzz_*.c, built with clang and ASan + UBSan
# into build/fuzz/fuzz/, each run FUZZ_SECONDS seconds by tests/fuzz/run.sh
# (a crash's input is copied to tests/fuzz/regress/NAME/ to be committed).
# A target is built only when the files named by its "FUZZ_NEEDS: FILE:SYMBOL"
# lines exist and contain SYMBOL, so targets for code still on other branches
# wait here until it lands. Every built target also becomes the test
# BUILD/tests/test_fuzz_NAME (tests/fuzz/replay.c, no libFuzzer), which
# replays the checked-in corpus and regressions in `make test` and cross-test.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
DEB_FUZZ_PKGS := clang
fuzz_needs   = $(shell sed -n 's/^[ /*]*FUZZ_NEEDS: *//p' $(1))
fuzz_has     = $(shell grep -qs -- '$(word 2,$(subst :, ,$(1)))' '$(word 1,$(subst :, ,$(1)))' && echo y)
fuzz_ready   = $(if $(strip $(foreach n,$(call fuzz_needs,$(1)),$(if $(call fuzz_has,$(n)),,x))),,$(1))
FUZZ_ALL     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_SRC     := $(foreach f,$(FUZZ_ALL),$(call fuzz_ready,$(f)))
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_WAITING := $(filter-out $(FUZZ_SRC),$(FUZZ_ALL))
FUZZ_REPLAY  := $(FUZZ_NAMES:%=$(BUILD)/tests/test_fuzz_%)
ifneq ($(FUZZ),)
CFLAGS  += -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
           -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

check: $(FUZZ_REPLAY)

$(BUILD)/tests/test_fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/obj/tests/fuzz/replay.o \
                            $(BUILD)/libstretchrep.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/fuzz/fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/libstretchrep.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

.PHONY: fuzz fuzz-build
fuzz: deps
	@tests/deps.sh $(DEB_FUZZ_PKGS)
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-build:
	@for f in $(FUZZ_WAITING); do \
		echo "fuzz: $$f is not built yet: it needs" $$(sed -n 's/^[ /*]*FUZZ_NEEDS: *//p' $$f); \
	done
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) FUZZ=1 \
		$(FUZZ_NAMES:%=build/fuzz/fuzz/fuzz_%)

# -- make bench-soak [SOAK_HOURS=24] -------------------------------------------
# tests/bench_soak.c: SOAK_HOURS simulated hours of the virtual patient through
# the session core and the trace file code; RSS and open descriptors sampled
# every simulated hour (about 1 s of wall time per hour). Twice: under
# ASan + UBSan + LSan (leaks reported at exit; ASan's quarantine off, or it
# holds every freed block and RSS rises by design), then in the plain -O2
# build, as the kiosk runs. A benchmark, not a CI test.
SOAK_HOURS ?= 24
.PHONY: bench-soak
bench-soak: deps
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 build/san/tests/bench_soak
	@$(MAKE) --no-print-directory BUILD=build/bench build/bench/tests/bench_soak
	@echo "== ASan + UBSan + LSan, $(SOAK_HOURS) simulated hours"
	ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=0:thread_local_quarantine_size_kb=0 \
		build/san/tests/bench_soak $(SOAK_HOURS)
	@echo "== plain -O2 build, $(SOAK_HOURS) simulated hours"
	build/bench/tests/bench_soak $(SOAK_HOURS)

# -- make lint ----------------------------------------------------------------
# cppcheck and clang-tidy (.clang-tidy) over every C file the build knows, with
# the build's own flags: zero findings, or the target fails. cppcheck's few
# suppressions are in tests/cppcheck.supp, each with its reason;
# tests/cmocka.cfg tells it which cmocka calls do not return.
DEB_LINT_PKGS := cppcheck clang-tidy
LINT_SRC  = $(LIB_SRC) app/main.c $(TEST_SRC) $(FAKE_SRC) $(BENCH_SRC) \
            $(FUZZ_SRC) tests/fuzz/replay.c $(wildcard tests/soak/*.c)
LINT_TIDY = $(LINT_SRC:%=lint-tidy/%)
# The core gets no library include paths, as in the build.
lint_flags = $(CPPFLAGS) -Itests $(if $(filter app/core/%,$(1)),,$(PKG_CFLAGS) \
             $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)) -std=c11 $(filter-out -Werror,$(WARN))

.PHONY: lint lint-cppcheck $(LINT_TIDY)
lint: deps
	@tests/deps.sh $(DEB_LINT_PKGS)
	@$(MAKE) --no-print-directory lint-cppcheck $(LINT_TIDY)
	@echo "lint: cppcheck and clang-tidy clean ($(words $(LINT_SRC)) files)"

lint-cppcheck:
	cppcheck -q --std=c11 --enable=warning,style,performance,portability \
		--error-exitcode=1 --inline-suppr --suppressions-list=tests/cppcheck.supp \
		--library=posix,sdl,sqlite3,tests/cmocka.cfg \
		-D_GNU_SOURCE -DSTRETCHREP_VERSION='"lint"' -Iapp -Idrivers -Itests \
		$(LINT_SRC)

$(LINT_TIDY): lint-tidy/%:
	@echo "clang-tidy $*"
	@out=$$(clang-tidy --quiet $* -- $(call lint_flags,$*) 2>&1); rc=$$?; \
	 printf '%s\n' "$$out" | grep -v '^[0-9]* warnings* generated\.$$'; exit $$rc

-include $(shell find $(BUILD) -name '*.d' -type f 2>/dev/null)
