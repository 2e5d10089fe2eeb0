// SPDX-License-Identifier: MIT
/*
 * The libgpiod backend that this build selected (1.6 or 2.x): what can run
 * without GPIO hardware or the gpio-sim module — configuration checks,
 * the chip search by label over a directory of device nodes, the error
 * each failure maps to, and that the library linked at run time is the API
 * the build chose. `make gpiod2-test` runs it against libgpiod 2.x too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "gpio/gpio.h"
#include "testutil.h"

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/stretchrep-gpio-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void linked_library_matches_api(void **state)
{
	const char *v = gpio_library_version();

	(void)state;
	assert_non_null(v);
	print_message("backend: %s, library %s\n", gpio_api_name(), v);
#if STRETCHREP_GPIOD_API == 2
	assert_string_equal(gpio_api_name(), "libgpiod 2 API");
	assert_true(v[0] == '2');
#else
	assert_string_equal(gpio_api_name(), "libgpiod 1.6 API");
	assert_true(v[0] == '1');
#endif
}

static void config_checks(void **state)
{
	struct gpio_config c = gpio_default_config;
	struct gpio_hw *hw = NULL;

	(void)state;
	assert_int_equal(gpio_config_check(&c), 0);
	c.led_line = c.button_line[0];            /* one line twice */
	assert_int_equal(gpio_config_check(&c), -EINVAL);
	assert_int_equal(gpio_open(&c, &hw), -EINVAL);
	c = gpio_default_config;
	c.buzzer_line = -7;
	assert_int_equal(gpio_config_check(&c), -EINVAL);
	c.buzzer_line = GPIO_NONE;
	c.led_line = GPIO_NONE;
	c.button_line[0] = c.button_line[1] = GPIO_NONE; /* nothing fitted */
	assert_int_equal(gpio_config_check(&c), -EINVAL);
	c.led_line = 23;
	assert_int_equal(gpio_config_check(&c), 0);
	assert_null(hw);
	gpio_close(NULL);
}

static void labels(void **state)
{
	(void)state;
	assert_true(gpio_label_matches("pinctrl-rp1", gpio_default_labels));
	assert_true(gpio_label_matches("pinctrl-bcm2711", gpio_default_labels));
	assert_true(gpio_label_matches("pinctrl-bcm2835", gpio_default_labels));
	assert_false(gpio_label_matches("gpio-sim.0-node0", gpio_default_labels));
	assert_false(gpio_label_matches(NULL, gpio_default_labels));
}

static void no_chip_at_all(void **state)
{
	struct gpio_config c = gpio_default_config;
	struct gpio_hw *hw = NULL;

	(void)state;
	c.dev_dir = dir;                          /* empty directory */
	assert_int_equal(gpio_open(&c, &hw), -ENOENT);
	c.dev_dir = "/nonexistent-stretchrep";
	assert_int_equal(gpio_open(&c, &hw), -ENOENT);
	assert_null(hw);
}

/* Nodes named gpiochip* that are not GPIO chips: the library refuses to
 * open each one, the search reports that error rather than crashing, and
 * a matching name alone never counts. */
static void nodes_that_are_not_chips(void **state)
{
	struct gpio_config c = gpio_default_config;
	struct gpio_hw *hw = NULL;
	char path[128];
	FILE *f;
	int rc;

	(void)state;
	snprintf(path, sizeof(path), "%s/gpiochip0", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/gpiochip1", dir);
	assert_int_equal(symlink("/dev/null", path), 0);
	snprintf(path, sizeof(path), "%s/not-a-chip", dir);
	assert_int_equal(symlink("/dev/zero", path), 0);
	c.dev_dir = dir;
	rc = gpio_open(&c, &hw);
	print_message("open over fake nodes: %s\n", strerror(-rc));
	assert_true(rc < 0);
	assert_true(rc != -EINVAL);
	assert_null(hw);
}

/* Without access to the nodes (as a user outside the gpio group): -EACCES,
 * so the app can say what to do. Only testable when not root. */
static void permission_denied_maps_to_eacces(void **state)
{
	struct gpio_config c = gpio_default_config;
	struct gpio_hw *hw = NULL;
	char path[128];
	FILE *f;

	(void)state;
	if (geteuid() == 0) {
		print_message("running as root: permission case skipped\n");
		skip();
	}
	snprintf(path, sizeof(path), "%s/gpiochip0", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(chmod(path, 0), 0);
	c.dev_dir = dir;
	assert_int_equal(gpio_open(&c, &hw), -EACCES);
}

/* On this machine, the real /dev: whatever is there, never a crash; on a
 * machine without a Pi GPIO chip, -ENOENT. */
static void real_dev(void **state)
{
	struct gpio_hw *hw = NULL;
	int rc;

	(void)state;
	rc = gpio_open(&gpio_default_config, &hw);
	print_message("gpio_open(/dev): %s\n", rc ? strerror(-rc) : "found");
	if (rc == 0) {
		assert_non_null(gpio_chip_label(hw));
		gpio_close(hw);
	} else if (access("/dev/gpiochip0", F_OK) != 0) {
		assert_int_equal(rc, -ENOENT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linked_library_matches_api),
		cmocka_unit_test(config_checks),
		cmocka_unit_test(labels),
		cmocka_unit_test_setup_teardown(no_chip_at_all, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(nodes_that_are_not_chips, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(permission_denied_maps_to_eacces, make_dir, remove_dir),
		cmocka_unit_test(real_dev),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
