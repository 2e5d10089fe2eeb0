// SPDX-License-Identifier: MIT
/*
 * stretchrep doctor — what a fresh Pi needs, checked in order, each line OK
 * or FAIL with the command that fixes it (cmd/doctor.h). The checks reuse
 * the kiosk's own code: the settings parser (check-config), the sensor probe
 * and the gyro check of `probe`, the GPIO chip search by label.
 */
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <grp.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "cmd/cli.h"
#include "cmd/doctor.h"
#include "config.h"
#include "file_holder.h"
#include "kiosk/kiosk_gpio.h"
#include "source/gyro_check.h"
#include "source/imu_thread.h"
#include "source/source.h"
#include "bus/i2cdev.h"
#include "gpio/gpio.h"
#include "imu/imu.h"

#define DOCTOR_BOOT_DEFAULT "/boot/firmware/config.txt"
#define DOCTOR_ACC_TOL_G 0.15    /* |a| at rest: 1 g within the parts' zero-g offset and gain error, +-15 % */
#define DOCTOR_STILL_DPS 5.0     /* mean |gyro| under this: the sensor lies still */
#define FIX_I2C "sudo raspi-config nonint do_i2c 0 && sudo reboot"

/* The groups that own the kiosk's devices (sysusers.d/stretchrep.conf). */
static const char *const doctor_groups[] = { "i2c", "gpio", "video", "render", "input", "audio" };

/* What config.txt says (-1: not said). Conditional sections ([pi4], [all])
 * are read as if they all applied. */
struct boot_txt {
	int i2c_arm, audio;
	bool kms;
};

struct doctor {
	const struct doctor_env *env;
	const char *root, *user;
	struct config cfg;
	int cfg_rc;               /* config_load's, or -ENOENT for a missing default */
	char cfg_path[PATH_MAX];
	char boot_path[PATH_MAX]; /* config.txt under root; "" none */
	char boot_shown[64];      /* the same as the Pi sees it */
	struct boot_txt boot;
	char bus_path[PATH_MAX];  /* the [sensor] bus under root */
	bool bus_ok, i2c_on, i2c_dev;
	bool user_known;
	uid_t uid;
	gid_t gid;
	gid_t member_of[16];      /* the user's groups among doctor_groups' gids and others */
	int n_member;
};

