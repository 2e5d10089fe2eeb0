// SPDX-License-Identifier: MIT
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "gpio/gpio.h"
#include "kiosk/kiosk_gpio.h"

enum ui_cmd kiosk_gpio_button_cmd(unsigned button, enum button_event ev, bool calibrate_fitted)
{
	/* A long press finishes without asking: it is held on purpose for a
	 * second (no slip of a finger, which is what the question is for),
	 * and a one-button station could only answer by a second press. */
	if (ev == BUTTON_LONG)
		return UI_CMD_FINISH_NOW;
	if (ev != BUTTON_SHORT)
		return UI_CMD_NONE;
	if (button == 0)
		return UI_CMD_START_PAUSE;
	/* the second button is what the settings say it is: calibrate_line
	 * when fitted, else next_line, "next screen, dismiss" */
	return calibrate_fitted ? UI_CMD_CALIBRATE : UI_CMD_NEXT;
}

int64_t kiosk_gpio_both_due_ns(const struct debounce db[2], bool sent)
{
	if (sent || !debounce_pressed(&db[0]) || !debounce_pressed(&db[1]))
		return INT64_MAX;
	return (db[0].press_ns > db[1].press_ns ? db[0].press_ns : db[1].press_ns) +
	       (int64_t)KIOSK_GPIO_BOTH_MS * 1000000;
}

enum ui_cmd kiosk_gpio_both_held(const struct debounce db[2], int64_t now_ns, bool *sent)
{
	if (!debounce_pressed(&db[0]) || !debounce_pressed(&db[1])) {
		*sent = false;   /* a new hold may fire again */
		return UI_CMD_NONE;
	}
	if (*sent || now_ns < kiosk_gpio_both_due_ns(db, false))
		return UI_CMD_NONE;
	*sent = true;
	return UI_CMD_CLINICIAN;
}

void kiosk_outputs_init(struct kiosk_outputs *o)
{
	memset(o, 0, sizeof(*o));
	o->buzzer = o->led = PATTERN_OFF;
}

void kiosk_outputs_cue(struct kiosk_outputs *o, enum kiosk_cue cue, int64_t now_ns)
{
	bool warning = o->buzzer == PATTERN_HOLD_WARNING;

	switch (cue) {
	case KIOSK_CUE_REP:
	case KIOSK_CUE_CEILING:   /* a blip; the screen says "ease off" */
	case KIOSK_CUE_PREWARN:
		if (!warning) {   /* a blip never cuts the warning short */
			o->buzzer = PATTERN_REP;
			o->buzzer_t0_ns = now_ns;
		}
		if (cue == KIOSK_CUE_PREWARN && o->led != PATTERN_ON) {
			o->led = PATTERN_BLINK;
			o->led_t0_ns = now_ns;
		}
		break;
	case KIOSK_CUE_WARN:
		o->buzzer = PATTERN_HOLD_WARNING;
		o->buzzer_t0_ns = now_ns;
		o->led = PATTERN_ON;
		o->led_t0_ns = now_ns;
		break;
	case KIOSK_CUE_CLEAR:
	case KIOSK_CUE_N:
		kiosk_outputs_init(o);
		break;
	}
}

void kiosk_outputs_levels(const struct kiosk_outputs *o, int64_t now_ns, bool *buzzer_on, bool *led_on,
			  int64_t *next_ns)
{
	int64_t nb, nl;

	*buzzer_on = pattern_level(o->buzzer, now_ns - o->buzzer_t0_ns, &nb);
	*led_on = pattern_level(o->led, now_ns - o->led_t0_ns, &nl);
	nb = nb == INT64_MAX ? INT64_MAX : o->buzzer_t0_ns + nb;
	nl = nl == INT64_MAX ? INT64_MAX : o->led_t0_ns + nl;
	*next_ns = nb < nl ? nb : nl;
}

/* ---- the hardware side ---- */

struct kiosk_gpio {
	struct gpio_hw *hw;
	struct debounce db[GPIO_N_BUTTONS];
	bool active_low;
	bool calibrate_fitted;   /* the second button is calibrate_line, not next_line */
	bool both_sent;          /* the both-held gesture fired for this hold */
	struct kiosk_outputs out;
	bool buzzer_on, led_on;
	int64_t next_out_ns;     /* the outputs' next level change, INT64_MAX: none */
};

