// SPDX-License-Identifier: MIT
/*
 * stretchrep doctor's checks on fake trees (--root): each test builds the
 * tree a Pi would have, or one with a piece missing, and the oracle is that
 * tree: what it lacks is the line that fails, with its fix; what it has
 * passes. The sensor is the register simulator behind the bus hook, with a
 * known chip and a known truth (still, 1 g, a gyro offset we set).
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
#include "cmd/doctor.h"
#include "kiosk/kiosk.h"
#include "source/source.h"
#include "ui/ui.h"
#include "fakes/regsim.h"
#include "testutil.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define N_CHECKS 10

static char root[64];

/* The fake stretchrep user's uid: ours, unless we are root (root may write
 * anything, so the history's checks would prove nothing): then 990, and
 * its files are given to it. */
static uid_t kiosk_uid(void)
{
	return getuid() ? getuid() : 990;
}

static void give_to_kiosk(const char *p)
{
	if (!getuid())
		assert_int_equal(chown(p, kiosk_uid(), 990), 0);
}

static void put(const char *path, const char *text)
{
	char p[256], cmd[320];
	FILE *f;

	snprintf(p, sizeof(p), "%s%s", root, path);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", p);
	assert_int_equal(system(cmd), 0);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	if (strstr(path, "/var/lib/"))
		give_to_kiosk(p);
}

static void dir(const char *path, mode_t mode)
{
	char p[256], cmd[320];

	snprintf(p, sizeof(p), "%s%s", root, path);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", p);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(chmod(p, mode), 0);
	if (strstr(path, "/var/lib/"))
		give_to_kiosk(p);
}

static void gone(const char *path)
{
	char p[256], cmd[320];

	snprintf(p, sizeof(p), "%s%s", root, path);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", p);
	assert_int_equal(system(cmd), 0);
}