static void rooted(const struct doctor *d, const char *path, char *out, size_t n)
{
	snprintf(out, n, "%s%s", d->root, path);
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* true when pattern (under root) matches a file */
static bool any_match(const struct doctor *d, const char *pattern)
{
	char p[PATH_MAX];
	glob_t g;
	bool found;

	rooted(d, pattern, p, sizeof(p));
	found = glob(p, 0, NULL, &g) == 0 && g.gl_pathc > 0;
	globfree(&g);
	return found;
}

static int on_off(const char *v)
{
	if (!*v || !strcasecmp(v, "on") || !strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
	    !strcasecmp(v, "okay") || !strcmp(v, "1"))
		return 1;
	return 0;
}

/* dtparam=a=on,b=off and dtoverlay=name,params lines; the last one wins. */
static void boot_txt_read(FILE *f, struct boot_txt *b)
{
	char line[512];

	b->i2c_arm = b->audio = -1;
	b->kms = false;
	while (fgets(line, sizeof(line), f)) {
		char *s = line + strspn(line, " \t"), *save = NULL;

		s[strcspn(s, "#\r\n")] = '\0';
		if (!strncmp(s, "dtoverlay=", 10)) {
			s += 10;
			s[strcspn(s, ",: \t")] = '\0';
			if (!strcmp(s, "vc4-kms-v3d") || !strncmp(s, "vc4-kms-v3d-", 12) || !strcmp(s, "vc4-fkms-v3d"))
				b->kms = true;
			continue;
		}
		if (strncmp(s, "dtparam=", 8) != 0)
			continue;
		for (char *p = strtok_r(s + 8, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
			char *eq = strchr(p, '=');
			const char *v = eq ? eq + 1 : "";

			if (eq)
				*eq = '\0';
			p[strcspn(p, " \t")] = '\0';
			if (!strcmp(p, "i2c_arm") || !strcmp(p, "i2c"))
				b->i2c_arm = on_off(v);
			else if (!strcmp(p, "audio"))
				b->audio = on_off(v);
		}
	}
}

static void find_boot_txt(struct doctor *d)
{
	static const char *const where[] = { DOCTOR_BOOT_DEFAULT, "/boot/config.txt" };
	FILE *f;

	d->boot.i2c_arm = d->boot.audio = -1;
	d->boot_path[0] = '\0';
	snprintf(d->boot_shown, sizeof(d->boot_shown), "%s", DOCTOR_BOOT_DEFAULT);
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		rooted(d, where[i], d->boot_path, sizeof(d->boot_path));
		f = fopen(d->boot_path, "r");
		if (!f)
			continue;
		boot_txt_read(f, &d->boot);
		fclose(f);
		snprintf(d->boot_shown, sizeof(d->boot_shown), "%s", where[i]);
		return;
	}
	d->boot_path[0] = '\0';
}

/* The user from root's /etc/passwd, and its groups from /etc/group (the
 * files themselves, not NSS: they are root's). */
static void find_user(struct doctor *d)
{
	char p[PATH_MAX], buf[4096];
	struct passwd pwb = { .pw_name = NULL }, *pw;
	struct group grb = { .gr_name = NULL }, *gr;
	FILE *f;

	rooted(d, "/etc/passwd", p, sizeof(p));
	f = fopen(p, "r");
	while (f && fgetpwent_r(f, &pwb, buf, sizeof(buf), &pw) == 0)
		if (!strcmp(pw->pw_name, d->user)) {
			d->user_known = true;
			d->uid = pw->pw_uid;
			d->gid = pw->pw_gid;
			break;
		}
	if (f)
		fclose(f);
	rooted(d, "/etc/group", p, sizeof(p));
	f = fopen(p, "r");
	while (f && fgetgrent_r(f, &grb, buf, sizeof(buf), &gr) == 0) {
		bool in = d->user_known && gr->gr_gid == d->gid;

		for (char **m = gr->gr_mem; !in && *m; m++)
			in = !strcmp(*m, d->user);
		if (in && d->n_member < (int)(sizeof(d->member_of) / sizeof(d->member_of[0])))
			d->member_of[d->n_member++] = gr->gr_gid;
	}
	if (f)
		fclose(f);
}

/* 1 member, 0 not, -1 no such group in root's /etc/group */
static int user_in_group(const struct doctor *d, const char *name)
{
	char p[PATH_MAX], buf[4096];
	struct group grb = { .gr_name = NULL }, *gr;
	int r = -1;
	FILE *f;

	rooted(d, "/etc/group", p, sizeof(p));
	f = fopen(p, "r");
	while (f && fgetgrent_r(f, &grb, buf, sizeof(buf), &gr) == 0)
		if (!strcmp(gr->gr_name, name)) {
			r = 0;
			for (int i = 0; i < d->n_member; i++)
				if (d->member_of[i] == gr->gr_gid)
					r = 1;
			break;
		}
	if (f)
		fclose(f);
	return r;
}

static int doctor_prepare(struct doctor *d, const struct doctor_env *env)
{
	struct imu_thread_config ic;
	char p[PATH_MAX];

	memset(d, 0, sizeof(*d));
	d->env = env;
	d->root = env->root ? env->root : "";
	d->user = env->user ? env->user : DOCTOR_USER;
	if (env->config_path)
		snprintf(d->cfg_path, sizeof(d->cfg_path), "%s", env->config_path);
	else
		rooted(d, CONFIG_DEFAULT_PATH, d->cfg_path, sizeof(d->cfg_path));
	if (env->cfg) {
		d->cfg = *env->cfg;
		d->cfg_rc = 0;
	} else if (!env->config_path && !exists(d->cfg_path)) {
		config_defaults(&d->cfg);
		d->cfg_rc = -ENOENT;
	} else {
		d->cfg_rc = config_load(&d->cfg, d->cfg_path);
	}
	find_boot_txt(d);
	source_imu_config(&ic, &d->cfg.sensor);
	rooted(d, ic.bus_path, d->bus_path, sizeof(d->bus_path));
	d->bus_ok = exists(d->bus_path);
	rooted(d, "/sys/module/i2c_dev", p, sizeof(p));
	d->i2c_dev = d->bus_ok || exists(p);
	d->i2c_on = d->bus_ok || d->boot.i2c_arm == 1;
	find_user(d);
	return 0;
}

/* ---- the checks, in order ---- */

static void say(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
}
#define WHAT(...) say(l->what, sizeof(l->what), __VA_ARGS__)
#define FIX(...) say(l->fix, sizeof(l->fix), __VA_ARGS__)

static void check_i2c_config(struct doctor *d, struct doctor_line *l)
{
	if (d->boot.i2c_arm == 1) {
		WHAT("dtparam=i2c_arm=on in %s", d->boot_shown);
		return;
	}
	if (d->bus_ok) {
		WHAT("%s exists (%s does not switch i2c_arm on)", d->bus_path + strlen(d->root),
		     d->boot_path[0] ? d->boot_shown : "no config.txt");
		return;
	}
	l->status = DOCTOR_FAIL;
	if (!d->boot_path[0])
		WHAT("no %s or /boot/config.txt (not Raspberry Pi OS?), so no I2C bus", DOCTOR_BOOT_DEFAULT);
	else if (d->boot.i2c_arm == 0)
		WHAT("I2C is off: dtparam=i2c_arm=off in %s", d->boot_shown);
	else
		WHAT("I2C is off: no dtparam=i2c_arm=on in %s", d->boot_shown);
	FIX(FIX_I2C);
}

static void check_i2c_module(struct doctor *d, struct doctor_line *l)
{
	if (d->i2c_dev) {
		WHAT("loaded");
		return;
	}
	l->status = DOCTOR_FAIL;
	WHAT("not loaded (/sys/module/i2c_dev): no /dev/i2c-* nodes");
	FIX("sudo modprobe i2c-dev   (loaded at boot by /usr/lib/modules-load.d/stretchrep.conf)");
}

static void check_i2c_bus(struct doctor *d, struct doctor_line *l)
{
	const char *bus = d->bus_path + strlen(d->root);

	if (d->bus_ok) {
		WHAT("%s", bus);
		return;
	}
	l->status = DOCTOR_FAIL;
	WHAT("no %s ([sensor] bus)", bus);
	if (!d->i2c_on)
		FIX(FIX_I2C);
	else if (!d->i2c_dev)
		FIX("sudo modprobe i2c-dev");
	else
		FIX("sudo reboot   (I2C is switched on at boot; if it still lacks, ls /dev/i2c-* and set "
		    "[sensor] bus: sudoedit %s)", CONFIG_DEFAULT_PATH);
}

static void check_groups(struct doctor *d, struct doctor_line *l)
{
	char missing[128] = "", absent[128] = "";
	const bool service = !strcmp(d->user, DOCTOR_USER);

	if (d->env->at_start && !strcmp(d->user, "root")) {
		l->status = DOCTOR_SKIP;
		WHAT("root may open every device");
		return;
	}
	if (!d->user_known) {
		l->status = DOCTOR_FAIL;
		WHAT("no user %s", d->user);
		if (service)
			FIX("sudo systemd-sysusers   (the package's /usr/lib/sysusers.d/stretchrep.conf)");
		else
			FIX("sudo adduser --system %s", d->user);
		return;
	}
	for (size_t i = 0; i < sizeof(doctor_groups) / sizeof(doctor_groups[0]); i++) {
		int r = user_in_group(d, doctor_groups[i]);
		char *list = r < 0 ? absent : missing;

		if (r == 1)
			continue;
		snprintf(list + strlen(list), sizeof(missing) - strlen(list), "%s%s", list[0] ? "," : "",
			 doctor_groups[i]);
	}
	if (!missing[0] && !absent[0]) {
		WHAT("%s is in i2c, gpio, video, render, input and audio", d->user);
		return;
	}
	l->status = DOCTOR_FAIL;
	if (absent[0] && missing[0])
		WHAT("%s is not in %s, and there is no group %s", d->user, missing, absent);
	else if (absent[0])
		WHAT("no group %s for %s", absent, d->user);
	else
		WHAT("%s is not in %s", d->user, missing);
	if (service && absent[0])
		FIX("sudo systemd-sysusers && sudo systemctl restart stretchrep");
	else if (service)
		FIX("sudo usermod -aG %s %s && sudo systemctl restart stretchrep", missing, d->user);
	else if (absent[0])
		FIX("sudo groupadd --system %s; sudo usermod -aG %s%s%s %s, then log in again", absent, absent,
		    missing[0] ? "," : "", missing, d->user);
	else
		FIX("sudo usermod -aG %s %s, then log in again", missing, d->user);
}

static void silent(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

/* Reads for seconds: the mean acceleration vector and mean |gyro|. */
static int sensor_mean(struct imu *imu, double seconds, double acc[3], double *gyr_dps, long *n)
{
	static struct imu_sample buf[256];
	int64_t end = clock_mono_ns() + (int64_t)(seconds * 1e9);
	struct timespec nap = { 0, 20 * 1000000L };

	*n = 0;
	*gyr_dps = acc[0] = acc[1] = acc[2] = 0;
	while (clock_mono_ns() < end) {
		nanosleep(&nap, NULL);
		int k = imu_read(imu, clock_mono_ns(), buf, sizeof(buf) / sizeof(buf[0]));

		if (k < 0)
			return k;
		for (int i = 0; i < k; i++, (*n)++) {
			for (int j = 0; j < 3; j++)
				acc[j] += buf[i].acc_g[j];
			*gyr_dps += sqrt(buf[i].gyr_dps[0] * buf[i].gyr_dps[0] + buf[i].gyr_dps[1] * buf[i].gyr_dps[1] +
					 buf[i].gyr_dps[2] * buf[i].gyr_dps[2]);
		}
	}
	if (!*n)
		return -ENODATA;
	for (int j = 0; j < 3; j++)
		acc[j] /= (double)*n;
	*gyr_dps /= (double)*n;
	return 0;
}

/* The self-check on an open sensor: the configuration reads back, samples
 * arrive, 1 g at rest, the gyro's offset within the datasheet's (orient's
 * judgement through probe's gyro check, still steps only). */
static void sensor_self_check(struct doctor *d, struct imu *imu, struct doctor_line *l)
{
	double still_s = d->env->sensor_still_s > 0 ? d->env->sensor_still_s : DOCTOR_STILL_S;
	const struct gyro_check_plan plan = { .still_s = still_s / 2, .turn_s = 0 };
	struct gyro_check_result gc = { .samples = 0 };
	struct imu_info info;
	double acc[3] = { 0 }, g, gyr = 0;
	long n;
	int rc;

	imu_get_info(imu, &info);
	rc = imu_check(imu);
	if (rc == 0)
		rc = sensor_mean(imu, 0.4, acc, &gyr, &n);
	if (rc == 0)
		rc = gyro_check_run(imu, &plan, silent, NULL, &gc);
	if (rc < 0) {
		l->status = DOCTOR_FAIL;
		WHAT("%s at 0x%02x answers but fails its self-check: %s", info.name, info.addr,
		     rc == -ERESTART ? "its configuration does not read back"
		     : rc == -ENODATA ? "it sends no samples" : strerror(-rc));
		FIX("unplug the sensor for 5 s (or power the Pi off), then stretchrep probe");
		return;
	}
	g = sqrt(acc[0] * acc[0] + acc[1] * acc[1] + acc[2] * acc[2]);
	if (gyr < DOCTOR_STILL_DPS && fabs(g - 1.0) > DOCTOR_ACC_TOL_G) {
		l->status = DOCTOR_FAIL;
		WHAT("%s at 0x%02x reads %.2f g lying still (1 g expected)", info.name, info.addr, g);
		FIX("check [sensor] accel_range_g (stretchrep check-config --dump); else replace the part");
		return;
	}
	if (gc.gyro.bias_known && gc.gyro.bias_out_of_tol) {
		double b = sqrt(gc.gyro.bias_dps[0] * gc.gyro.bias_dps[0] + gc.gyro.bias_dps[1] * gc.gyro.bias_dps[1] +
				gc.gyro.bias_dps[2] * gc.gyro.bias_dps[2]);

		l->status = DOCTOR_FAIL;
		WHAT("%s at 0x%02x: gyroscope offset %.1f deg/s at rest, beyond its datasheet (+-20)",
		     info.name, info.addr, b);
		FIX("stretchrep probe --check-gyro   (the kiosk corrects it, but the part is suspect)");
		return;
	}
	if (gyr >= DOCTOR_STILL_DPS || !gc.gyro.bias_known)
		WHAT("%s at 0x%02x (WHO_AM_I 0x%02x), %.0f Hz, samples arrive; it was moving: lay it still "
		     "and run again to check 1 g and the gyro offset", info.name, info.addr, info.whoami, info.odr_hz);
	else
		WHAT("%s at 0x%02x (WHO_AM_I 0x%02x), %.0f Hz, %.2f g at rest, gyro offset within tolerance",
		     info.name, info.addr, info.whoami, info.odr_hz, g);
}

static void check_sensor(struct doctor *d, struct doctor_line *l)
{
	const struct doctor_env *env = d->env;
	const char *bus_name = d->bus_path + strlen(d->root);
	const char *num = strstr(bus_name, "i2c-");
	struct imu_thread_config ic;
	struct i2cdev *dev = NULL;
	struct regbus bus;
	struct imu *imu;
	char holder[32];
	long user;
	int rc;

	if (!d->bus_ok) {
		l->status = DOCTOR_SKIP;
		WHAT("needs the I2C bus");
		return;
	}
	/* the probe resets the sensor: never under a running kiosk */
	user = file_holder_find(d->root, bus_name, holder, sizeof(holder));
	if (user) {
		l->status = DOCTOR_SKIP;
		WHAT("%s is open in process %ld (%s): not probed, a probe resets the sensor under it; "
		     "sudo systemctl stop stretchrep first to check it", bus_name, user, *holder ? holder : "the kiosk?");
		return;
	}
	source_imu_config(&ic, &d->cfg.sensor);
	if (env->open_bus) {
		rc = env->open_bus(env->bus_ctx, d->bus_path, &bus);
	} else {
		rc = i2cdev_open(d->bus_path, &dev);
		if (rc == 0)
			bus = i2cdev_regbus(dev);
	}
	if (rc == 0) {
		rc = imu_probe(&bus, &ic.imu, &imu);
		if (rc == 0) {
			sensor_self_check(d, imu, l);
			imu_close(imu);
		}
		if (env->open_bus && env->close_bus)
			env->close_bus(env->bus_ctx);
		i2cdev_close(dev);
	}
	if (rc == 0)
		return;
	l->status = DOCTOR_FAIL;
	if (rc == -ENODEV)   /* imu_explain's wiring advice is the fix here */
		WHAT("no sensor answers on %s at 0x68, 0x69, 0x6a or 0x6b", bus_name);
	else
		imu_explain(rc, bus_name, l->what, sizeof(l->what));
	if (rc == -EACCES || rc == -EPERM)
		FIX("sudo stretchrep doctor   (this user may not open %s; the kiosk's is checked under groups)",
		    bus_name);
	else
		FIX("check the wiring (SDA pin 3, SCL pin 5, 3.3 V pin 1, GND pin 6); then "
		    "i2cdetect -y %s shows 68, 69, 6a or 6b", num ? num + 4 : "1");
}

static void check_gpio(struct doctor *d, struct doctor_line *l)
{
	const struct config_gpio *g = &d->cfg.gpio;
	struct gpio_config gc;
	struct gpio_hw *hw;
	const char *labels[2];
	char dev[PATH_MAX];
	int rc;

	if (g->start_line == CONFIG_LINE_NONE && g->next_line == CONFIG_LINE_NONE &&
	    g->calibrate_line == CONFIG_LINE_NONE && g->buzzer_line == CONFIG_LINE_NONE &&
	    g->led_line == CONFIG_LINE_NONE) {
		WHAT("no button, buzzer or LED in [gpio]");
		return;
	}
	kiosk_gpio_lines(g, &gc, labels);   /* the kiosk's chip and lines */
	rooted(d, "/dev", dev, sizeof(dev));
	gc.dev_dir = dev;
	gc.consumer = "stretchrep doctor";
	rc = gpio_open(&gc, &hw);
	if (rc == 0) {
		WHAT("%s (%s), the [gpio] lines free", gpio_chip_label(hw), gpio_chip_path(hw) + strlen(d->root));
		gpio_close(hw);
		return;
	}
	if (rc == -EBUSY) {
		WHAT("found; a [gpio] line is held by another program (the kiosk running? gpioinfo says)");
		return;
	}
	l->status = DOCTOR_FAIL;
	if (rc == -ENOENT) {
		if (strcmp(g->chip, "auto") != 0)
			WHAT("no /dev/gpiochip* labelled %s ([gpio] chip)", g->chip);
		else
			WHAT("no /dev/gpiochip* labelled pinctrl-bcm2835, pinctrl-bcm2711 or pinctrl-rp1 "
			     "(not a Raspberry Pi?)");
		FIX("gpioinfo lists the chips: set [gpio] chip, or its lines to none: sudoedit %s",
		    CONFIG_DEFAULT_PATH);
	} else if (rc == -EACCES || rc == -EPERM) {
		WHAT("this user may not open /dev/gpiochip*");
		FIX("sudo stretchrep doctor   (the kiosk's user is checked under groups)");
	} else {
		WHAT("GPIO: %s", strerror(-rc));
		FIX("check [gpio] in the settings: stretchrep check-config");
	}
}

/* A connector's name from its sysfs directory (".../card1-HDMI-A-1/status"
 * gives "HDMI-A-1"), into out. */
static void drm_connector_name(const char *status_path, char *out, size_t n)
{
	const char *end = strrchr(status_path, '/'), *start = end, *dash;

	while (start > status_path && start[-1] != '/')
		start--;
	dash = memchr(start, '-', (size_t)(end - start));
	if (dash)
		start = dash + 1;
	snprintf(out, n, "%.*s", (int)(end - start), start);
}

/*
 * A card that can drive a screen lists its outputs in sysfs, each with its
 * state (/sys/class/drm/cardN-HDMI-A-1/status: connected, disconnected or
 * unknown); the Pi 4's and 5's v3d GPU is a card with none (it renders,
 * shows nothing), so a /dev/dri/card* alone proves no display. Without
 * /sys/class/drm (a container, a fake root) the card node is all there is
 * to go by.
 */
static void check_display(struct doctor *d, struct doctor_line *l)
{
	char pat[PATH_MAX], state[32], conn[48], off[96] = "";
	size_t used = 0;
	bool outputs = false;
	glob_t g;

	rooted(d, "/sys/class/drm/card*-*/status", pat, sizeof(pat));
	if (glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			FILE *f = fopen(g.gl_pathv[i], "re");

			state[0] = '\0';
			if (f) {
				if (!fgets(state, sizeof(state), f))
					state[0] = '\0';
				fclose(f);
			}
			state[strcspn(state, "\n")] = '\0';
			drm_connector_name(g.gl_pathv[i], conn, sizeof(conn));
			outputs = true;
			if (!strcmp(state, "connected") || !strcmp(state, "unknown")) {
				WHAT("a screen on %s%s", conn, state[0] == 'u' ? " (it cannot tell whether one is plugged in)" : "");
				globfree(&g);
				return;
			}
			if (used < sizeof(off))
				used += (size_t)snprintf(off + used, sizeof(off) - used, "%s%s", used ? ", " : "", conn);
		}
	}
	globfree(&g);
	if (outputs) {
		l->status = DOCTOR_FAIL;
		WHAT("no screen connected (%s: nothing plugged in)", off);
		FIX("plug the screen into HDMI 0 (next to the power socket on a Pi 4 or 5), then sudo systemctl "
		    "restart stretchrep");
		return;
	}
	if (any_match(d, "/dev/dri/card*")) {
		if (!any_match(d, "/sys/class/drm/card*")) {
			WHAT("a KMS device (/dev/dri/card*; its outputs not listed: no /sys/class/drm)");
			return;
		}
		l->status = DOCTOR_FAIL;
		WHAT("only a GPU with no display outputs (/dev/dri/card*): the KMS display driver is not loaded%s",
		     d->boot.kms ? "" : " (not in config.txt)");
		FIX("echo dtoverlay=vc4-kms-v3d | sudo tee -a %s && sudo reboot", d->boot_shown);
		return;
	}
	l->status = DOCTOR_FAIL;
	WHAT("no /dev/dri/card*: no KMS display driver%s", d->boot.kms ? "" : " in config.txt");
	if (d->boot.kms)
		FIX("connect the screen (HDMI 0 on a Pi 4 or 5) and sudo reboot");
	else
		FIX("echo dtoverlay=vc4-kms-v3d | sudo tee -a %s && sudo reboot", d->boot_shown);
}

static void check_sound(struct doctor *d, struct doctor_line *l)
{
	if (d->cfg.audio.mute) {
		WHAT("muted in the settings ([audio] mute)");
		return;
	}
	if (any_match(d, "/dev/snd/pcmC*D*p")) {
		WHAT("an ALSA playback device (/dev/snd/pcmC*D*p)");
		return;
	}
	l->status = DOCTOR_FAIL;
	WHAT("no sound device (/dev/snd/pcmC*D*p): the cues stay silent");
	if (d->boot_path[0] && d->boot.audio != 1)
		FIX("echo dtparam=audio=on | sudo tee -a %s && sudo reboot", d->boot_shown);
	else
		FIX("plug in a USB sound card or an HDMI screen with speakers, then sudo reboot "
		    "(or [audio] mute = true)");
}

static void check_settings(struct doctor *d, struct doctor_line *l)
{
	const char *shown = d->env->config_path ? d->cfg_path : CONFIG_DEFAULT_PATH;

	if (d->cfg_rc == -ENOENT && !d->env->config_path) {
		WHAT("no %s: the built-in defaults", shown);
		return;
	}
	if (d->cfg_rc == 0 && d->cfg.n_problems == 0) {
		WHAT("%s: no problems", shown);
		return;
	}
	l->status = DOCTOR_FAIL;
	if (d->cfg_rc < 0)
		WHAT("%s: %s", shown, strerror(-d->cfg_rc));
	else
		WHAT("%d problem%s; the first: %s", d->cfg.n_problems, d->cfg.n_problems == 1 ? "" : "s",
		     d->cfg.problems[0].text + (strncmp(d->cfg.problems[0].text, d->root, strlen(d->root)) != 0 ? 0
											: strlen(d->root)));
	FIX("sudoedit %s   (stretchrep check-config %s lists them all)", shown, shown);
}

/* May the user write in (dir) or to (file) st? */
static bool user_may_write(const struct doctor *d, const struct stat *st, bool dir)
{
	mode_t w = dir ? S_IWUSR | S_IXUSR : S_IWUSR;
	bool in_group = st->st_gid == d->gid;

	if (d->uid == 0)
		return true;
	if (st->st_uid == d->uid)
		return (st->st_mode & w) == w;
	for (int i = 0; i < d->n_member; i++)
		in_group |= d->member_of[i] == st->st_gid;
	if (in_group)
		return (st->st_mode & (w >> 3)) == (w >> 3);
	return (st->st_mode & (w >> 6)) == (w >> 6);
}

static void check_history(struct doctor *d, struct doctor_line *l)
{
	char dir[PATH_MAX], file[PATH_MAX + 32];
	struct stat st;

	if (!d->user_known) {
		l->status = DOCTOR_SKIP;
		WHAT("needs the user %s", d->user);
		return;
	}
	rooted(d, DOCTOR_STATE_DIR, dir, sizeof(dir));
	snprintf(file, sizeof(file), "%s/history.sqlite3", dir);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		l->status = DOCTOR_FAIL;
		WHAT("no directory %s", DOCTOR_STATE_DIR);
		FIX("sudo install -d -o %s -g %s -m 0750 %s", d->user, d->user, DOCTOR_STATE_DIR);
		return;
	}
	if (!user_may_write(d, &st, true)) {
		l->status = DOCTOR_FAIL;
		WHAT("%s may not write in %s (owner %u:%u, mode %04o)", d->user, DOCTOR_STATE_DIR,
		     (unsigned)st.st_uid, (unsigned)st.st_gid, (unsigned)(st.st_mode & 07777));
		FIX("sudo chown -R %s: %s && sudo chmod 0750 %s", d->user, DOCTOR_STATE_DIR, DOCTOR_STATE_DIR);
		return;
	}
	if (stat(file, &st) == 0 && !user_may_write(d, &st, false)) {
		l->status = DOCTOR_FAIL;
		WHAT("%s may not write %s/history.sqlite3 (owner %u:%u, mode %04o)", d->user, DOCTOR_STATE_DIR,
		     (unsigned)st.st_uid, (unsigned)st.st_gid, (unsigned)(st.st_mode & 07777));
		FIX("sudo chown -R %s: %s", d->user, DOCTOR_STATE_DIR);
		return;
	}
	WHAT("%s, writable by %s", DOCTOR_STATE_DIR, d->user);
}

