// SPDX-License-Identifier: MIT
/*
 * bench_soak_faults — the kiosk's path under faults for a long while, for
 * `make soak-faults` (not CI): the real I/O thread on the register
 * simulator in real time (MPU-6050, 200 Hz, fed by the virtual patient),
 * wrapped as the kiosk's source, stepped frame by frame by the kiosk
 * (kiosk_new/kiosk_step, as run drives it), sessions of SESSION_S finished
 * and saved to a real SQLite history in a temporary directory. A fault every
 * FAULT_EVERY_S, in turn: NACKs, a hanging bus (1 s adapter timeout), stuck
 * data, a reset to sleep, the sensor unplugged for 2 s. Time is compressed:
 * a fault every few seconds instead of every few minutes.
 *
 * Every REPORT_S it prints resident memory (all and anonymous), open
 * descriptors, sessions finished and saved, faults injected and the
 * sensor-lost episodes the screen showed. Exit 1 when a session was not
 * saved, descriptors grew, or anonymous memory grew by more than
 * SOAK_RSS_SLACK_KB after the first report past WARMUP_S (a 600 s run here:
 * 6816 KB at 30 s, 7640 KB from 90 s on, flat).
 *
 *   bench_soak_faults [SECONDS [TMPDIR]]   defaults 600, /tmp
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "core/sim.h"
#include "kiosk/kiosk.h"
#include "source/imu_thread.h"
#include "source/source.h"
#include "store/history.h"
#include "fakes/regsim.h"
#include "proc_stat.h"

#define SESSION_S 20.0
#define FAULT_EVERY_S 7.0
#define REPORT_S 30.0
#define SOAK_RSS_SLACK_KB 512
#define WARMUP_S 120.0    /* SQLite's page cache and the allocator settle first */
#define NS_PER_BYTE_400KHZ 22500L

struct patient {
	struct sim sim;
	struct sample cur;
};

/* The simulator's truth from the virtual patient: its sample at t_s. */
static void patient_source(void *ctx, double t_s, double acc_g[3], double gyr_dps[3])
{
	struct patient *p = ctx;

	while (p->cur.t_s < t_s && sim_next(&p->sim, &p->cur))
		;
	memcpy(acc_g, p->cur.acc_g, sizeof(p->cur.acc_g));
	memcpy(gyr_dps, p->cur.gyr_dps, sizeof(p->cur.gyr_dps));
}

struct saver {
	struct history *h;
	int finished, saved, failed;
};

static void on_finished(void *ctx, const struct session *s, struct ui_history *out)
{
	struct saver *sv = ctx;
	int64_t now = (int64_t)time(NULL);

	(void)out;
	sv->finished++;
	if (history_save(sv->h, s, now - (int64_t)SESSION_S, now, NULL) == 0)
		sv->saved++;
	else
		sv->failed++;
}