static int tree_new(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/stretchrep-doctor-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int tree_free(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* What a set-up Pi has: I2C, KMS and audio switched on in config.txt, the
 * module, the nodes, the user in every group (kiosk_uid), no GPIO lines in the settings (a
 * test cannot make a gpiochip), the history directory. */
static void ready_pi(void)
{
	char passwd[160];

	put("/boot/firmware/config.txt", "# a comment\ndtparam=audio=on\ndtparam=i2c_arm=on\n[pi4]\n"
					 "dtoverlay=vc4-kms-v3d\nmax_framebuffers=2\n");
	dir("/sys/module/i2c_dev", 0755);
	put("/dev/i2c-1", "");
	put("/dev/dri/card0", "");
	put("/dev/dri/card1", "");
	dir("/sys/class/drm/card0", 0755);   /* v3d: renders, no outputs */
	put("/sys/class/drm/card1-HDMI-A-1/status", "connected\n");
	put("/sys/class/drm/card1-HDMI-A-2/status", "disconnected\n");
	put("/dev/snd/pcmC0D0p", "");
	snprintf(passwd, sizeof(passwd), "root:x:0:0:root:/root:/bin/bash\n"
		 "stretchrep:x:%u:990:stretchrep kiosk:/var/lib/stretchrep:/usr/sbin/nologin\n", (unsigned)kiosk_uid());
	put("/etc/passwd", passwd);
	put("/etc/group", "root:x:0:\naudio:x:29:pi,stretchrep\nvideo:x:44:stretchrep\ninput:x:101:stretchrep\n"
			  "render:x:105:stretchrep\ni2c:x:994:stretchrep\ngpio:x:995:stretchrep\nstretchrep:x:990:\n");
	put("/etc/stretchrep/stretchrep.conf", "[gpio]\nstart_line = none\nnext_line = none\n"
					       "buzzer_line = none\nled_line = none\n");
	dir("/var/lib/stretchrep", 0750);
}

/* ---- the sensor: the register simulator behind the bus hook ---- */

struct fake_sensor {
	struct regsim *sim;
	double g, bias_dps;     /* the truth it plays: still, |a| = g, gyro x offset */
	bool unplugged, moving;   /* moving: the simulator's own swinging leg */
	int opened;
};

static void still_source(void *ctx, double t_s, double acc_g[3], double gyr_dps[3])
{
	const struct fake_sensor *fs = ctx;

	(void)t_s;
	acc_g[0] = 0.0;
	acc_g[1] = 0.6 * fs->g;
	acc_g[2] = 0.8 * fs->g;
	gyr_dps[0] = fs->bias_dps;
	gyr_dps[1] = -0.5;
	gyr_dps[2] = 0.3;
}

static int fake_open(void *ctx, const char *path, struct regbus *bus)
{
	struct fake_sensor *fs = ctx;

	assert_non_null(strstr(path, root));   /* the tree's node, not the host's */
	fs->sim = regsim_new(REGSIM_MPU6050, 0x68);
	if (!fs->sim)
		return -ENOMEM;
	regsim_set_realtime(fs->sim, 0);
	if (!fs->moving)
		regsim_set_source(fs->sim, still_source, fs, 2);
	if (fs->unplugged)
		regsim_set_plugged(fs->sim, false);
	*bus = regsim_bus(fs->sim);
	fs->opened++;
	return 0;
}

static void fake_close(void *ctx)
{
	struct fake_sensor *fs = ctx;

	regsim_free(fs->sim);
	fs->sim = NULL;
}

/* ---- running it ---- */

struct lines {
	int n;
	struct doctor_line l[N_CHECKS];
};

static void keep(void *ctx, const struct doctor_line *l)
{
	struct lines *ls = ctx;

	assert_true(ls->n < N_CHECKS);
	ls->l[ls->n++] = *l;
	print_message("  %-4s %-14s %s%s%s\n", l->status == DOCTOR_OK ? "OK" : l->status == DOCTOR_FAIL ? "FAIL" : "SKIP",
		      l->name, l->what, l->fix[0] ? " | fix: " : "", l->fix);
}

static int run(struct fake_sensor *fs, struct lines *ls)
{
	const struct doctor_env env = { .root = root, .open_bus = fake_open, .close_bus = fake_close,
					.bus_ctx = fs, .sensor_still_s = 0.8 };

	memset(ls, 0, sizeof(*ls));
	return doctor_run(&env, keep, ls);
}

static const struct doctor_line *line(const struct lines *ls, const char *name)
{
	for (int i = 0; i < ls->n; i++)
		if (!strcmp(ls->l[i].name, name))
			return &ls->l[i];
	fail_msg("no line %s", name);
	return NULL;
}

#define assert_has(s, needle) do { \
		if (!strstr((s), (needle))) \
			fail_msg("'%s' lacks '%s'", (s), (needle)); \
	} while (0)

static void expect(const struct lines *ls, const char *name, enum doctor_status st, const char *what,
		   const char *fix)
{
	const struct doctor_line *l = line(ls, name);

	assert_int_equal(l->status, st);
	if (what)
		assert_has(l->what, what);
	if (fix)
		assert_has(l->fix, fix);
	if (st == DOCTOR_FAIL)
		assert_true(l->fix[0] != '\0');
}

/* A machine with nothing (this one: no config.txt, no I2C, no user): the
 * checks in the order a Pi is set up, I2C first with raspi-config's fix,
 * the sensor and history not tried without their bus and user. */
static void an_empty_tree_names_what_is_missing(void **state)
{
	static const char *const order[N_CHECKS] = { "I2C enabled", "i2c-dev module", "I2C bus", "groups",
						     "sensor", "GPIO chip", "display", "sound", "settings",
						     "history" };
	struct fake_sensor fs = { .g = 1.0 };
	struct lines ls;
	char first[160];

	(void)state;
	assert_int_equal(run(&fs, &ls), 7);
	assert_int_equal(ls.n, N_CHECKS);
	for (int i = 0; i < N_CHECKS; i++)
		assert_string_equal(ls.l[i].name, order[i]);
	expect(&ls, "I2C enabled", DOCTOR_FAIL, "no /boot/firmware/config.txt", "sudo raspi-config nonint do_i2c 0");
	expect(&ls, "i2c-dev module", DOCTOR_FAIL, NULL, "sudo modprobe i2c-dev");
	expect(&ls, "I2C bus", DOCTOR_FAIL, "no /dev/i2c-1", "sudo raspi-config nonint do_i2c 0");
	expect(&ls, "groups", DOCTOR_FAIL, "no user stretchrep", "sudo systemd-sysusers");
	expect(&ls, "sensor", DOCTOR_SKIP, NULL, NULL);
	expect(&ls, "GPIO chip", DOCTOR_FAIL, "no /dev/gpiochip*", NULL);
	expect(&ls, "display", DOCTOR_FAIL, "no /dev/dri/card*", "dtoverlay=vc4-kms-v3d");
	expect(&ls, "sound", DOCTOR_FAIL, "no sound device", NULL);
	expect(&ls, "settings", DOCTOR_OK, "the built-in defaults", NULL);
	expect(&ls, "history", DOCTOR_SKIP, NULL, NULL);
	assert_int_equal(fs.opened, 0);

	/* the kiosk's start: its own checks only, the first failure in one line */
	const struct doctor_env start = { .root = root, .user = "pi", .at_start = true };

	assert_int_equal(doctor_first_failure(&start, first, sizeof(first)), 5);
	assert_string_equal(first, "I2C enabled: no /boot/firmware/config.txt or /boot/config.txt (not Raspberry "
				   "Pi OS?), so no I2C bus; fix: sudo raspi-config nonint do_i2c 0 && sudo reboot");
}

/* Everything in place and a sensor lying still with a small offset: every
 * line OK, none skipped, and the sensor line names the simulated chip and
 * the 1 g it plays. */
static void a_ready_pi_passes(void **state)
{
	struct fake_sensor fs = { .g = 1.0, .bias_dps = 2.0 };
	struct lines ls;
	char first[160];

	(void)state;
	ready_pi();
	assert_int_equal(run(&fs, &ls), 0);
	for (int i = 0; i < ls.n; i++)
		assert_int_equal(ls.l[i].status, DOCTOR_OK);
	expect(&ls, "sensor", DOCTOR_OK, "MPU-6050 at 0x68", "");
	expect(&ls, "sensor", DOCTOR_OK, "1.00 g at rest", "");
	expect(&ls, "groups", DOCTOR_OK, "stretchrep is in", "");
	expect(&ls, "settings", DOCTOR_OK, "no problems", "");
	expect(&ls, "history", DOCTOR_OK, "writable by stretchrep", "");
	expect(&ls, "display", DOCTOR_OK, "a screen on HDMI-A-1", "");
	assert_int_equal(fs.opened, 1);
	const struct doctor_env start = { .root = root, .user = "stretchrep", .at_start = true };

	assert_int_equal(doctor_first_failure(&start, first, sizeof(first)), 0);
	assert_string_equal(first, "");
}

/* The sensor's self-check on parts that fail it: an offset beyond the
 * datasheet's 20 deg/s, 0.5 g lying still (a range decoded wrong), and
 * nothing answering; a sensor in motion answers but is not judged. */
static void the_sensor_self_check(void **state)
{
	struct fake_sensor offset = { .g = 1.0, .bias_dps = 40.0 }, half = { .g = 0.5, .bias_dps = 1.0 },
			   none = { .g = 1.0, .unplugged = true }, swinging = { .moving = true };
	struct lines ls;

	(void)state;
	ready_pi();
	assert_int_equal(run(&offset, &ls), 1);
	expect(&ls, "sensor", DOCTOR_FAIL, "gyroscope offset 40", "stretchrep probe --check-gyro");
	assert_int_equal(run(&half, &ls), 1);
	expect(&ls, "sensor", DOCTOR_FAIL, "reads 0.50 g lying still", "accel_range_g");
	assert_int_equal(run(&none, &ls), 1);
	expect(&ls, "sensor", DOCTOR_FAIL, "no sensor answers", "i2cdetect -y 1");
	assert_int_equal(run(&swinging, &ls), 0);
	expect(&ls, "sensor", DOCTOR_OK, "it was moving", NULL);
}

/* The kiosk running holds the bus open: probing would reset its sensor
 * (the drivers' soft reset) and drain its FIFO in the middle of a session.
 * The tree's /proc says another process has /dev/i2c-1 open (the oracle:
 * the link written here); the sensor is not opened, the line says why and
 * how to check it anyway. A link to something else changes nothing. */
static void a_bus_in_use_is_not_probed(void **state)
{
	struct fake_sensor fs = { .g = 1.0, .bias_dps = 2.0 };
	struct lines ls;
	char p[200];

	(void)state;
	ready_pi();
	dir("/proc", 0755);
	dir("/proc/4242", 0755);
	dir("/proc/4242/fd", 0755);
	snprintf(p, sizeof(p), "%s/proc/4242/fd/3", root);
	assert_int_equal(symlink("/dev/null", p), 0);
	assert_int_equal(run(&fs, &ls), 0);
	assert_int_equal(fs.opened, 1);   /* /dev/null open elsewhere: probed */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink("/dev/i2c-1", p), 0);
	fs.opened = 0;
	assert_int_equal(run(&fs, &ls), 0);
	assert_int_equal(fs.opened, 0);
	expect(&ls, "sensor", DOCTOR_SKIP, "/dev/i2c-1 is open in process 4242", NULL);
	expect(&ls, "sensor", DOCTOR_SKIP, "systemctl stop stretchrep", NULL);
}

