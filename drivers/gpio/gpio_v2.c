// SPDX-License-Identifier: MIT
/* gpio.h over the libgpiod 2.x API (Debian 13 / Trixie): one request for
 * the buttons (one event fd), one for the outputs. */
#if STRETCHREP_GPIOD_API == 2
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <gpiod.h>
#include "gpio/gpio.h"

#define GPIO_EVENT_BUF 16

struct gpio_hw {
	struct gpiod_chip *chip;
	struct gpiod_line_request *inputs;   /* NULL when no button is fitted */
	struct gpiod_line_request *outputs;  /* NULL when no output is fitted */
	struct gpiod_edge_event_buffer *events;
	int button[GPIO_N_BUTTONS];          /* offsets or GPIO_NONE */
	int buzzer, led;
	char path[64];
	char label[32];
};

struct find_ctx {
	const char *const *labels;
	struct gpiod_chip *chip;
	const char *path;
	char label[32];
};

static int try_chip(const char *path, void *arg)
{
	struct find_ctx *f = arg;
	struct gpiod_chip *chip = gpiod_chip_open(path);
	struct gpiod_chip_info *info;
	bool match;

	if (!chip)
		return -errno;
	info = gpiod_chip_get_info(chip);
	if (!info) {
		int err = -errno;

		gpiod_chip_close(chip);
		return err;
	}
	match = gpio_label_matches(gpiod_chip_info_get_label(info), f->labels);
	if (match) {
		strncpy(f->label, gpiod_chip_info_get_label(info), sizeof(f->label) - 1);
		f->chip = chip;
		f->path = path;
	} else {
		gpiod_chip_close(chip);
	}
	gpiod_chip_info_free(info);
	return match ? 1 : 0;
}

/* One request for offsets[0..n) with the given settings. */
static int request(struct gpio_hw *hw, const unsigned *offsets, size_t n,
		   struct gpiod_line_settings *settings, const char *consumer,
		   struct gpiod_line_request **out)
{
	struct gpiod_line_config *lcfg;
	struct gpiod_request_config *rcfg;
	int rc = 0;

	lcfg = gpiod_line_config_new();
	if (!lcfg)
		return -errno;
	rcfg = gpiod_request_config_new();
	if (!rcfg) {
		rc = -errno;
		goto free_lcfg;
	}
	gpiod_request_config_set_consumer(rcfg, consumer);
	if (gpiod_line_config_add_line_settings(lcfg, offsets, n, settings) < 0) {
		rc = -errno;
		goto free_rcfg;
	}
	*out = gpiod_chip_request_lines(hw->chip, rcfg, lcfg);
	if (!*out)
		rc = -errno;
free_rcfg:
	gpiod_request_config_free(rcfg);
free_lcfg:
	gpiod_line_config_free(lcfg);
	return rc;
}

static int request_buttons(struct gpio_hw *hw, const char *consumer)
{
	struct gpiod_line_settings *s;
	unsigned offsets[GPIO_N_BUTTONS];
	size_t n = 0;
	int rc;

	for (int i = 0; i < GPIO_N_BUTTONS; i++)
		if (hw->button[i] != GPIO_NONE)
			offsets[n++] = (unsigned)hw->button[i];
	if (n == 0)
		return 0;
	s = gpiod_line_settings_new();
	if (!s)
		return -errno;
	if (gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_INPUT) < 0 ||
	    gpiod_line_settings_set_edge_detection(s, GPIOD_LINE_EDGE_BOTH) < 0 ||
	    gpiod_line_settings_set_bias(s, GPIOD_LINE_BIAS_PULL_UP) < 0) {
		rc = -errno;
		goto free_settings;
	}
	gpiod_line_settings_set_active_low(s, true);
	rc = request(hw, offsets, n, s, consumer, &hw->inputs);
	if (rc == 0) {
		hw->events = gpiod_edge_event_buffer_new(GPIO_EVENT_BUF);
		if (!hw->events)
			rc = -errno;
	}
free_settings:
	gpiod_line_settings_free(s);
	return rc;
}

static int request_outputs(struct gpio_hw *hw, const char *consumer)
{
	struct gpiod_line_settings *s;
	unsigned offsets[2];
	size_t n = 0;
	int rc;

	if (hw->buzzer != GPIO_NONE)
		offsets[n++] = (unsigned)hw->buzzer;
	if (hw->led != GPIO_NONE)
		offsets[n++] = (unsigned)hw->led;
	if (n == 0)
		return 0;
	s = gpiod_line_settings_new();
	if (!s)
		return -errno;
	if (gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_OUTPUT) < 0 ||
	    gpiod_line_settings_set_output_value(s, GPIOD_LINE_VALUE_INACTIVE) < 0)
		rc = -errno;
	else
		rc = request(hw, offsets, n, s, consumer, &hw->outputs);
	gpiod_line_settings_free(s);
	return rc;
}