/* One row per check, in the order a Pi is set up. at_start: the kiosk runs
 * it when it starts (quick, and about what the kiosk cannot see itself). */
static const struct doctor_check {
	const char *name;
	void (*fn)(struct doctor *d, struct doctor_line *l);
	bool at_start;
} checks[] = {
	{ "I2C enabled", check_i2c_config, true },
	{ "i2c-dev module", check_i2c_module, true },
	{ "I2C bus", check_i2c_bus, true },
	{ "groups", check_groups, true },
	{ "sensor", check_sensor, false },
	{ "GPIO chip", check_gpio, false },
	{ "display", check_display, false },
	{ "sound", check_sound, true },
	{ "settings", check_settings, false },
	{ "history", check_history, false },
};

int doctor_run(const struct doctor_env *env, doctor_report_fn report, void *ctx)
{
	struct doctor *d = malloc(sizeof(*d));
	int failed = 0;

	if (!d)
		return -ENOMEM;
	doctor_prepare(d, env);
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		struct doctor_line l = { .name = checks[i].name, .status = DOCTOR_OK };

		if (env->at_start && !checks[i].at_start)
			continue;
		checks[i].fn(d, &l);
		failed += l.status == DOCTOR_FAIL;
		report(ctx, &l);
	}
	free(d);
	return failed;
}