/* One piece missing at a time from the ready tree (no sensor on the
 * bus: fast): that line fails with the fix for that piece. */
static void no_bus_node(void) { gone("/dev/i2c-1"); }
static void no_module(void) { no_bus_node(); gone("/sys/module/i2c_dev"); }
static void i2c_off(void)
{
	no_bus_node();
	put("/boot/firmware/config.txt", "dtparam=audio=on,i2c_arm=off\ndtoverlay=vc4-kms-v3d\n");
}
static void i2c_on_in_a_list(void) { put("/boot/firmware/config.txt", "dtparam=audio=on,i2c_arm=on\n"); }
static void not_in_audio(void)
{
	put("/etc/group", "audio:x:29:pi\nvideo:x:44:stretchrep\ninput:x:101:stretchrep\n"
			  "render:x:105:stretchrep\ni2c:x:994:stretchrep\ngpio:x:995:stretchrep\n");
}
static void no_gpio_group(void)
{
	put("/etc/group", "audio:x:29:stretchrep\nvideo:x:44:stretchrep\ninput:x:101:stretchrep\n"
			  "render:x:105:stretchrep\ni2c:x:994:stretchrep\n");
}
static void no_card(void) { gone("/dev/dri"); gone("/sys/class/drm"); }
static void hdmi_unplugged(void) { put("/sys/class/drm/card1-HDMI-A-1/status", "disconnected\n"); }
static void only_v3d(void) { gone("/sys/class/drm/card1-HDMI-A-1"); gone("/sys/class/drm/card1-HDMI-A-2"); }
static void no_sysfs(void) { gone("/sys/class/drm"); }
static void no_card_nor_kms(void) { no_card(); put("/boot/firmware/config.txt", "dtparam=i2c_arm=on\n"); }
static void no_snd(void) { gone("/dev/snd"); }
static void no_snd_nor_audio(void) { no_snd(); put("/boot/firmware/config.txt", "dtparam=i2c_arm=on\n"); }
static void muted(void) { no_snd(); put("/etc/stretchrep/stretchrep.conf", "[gpio]\nstart_line = none\n"
							     "next_line = none\nbuzzer_line = none\nled_line = none\n"
							     "[audio]\nmute = true\n"); }
