/* SPDX-License-Identifier: MIT */
/*
 * kiosk_gpio — the kiosk's buttons, buzzer and LED (drivers/gpio), attached
 * through the kiosk's hooks: button presses become the same commands as
 * keys and touches (call kiosk_gpio_poll from the poll_input hook), cues
 * become buzzer and LED patterns (kiosk_gpio_cue from the cue hook).
 *
 *   start/pause button: short press start / pause / resume, long: finish
 *   second button:      short press calibrate when it is [gpio] calibrate_line,
 *                       else ([gpio] next_line) next screen / dismiss
 *                       (UI_CMD_NEXT: the summary goes to the start screen, the
 *                       calibration is skipped, the Finish question answered no;
 *                       nothing on the exercise screen), long: finish
 *   (a long press finishes at once: Finish by touch or key asks first)
 *   both buttons held 3 s: the clinician's mode (UI_CMD_CLINICIAN; the
 *                       start screen and the picker only: anywhere else the
 *                       long presses on the way finish a session)
 *   rep:      one blip on the buzzer
 *   prewarn:  a blip, the LED blinks
 *   warn:     the hold-warning pattern on the buzzer (repeating), LED on
 *   clear:    (the alerted hold was released) buzzer and LED off
 *
 * The mapping and the output state are pure (kiosk_gpio_button_cmd,
 * kiosk_outputs_*) and tested without hardware.
 */
#ifndef STRETCHREP_KIOSK_KIOSK_GPIO_H
#define STRETCHREP_KIOSK_KIOSK_GPIO_H

#include <stdbool.h>
#include <stdint.h>
#include "config.h"
#include "gpio/debounce.h"
#include "gpio/gpio.h"
#include "gpio/pattern.h"
#include "kiosk/kiosk.h"

/* The command a debounced button event means (UI_CMD_NONE: nothing);
 * calibrate_fitted: the second button is [gpio] calibrate_line (else it is
 * next_line). */
enum ui_cmd kiosk_gpio_button_cmd(unsigned button, enum button_event ev, bool calibrate_fitted);

/* The clinician's gesture on the buttons: both held KIOSK_GPIO_BOTH_MS.
 * UI_CMD_CLINICIAN once per such hold (*sent keeps that between calls,
 * false at first), else UI_CMD_NONE. db: the two buttons. */
#define KIOSK_GPIO_BOTH_MS 3000
enum ui_cmd kiosk_gpio_both_held(const struct debounce db[2], int64_t now_ns, bool *sent);
/* When kiosk_gpio_both_held could next fire without an edge (INT64_MAX:
 * not while they are not both held, or it fired for this hold). */
int64_t kiosk_gpio_both_due_ns(const struct debounce db[2], bool sent);

/* What the buzzer and LED play, and since when (monotonic ns). */
struct kiosk_outputs {
	enum pattern_id buzzer, led;
	int64_t buzzer_t0_ns, led_t0_ns;
};
void kiosk_outputs_init(struct kiosk_outputs *o);
void kiosk_outputs_cue(struct kiosk_outputs *o, enum kiosk_cue cue, int64_t now_ns);
/* Levels at now_ns; *next_ns: the earliest later time a level changes
 * (INT64_MAX: none). */
void kiosk_outputs_levels(const struct kiosk_outputs *o, int64_t now_ns, bool *buzzer_on, bool *led_on,
			  int64_t *next_ns);

/* The driver's configuration for the lines the settings name ([gpio]):
 * what kiosk_gpio_open opens and gpio-test tries. The second button is
 * calibrate_line when fitted, else next_line. labels is the storage of the
 * chip label list gc may point to: it must outlive gc. */
void kiosk_gpio_lines(const struct config_gpio *cfg, struct gpio_config *gc, const char *labels[2]);
/* When the buttons and outputs next need a look without an edge: the
 * earliest of each button's debounce_deadline() and the outputs' next
 * level change (kiosk_outputs_levels' *next_ns); INT64_MAX: none. */
int64_t kiosk_gpio_next_ns(const struct debounce *db, unsigned n, int64_t outputs_next_ns);

struct kiosk_gpio;

/* Opens the lines the settings name. 0, or the -errno of gpio_open
 * (-ENOENT: not a Pi; -EACCES: not in the gpio group; -EBUSY: in use). */
int kiosk_gpio_open(struct kiosk_gpio **out, const struct config_gpio *cfg);
/* Outputs off, lines released. NULL is fine. */
void kiosk_gpio_close(struct kiosk_gpio *g);
/* Starts the cue's pattern on the buzzer and LED. */
void kiosk_gpio_cue(struct kiosk_gpio *g, enum kiosk_cue cue);
/* When kiosk_gpio_fd is readable or kiosk_gpio_due_s has come (calling it
 * more often is harmless): button edges and debounce deadlines, then the
 * outputs' pattern levels. The command a press gave,
 * or UI_CMD_NONE. */
enum ui_cmd kiosk_gpio_poll(struct kiosk_gpio *g);
/* For the loop's poll(): readable when a button saw an edge (-1: no
 * button fitted), and when kiosk_gpio_poll must run again even without
 * one: the next debounce or long-press deadline or buzzer/LED pattern
 * step, seconds on CLOCK_MONOTONIC (INFINITY: none pending). */
int kiosk_gpio_fd(const struct kiosk_gpio *g);
double kiosk_gpio_due_s(const struct kiosk_gpio *g);
/* "pinctrl-bcm2711 (/dev/gpiochip0)", for the log. */
const char *kiosk_gpio_describe(const struct kiosk_gpio *g, char *buf, size_t n);

#endif
