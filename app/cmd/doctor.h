/* SPDX-License-Identifier: MIT */
/*
 * doctor — what a fresh Raspberry Pi needs before the kiosk can work, checked
 * in order, each check one line: OK, or FAIL with the exact command that
 * fixes it (`stretchrep doctor`). The kiosk runs the cheap ones at start
 * (those marked at_start below) and shows the first failure on its start
 * screen where it says what to check.
 *
 * The checks, in order (checks[] in cmd_doctor.c is the one list):
 *   I2C enabled     config.txt (/boot/firmware, else /boot) switches the ARM
 *                   I2C bus on: dtparam=i2c_arm=on           (at_start)
 *   i2c-dev module  /sys/module/i2c_dev: the /dev/i2c-N nodes (at_start)
 *   I2C bus         the [sensor] bus node exists             (at_start)
 *   groups          the service user is in i2c gpio video render input
 *                   audio                                    (at_start)
 *   sensor          an IMU answers (WHO_AM_I) and passes its self-check:
 *                   configuration reads back, samples arrive, 1 g at rest,
 *                   gyro offset within the datasheet's
 *   GPIO chip       the chip of [gpio] (found by label, as the kiosk does)
 *   display         a KMS device, /dev/dri/card*
 *   sound           an ALSA playback device, /dev/snd/pcmC*D*p (at_start)
 *   settings        the settings file, parsed as check-config does
 *   history         the history's directory, writable by the service user
 *
 * Every system path is read under env->root ("" or NULL: the real /), so
 * tests build fake trees. The sensor is reached through env->open_bus
 * (NULL: the real i2c-dev node), so tests put the register simulator there.
 * Nothing here prints: lines go to the caller's report().
 */
#ifndef STRETCHREP_CMD_DOCTOR_H
#define STRETCHREP_CMD_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include "bus/regbus.h"

struct config;

#define DOCTOR_USER "stretchrep"               /* the service's user (sysusers.d) */
#define DOCTOR_STATE_DIR "/var/lib/stretchrep" /* the unit's StateDirectory= */
#define DOCTOR_ROOT_ENV "STRETCHREP_ROOT"      /* a root for tests, when no --root */

enum doctor_status { DOCTOR_OK, DOCTOR_FAIL, DOCTOR_SKIP };

struct doctor_env {
	const char *root;         /* prefix of every system path; NULL or "": / */
	const char *user;         /* whose groups and history directory; NULL: DOCTOR_USER */
	const char *config_path;  /* NULL: CONFIG_DEFAULT_PATH under root, missing is fine */
	const struct config *cfg; /* settings already read (the kiosk's): used instead */
	bool at_start;            /* only the kiosk's start checks */
	/* The sensor's bus at path: 0 and *bus, or -errno. NULL: i2c-dev. */
	int (*open_bus)(void *ctx, const char *path, struct regbus *bus);
	void (*close_bus)(void *ctx);
	void *bus_ctx;
	double sensor_still_s;    /* self-check time at rest; 0: DOCTOR_STILL_S */
};
#define DOCTOR_STILL_S 1.5

struct doctor_line {
	const char *name;             /* "I2C bus", ... */
	enum doctor_status status;    /* SKIP: an earlier failure makes it moot */
	char what[192];               /* what was found */
	char fix[192];                /* the command that fixes it, "" when OK */
};

typedef void (*doctor_report_fn)(void *ctx, const struct doctor_line *line);

/* Runs the checks in order (only the at_start ones when env->at_start),
 * calling report for each. The number of FAIL lines, or -errno when out of
 * memory. */
int doctor_run(const struct doctor_env *env, doctor_report_fn report, void *ctx);

/* The first failing line as one sentence for a screen, "NAME: WHAT: FIX"
 * (cut to len), or "" when every check passed. Returns the FAIL count. */
int doctor_first_failure(const struct doctor_env *env, char *buf, size_t len);

#endif