static void bad_setting(void) { put("/etc/stretchrep/stretchrep.conf", "[gpio]\nstart_line = none\n"
								"next_line = none\nbuzzer_line = none\nled_line = none\n"
								"[motion]\nhold_warn_s = 5000\n"); }
static void gpio_wired(void) { put("/etc/stretchrep/stretchrep.conf", "[gpio]\nchip = pinctrl-bcm2711\n"); }
static void no_history(void) { gone("/var/lib/stretchrep"); }
static void history_read_only(void) { dir("/var/lib/stretchrep", 0550); }
static void history_file_read_only(void)
{
	char p[160];

	put("/var/lib/stretchrep/history.sqlite3", "");
	snprintf(p, sizeof(p), "%s/var/lib/stretchrep/history.sqlite3", root);
	assert_int_equal(chmod(p, 0400), 0);
}

static void each_missing_piece_is_named_with_its_fix(void **state)
{
	static const struct {
		void (*change)(void);
		const char *check;
		enum doctor_status st;
		const char *found, *fix;
	} cases[] = {
		{ no_bus_node, "I2C bus", DOCTOR_FAIL, "no /dev/i2c-1", "sudo reboot" },
		{ no_module, "i2c-dev module", DOCTOR_FAIL, "not loaded", "sudo modprobe i2c-dev" },
		{ no_module, "I2C bus", DOCTOR_FAIL, "no /dev/i2c-1", "sudo modprobe i2c-dev" },
		{ i2c_off, "I2C enabled", DOCTOR_FAIL, "dtparam=i2c_arm=off in /boot/firmware/config.txt",
		  "sudo raspi-config nonint do_i2c 0 && sudo reboot" },
		{ i2c_off, "I2C bus", DOCTOR_FAIL, "no /dev/i2c-1", "sudo raspi-config nonint do_i2c 0" },
		{ i2c_on_in_a_list, "I2C enabled", DOCTOR_OK, "dtparam=i2c_arm=on", NULL },
		{ not_in_audio, "groups", DOCTOR_FAIL, "stretchrep is not in audio",
		  "sudo usermod -aG audio stretchrep && sudo systemctl restart stretchrep" },
		{ no_gpio_group, "groups", DOCTOR_FAIL, "no group gpio", "sudo systemd-sysusers" },
		{ no_card, "display", DOCTOR_FAIL, "no /dev/dri/card*", "connect the screen" },
		{ hdmi_unplugged, "display", DOCTOR_FAIL, "no screen connected (HDMI-A-1, HDMI-A-2: nothing plugged in)",
		  "plug the screen into HDMI 0" },
		{ only_v3d, "display", DOCTOR_FAIL, "only a GPU with no display outputs", "dtoverlay=vc4-kms-v3d" },
		{ no_sysfs, "display", DOCTOR_OK, "its outputs not listed", NULL },
		{ no_card_nor_kms, "display", DOCTOR_FAIL, "no KMS display driver in config.txt",
		  "echo dtoverlay=vc4-kms-v3d | sudo tee -a /boot/firmware/config.txt && sudo reboot" },
		{ no_snd, "sound", DOCTOR_FAIL, "no sound device", "USB sound card" },
		{ no_snd_nor_audio, "sound", DOCTOR_FAIL, "no sound device",
		  "echo dtparam=audio=on | sudo tee -a /boot/firmware/config.txt && sudo reboot" },
		{ muted, "sound", DOCTOR_OK, "muted", NULL },
		{ bad_setting, "settings", DOCTOR_FAIL, "/etc/stretchrep/stretchrep.conf:7: hold_warn_s",
		  "sudoedit /etc/stretchrep/stretchrep.conf" },
		{ gpio_wired, "GPIO chip", DOCTOR_FAIL, "no /dev/gpiochip* labelled pinctrl-bcm2711", "[gpio] chip" },
		{ no_history, "history", DOCTOR_FAIL, "no directory /var/lib/stretchrep",
		  "sudo install -d -o stretchrep -g stretchrep -m 0750 /var/lib/stretchrep" },
		{ history_read_only, "history", DOCTOR_FAIL, "may not write in /var/lib/stretchrep", "sudo chown -R" },
		{ history_file_read_only, "history", DOCTOR_FAIL, "may not write /var/lib/stretchrep/history.sqlite3",
		  "sudo chown -R stretchrep: /var/lib/stretchrep" },
	};
	struct fake_sensor fs = { .g = 1.0, .unplugged = true };
	struct lines ls;

	(void)state;
	for (size_t i = 0; i < N_OF(cases); i++) {
		print_message("case %zu: %s\n", i, cases[i].check);
		ready_pi();
		cases[i].change();
		/* the unplugged sensor fails where the bus is there; this case's line too */
		int failed = run(&fs, &ls);

		expect(&ls, cases[i].check, cases[i].st, cases[i].found, cases[i].fix);
		assert_int_equal(failed, (line(&ls, "sensor")->status == DOCTOR_FAIL) + (cases[i].st == DOCTOR_FAIL) +
					 (cases[i].change == no_module) + (cases[i].change == i2c_off));
		tree_free(NULL);
		assert_int_equal(tree_new(NULL), 0);
	}
}