int gpio_open(const struct gpio_config *cfg, struct gpio_hw **out)
{
	struct find_ctx f = { .labels = cfg->chip_labels ? cfg->chip_labels : gpio_default_labels };
	const char *consumer = cfg->consumer ? cfg->consumer : "stretchrep";
	struct gpio_hw *hw;
	int rc;

	rc = gpio_config_check(cfg);
	if (rc < 0)
		return rc;
	hw = calloc(1, sizeof(*hw));
	if (!hw)
		return -ENOMEM;
	rc = gpio_scan_chips(cfg->dev_dir ? cfg->dev_dir : "/dev", try_chip, &f);
	if (rc < 0)
		goto free_hw;
	hw->chip = f.chip;
	strncpy(hw->path, f.path, sizeof(hw->path) - 1);
	memcpy(hw->label, f.label, sizeof(hw->label));
	memcpy(hw->button, cfg->button_line, sizeof(hw->button));
	hw->buzzer = cfg->buzzer_line;
	hw->led = cfg->led_line;
	rc = request_buttons(hw, consumer);
	if (rc < 0)
		goto release;
	rc = request_outputs(hw, consumer);
	if (rc < 0)
		goto release;
	*out = hw;
	return 0;

release:
	if (hw->events)
		gpiod_edge_event_buffer_free(hw->events);
	if (hw->inputs)
		gpiod_line_request_release(hw->inputs);
	gpiod_chip_close(hw->chip);
free_hw:
	free(hw);
	return rc;
}

void gpio_close(struct gpio_hw *hw)
{
	if (!hw)
		return;
	if (hw->outputs) {
		gpio_set_buzzer(hw, false);
		gpio_set_led(hw, false);
		gpiod_line_request_release(hw->outputs);
	}
	if (hw->inputs)
		gpiod_line_request_release(hw->inputs);
	if (hw->events)
		gpiod_edge_event_buffer_free(hw->events);
	gpiod_chip_close(hw->chip);
	free(hw);
}

const char *gpio_chip_path(const struct gpio_hw *hw)
{
	return hw->path;
}

const char *gpio_chip_label(const struct gpio_hw *hw)
{
	return hw->label;
}

int gpio_fd(const struct gpio_hw *hw)
{
	return hw->inputs ? gpiod_line_request_get_fd(hw->inputs) : -1;
}

int gpio_ack_events(struct gpio_hw *hw)
{
	struct pollfd pfd;

	if (!hw->inputs)
		return 0;
	pfd = (struct pollfd){ .fd = gpiod_line_request_get_fd(hw->inputs), .events = POLLIN };
	while (poll(&pfd, 1, 0) > 0)
		if (gpiod_line_request_read_edge_events(hw->inputs, hw->events, GPIO_EVENT_BUF) < 0)
			return -errno;
	return 0;
}

int gpio_button_pressed(struct gpio_hw *hw, unsigned idx)
{
	enum gpiod_line_value v;

	if (idx >= GPIO_N_BUTTONS || hw->button[idx] == GPIO_NONE)
		return -ENODEV;
	v = gpiod_line_request_get_value(hw->inputs, (unsigned)hw->button[idx]);
	if (v == GPIOD_LINE_VALUE_ERROR)
		return -errno;
	return v == GPIOD_LINE_VALUE_ACTIVE; /* active-low configured: active = pressed */
}

static int set_output(struct gpio_hw *hw, int offset, bool on)
{
	if (offset == GPIO_NONE || !hw->outputs)
		return -ENODEV;
	if (gpiod_line_request_set_value(hw->outputs, (unsigned)offset,
					 on ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) < 0)
		return -errno;
	return 0;
}

int gpio_set_buzzer(struct gpio_hw *hw, bool on)
{
	return set_output(hw, hw->buzzer, on);
}

int gpio_set_led(struct gpio_hw *hw, bool on)
{
	return set_output(hw, hw->led, on);
}

const char *gpio_api_name(void)
{
	return "libgpiod 2 API";
}

const char *gpio_library_version(void)
{
	return gpiod_api_version();
}
#endif
