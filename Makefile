# stretchrep — a plain Makefile (STYLE.md 13).
#
#   make            build/stretchrep
#   make run        the kiosk (the simulated patient, labelled DEMO, without a sensor)
#   make test       unit and CLI tests, ASan + UBSan build under build/san
#   make bench      core cost per sample;  make bench-accuracy: detector vs truth
#   make install    PREFIX, DESTDIR
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
	@$(MAKE) --no-print-directory all $(BUILD)/tests/bench_accuracy
	$(BUILD)/tests/bench_accuracy $(PROG) $(DATA)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(PROG) $(DESTDIR)$(PREFIX)/bin/stretchrep

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/stretchrep

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
BENCH_IO_CHIPS   ?= mpu,lsm

.PHONY: bench-io gpiod2-test
# The I/O thread at 400 Hz on a bus with real I2C time, main thread busy
# 16 ms a frame: samples lost and I/O-thread CPU, per chip family.
bench-io: deps
	@$(MAKE) --no-print-directory BUILD=build/bench CFLAGS='-O2 -g' build/bench/tests/bench_io
	build/bench/tests/bench_io $(BENCH_IO_SECONDS) $(BENCH_IO_CHIPS)

# The GPIO tests built and run against the real libgpiod 2.x (Debian 13's
# libgpiod-dev + libgpiod3, unpacked under build/gpiod2; see tests/gpiod2.sh).
gpiod2-test: deps
	tests/gpiod2.sh build/gpiod2/root
	@$(MAKE) --no-print-directory BUILD=build/gpiod2/san SAN=1 GPIOD_PREFIX=build/gpiod2/root \
		build/gpiod2/san/tests/test_gpio build/gpiod2/san/tests/test_debounce
	build/gpiod2/san/tests/test_gpio
	build/gpiod2/san/tests/test_debounce
# ---- end drivers ----------------------------------------------------------

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