struct first {
	char *buf;
	size_t len;
};

static void keep_first(void *ctx, const struct doctor_line *l)
{
	struct first *f = ctx;

	if (l->status == DOCTOR_FAIL && !f->buf[0])
		snprintf(f->buf, f->len, "%s: %s; fix: %s", l->name, l->what, l->fix);
}

int doctor_first_failure(const struct doctor_env *env, char *buf, size_t len)
{
	struct first f = { buf, len };

	buf[0] = '\0';
	return doctor_run(env, keep_first, &f);
}

/* ---- the command ---- */

static void doctor_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep doctor [--config FILE] [--user NAME] [--root DIR]\n"
		   "Checks, in order, what the kiosk needs on a Raspberry Pi: I2C switched on, the\n"
		   "i2c-dev module and the bus, the service user's groups, the sensor and its\n"
		   "self-check (lay it still), the GPIO chip, the display (KMS), the sound device,\n"
		   "the settings and the history's directory. Each line says OK, or FAIL and the\n"
		   "command that fixes it. Run it as root (sudo) to open the devices.\n"
		   "  --config FILE  settings (default %s; missing: the defaults)\n"
		   "  --user NAME    the kiosk's user (default %s)\n"
		   "  --root DIR     read /dev, /proc, /sys, /etc, /boot, /var under DIR (tests; also $%s)\n"
		   "Exit status 0 when every check passed, 1 when one failed, 2 bad usage.\n",
		CONFIG_DEFAULT_PATH, DOCTOR_USER, DOCTOR_ROOT_ENV);
}

