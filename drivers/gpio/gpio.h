/* SPDX-License-Identifier: MIT */
/*
 * gpio — the kiosk's buttons, buzzer and LED through libgpiod, the only
 * code that includes <gpiod.h>. Two backends with this one interface:
 * gpio_v1.c for libgpiod 1.6 (Debian 12 / Raspberry Pi OS Bookworm) and
 * gpio_v2.c for libgpiod 2.x (Debian 13 / Trixie); the Makefile picks one
 * from pkg-config (STRETCHREP_GPIOD_API = 1 or 2).
 *
 * The chip is found by its label, never by number (the Pi 5 moved it):
 * every /dev/gpiochip* is opened and its label compared with the list.
 * Buttons are active-low with the SoC's pull-ups (a button shorts the pin
 * to GND); edges wake gpio_fd(), and the level is then read and fed to the
 * software debouncer (drivers/gpio/debounce.h), which owns the timing.
 * The buzzer (active, driven through a transistor) and the LED are
 * active-high outputs, off at start.
 *
 * All functions return 0 (or a value) or a negative errno.
 */
#ifndef STRETCHREP_GPIO_H
#define STRETCHREP_GPIO_H

#include <stdbool.h>
#include <stddef.h>

#define GPIO_N_BUTTONS 2
#define GPIO_NONE (-1)   /* a line that is not fitted */

struct gpio_config {
	const char *const *chip_labels; /* NULL-terminated; NULL: gpio_default_labels */
	const char *dev_dir;            /* where the gpiochip* nodes are; NULL: "/dev" */
	int button_line[GPIO_N_BUTTONS];/* line offsets (BCM numbers on a Pi): start/pause, calibrate/next */
	int buzzer_line;
	int led_line;
	const char *consumer;           /* shown by gpioinfo; NULL: "stretchrep" */
};
/* Buttons on GPIO17 (pin 11) and GPIO27 (pin 13), buzzer GPIO18 (pin 12),
 * LED GPIO23 (pin 16). */
extern const struct gpio_config gpio_default_config;
/* pinctrl-bcm2835 (Pi 3, Zero 2 W), pinctrl-bcm2711 (Pi 4), pinctrl-rp1 (Pi 5). */
extern const char *const gpio_default_labels[];

struct gpio_hw;

/*
 * Finds the chip and requests the lines. 0 and *out; -ENOENT when no chip
 * carries one of the labels (not a Pi, or no /dev/gpiochip*); -EACCES when
 * chips exist but may not be opened (the gpio group); -EINVAL for a bad
 * configuration (a line used twice, nothing fitted); -EBUSY when another
 * program holds a line; other errors from the kernel.
 */
int gpio_open(const struct gpio_config *cfg, struct gpio_hw **out);
/* Releases the lines (outputs off first). Accepts NULL. */
void gpio_close(struct gpio_hw *hw);
/* The chip found, e.g. "/dev/gpiochip0" and "pinctrl-bcm2711". */
const char *gpio_chip_path(const struct gpio_hw *hw);
const char *gpio_chip_label(const struct gpio_hw *hw);

/* Readable when a button line saw an edge; -1 when no button is fitted. */
int gpio_fd(const struct gpio_hw *hw);
/* Consumes the pending edge events (call when gpio_fd() is readable). */
int gpio_ack_events(struct gpio_hw *hw);
/* 1 pressed, 0 released, -ENODEV not fitted, or an error. */
int gpio_button_pressed(struct gpio_hw *hw, unsigned idx);
/* -ENODEV when that output is not fitted. */
int gpio_set_buzzer(struct gpio_hw *hw, bool on);
int gpio_set_led(struct gpio_hw *hw, bool on);

/* "libgpiod 1.6 API" or "libgpiod 2 API", and the library's own version
 * string at run time. */
const char *gpio_api_name(void);
const char *gpio_library_version(void);

/* ---- shared by the backends (gpio_common.c) ---- */

/* Checks cfg: lines >= 0 or GPIO_NONE, no line twice, at least one fitted. */
int gpio_config_check(const struct gpio_config *cfg);
/* Calls try(path, ctx) for every gpiochip* node in dir, in name order,
 * until it returns 1 (found: returns 0). -ENOENT if none matched; if every
 * open failed with the same error (e.g. -EACCES), that error. */
int gpio_scan_chips(const char *dir, int (*try)(const char *path, void *ctx), void *ctx);
/* true when label is in labels (NULL-terminated). */
bool gpio_label_matches(const char *label, const char *const *labels);

#endif
