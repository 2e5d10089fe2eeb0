// SPDX-License-Identifier: MIT
/*
 * bench_ui — what the kiosk costs, measured as the goals say (make bench-ui):
 *  1. frame CPU time p50/p99, step + draw + present, of the live exercise
 *     screen and the warning screen (the flashing one) at 800x480 and
 *     1920x1080: a real window with the software renderer on SDL's dummy
 *     video driver (its present hands the frame to a no-op framebuffer:
 *     KMSDRM adds a copy and a page flip); wall time beside it, and the
 *     text rasterisations per steady frame;
 *  2. sample -> present latency through the real IMU path: the register
 *     simulator (MPU-6050, real time, 400 kHz wire time) behind the I/O
 *     thread, the kiosk's real loop (kiosk_run) on that window, 800x480, at
 *     200 Hz and 1 kHz. Each sample carries the simulator's production time
 *     in its gyro x (ms modulo 400, as deg/s); the latency is from then to
 *     the return of the present of the first frame drawn after the kiosk
 *     took it;
 *  3. the real program idle on the start screen (`run --window --replay`,
 *     dummy video) for 5 s: wakeups a second (context switches, every
 *     thread, from /proc) and CPU.
 *   bench_ui PROGRAM DATA_DIR [frames|latency|idle]   (one part only)
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "kiosk/kiosk.h"
#include "kiosk/scene.h"
#include "source/imu_thread.h"
#include "fakes/regsim.h"

#define NS_PER_BYTE_400KHZ 22500L
#define CODE_MOD_MS 400.0   /* production time, ms modulo this, in gyro x (deg/s) */

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n ? v[(int)(p * (n - 1) + 0.5)] : 0.0;
}

static void dummy_video(void)
{
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	setenv("SDL_AUDIODRIVER", "dummy", 1);
}

#define FRAMES 1200

static void bench_frames(enum ui_scene sc, int w, int h)
{
	static double cpu[FRAMES], wall[FRAMES];
	struct ui_options uo = { .window = true, .width = w, .height = h, .software = true };
	struct kiosk *k;
	struct ui *ui;
	double now, anim;
	char err[256];
	unsigned long r0, r1;

	if (ui_scene_build(sc, &k, &now, &anim) || ui_open(&ui, &uo, err, sizeof(err))) {
		fprintf(stderr, "bench_ui: cannot build %s\n", ui_scene_name(sc));
		exit(1);
	}
	for (int i = 0; i < 120; i++) {   /* warm-up: glyphs, fonts */
		now += UI_SCENE_FRAME_S;
		kiosk_step(k, now);
		ui_draw(ui, kiosk_view(k), now);
		ui_present(ui);
	}
	r0 = ui_text_rasterised(ui);
	for (int i = 0; i < FRAMES; i++) {
		double c = clock_s(CLOCK_THREAD_CPUTIME_ID), t = clock_s(CLOCK_MONOTONIC);

		now += UI_SCENE_FRAME_S;
		kiosk_step(k, now);
		ui_draw(ui, kiosk_view(k), now);
		ui_present(ui);
		cpu[i] = clock_s(CLOCK_THREAD_CPUTIME_ID) - c;
		wall[i] = clock_s(CLOCK_MONOTONIC) - t;
	}
	r1 = ui_text_rasterised(ui);
	ui_draw(ui, kiosk_view(k), now);
	printf("  %-9s %4dx%-4d  CPU p50 %5.2f ms  p99 %5.2f ms  (wall p50 %5.2f  p99 %5.2f);"
	       "  text rasterised: %lu in %d frames, %lu redrawing the same view\n",
	       ui_scene_name(sc), w, h, pct(cpu, FRAMES, 0.5) * 1e3, pct(cpu, FRAMES, 0.99) * 1e3,
	       pct(wall, FRAMES, 0.5) * 1e3, pct(wall, FRAMES, 0.99) * 1e3, r1 - r0, FRAMES,
	       ui_text_rasterised(ui) - r1);
	ui_close(ui);
	kiosk_free(k);
}

/* ---- sample -> present through the I/O thread ---- */

