// SPDX-License-Identifier: MIT
/*
 * stretchrep gpio-test — for installers: blinks the LED, plays the hold
 * warning on the buzzer once, then prints button presses (short / long)
 * until the time is up or Ctrl-C. A thin client of drivers/gpio.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "cmd/cli.h"
#include "gpio/debounce.h"
#include "gpio/gpio.h"
#include "gpio/pattern.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static const char *const button_names[GPIO_N_BUTTONS] = { "start/pause", "calibrate/next" };

static void gpio_test_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep gpio-test [--seconds S] [--buttons A,B] [--buzzer N] [--led N]\n"
		   "  line numbers are BCM GPIO numbers (default buttons 17,27, buzzer 18, LED 23);\n"
		   "  -1 means not fitted\n");
}

static int parse_line(const char *opt, const char *arg, int *out)
{
	double v;

	if (cli_parse_double(opt, arg, -1, 1023, &v) < 0 || v != (int)v)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* Plays a pattern on one output for duration_ns (a one-shot stops sooner). */
static int play(struct gpio_hw *hw, int (*set)(struct gpio_hw *, bool), enum pattern_id id,
		int64_t duration_ns)
{
	int64_t start = clock_mono_ns(), next, now;
	int rc = 0;

	while (!interrupted && (now = clock_mono_ns()) - start < duration_ns) {
		bool on = pattern_level(id, now - start, &next);
		struct timespec ts;
		int64_t wait;

		rc = set(hw, on);
		if (rc < 0)
			break;
		if (next == INT64_MAX)
			break;
		wait = start + next - clock_mono_ns();
		if (wait > 0) {
			ts.tv_sec = wait / 1000000000LL;
			ts.tv_nsec = wait % 1000000000LL;
			nanosleep(&ts, NULL);
		}
	}
	set(hw, false);
	return rc == -ENODEV ? 0 : rc;
}

static void explain(int rc)
{
	switch (rc) {
	case -ENOENT:
		fprintf(stderr, "stretchrep gpio-test: no GPIO chip labelled pinctrl-bcm2835, pinctrl-bcm2711 "
				"or pinctrl-rp1 (is this a Raspberry Pi?)\n");
		break;
	case -EACCES:
	case -EPERM:
		fprintf(stderr, "stretchrep gpio-test: no permission for /dev/gpiochip*: add this user to the "
				"gpio group (sudo adduser $USER gpio), then log in again\n");
		break;
	case -EBUSY:
		fprintf(stderr, "stretchrep gpio-test: a GPIO line is in use by another program "
				"(see gpioinfo); is the kiosk running?\n");
		break;
	default:
		fprintf(stderr, "stretchrep gpio-test: GPIO: %s\n", strerror(-rc));
		break;
	}
}

int cmd_gpio_test(int argc, char **argv)
{
	struct gpio_config cfg = gpio_default_config;
	struct debounce db[GPIO_N_BUTTONS];
	struct sigaction sa = { .sa_handler = on_signal };
	struct gpio_hw *hw;
	double seconds = 20;
	int64_t end;
	int rc;

	for (int i = 1; i < argc; i += 2) {   /* every option takes a value */
		const char *arg = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "--seconds")) {
			rc = cli_parse_double("--seconds", arg, 1, 3600, &seconds);
		} else if (!strcmp(argv[i], "--buzzer")) {
			rc = parse_line("--buzzer", arg, &cfg.buzzer_line);
		} else if (!strcmp(argv[i], "--led")) {
			rc = parse_line("--led", arg, &cfg.led_line);
		} else if (!strcmp(argv[i], "--buttons") && arg) {
			char a[16] = "", b[16] = "";

			rc = sscanf(arg, "%15[^,],%15s", a, b) == 2 ? 0 : -EINVAL;
			if (rc == 0)
				rc = parse_line("--buttons", a, &cfg.button_line[0]);
			if (rc == 0)
				rc = parse_line("--buttons", b, &cfg.button_line[1]);
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			gpio_test_usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "stretchrep gpio-test: bad option '%s'\n", argv[i]);
			gpio_test_usage(stderr);
			return EXIT_USAGE;
		}
		if (rc < 0) {
			gpio_test_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (gpio_config_check(&cfg) < 0) {
		fprintf(stderr, "stretchrep gpio-test: each line may be used once, and one must be fitted\n");
		return EXIT_USAGE;
	}
	rc = gpio_open(&cfg, &hw);
	if (rc < 0) {
		explain(rc);
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	printf("gpio: %s (%s), %s %s\n", gpio_chip_path(hw), gpio_chip_label(hw),
	       gpio_api_name(), gpio_library_version());
	printf("LED (GPIO%d): blinking for 3 s\n", cfg.led_line);
	fflush(stdout);
	rc = play(hw, gpio_set_led, PATTERN_BLINK, 3000000000LL);
	if (rc == 0) {
		printf("buzzer (GPIO%d): the hold warning, once\n", cfg.buzzer_line);
		fflush(stdout);
		rc = play(hw, gpio_set_buzzer, PATTERN_HOLD_WARNING, pattern_length_ns(PATTERN_HOLD_WARNING));
	}
	if (rc < 0) {
		explain(rc);
		gpio_close(hw);
		return 1;
	}
	printf("buttons (GPIO%d, GPIO%d): press them; %.0f s (Ctrl-C ends)\n",
	       cfg.button_line[0], cfg.button_line[1], seconds);
	fflush(stdout);
	for (int i = 0; i < GPIO_N_BUTTONS; i++)
		debounce_init(&db[i], NULL);
	end = clock_mono_ns() + (int64_t)(seconds * 1e9);
	while (!interrupted && clock_mono_ns() < end) {
		struct pollfd pfd = { .fd = gpio_fd(hw), .events = POLLIN };
		int64_t due = end, now;
		int timeout_ms;

		for (int i = 0; i < GPIO_N_BUTTONS; i++)
			if (debounce_deadline(&db[i]) < due)
				due = debounce_deadline(&db[i]);
		now = clock_mono_ns();
		timeout_ms = due > now ? (int)((due - now + 999999) / 1000000) : 0;
		/* with no button fitted the fd is -1: poll() then just waits */
		if (poll(&pfd, 1, timeout_ms) > 0)
			gpio_ack_events(hw);
		now = clock_mono_ns();
		for (int i = 0; i < GPIO_N_BUTTONS; i++) {
			int pressed = gpio_button_pressed(hw, (unsigned)i);
			enum button_event ev;

			if (pressed < 0)
				continue;
			ev = debounce_update(&db[i], pressed, now);
			if (ev != BUTTON_NONE) {
				printf("button %d (%s): %s press\n", i + 1, button_names[i],
				       ev == BUTTON_LONG ? "long" : "short");
				fflush(stdout);
			}
		}
	}
	gpio_close(hw);
	return 0;
}
