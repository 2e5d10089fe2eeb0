// SPDX-License-Identifier: MIT
/*
 * bench_io — the I/O thread against a simulated bus that takes real I2C
 * time (400 kHz: 22.5 us a byte, so a 14-byte burst is ~0.4 ms), at a
 * 400 Hz class output rate, while the main thread is busy 16 ms a frame
 * (a stand-in for rendering) and drains the ring once per frame.
 *
 * Counts samples lost (produced by the simulated chip, never delivered),
 * ring drops, FIFO gaps, the largest step between timestamps, and the CPU
 * the I/O thread used (CLOCK_THREAD_CPUTIME_ID, which includes the
 * simulator's own work since it runs inside the bus calls).
 *
 *   bench_io [SECONDS [mpu|lsm]]   per chip; default 60 s, both chips
 *                                  (BENCH_IO_SECONDS, BENCH_IO_CHIPS in make)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "source/imu_thread.h"
#include "fakes/regsim.h"

#define FRAME_NS 16000000LL
#define NS_PER_BYTE_400KHZ 22500L

static int run(enum regsim_chip chip, uint8_t addr, double want_hz, double seconds)
{
	static struct sample buf[8192];
	struct regsim *sim = regsim_new(chip, addr);
	struct imu_thread_config cfg = imu_thread_default_config;
	struct imu_thread *t;
	struct imu_status st;
	struct regbus bus;
	uint64_t received = 0, frames = 0, late_frames = 0, left_in_fifo, lost;
	double last_t = -1, max_dt = 0;
	int64_t start, end;
	int rc;

	if (!sim)
		return 1;
	regsim_set_realtime(sim, NS_PER_BYTE_400KHZ);
	bus = regsim_bus(sim);
	cfg.bus = &bus;
	cfg.imu.rate_hz = want_hz;
	cfg.ring_samples = 8192;
	rc = imu_thread_start(&cfg, &t);
	if (rc < 0) {
		fprintf(stderr, "bench_io: start: %s\n", strerror(-rc));
		regsim_free(sim);
		return 1;
	}
	start = clock_mono_ns();
	end = start + (int64_t)(seconds * 1e9);
	while (clock_mono_ns() < end) {
		int64_t frame_end = clock_mono_ns() + FRAME_NS;
		volatile double x = 0;
		size_t n;

		/* the main thread is busy for the whole frame: spin, no sleep */
		while (clock_mono_ns() < frame_end)
			x += 1.0;
		if (clock_mono_ns() - frame_end > FRAME_NS / 2)
			late_frames++;
		n = imu_thread_drain(t, buf, sizeof(buf) / sizeof(buf[0]));
		for (size_t i = 0; i < n; i++) {
			if (last_t >= 0 && buf[i].t_s - last_t > max_dt)
				max_dt = buf[i].t_s - last_t;
			last_t = buf[i].t_s;
		}
		received += n;
		frames++;
	}
	imu_thread_quit(t);
	imu_thread_status(t, &st);
	/* what the thread pushed after the last frame's drain */
	received += imu_thread_drain(t, buf, sizeof(buf) / sizeof(buf[0]));
	imu_thread_stop(t);
	left_in_fifo = regsim_fifo_bytes(sim) / (chip == REGSIM_LSM6DSOX ? 14 : 12);
	lost = regsim_samples_produced(sim) - received - left_in_fifo;
	printf("bench-io: %-8s %.0f Hz for %.0f s, main thread busy %lld ms a frame (%llu frames)\n",
	       regsim_chip_name(chip), st.odr_hz, seconds, FRAME_NS / 1000000LL, (unsigned long long)frames);
	printf("bench-io:   produced %llu, received %llu, still in FIFO %llu -> lost %llu; "
	       "ring drops %llu, FIFO gaps %u, max step %.2f ms (period %.2f ms)\n",
	       (unsigned long long)regsim_samples_produced(sim), (unsigned long long)received,
	       (unsigned long long)left_in_fifo, (unsigned long long)lost,
	       (unsigned long long)st.dropped, st.gaps, max_dt * 1e3, 1e3 / st.odr_hz);
	printf("bench-io:   I/O thread CPU %.2f s = %.2f %% of one core; %llu bus transfers, %llu bytes read\n",
	       st.io_cpu_s, 100.0 * st.io_cpu_s / seconds, (unsigned long long)regsim_transfers(sim),
	       (unsigned long long)regsim_bytes_read(sim));
	regsim_free(sim);
	return lost == 0 && st.dropped == 0 && st.gaps == 0 && st.state == IMU_STATE_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 60;
	const char *chips = argc > 2 ? argv[2] : "mpu,lsm";
	int rc = 0;

	if (seconds <= 0)
		seconds = 60;
	/* MPU-6050: 400 Hz is not on its 1 kHz / n ladder; it runs at 500 Hz */
	if (strstr(chips, "mpu"))
		rc |= run(REGSIM_MPU6050, 0x68, 400, seconds);
	if (strstr(chips, "lsm"))
		rc |= run(REGSIM_LSM6DSL, 0x6A, 400, seconds);
	return rc;
}