/* The kiosk's start screen with doctor's first failure on an empty tree
 * (this machine's case): the view says it where it says what to check, the
 * status dot is not green, and every word of it is drawn, in order, at each
 * size (landscape, full HD, portrait). Without the line the dot is green:
 * the control. A sensor's own hint comes first. */
static int green_pixels(const struct ui *ui)
{
	int w, h, stride, n = 0;
	const unsigned *px = ui_pixels(ui, &w, &h, &stride);

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			n += (px[y * stride + x] & 0xffffff) == 0x009e73;   /* COL_GREEN */
	return n;
}

static void the_start_screen_shows_the_first_failure(void **state)
{
	static const int sizes[][2] = { { 800, 480 }, { 1920, 1080 }, { 480, 800 } };
	const struct doctor_env start = { .root = root, .user = "pi", .at_start = true };
	struct kiosk_options ko;
	struct source *src;
	struct kiosk *k;
	char err[256];

	(void)state;
	kiosk_options_default(&ko);
	ko.mute = true;
	assert_true(doctor_first_failure(&start, ko.setup, sizeof(ko.setup)) > 0);
	assert_int_equal(source_open_sim(&src, &sim_default_settings, 1.0), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	assert_int_equal(kiosk_step(k, 0.0), 0);
	assert_string_equal(kiosk_view(k)->sensor_hint, ko.setup);
	for (size_t z = 0; z < N_OF(sizes); z++) {
		struct ui_view v = *kiosk_view(k);
		const struct ui_text_rec *t;
		char joined[256] = "";
		struct ui *ui;
		int n, with, without;

		if (ui_open_offscreen(&ui, sizes[z][0], sizes[z][1], err, sizeof(err)))
			fail_msg("%s", err);
		assert_int_equal(ui_draw(ui, &v, 0), 0);
		with = green_pixels(ui);
		n = ui_texts(ui, &t);
		for (int i = 0; i < n; i++)
			if (strlen(t[i].text) > 8 && strstr(ko.setup, t[i].text))
				snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s",
					 joined[0] ? " " : "", t[i].text);
		assert_string_equal(joined, ko.setup);
		v.sensor_hint[0] = '\0';
		assert_int_equal(ui_draw(ui, &v, 0), 0);
		without = green_pixels(ui);
		/* the dot: a disc of radius 10 on the 800x480 design, scaled */
		double sc = sizes[z][0] > sizes[z][1] ? (sizes[z][1] / 480.0 < sizes[z][0] / 800.0 ? sizes[z][1] / 480.0
											    : sizes[z][0] / 800.0)
						      : sizes[z][0] / 480.0;
		print_message("%dx%d: green pixels %d with the line, %d without\n", sizes[z][0], sizes[z][1], with,
			      without);
		assert_true(without - with >= (int)(0.8 * M_PI * 100 * sc * sc));
		ui_close(ui);
	}
	kiosk_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(an_empty_tree_names_what_is_missing, tree_new, tree_free),
		cmocka_unit_test_setup_teardown(a_ready_pi_passes, tree_new, tree_free),
		cmocka_unit_test_setup_teardown(a_bus_in_use_is_not_probed, tree_new, tree_free),
		cmocka_unit_test_setup_teardown(the_sensor_self_check, tree_new, tree_free),
		cmocka_unit_test_setup_teardown(each_missing_piece_is_named_with_its_fix, tree_new, tree_free),
		cmocka_unit_test_setup_teardown(the_start_screen_shows_the_first_failure, tree_new, tree_free),
	};

	return cmocka_run_group_tests_name("doctor", tests, NULL, NULL);
}