/* The simulated leg: still, but gyro x tells when each sample was made. */
static void coded_source(void *ctx, double t_s, double acc_g[3], double gyr_dps[3])
{
	(void)ctx;
	acc_g[0] = 0.0;
	acc_g[1] = 0.0;
	acc_g[2] = 1.0;
	gyr_dps[0] = fmod(t_s * 1e3, CODE_MOD_MS);
	gyr_dps[1] = 0.0;
	gyr_dps[2] = 0.0;
}

#define LAT_MAX 20000
#define PENDING_MAX 4096

/* Wraps the IMU source: notes the code of every sample the kiosk takes;
 * the present hook turns those into latencies. */
struct lat_rig {
	struct source *inner;
	double base_s;            /* CLOCK_MONOTONIC at the simulator's time 0 */
	double pending_ms[PENDING_MAX];
	int n_pending;
	double lat[LAT_MAX];
	int n_lat, frames;
	double end_s;
	bool quit;
};

static int lat_poll(void *impl, double now_s, struct sample *out)
{
	struct lat_rig *r = impl;
	int rc = source_poll(r->inner, now_s, out);

	if (rc == 1 && r->n_pending < PENDING_MAX)
		r->pending_ms[r->n_pending++] = out->gyr_dps[0];
	return rc;
}

static double lat_wait(void *impl, double now_s)
{
	return source_wait_s(((struct lat_rig *)impl)->inner, now_s);
}

static int lat_fd(void *impl)
{
	return source_fd(((struct lat_rig *)impl)->inner);
}

static void lat_status(void *impl, struct source_status *st)
{
	source_get_status(((struct lat_rig *)impl)->inner, st);
}

static void lat_close(void *impl)
{
	source_close(((struct lat_rig *)impl)->inner);
}

static const struct source_ops lat_ops = {
	.poll = lat_poll, .wait_s = lat_wait, .fd = lat_fd, .status = lat_status, .close = lat_close,
};

static void lat_presented(void *ctx, double now_s)
{
	struct lat_rig *r = ctx;
	double sim_ms = (now_s - r->base_s) * 1e3;

	r->frames++;
	for (int i = 0; i < r->n_pending && r->n_lat < LAT_MAX; i++) {
		double l = fmod(sim_ms - r->pending_ms[i], CODE_MOD_MS);

		r->lat[r->n_lat++] = l < 0 ? l + CODE_MOD_MS : l;
	}
	r->n_pending = 0;
}

static enum ui_cmd lat_poll_input(void *ctx)
{
	struct lat_rig *r = ctx;

	if (r->quit)
		return UI_CMD_NONE;
	r->quit = clock_s(CLOCK_MONOTONIC) >= r->end_s;
	return r->quit ? UI_CMD_QUIT : UI_CMD_NONE;
}

static int lat_input_fd(void *ctx)
{
	(void)ctx;
	return -1;
}

static double lat_input_due_s(void *ctx)
{
	return ((struct lat_rig *)ctx)->end_s;
}

static void bench_latency(double rate_hz, double seconds)
{
	static struct lat_rig r;
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x68);
	struct imu_thread_config ic = imu_thread_default_config;
	struct kiosk_hooks hooks = {
		.ctx = &r, .frame_presented = lat_presented, .poll_input = lat_poll_input,
		.input_fd = lat_input_fd, .input_due_s = lat_input_due_s,
	};
	struct kiosk_options ko;
	struct source *src;
	struct regbus bus;
	char why[256] = "";

	memset(&r, 0, sizeof(r));
	if (!sim) {
		fprintf(stderr, "bench_ui: out of memory\n");
		exit(1);
	}
	regsim_set_source(sim, coded_source, NULL, 0);
	r.base_s = clock_s(CLOCK_MONOTONIC);
	regsim_set_realtime(sim, NS_PER_BYTE_400KHZ);
	bus = regsim_bus(sim);
	ic.bus = &bus;
	ic.imu.rate_hz = rate_hz;
	kiosk_options_default(&ko);
	ko.mute = true;
	ko.auto_start = true;
	ko.ui = (struct ui_options){ .window = true, .width = 800, .height = 480, .software = true };
	if (source_find_imu(&r.inner, &ic, 2.0, why, sizeof(why)) || source_wrap(&src, &lat_ops, &r)) {
		fprintf(stderr, "bench_ui: latency setup failed: %s\n", why);
		exit(1);
	}
	r.end_s = clock_s(CLOCK_MONOTONIC) + seconds;
	if (kiosk_run(&ko, src, &hooks)) {
		fprintf(stderr, "bench_ui: kiosk_run failed\n");
		exit(1);
	}
	printf("  %4.0f Hz: %d samples, %d frames in %.0f s: p50 %5.1f ms  p99 %5.1f ms  max %5.1f ms"
	       "  (goal: one frame + one sample period, %.1f ms)\n",
	       rate_hz, r.n_lat, r.frames, seconds, pct(r.lat, r.n_lat, 0.5), pct(r.lat, r.n_lat, 0.99),
	       pct(r.lat, r.n_lat, 1.0), 1e3 / 60 + 1e3 / rate_hz);
	regsim_free(sim);
}

