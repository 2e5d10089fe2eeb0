// SPDX-License-Identifier: MIT
/* kiosk_export — the history onto a USB stick (kiosk_export.h). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "kiosk/kiosk_export.h"
#include "report/report_pdf.h"
#include "report/report_store.h"
#include "safe_file.h"
#include "store/history.h"
#include "store/patients.h"

#define EXPORT_PATIENTS_MAX 1000
#define EXPORT_PATH_MAX 4096

/* ---- the export ------------------------------------------------------- */

static int fail(struct kiosk_export_result *res, int rc, const char *what, const char *detail)
{
	if (!res->rc) {
		int n = snprintf(res->why, sizeof(res->why), "%s: %s", what, detail && *detail ? detail : strerror(-rc));

		res->rc = rc;
		if (n >= (int)sizeof(res->why))   /* cut: the start says what */
			res->why[sizeof(res->why) - 1] = '\0';
	}
	return rc;
}

/* One CSV of the history into dir/name, whole or not at all; *rows its
 * data lines (names cannot hold a line break: patients.h). */
static int write_csv(struct history *h, int (*export_csv)(struct history *, FILE *), const char *dir,
		     const char *name, int *rows, struct kiosk_export_result *res)
{
	char path[EXPORT_PATH_MAX], why[EXPORT_PATH_MAX + 64];
	struct safe_file *sf;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc;

	if (!mem)
		return fail(res, -ENOMEM, name, NULL);
	rc = export_csv(h, mem);
	fclose(mem);
	if (rc) {
		free(buf);
		return fail(res, rc, name, history_errmsg(h));
	}
	*rows = -1;   /* the header */
	for (size_t i = 0; i < len; i++)
		*rows += buf[i] == '\n';
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	rc = safe_file_open(&sf, path, why, sizeof(why));
	if (!rc) {
		if (fwrite(buf, 1, len, safe_file_stream(sf)) != len) {
			safe_file_abort(sf);
			rc = -EIO;
			snprintf(why, sizeof(why), "%s: write failed", path);
		} else {
			rc = safe_file_commit(sf, why, sizeof(why));
		}
	}
	free(buf);
	return rc ? fail(res, rc, name, why) : 0;
}

/* A file name a FAT or exFAT stick takes: what those refuse ("*:<>?\|/ and
 * control characters) becomes '_', and no leading dot or trailing dot or
 * space. */
static void file_name(const char *name, char *out, size_t len)
{
	size_t n = 0;

	for (const char *p = name; *p && n + 1 < len; p++)
		out[n++] = (unsigned char)*p < 0x20 || strchr("\"*:<>?\\|/", *p) ? '_' : *p;
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == '.' || out[n - 1] == ' '))
		out[--n] = '\0';
	if (out[0] == '.' || n == 0)
		out[0] = '_', out[n ? n : 1] = '\0';
}

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct patient *)a)->id, y = ((const struct patient *)b)->id;

	return (x > y) - (x < y);
}

static int write_reports(struct history *h, const char *dir, int64_t now, struct kiosk_export_result *res)
{
	struct patient *p = calloc(EXPORT_PATIENTS_MAX, sizeof(*p));
	struct report_model *m = malloc(sizeof(*m));
	char base[PATIENT_NAME_BYTES], path[EXPORT_PATH_MAX], why[EXPORT_PATH_MAX + 64];
	int n, rc = 0;

	if (!p || !m) {
		rc = fail(res, -ENOMEM, "reports", NULL);
		goto out;
	}
	n = patient_list(h, false, p, EXPORT_PATIENTS_MAX);
	if (n < 0) {
		rc = fail(res, n, "patients", history_errmsg(h));
		goto out;
	}
	qsort(p, (size_t)n, sizeof(p[0]), by_id);   /* the first-added keeps the plain name */
	for (int i = 0; i < n; i++) {
		struct stat st;

		int len;

		file_name(p[i].name, base, sizeof(base));
		len = snprintf(path, sizeof(path), "%s/%s.pdf", dir, base);
		if (len < (int)sizeof(path) && lstat(path, &st) == 0)   /* two names the same once made safe */
			len = snprintf(path, sizeof(path), "%s/%s (%lld).pdf", dir, base, (long long)p[i].id);
		if (len >= (int)sizeof(path)) {
			rc = fail(res, -ENAMETOOLONG, dir, NULL);
			goto out;
		}
		rc = report_model_fill_id(h, p[i].id, p[i].name, now, m, why, sizeof(why));
		if (rc) {
			fail(res, rc, p[i].name, why);
			goto out;
		}
		rc = report_pdf_save(m, path, why, sizeof(why));
		if (rc) {
			fail(res, rc, "report", why);
			goto out;
		}
		res->patients++;
	}
out:
	free(p);
	free(m);
	return rc;
}

