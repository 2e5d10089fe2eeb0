// SPDX-License-Identifier: MIT
/*
 * bench_ui — what the kiosk costs (make bench-ui):
 *  1. frame time p50/p99 of the live exercise screen (step + draw) with the
 *     software renderer, offscreen, at 800x480 and 1920x1080, and of the
 *     warning screen (the flashing one);
 *  2. text rasterisations per steady frame (live exercise after warm-up,
 *     and the same view drawn again);
 *  3. sample-arrival-to-frame latency: the simulated patient in real time,
 *     frames paced at 60 Hz; a sample "arrives" when it becomes due, and is
 *     shown when the frame drawn after it is finished;
 *  4. CPU while idle on the start screen: the real program (`run --window
 *     --replay`, SDL's dummy video driver) for 5 s, from /proc.
 *   bench_ui PROGRAM DATA_DIR
 */
#include <errno.h>
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

#define FRAMES 600

static void bench_frames(enum ui_scene sc, int w, int h)
{
	static double ft[FRAMES];
	struct kiosk *k;
	struct ui *ui;
	double now, anim;
	char err[256];
	unsigned long r0, r1;

	if (ui_scene_build(sc, &k, &now, &anim) || ui_open_offscreen(&ui, w, h, err, sizeof(err))) {
		fprintf(stderr, "bench_ui: cannot build %s\n", ui_scene_name(sc));
		exit(1);
	}
	for (int i = 0; i < 120; i++) {   /* warm-up: glyphs, fonts */
		now += UI_SCENE_FRAME_S;
		kiosk_step(k, now);
		ui_draw(ui, kiosk_view(k), now);
	}
	r0 = ui_text_rasterised(ui);
	for (int i = 0; i < FRAMES; i++) {
		double t = clock_mono_s();

		now += UI_SCENE_FRAME_S;
		kiosk_step(k, now);
		ui_draw(ui, kiosk_view(k), now);
		ft[i] = clock_mono_s() - t;
	}
	r1 = ui_text_rasterised(ui);
	ui_draw(ui, kiosk_view(k), now);
	printf("  %-10s %4dx%-4d  frame p50 %6.2f ms  p99 %6.2f ms;  text rasterised: %lu in %d live frames"
	       " (strings seen for the first time), %lu redrawing the same view\n",
	       ui_scene_name(sc), w, h, pct(ft, FRAMES, 0.5) * 1e3, pct(ft, FRAMES, 0.99) * 1e3,
	       r1 - r0, FRAMES, ui_text_rasterised(ui) - r1);
	ui_close(ui);
	kiosk_free(k);
}

/* A source wrapper that notes when each handed-out sample became due. */
struct timed_src {
	struct source *inner;
	double speed, wall0, t0;
	bool started;
	double due[4096];
	int n_due;
};

static int timed_poll(void *impl, double now_s, struct sample *out)
{
	struct timed_src *s = impl;
	int rc = source_poll(s->inner, now_s, out);

	if (rc == 1) {
		if (!s->started) {
			s->started = true;
			s->wall0 = now_s;
			s->t0 = out->t_s;
		}
		if (s->n_due < 4096)
			s->due[s->n_due++] = s->wall0 + (out->t_s - s->t0) / s->speed;
	}
	return rc;
}

static double timed_wait(void *impl, double now_s)
{
	struct timed_src *s = impl;

	return source_wait_s(s->inner, now_s);
}

static void timed_status(void *impl, struct source_status *st)
{
	struct timed_src *s = impl;

	source_get_status(s->inner, st);
}

static void timed_close(void *impl)
{
	struct timed_src *s = impl;

	source_close(s->inner);
}

static const struct source_ops timed_ops = {
	.poll = timed_poll, .wait_s = timed_wait, .status = timed_status, .close = timed_close,
};

static void bench_latency(void)
{
	static struct timed_src ts;
	static double lat[20000];
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko;
	struct source *src;
	struct kiosk *k;
	struct ui *ui;
	char err[256];
	int n = 0;
	double end, next_frame;

	kiosk_options_default(&ko);
	ko.mute = true;
	ko.auto_start = true;
	sim.scenario = SIM_DYNAMIC;
	ts.speed = 1.0;
	if (source_open_sim(&ts.inner, &sim, 1.0) || source_wrap(&src, &timed_ops, &ts) ||
	    kiosk_new(&k, &ko, src, NULL) || ui_open_offscreen(&ui, 800, 480, err, sizeof(err))) {
		fprintf(stderr, "bench_ui: latency setup failed\n");
		exit(1);
	}
	end = clock_mono_s() + 6.0;
	next_frame = clock_mono_s();
	while (clock_mono_s() < end) {
		double now = clock_mono_s(), done;

		if (now < next_frame) {
			struct timespec d = { 0, (long)((next_frame - now) * 1e9) };
			nanosleep(&d, NULL);
			continue;
		}
		next_frame += 1.0 / 60.0;
		ts.n_due = 0;
		kiosk_step(k, clock_mono_s());
		ui_draw(ui, kiosk_view(k), now);
		done = clock_mono_s();
		for (int i = 0; i < ts.n_due && n < 20000; i++)
			lat[n++] = done - ts.due[i];
	}
	printf("  sample due -> frame drawn (800x480, 60 Hz frames, %d samples): p50 %.1f ms  p99 %.1f ms  max %.1f ms\n"
	       "  (on a display add up to one vsync period, 16.7 ms at 60 Hz, for the page flip)\n",
	       n, pct(lat, n, 0.5) * 1e3, pct(lat, n, 0.99) * 1e3, pct(lat, n, 1.0) * 1e3);
	ui_close(ui);
	kiosk_free(k);
}

static long proc_cpu_ticks(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long ut = 0, st = 0;
	FILE *f;
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	p = strrchr(buf, ')');   /* fields after the command name */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (long)(ut + st);
}

static void bench_idle(const char *prog, const char *data)
{
	char trace[1024];
	pid_t pid;
	long t0, t1;
	int status;

	snprintf(trace, sizeof(trace), "%s/uci-pt-s1/s1_e3_u3_test.csv", data);
	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		setenv("SDL_VIDEODRIVER", "dummy", 1);
		setenv("SDL_AUDIODRIVER", "dummy", 1);
		if (!freopen("/dev/null", "w", stderr))
			_exit(127);
		execl(prog, prog, "run", "--window", "--software", "--mute", "--replay", trace, (char *)NULL);
		_exit(127);
	}
	sleep(1);   /* start-up: fonts, first frame */
	t0 = proc_cpu_ticks(pid);
	sleep(5);
	t1 = proc_cpu_ticks(pid);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	if (t0 < 0 || t1 < 0) {
		printf("  idle CPU on the start screen: could not run %s\n", prog);
		return;
	}
	printf("  idle CPU on the start screen (real loop, dummy video, 5 s): %.2f %% of one core\n",
	       100.0 * (double)(t1 - t0) / (double)sysconf(_SC_CLK_TCK) / 5.0);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_ui PROGRAM DATA_DIR\n");
		return 2;
	}
	printf("bench_ui: software renderer, offscreen\n");
	bench_frames(UI_SCENE_EXERCISE, 800, 480);
	bench_frames(UI_SCENE_EXERCISE, 1920, 1080);
	bench_frames(UI_SCENE_WARNING, 800, 480);
	bench_frames(UI_SCENE_WARNING, 1920, 1080);
	bench_latency();
	bench_idle(argv[1], argv[2]);
	return 0;
}