/* ---- the real program, idle ---- */

/* Context switches of every thread of pid (each is the end of a sleep,
 * voluntary, or a preemption), the main thread's alone in *main_out, and
 * their CPU time in ns (schedstat: exact, not in clock ticks) in *cpu_ns. */
static long proc_switches(pid_t pid, long *main_out, long long *cpu_ns)
{
	char path[300], line[128];
	long total = 0;
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return -1;
	*main_out = 0;
	*cpu_ns = 0;
	while ((e = readdir(d))) {
		long n = 0, v;
		long long ns;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/status", (int)pid, e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "voluntary_ctxt_switches: %ld", &v) == 1 ||
			    sscanf(line, "nonvoluntary_ctxt_switches: %ld", &v) == 1)
				n += v;
		fclose(f);
		total += n;
		if (atol(e->d_name) == (long)pid)
			*main_out = n;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/schedstat", (int)pid, e->d_name);
		f = fopen(path, "r");
		if (f && fscanf(f, "%lld", &ns) == 1)
			*cpu_ns += ns;
		if (f)
			fclose(f);
	}
	closedir(d);
	return total;
}

static void bench_idle(const char *prog, const char *data)
{
	char trace[1024];
	pid_t pid;
	long s0, s1, m0 = 0, m1 = 0;
	long long c0 = 0, c1 = 0;
	int status;

	snprintf(trace, sizeof(trace), "%s/uci-pt-s1/s1_e3_u3_test.csv", data);
	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		dummy_video();
		if (!freopen("/dev/null", "w", stderr))
			_exit(127);
		execl(prog, prog, "run", "--window", "--software", "--mute", "--replay", trace, (char *)NULL);
		_exit(127);
	}
	sleep(1);   /* start-up: fonts, first frame */
	s0 = proc_switches(pid, &m0, &c0);
	sleep(5);
	s1 = proc_switches(pid, &m1, &c1);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	if (s0 < 0 || s1 < 0) {
		printf("  idle on the start screen: could not run %s\n", prog);
		return;
	}
	printf("  idle on the start screen (real program, dummy video, 5 s): %.1f wakeups/s"
	       " (main thread %.1f), CPU %.3f %% of one core  (goal: <= 5 wakeups/s)\n",
	       (double)(s1 - s0) / 5.0, (double)(m1 - m0) / 5.0,
	       100.0 * (double)(c1 - c0) * 1e-9 / 5.0);
}

int main(int argc, char **argv)
{
	const char *only = argc == 4 ? argv[3] : "";

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: bench_ui PROGRAM DATA_DIR [frames|latency|idle]\n");
		return 2;
	}
	dummy_video();
	if (!*only || !strcmp(only, "frames")) {
		printf("bench_ui: frame = step + draw + present, software renderer, dummy video window "
		       "(goal: warning at 1920x1080 p99 <= 3 ms CPU)\n");
		bench_frames(UI_SCENE_EXERCISE, 800, 480);
		bench_frames(UI_SCENE_EXERCISE, 1920, 1080);
		bench_frames(UI_SCENE_WARNING, 800, 480);
		bench_frames(UI_SCENE_WARNING, 1920, 1080);
	}
	if (!*only || !strcmp(only, "latency")) {
		printf("sample made -> frame presented: simulated MPU-6050 behind the I/O thread, the real loop, "
		       "800x480 software\n");
		bench_latency(200, 8);
		bench_latency(1000, 4);
	}
	if (!*only || !strcmp(only, "idle"))
		bench_idle(argv[1], argv[2]);
	return 0;
}