/* Fault number i, in turn; returns when it is to be cleared (0: by itself). */
static double inject(struct regsim *sim, int i, double now, const char **name)
{
	switch (i % 5) {
	case 0:
		*name = "NACK x30";
		regsim_set_fault(sim, REGSIM_FAULT_NACK, 30);
		return 0;
	case 1:
		*name = "timeout 1 s x2";
		regsim_set_fault(sim, REGSIM_FAULT_TIMEOUT, 2);
		return 0;
	case 2:
		*name = "stuck 1 s";
		regsim_set_stuck(sim, true);
		return now + 1.0;
	case 3:
		*name = "reset to sleep";
		regsim_brownout(sim);
		return 0;
	default:
		*name = "unplugged 2 s";
		regsim_set_plugged(sim, false);
		return now + 2.0;
	}
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? strtod(argv[1], NULL) : 600.0;
	const char *tmp = argc > 2 ? argv[2] : "/tmp";
	struct sim_settings sset = sim_default_settings;
	struct imu_thread_config cfg = imu_thread_default_config;
	struct patient *pat = calloc(1, sizeof(*pat));
	struct saver sv = { 0 };
	struct kiosk_hooks hooks = { .ctx = &sv, .session_finished = on_finished };
	struct kiosk_options ko;
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x68);
	struct kiosk *k = NULL;
	struct source *src = NULL;
	struct regbus bus;
	struct history_entry *rows = NULL;
	char dir[256], db[300], why[256];
	double t0, next_fault, clear_at = 0, next_report, session_end;
	long anon0 = -1, anon_max = 0, all, anon;
	int fd0 = -1, fd_max = 0, faults = 0, losses = 0, status = 1, in_db;
	bool was_lost = false;
	struct timespec frame = { 0, 16 * 1000 * 1000 };

	dir[0] = db[0] = '\0';
	if (!pat || !sim || seconds <= 0) {
		fprintf(stderr, "usage: bench_soak_faults [SECONDS [TMPDIR]]\n");
		status = 2;
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s/soak_faults_XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		perror(dir);
		dir[0] = '\0';
		goto out;
	}
	snprintf(db, sizeof(db), "%s/history.sqlite3", dir);
	if (history_open(&sv.h, db)) {
		fprintf(stderr, "bench_soak_faults: cannot open %s\n", db);
		goto out;
	}
	sset.scenario = SIM_DEMO;
	sset.duration_s = 0;
	sset.rate_hz = 1000;   /* finer than the chip: it picks its own instants */
	sim_init(&pat->sim, &sset);
	regsim_set_source(sim, patient_source, pat, 2);
	regsim_set_realtime(sim, NS_PER_BYTE_400KHZ);
	bus = regsim_bus(sim);
	cfg.bus = &bus;
	cfg.imu.rate_hz = 200;
	if (source_find_imu(&src, &cfg, 5.0, why, sizeof(why))) {
		fprintf(stderr, "bench_soak_faults: %s\n", why);
		source_close(src);   /* -EAGAIN hands one over all the same */
		goto out;
	}
	kiosk_options_default(&ko);
	ko.mute = true;
	if (kiosk_new(&k, &ko, src, &hooks)) {
		fprintf(stderr, "bench_soak_faults: kiosk_new failed\n");
		source_close(src);
		goto out;
	}
	printf("soak-faults: %.0f s, a fault every %.0f s, sessions of %.0f s, history %s\n",
	       seconds, FAULT_EVERY_S, SESSION_S, db);
	printf("soak-faults: %6s %9s %9s %4s %9s %6s %7s %7s\n", "t_s", "rss_kb", "anon_kb", "fds",
	       "finished", "saved", "faults", "lost");
	t0 = clock_mono_s();
	next_fault = t0 + FAULT_EVERY_S;
	next_report = t0 + REPORT_S;
	kiosk_command(k, UI_CMD_START_PAUSE);
	session_end = t0 + SESSION_S;
	for (;;) {
		double now = clock_mono_s();
		const char *name;

		if (kiosk_step(k, now) < 0) {
			fprintf(stderr, "bench_soak_faults: %s\n", kiosk_error(k));
			goto out;
		}
		if (kiosk_view(k)->sensor_lost && !was_lost)
			losses++;
		was_lost = kiosk_view(k)->sensor_lost;
		if (now >= session_end) {
			kiosk_command(k, UI_CMD_FINISH_NOW);
			kiosk_step(k, now);
			if (now - t0 >= seconds)
				break;
			kiosk_command(k, UI_CMD_START_PAUSE);
			session_end = now + SESSION_S;
		}
		if (now >= next_fault) {
			clear_at = inject(sim, faults++, now, &name);
			next_fault = now + FAULT_EVERY_S;
		}
		if (clear_at > 0 && now >= clear_at) {
			regsim_set_stuck(sim, false);
			regsim_set_plugged(sim, true);
			clear_at = 0;
		}
		if (now >= next_report) {
			int fds = open_fds();

			rss_kb(&all, &anon);
			if (anon0 < 0 && now - t0 >= WARMUP_S) {
				anon0 = anon;
				fd0 = fds;
			}
			if (anon0 >= 0) {
				anon_max = anon > anon_max ? anon : anon_max;
				fd_max = fds > fd_max ? fds : fd_max;
			}
			printf("soak-faults: %6.0f %9ld %9ld %4d %9d %6d %7d %7d\n", now - t0, all, anon, fds,
			       sv.finished, sv.saved, faults, losses);
			fflush(stdout);
			next_report = now + REPORT_S;
		}
		nanosleep(&frame, NULL);
	}
	rows = calloc(4096, sizeof(*rows));
	in_db = rows ? history_recent(sv.h, rows, 4096) : -ENOMEM;
	printf("soak-faults: sessions finished %d, saved %d (failed %d), in the database %d; "
	       "faults %d, sensor-lost episodes %d\n", sv.finished, sv.saved, sv.failed, in_db, faults, losses);
	printf("soak-faults: after %.0f s: anonymous memory %ld -> max %ld KB (slack %d), descriptors %d -> max %d\n",
	       WARMUP_S, anon0, anon_max, SOAK_RSS_SLACK_KB, fd0, fd_max);
	status = anon0 >= 0 && sv.finished > 0 && sv.saved == sv.finished && in_db == sv.finished && fd_max <= fd0 &&
		 anon_max - anon0 <= SOAK_RSS_SLACK_KB ? 0 : 1;
	printf("soak-faults: %s\n", status ? "FAILED" : "flat memory and descriptors, every session saved");
out:
	free(rows);
	kiosk_free(k);   /* stops the I/O thread before the simulator goes */
	regsim_free(sim);
	history_close(sv.h);
	if (db[0]) {
		char side[320];

		unlink(db);
		snprintf(side, sizeof(side), "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", db);
		unlink(side);
	}
	if (dir[0])
		rmdir(dir);
	free(pat);
	return status;
}
