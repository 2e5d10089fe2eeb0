# stretchrep — a plain Makefile (STYLE.md 13).
#
#   make            build/stretchrep
#   make run        the kiosk (the simulated patient, labelled DEMO, without a sensor)
#   make test       unit and CLI tests, ASan + UBSan build under build/san
#   make bench      core cost per sample;  make bench-accuracy: detector vs truth
#   make install    PREFIX, DESTDIR
#   make cross-test ARCH=arm64   program + tests cross-built, tests run under qemu-user
#   make lint       cppcheck + clang-tidy, zero findings
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

CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 $(WARN) -MMD -MP
CPPFLAGS += -D_GNU_SOURCE -DSTRETCHREP_VERSION='"$(VERSION)"' -Iapp -Idrivers
ifneq ($(SAN),)
CFLAGS   += -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
endif

# Libraries outside the pure core.
PKGS      := sdl2 SDL2_ttf libgpiod sqlite3 inih
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
LDLIBS    += $(PKG_LIBS) -li2c -lpthread -lm

CORE_SRC  := $(wildcard app/core/*.c)
APP_SRC   := $(filter-out app/main.c,$(wildcard app/*.c app/ui/*.c app/store/*.c))
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

# Debian packages: build, run, test. fonts-dejavu-core: the kiosk's text.
DEB_PKGS := gcc make pkg-config libsdl2-dev libsdl2-ttf-dev libgpiod-dev libi2c-dev \
            libsqlite3-dev libinih-dev libcmocka-dev fonts-dejavu-core
DEB_BENCH_PKGS := valgrind

.PHONY: all run test check bench bench-accuracy deps deps-bench install uninstall clean

all: $(PROG)

$(PROG): $(MAIN_OBJ) $(BUILD)/libstretchrep.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libstretchrep.a: $(LIB_OBJ)
	@rm -f $@
	$(CROSS_COMPILE)ar rcs $@ $^

# The core is pure C + libm: it gets no library include paths at all.
$(BUILD)/obj/app/core/%.o: app/core/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

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

bench: deps-bench
	@$(MAKE) --no-print-directory BUILD=build/bench CFLAGS='-O2 -g' $(BUILD:build=build/bench)/tests/bench_core build/bench/stretchrep
	tests/bench_core.sh build/bench

bench-accuracy: deps
	@$(MAKE) --no-print-directory $(BUILD)/tests/bench_accuracy
	$(BUILD)/tests/bench_accuracy $(DATA)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(PROG) $(DESTDIR)$(PREFIX)/bin/stretchrep

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/stretchrep

clean:
	rm -rf build

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

.PHONY: cross-test
cross-test:
	@test -n "$(CROSS_TRIPLET)" || { echo "cross-test: unknown ARCH=$(ARCH) (arm64 or armhf)" >&2; exit 2; }
	@tests/cross/deps.sh $(ARCH) $(CROSS_TRIPLET) $(CROSS_DEB_PKGS)
	@RUNNER='$(CROSS_QEMU_$(ARCH)) -L /' ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
	 $(MAKE) --no-print-directory BUILD=build/$(ARCH) CROSS_COMPILE=$(CROSS_TRIPLET)- \
		PKG_CONFIG='env PKG_CONFIG_LIBDIR=/usr/lib/$(CROSS_TRIPLET)/pkgconfig:/usr/share/pkgconfig pkg-config' \
		SAN=1 SAN_STATIC=1 check

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
# suppressions are in tests/cppcheck.supp, each with its reason.
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
		-D_GNU_SOURCE -DSTRETCHREP_VERSION='"lint"' -Iapp -Idrivers -Itests \
		$(LINT_SRC)

$(LINT_TIDY): lint-tidy/%:
	@echo "clang-tidy $*"
	@out=$$(clang-tidy --quiet $* -- $(call lint_flags,$*) 2>&1); rc=$$?; \
	 printf '%s\n' "$$out" | grep -v '^[0-9]* warnings* generated\.$$'; exit $$rc

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