static void print_line(void *ctx, const struct doctor_line *l)
{
	static const char *const word[] = { [DOCTOR_OK] = "OK", [DOCTOR_FAIL] = "FAIL", [DOCTOR_SKIP] = "SKIP" };

	(void)ctx;
	printf("%-4s  %-14s  %s\n", word[l->status], l->name, l->what);
	if (l->status == DOCTOR_FAIL && l->fix[0])
		printf("      %-14s  fix: %s\n", "", l->fix);
	fflush(stdout);
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "user", required_argument, NULL, 'u' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct doctor_env env = { .root = getenv(DOCTOR_ROOT_ENV) };
	struct stat st;
	int c, failed;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			env.config_path = optarg;
			break;
		case 'u':
			env.user = optarg;
			break;
		case 'r':
			env.root = optarg;
			break;
		case 'h':
			doctor_usage(stdout);
			return 0;
		default:
			doctor_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		doctor_usage(stderr);
		return EXIT_USAGE;
	}
	if (env.root && env.root[0] && (stat(env.root, &st) || !S_ISDIR(st.st_mode))) {
		fprintf(stderr, "stretchrep doctor: --root %s: not a directory\n", env.root);
		return EXIT_USAGE;
	}
	if (env.config_path && stat(env.config_path, &st)) {
		fprintf(stderr, "stretchrep doctor: --config %s: %s\n", env.config_path, strerror(errno));
		return EXIT_USAGE;
	}
	failed = doctor_run(&env, print_line, NULL);
	if (failed < 0) {
		fprintf(stderr, "stretchrep doctor: %s\n", strerror(-failed));
		return 1;
	}
	if (failed)
		printf("doctor: %d check%s failed: the fixes above, in order, then run it again\n", failed,
		       failed == 1 ? "" : "s");
	else
		printf("doctor: everything the kiosk needs is there\n");
	return failed ? 1 : 0;
}
