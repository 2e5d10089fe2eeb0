// SPDX-License-Identifier: MIT
/*
 * The kiosk on the real sensor path: the I/O thread on the register
 * simulator (tests/fakes/regsim), wrapped as a source. The chip is found
 * and named, its samples reach the session, unplugging it shows the
 * sensor-lost overlay with the thread's sentence and keeps the session, and
 * plugging it back in resumes. Waits have generous deadlines only so that a
 * bug cannot hang the test; nothing is asserted about how long things take.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "kiosk/kiosk.h"
#include "source/imu_thread.h"
#include "fakes/regsim.h"
#include "testutil.h"

#define DEADLINE_S 10.0

/* Steps the kiosk in real time until done(k) or the deadline; true if done. */
static bool step_until(struct kiosk *k, bool (*done)(struct kiosk *k, double arg), double arg)
{
	double end = clock_mono_s() + DEADLINE_S;
	struct timespec frame = { 0, 16 * 1000 * 1000 };

	while (clock_mono_s() < end) {
		assert_int_equal(kiosk_step(k, clock_mono_s()), 0);
		if (done(k, arg))
			return true;
		nanosleep(&frame, NULL);
	}
	return false;
}

static bool samples_past(struct kiosk *k, double t)
{
	return kiosk_sample_t(k) > t && !kiosk_view(k)->sensor_lost;
}

static bool lost(struct kiosk *k, double unused)
{
	(void)unused;
	return kiosk_view(k)->sensor_lost;
}

static void imu_source_end_to_end(void **state)
{
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x68);
	struct imu_thread_config cfg = imu_thread_default_config;
	struct kiosk_options ko;
	struct source_status st;
	struct source *src;
	struct kiosk *k;
	struct regbus bus;
	char why[256];
	double t;

	(void)state;
	assert_non_null(sim);
	regsim_set_realtime(sim, 0);
	bus = regsim_bus(sim);
	cfg.bus = &bus;
	cfg.imu.rate_hz = 100;
	if (source_find_imu(&src, &cfg, DEADLINE_S, why, sizeof(why))) {
		print_error("no simulated sensor: %s\n", why);
		fail();
	}
	source_get_status(src, &st);
	assert_true(st.connected);
	assert_false(st.demo);
	assert_non_null(strstr(st.what, "MPU-6050"));

	kiosk_options_default(&ko);
	ko.mute = true;
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	kiosk_command(k, UI_CMD_START_PAUSE);
	assert_true(step_until(k, samples_past, 0.0));
	t = kiosk_sample_t(k);
	assert_true(step_until(k, samples_past, t + 0.5));   /* they keep coming */
	assert_false(kiosk_view(k)->demo);

	regsim_set_plugged(sim, false);
	assert_true(step_until(k, lost, 0));
	assert_true(kiosk_view(k)->sensor_hint[0] != '\0');
	assert_int_not_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);   /* the session is kept */
	assert_int_not_equal(kiosk_view(k)->screen, UI_SCREEN_START);

	regsim_set_plugged(sim, true);
	t = kiosk_sample_t(k);
	assert_true(step_until(k, samples_past, t));
	kiosk_free(k);   /* stops the thread before the simulator goes */
	regsim_free(sim);
}

/* A bus that hangs with the kernel's default timing (1 s a transfer): the
 * screen says the sensor is lost long before the first transfer fails
 * (CLOCK_MONOTONIC is the oracle; 3x the 250 ms goal for a loaded machine),
 * and the source asks the loop to wake for it (wait_s) instead of waiting
 * for news that cannot come. */
static void hanging_bus_shows_lost_at_once(void **state)
{
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x68);
	struct imu_thread_config cfg = imu_thread_default_config;
	struct kiosk_options ko;
	struct source *src;
	struct kiosk *k;
	struct regbus bus;
	char why[256];
	double t, w;

	(void)state;
	assert_non_null(sim);
	regsim_set_realtime(sim, 0);
	bus = regsim_bus(sim);
	cfg.bus = &bus;
	cfg.imu.rate_hz = 100;
	assert_int_equal(source_find_imu(&src, &cfg, DEADLINE_S, why, sizeof(why)), 0);
	w = source_wait_s(src, clock_mono_s());
	assert_true(w >= 0 && w <= IMU_THREAD_SILENT_NS * 1e-9);
	kiosk_options_default(&ko);
	ko.mute = true;
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	kiosk_command(k, UI_CMD_START_PAUSE);
	assert_true(step_until(k, samples_past, 0.0));

	regsim_set_fault(sim, REGSIM_FAULT_TIMEOUT, 0);
	t = clock_mono_s();
	assert_true(step_until(k, lost, 0));
	assert_true(clock_mono_s() - t < 0.75);
	assert_non_null(strstr(kiosk_view(k)->sensor_hint, "silent"));
	assert_true(source_wait_s(src, clock_mono_s()) < 0);   /* now the fd tells */
	regsim_set_fault(sim, REGSIM_FAULT_NONE, 0);
	t = kiosk_sample_t(k);
	assert_true(step_until(k, samples_past, t));
	kiosk_free(k);
	regsim_free(sim);
}

static bool hint_says(struct kiosk *k, double unused)
{
	(void)unused;
	return strstr(kiosk_view(k)->sensor_hint, "sensor found") != NULL;
}

/* Booted with the sensor unplugged: the demo plays (and says why), and the
 * sensor takes over at the first session after it answers. */
static void demo_until_the_sensor_answers(void **state)
{
	struct regsim *sim = regsim_new(REGSIM_LSM6DSL, 0x6a);
	struct imu_thread_config cfg = imu_thread_default_config;
	struct sim_settings ss = sim_default_settings;
	struct kiosk_options ko;
	struct source *live = NULL, *demo, *src;
	struct kiosk *k;
	struct regbus bus;
	char why[256];

	(void)state;
	assert_non_null(sim);
	regsim_set_realtime(sim, 0);
	regsim_set_plugged(sim, false);
	bus = regsim_bus(sim);
	cfg.bus = &bus;
	cfg.imu.rate_hz = 100;
	assert_int_equal(source_find_imu(&live, &cfg, 0.3, why, sizeof(why)), -EAGAIN);
	assert_non_null(live);
	assert_int_equal(source_open_sim(&demo, &ss, 1.0), 0);
	assert_int_equal(source_wrap_fallback(&src, live, demo), 0);

	kiosk_options_default(&ko);
	ko.mute = true;
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	assert_true(kiosk_view(k)->demo);
	assert_non_null(strstr(kiosk_view(k)->sensor_hint, "no sensor"));
	kiosk_command(k, UI_CMD_START_PAUSE);   /* a demo session */
	assert_true(step_until(k, samples_past, 0.0));
	assert_true(kiosk_view(k)->demo);
	kiosk_command(k, UI_CMD_FINISH_NOW);

	regsim_set_plugged(sim, true);
	assert_true(step_until(k, hint_says, 0));
	double t = kiosk_sample_t(k);
	kiosk_command(k, UI_CMD_START_PAUSE);   /* the next session is the sensor's */
	assert_true(step_until(k, samples_past, t));
	assert_false(kiosk_view(k)->demo);
	assert_non_null(strstr(kiosk_view(k)->sensor, "LSM6DSL"));
	kiosk_free(k);
	regsim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(imu_source_end_to_end),
		cmocka_unit_test(demo_until_the_sensor_answers),
		cmocka_unit_test(hanging_bus_shows_lost_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
