// SPDX-License-Identifier: MIT
/* What both libgpiod backends share (see gpio.h); no <gpiod.h> here. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gpio/gpio.h"

const char *const gpio_default_labels[] = {
	"pinctrl-bcm2835", "pinctrl-bcm2711", "pinctrl-rp1", NULL,
};

const struct gpio_config gpio_default_config = {
	.chip_labels = NULL,
	.dev_dir = NULL,
	.button_line = { 17, 27 },
	.buzzer_line = 18,
	.led_line = 23,
	.consumer = NULL,
};

int gpio_config_check(const struct gpio_config *cfg)
{
	int lines[GPIO_N_BUTTONS + 2];
	int n = 0;

	for (int i = 0; i < GPIO_N_BUTTONS; i++)
		lines[n++] = cfg->button_line[i];
	lines[n++] = cfg->buzzer_line;
	lines[n++] = cfg->led_line;
	int fitted = 0;
	for (int i = 0; i < n; i++) {
		if (lines[i] == GPIO_NONE)
			continue;
		if (lines[i] < 0 || lines[i] > 1023)
			return -EINVAL;
		fitted++;
		for (int j = 0; j < i; j++)
			if (lines[j] == lines[i])
				return -EINVAL;
	}
	return fitted ? 0 : -EINVAL;
}

bool gpio_label_matches(const char *label, const char *const *labels)
{
	if (!label)
		return false;
	for (; *labels; labels++)
		if (!strcmp(label, *labels))
			return true;
	return false;
}

static int is_chip(const struct dirent *e)
{
	return !strncmp(e->d_name, "gpiochip", 8);
}

int gpio_scan_chips(const char *dir, int (*try)(const char *path, void *ctx), void *ctx)
{
	struct dirent **names;
	char path[PATH_MAX];
	int n, rc = -ENOENT, common_err = 0;
	bool mixed = false;

	n = scandir(dir, &names, is_chip, alphasort);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		int r;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		r = try(path, ctx);
		if (r == 1) {
			rc = 0;
			break;
		}
		if (r < 0) {
			if (common_err && common_err != r)
				mixed = true;
			common_err = r;
		} else {
			mixed = true; /* opened fine, wrong label */
		}
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == 0)
		return 0;
	return common_err && !mixed ? common_err : -ENOENT;
}
