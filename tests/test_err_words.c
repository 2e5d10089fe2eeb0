// SPDX-License-Identifier: MIT
/*
 * err_words: the errors the kiosk's screen can show are in a person's
 * words, never strerror's (oracle: the C library's own strerror text, which
 * must not appear), for every errno the history and the sensor report; the
 * sensor's explanation of an error without a row gives its number, not
 * strerror's words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "err_words.h"
#include "kiosk/kiosk_history.h"
#include "source/imu_thread.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* What history.h and imu.h/regbus say they return. */
static const int on_screen[] = { ENOSPC, EDQUOT, EROFS, EACCES, EPERM, EISDIR, ENOTSUP, EBADMSG, ENOENT,
				 ENOTDIR, EBUSY, EREMOTEIO, ETIMEDOUT, EIO, ENXIO, ENODEV, ENOTTY, ESTALE,
				 ERESTART, ENOMEM };

static void every_screen_error_has_words(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_OF(on_screen); i++) {
		const char *w = err_words(-on_screen[i]);

		assert_non_null(w);
		assert_true(strlen(w) >= 4 && strlen(w) < 40);   /* fits the summary's "why" */
		assert_string_equal(w, err_words(on_screen[i]));
		if (strstr(w, strerror(on_screen[i])))
			fail_msg("errno %d: '%s' is strerror's", on_screen[i], w);
	}
	assert_null(err_words(-EDOM));   /* no row: the caller says what it was doing */
}

static void the_history_and_the_sensor_use_them(void **state)
{
	char buf[256];

	(void)state;
	for (size_t i = 0; i < N_OF(on_screen); i++) {
		const char *why = kiosk_history_why(-on_screen[i]);

		assert_null(strstr(why, strerror(on_screen[i])));
		/* the I2C-off, permission and wiring cases have their own sentences */
		imu_explain(-on_screen[i], "/dev/i2c-1", buf, sizeof(buf));
		if (strstr(buf, strerror(on_screen[i])))
			fail_msg("imu_explain(%d): '%s'", on_screen[i], buf);
	}
	assert_string_equal(kiosk_history_why(-EBADMSG), "the history file is damaged");
	assert_string_equal(kiosk_history_why(-ENOSPC), "disk full");
	assert_string_equal(kiosk_history_why(-EDOM), "could not write");
	imu_explain(-EDOM, "/dev/i2c-1", buf, sizeof(buf));
	assert_string_equal(buf, "sensor on /dev/i2c-1: error 33");
}

/* EBUSY means another program for a file, not for the I2C bus: there the
 * kernel's i2c-dev answers I2C_SLAVE with EBUSY when a kernel driver holds
 * the address (a dtoverlay for the sensor; I2C_SLAVE_FORCE exists for it),
 * and adapters return it for a bus busy too long (Documentation/i2c/
 * fault-codes.rst). Looking for "another program" sends the installer the
 * wrong way. */
static void a_busy_bus_is_not_another_program(void **state)
{
	char buf[256];

	(void)state;
	imu_explain(-EBUSY, "/dev/i2c-1", buf, sizeof(buf));
	if (strstr(buf, "another program") || !strstr(buf, "kernel driver") || !strstr(buf, "/dev/i2c-1"))
		fail_msg("imu_explain(EBUSY): '%s'", buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_screen_error_has_words),
		cmocka_unit_test(the_history_and_the_sensor_use_them),
		cmocka_unit_test(a_busy_bus_is_not_another_program),
	};

	return cmocka_run_group_tests_name("err_words", tests, NULL, NULL);
}