/* The new folder: dest/KIOSK_EXPORT_PREFIX"YYYYMMDD-HHMM", or with "-2",
 * "-3"... when taken. 0 and its path, or -errno. */
static int make_folder(const char *dest, int64_t now, char *path, size_t len, struct kiosk_export_result *res)
{
	time_t t = (time_t)now;
	struct tm tm;
	char stamp[32];

	if (!localtime_r(&t, &tm) || !strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M", &tm))
		snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(res->folder, sizeof(res->folder), KIOSK_EXPORT_PREFIX "%s", stamp);
		else
			snprintf(res->folder, sizeof(res->folder), KIOSK_EXPORT_PREFIX "%s-%d", stamp, i);
		snprintf(path, len, "%s/%s", dest, res->folder);
		if (mkdir(path, 0755) == 0)
			return 0;
		if (errno != EEXIST)
			return fail(res, -errno, dest, NULL);
	}
	return fail(res, -EEXIST, dest, "99 exports this minute");
}

int kiosk_export_write(const char *db_path, const char *dest, int64_t now, struct kiosk_export_result *res)
{
	struct history *h = NULL;
	char dir[EXPORT_PATH_MAX];
	int rc, reps, fd;

	memset(res, 0, sizeof(*res));
	rc = history_open_readonly(&h, db_path);
	if (rc)
		return fail(res, rc, "history", NULL);
	rc = make_folder(dest, now, dir, sizeof(dir), res);
	if (!rc)
		rc = write_csv(h, history_export_sessions_csv, dir, "sessions.csv", &res->sessions, res);
	if (!rc)
		rc = write_csv(h, history_export_reps_csv, dir, "reps.csv", &reps, res);
	if (!rc)
		rc = write_reports(h, dir, now, res);
	history_close(h);
	/* Each file was fsynced with its directory; syncfs flushes whatever
	 * else of the stick's file system (FAT tables) is still in memory. */
	fd = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		if (syncfs(fd) && !rc)
			rc = fail(res, -errno, "sync", NULL);
		close(fd);
	}
	return rc;
}

/* ---- the watch -------------------------------------------------------- */

struct kiosk_export {
	char *dir, *db_path;
	kiosk_export_mounted_fn mounted;
	void *ctx;
	int epfd, mountinfo, done;   /* done: the thread's eventfd */
	bool was_mounted;
	bool running;                /* a thread to join */
	bool exported;               /* a thread ran (report_pdf_cleanup at close) */
	pthread_t thread;
	struct kiosk_export_result res;
};

bool kiosk_export_is_mount(const char *dir, void *ctx)
{
	char up[EXPORT_PATH_MAX];
	struct stat a, b;

	(void)ctx;
	snprintf(up, sizeof(up), "%s/..", dir);
	if (stat(dir, &a) || stat(up, &b) || !S_ISDIR(a.st_mode))
		return false;
	return a.st_dev != b.st_dev;
}

static void *export_thread(void *arg)
{
	struct kiosk_export *e = arg;
	uint64_t one = 1;

	kiosk_export_write(e->db_path, e->dir, (int64_t)time(NULL), &e->res);
	if (write(e->done, &one, sizeof(one)) < 0) {
		/* an eventfd write fails only on overflow: the loop wakes anyway */
	}
	return NULL;
}