static void kg_apply(struct kiosk_gpio *g, int64_t now)
{
	bool b, l;
	int64_t next;

	kiosk_outputs_levels(&g->out, now, &b, &l, &next);
	g->next_out_ns = next;
	if (b != g->buzzer_on && gpio_set_buzzer(g->hw, b) != -EIO)
		g->buzzer_on = b;
	if (l != g->led_on && gpio_set_led(g->hw, l) != -EIO)
		g->led_on = l;
}

void kiosk_gpio_cue(struct kiosk_gpio *g, enum kiosk_cue cue)
{
	int64_t now = clock_mono_ns();

	kiosk_outputs_cue(&g->out, cue, now);
	kg_apply(g, now);
}

enum ui_cmd kiosk_gpio_poll(struct kiosk_gpio *g)
{
	int64_t now = clock_mono_ns();
	enum ui_cmd cmd = UI_CMD_NONE;
	struct pollfd pfd = { .fd = gpio_fd(g->hw), .events = POLLIN };

	if (pfd.fd >= 0 && poll(&pfd, 1, 0) > 0)
		gpio_ack_events(g->hw);
	for (unsigned i = 0; i < GPIO_N_BUTTONS && cmd == UI_CMD_NONE; i++) {
		int p = gpio_button_pressed(g->hw, i);

		if (p < 0)
			continue;
		/* the driver reports active-low wiring as pressed = 1 */
		cmd = kiosk_gpio_button_cmd(i, debounce_update(&g->db[i], g->active_low ? p == 1 : p == 0, now),
					    g->calibrate_fitted);
	}
	if (cmd == UI_CMD_NONE)   /* GPIO_N_BUTTONS is 2 */
		cmd = kiosk_gpio_both_held(g->db, now, &g->both_sent);
	kg_apply(g, now);
	return cmd;
}

void kiosk_gpio_lines(const struct config_gpio *cfg, struct gpio_config *gc, const char *labels[2])
{
	*gc = gpio_default_config;
	labels[0] = cfg->chip;
	labels[1] = NULL;
	if (strcmp(cfg->chip, "auto") != 0)
		gc->chip_labels = labels;
	gc->button_line[0] = cfg->start_line;
	gc->button_line[1] = cfg->calibrate_line != CONFIG_LINE_NONE ? cfg->calibrate_line : cfg->next_line;
	gc->buzzer_line = cfg->buzzer_line;
	gc->led_line = cfg->led_line;
}

int kiosk_gpio_open(struct kiosk_gpio **out, const struct config_gpio *cfg)
{
	struct gpio_config gc;
	struct debounce_settings ds = debounce_default_settings;
	const char *labels[2];
	struct kiosk_gpio *g = calloc(1, sizeof(*g));
	int rc;

	if (!g)
		return -ENOMEM;
	kiosk_gpio_lines(cfg, &gc, labels);   /* labels: only read by gpio_open */
	rc = gpio_open(&gc, &g->hw);
	if (rc < 0) {
		free(g);
		return rc;
	}
	ds.settle_ms = cfg->debounce_ms;
	for (unsigned i = 0; i < GPIO_N_BUTTONS; i++)
		debounce_init(&g->db[i], &ds);
	g->active_low = cfg->buttons_active_low;
	g->calibrate_fitted = cfg->calibrate_line != CONFIG_LINE_NONE;
	kiosk_outputs_init(&g->out);
	g->next_out_ns = INT64_MAX;
	*out = g;
	return 0;
}

void kiosk_gpio_close(struct kiosk_gpio *g)
{
	if (!g)
		return;
	gpio_close(g->hw);   /* outputs off first */
	free(g);
}

int kiosk_gpio_fd(const struct kiosk_gpio *g)
{
	return gpio_fd(g->hw);
}

int64_t kiosk_gpio_next_ns(const struct debounce *db, unsigned n, int64_t outputs_next_ns)
{
	int64_t due = outputs_next_ns;

	for (unsigned i = 0; i < n; i++) {
		int64_t d = debounce_deadline(&db[i]);

		if (d < due)
			due = d;
	}
	return due;
}

double kiosk_gpio_due_s(const struct kiosk_gpio *g)
{
	int64_t due = kiosk_gpio_next_ns(g->db, GPIO_N_BUTTONS, g->next_out_ns);
	int64_t both = kiosk_gpio_both_due_ns(g->db, g->both_sent);

	due = both < due ? both : due;

	return due == INT64_MAX ? INFINITY : (double)due * 1e-9;
}

const char *kiosk_gpio_describe(const struct kiosk_gpio *g, char *buf, size_t n)
{
	snprintf(buf, n, "%s (%s)", gpio_chip_label(g->hw), gpio_chip_path(g->hw));
	return buf;
}
