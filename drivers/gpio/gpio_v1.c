// SPDX-License-Identifier: MIT
/* gpio.h over the libgpiod 1.6 API (Debian 12, Raspberry Pi OS Bookworm). */
#if STRETCHREP_GPIOD_API == 1
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <gpiod.h>
#include "gpio/gpio.h"

struct gpio_hw {
	struct gpiod_chip *chip;
	struct gpiod_line *button[GPIO_N_BUTTONS];
	struct gpiod_line *buzzer, *led;
	int epfd;                 /* one fd for the per-line event fds */
	char path[64];
	char label[32];
};

struct find_ctx {
	const char *const *labels;
	struct gpiod_chip *chip;
	const char *path;
};

static int try_chip(const char *path, void *arg)
{
	struct find_ctx *f = arg;
	struct gpiod_chip *chip = gpiod_chip_open(path);

	if (!chip)
		return -errno;
	if (gpio_label_matches(gpiod_chip_label(chip), f->labels)) {
		f->chip = chip;
		f->path = path;
		return 1;
	}
	gpiod_chip_close(chip);
	return 0;
}

static int request_button(struct gpio_hw *hw, int idx, int offset, const char *consumer)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)idx };
	struct gpiod_line *line;

	line = gpiod_chip_get_line(hw->chip, (unsigned)offset);
	if (!line)
		return -errno;
	if (gpiod_line_request_both_edges_events_flags(line, consumer,
			GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP | GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) < 0)
		return -errno;
	hw->button[idx] = line;
	if (epoll_ctl(hw->epfd, EPOLL_CTL_ADD, gpiod_line_event_get_fd(line), &ev) < 0)
		return -errno;
	return 0;
}

static int request_output(struct gpio_hw *hw, struct gpiod_line **out, int offset, const char *consumer)
{
	struct gpiod_line *line;

	line = gpiod_chip_get_line(hw->chip, (unsigned)offset);
	if (!line)
		return -errno;
	if (gpiod_line_request_output(line, consumer, 0) < 0)
		return -errno;
	*out = line;
	return 0;
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
	hw->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (hw->epfd < 0) {
		rc = -errno;
		goto free_hw;
	}
	rc = gpio_scan_chips(cfg->dev_dir ? cfg->dev_dir : "/dev", try_chip, &f);
	if (rc < 0)
		goto close_ep;
	hw->chip = f.chip;
	strncpy(hw->path, f.path, sizeof(hw->path) - 1);
	strncpy(hw->label, gpiod_chip_label(f.chip), sizeof(hw->label) - 1);
	for (int i = 0; i < GPIO_N_BUTTONS; i++)
		if (cfg->button_line[i] != GPIO_NONE && (rc = request_button(hw, i, cfg->button_line[i], consumer)) < 0)
			goto release;
	if (cfg->buzzer_line != GPIO_NONE && (rc = request_output(hw, &hw->buzzer, cfg->buzzer_line, consumer)) < 0)
		goto release;
	if (cfg->led_line != GPIO_NONE && (rc = request_output(hw, &hw->led, cfg->led_line, consumer)) < 0)
		goto release;
	*out = hw;
	return 0;

release:
	/* closing the chip releases every line requested from it */
	gpiod_chip_close(hw->chip);
close_ep:
	close(hw->epfd);
free_hw:
	free(hw);
	return rc;
}

void gpio_close(struct gpio_hw *hw)
{
	if (!hw)
		return;
	if (hw->buzzer)
		gpiod_line_set_value(hw->buzzer, 0);
	if (hw->led)
		gpiod_line_set_value(hw->led, 0);
	gpiod_chip_close(hw->chip);
	close(hw->epfd);
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
	return hw->button[0] || hw->button[1] ? hw->epfd : -1;
}

int gpio_ack_events(struct gpio_hw *hw)
{
	for (int i = 0; i < GPIO_N_BUTTONS; i++) {
		struct pollfd pfd;
		struct gpiod_line_event ev;

		if (!hw->button[i])
			continue;
		pfd = (struct pollfd){ .fd = gpiod_line_event_get_fd(hw->button[i]), .events = POLLIN };
		while (poll(&pfd, 1, 0) > 0)
			if (gpiod_line_event_read(hw->button[i], &ev) < 0)
				return -errno;
	}
	return 0;
}

int gpio_button_pressed(struct gpio_hw *hw, unsigned idx)
{
	int v;

	if (idx >= GPIO_N_BUTTONS || !hw->button[idx])
		return -ENODEV;
	v = gpiod_line_get_value(hw->button[idx]); /* active-low: 1 = pressed */
	return v < 0 ? -errno : v;
}

static int set_output(struct gpiod_line *line, bool on)
{
	if (!line)
		return -ENODEV;
	return gpiod_line_set_value(line, on) < 0 ? -errno : 0;
}

int gpio_set_buzzer(struct gpio_hw *hw, bool on)
{
	return set_output(hw->buzzer, on);
}

int gpio_set_led(struct gpio_hw *hw, bool on)
{
	return set_output(hw->led, on);
}

const char *gpio_api_name(void)
{
	return "libgpiod 1.6 API";
}

const char *gpio_library_version(void)
{
	return gpiod_version_string();
}
#endif