int kiosk_export_open(struct kiosk_export **out, const char *dir, const char *db_path,
		      kiosk_export_mounted_fn mounted, void *ctx)
{
	struct kiosk_export *e = calloc(1, sizeof(*e));
	struct epoll_event ev = { 0 };
	int rc;

	*out = NULL;
	if (!e)
		return -ENOMEM;
	e->epfd = e->mountinfo = e->done = -1;
	e->dir = strdup(dir);
	e->db_path = strdup(db_path);
	e->mounted = mounted ? mounted : kiosk_export_is_mount;
	e->ctx = ctx;
	if (!e->dir || !e->db_path) {
		rc = -ENOMEM;
		goto fail;
	}
	e->epfd = epoll_create1(EPOLL_CLOEXEC);
	e->done = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (e->epfd < 0 || e->done < 0) {
		rc = -errno;
		goto fail;
	}
	ev.events = EPOLLIN;
	if (epoll_ctl(e->epfd, EPOLL_CTL_ADD, e->done, &ev)) {
		rc = -errno;
		goto fail;
	}
	/* the mount table: without it (no /proc) only the thread wakes us */
	e->mountinfo = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	ev.events = EPOLLPRI;
	if (e->mountinfo >= 0 && epoll_ctl(e->epfd, EPOLL_CTL_ADD, e->mountinfo, &ev)) {
		close(e->mountinfo);
		e->mountinfo = -1;
	}
	e->was_mounted = e->mounted(e->dir, e->ctx);
	*out = e;
	return 0;
fail:
	kiosk_export_close(e);
	return rc;
}

int kiosk_export_fd(const struct kiosk_export *e)
{
	return e->epfd;
}

bool kiosk_export_handle(struct kiosk_export *e, char *notice, size_t len)
{
	struct epoll_event ev[4];
	uint64_t n;
	bool mounted;

	/* Harvested, not trusted: mountinfo's readiness is taken by whichever
	 * poll sees it first (proc(5)), the kiosk's ppoll on the epoll set
	 * included, so the mount is judged again on every call; the eventfd
	 * stays readable until read below. */
	epoll_wait(e->epfd, ev, 4, 0);
	if (e->running && read(e->done, &n, sizeof(n)) == (ssize_t)sizeof(n)) {
		pthread_join(e->thread, NULL);
		e->running = false;
		if (e->res.rc)
			snprintf(notice, len, "USB export failed: %s", e->res.why);
		else
			snprintf(notice, len, "Exported %d patient%s to USB \xe2\x80\x94 you can remove it", e->res.patients,
				 e->res.patients == 1 ? "" : "s");
		return true;
	}
	mounted = e->mounted(e->dir, e->ctx);
	if (mounted && !e->was_mounted && !e->running) {
		e->was_mounted = true;
		memset(&e->res, 0, sizeof(e->res));
		if (pthread_create(&e->thread, NULL, export_thread, e)) {
			snprintf(notice, len, "USB export failed: no thread");
			return true;
		}
		e->running = true;
		e->exported = true;
		snprintf(notice, len, "Writing to the USB stick \xe2\x80\x94 leave it in");
		return true;
	}
	if (!mounted && e->was_mounted && !e->running) {
		e->was_mounted = false;
		snprintf(notice, len, "%s", "");   /* the stick is out: the line goes */
		return true;
	}
	return false;
}

void kiosk_export_close(struct kiosk_export *e)
{
	if (!e)
		return;
	if (e->running)
		pthread_join(e->thread, NULL);
	if (e->exported)   /* no PDF is drawn any more: cairo's font caches go */
		report_pdf_cleanup();
	if (e->epfd >= 0)
		close(e->epfd);
	if (e->mountinfo >= 0)
		close(e->mountinfo);
	if (e->done >= 0)
		close(e->done);
	free(e->dir);
	free(e->db_path);
	free(e);
}
