// SPDX-License-Identifier: MIT
/*
 * stretchrep gpio-test — for installers: blinks the LED, plays the hold
 * warning on the buzzer once, then prints button presses (short / long)
 * until the time is up or Ctrl-C. A thin client of drivers/gpio.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "cmd/cli.h"
#include "config.h"
#include "gpio/debounce.h"
#include "gpio/gpio.h"
#include "gpio/pattern.h"
#include "kiosk/kiosk_gpio.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static const char *const button_names[GPIO_N_BUTTONS] = { "start/pause", "calibrate/next" };

static void gpio_test_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep gpio-test [--config FILE] [--seconds S] [--buttons A,B] [--buzzer N] [--led N]\n"
		   "  --config FILE  settings (default %s, the kiosk's):\n"
		   "                 the lines, chip, wiring and debounce of [gpio]; options here win\n"
		   "  --buttons A,B  start/pause and the second button ([gpio] start_line, and\n"
		   "                 calibrate_line when fitted, else next_line)\n"
		   "  --buzzer N     [gpio] buzzer_line;  --led N: [gpio] led_line\n"
		   "  line numbers are BCM GPIO numbers on the Pi; none means not fitted\n",
		CONFIG_DEFAULT_PATH);
}

/* "GPIO17", or "none" for a line not fitted. */
static const char *line_name(int line, char *buf, size_t len)
{
	if (line < 0)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "GPIO%d", line);
	return buf;
}

/* --buttons A,B: the two keys the kiosk reads its buttons from. */
static int set_buttons(struct config *conf, const char *arg)
{
	char a[16] = "", b[16] = "";

	if (sscanf(arg, "%15[^,],%15s", a, b) != 2) {
		fprintf(stderr, "stretchrep: --buttons: '%s' is not A,B\n", arg);
		return -EINVAL;
	}
	if (cli_set_config(conf, "--buttons", "gpio", "start_line", a))
		return -EINVAL;
	return cli_set_config(conf, "--buttons", "gpio",
			      conf->gpio.calibrate_line != CONFIG_LINE_NONE ? "calibrate_line" : "next_line", b);
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
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 't' },
		{ "buttons", required_argument, NULL, 'B' },
		{ "buzzer", required_argument, NULL, 'z' },
		{ "led", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct config *conf;
	struct gpio_config cfg;
	const char *labels[2];
	struct debounce_settings ds = debounce_default_settings;
	struct debounce db[GPIO_N_BUTTONS];
	struct sigaction sa = { .sa_handler = on_signal };
	struct gpio_hw *hw;
	double seconds = 20;
	char n1[16], n2[16], n3[16], n4[16];
	int64_t end;
	int c, rc;

	rc = cli_config_open("gpio-test", argc, argv, "h", opts, &conf);
	if (rc)
		return rc;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':   /* read first, above */
			rc = 0;
			break;
		case 't':
			rc = cli_parse_double("--seconds", optarg, 1, 3600, &seconds);
			break;
		case 'B':
			rc = set_buttons(conf, optarg);
			break;
		case 'z':
			rc = cli_set_config(conf, "--buzzer", "gpio", "buzzer_line", optarg);
			break;
		case 'l':
			rc = cli_set_config(conf, "--led", "gpio", "led_line", optarg);
			break;
		case 'h':
			gpio_test_usage(stdout);
			free(conf);
			return 0;
		default:
			rc = -EINVAL;
			break;
		}
		if (rc < 0) {
			gpio_test_usage(stderr);
			goto usage;
		}
	}
	if (optind != argc) {
		gpio_test_usage(stderr);
		goto usage;
	}
	/* the lines the kiosk would open, from the same settings */
	kiosk_gpio_lines(&conf->gpio, &cfg, labels);
	ds.settle_ms = conf->gpio.debounce_ms;
	printf("lines: buttons %s, %s, buzzer %s, LED %s\n", line_name(cfg.button_line[0], n1, sizeof(n1)),
	       line_name(cfg.button_line[1], n2, sizeof(n2)), line_name(cfg.buzzer_line, n3, sizeof(n3)),
	       line_name(cfg.led_line, n4, sizeof(n4)));
	fflush(stdout);
	if (gpio_config_check(&cfg) < 0) {
		fprintf(stderr, "stretchrep gpio-test: each line may be used once, and one must be fitted\n");
		goto usage;
	}
	rc = gpio_open(&cfg, &hw);
	if (rc < 0) {
		explain(rc);
		free(conf);
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
		free(conf);
		return 1;
	}
	printf("buttons (GPIO%d, GPIO%d): press them; %.0f s (Ctrl-C ends)\n",
	       cfg.button_line[0], cfg.button_line[1], seconds);
	fflush(stdout);
	for (int i = 0; i < GPIO_N_BUTTONS; i++)
		debounce_init(&db[i], &ds);
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
			/* the driver reports active-low wiring as pressed = 1 (as the kiosk reads it) */
			ev = debounce_update(&db[i], conf->gpio.buttons_active_low ? pressed == 1 : pressed == 0, now);
			if (ev != BUTTON_NONE) {
				printf("button %d (%s): %s press\n", i + 1, button_names[i],
				       ev == BUTTON_LONG ? "long" : "short");
				fflush(stdout);
			}
		}
	}
	gpio_close(hw);
	free(conf);
	return 0;

usage:
	free(conf);
	return EXIT_USAGE;
}
