// SPDX-License-Identifier: MIT
/*
 * Sample sources: the simulated patient and trace replay, both paced by
 * their own sample times against the kiosk's clock.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/sim_legs.h"
#include "source/feed.h"
#include "err_words.h"
#include "source/source.h"
#include "trace_file.h"

/* Pacing shared by sim and replay: sample time t is due once
 * (now - wall0) * speed >= t - t0, both origins taken at the first poll. */
struct pace {
	double speed;
	bool started;
	double wall0_s, t0_s;
};

static bool pace_due(struct pace *p, double now_s, double t_s)
{
	if (!p->started) {
		p->started = true;
		p->wall0_s = now_s;
		p->t0_s = t_s;
	}
	return (now_s - p->wall0_s) * p->speed >= t_s - p->t0_s;
}

static double pace_wait(const struct pace *p, double now_s, double t_s)
{
	double w;

	if (!p->started)
		return 0.0;
	w = (t_s - p->t0_s) / p->speed - (now_s - p->wall0_s);
	return w > 0.0 ? w : 0.0;
}

/* source_wrap, or impl (calloc'd by the caller) freed when it fails. */
static int wrap_or_free(struct source **out, const struct source_ops *ops, void *impl)
{
	int rc = source_wrap(out, ops, impl);

	if (rc)
		free(impl);
	return rc;
}

/* ---- simulated patient ---- */

struct sim_src {
	struct sim sim;
	struct sim_settings set;
	uint64_t runs;       /* rewinds so far: each session a new seed */
	struct pace pace;
	struct sample next;
	bool have_next, ended;
};

static bool sim_src_peek(struct sim_src *s)
{
	if (!s->have_next && !s->ended) {
		if (sim_next(&s->sim, &s->next))
			s->have_next = true;
		else
			s->ended = true;
	}
	return s->have_next;
}

static int sim_src_poll(void *impl, double now_s, struct sample *out)
{
	struct sim_src *s = impl;

	if (!sim_src_peek(s))
		return -ENODATA;
	if (!pace_due(&s->pace, now_s, s->next.t_s))
		return 0;
	*out = s->next;
	s->have_next = false;
	return 1;
}

static double sim_src_wait(void *impl, double now_s)
{
	struct sim_src *s = impl;

	if (!sim_src_peek(s))
		return -1.0;
	return pace_wait(&s->pace, now_s, s->next.t_s);
}

/* A simulated patient's status: always there, a demo, a script. */
static void sim_status(struct source_status *st, const char *what)
{
	memset(st, 0, sizeof(*st));
	st->connected = true;
	st->demo = true;
	st->simulated = true;
	st->scripted = true;
	snprintf(st->what, sizeof(st->what), "%s", what);
}

static void sim_src_status(void *impl, struct source_status *st)
{
	(void)impl;
	sim_status(st, "a simulated patient moves the gauge (no sensor)");
}

/* Each session the virtual patient gets on the mat afresh: the script
 * starts at rest (so calibration is quick), with the next seed. */
static int sim_src_rewind(void *impl)
{
	struct sim_src *s = impl;
	struct sim_settings set = s->set;

	set.seed += s->runs++;
	sim_init(&s->sim, &set);
	s->have_next = s->ended = false;
	s->pace.started = false;
	return 0;
}

static const struct source_ops sim_src_ops = {
	.poll = sim_src_poll,
	.wait_s = sim_src_wait,
	.status = sim_src_status,
	.close = free,
	.rewind = sim_src_rewind,
};

int source_open_sim(struct source **out, const struct sim_settings *set, double speed)
{
	struct sim_src *s;

	if (speed <= 0.0)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->set = set ? *set : sim_default_settings;
	sim_init(&s->sim, &s->set);
	s->pace.speed = speed;
	return wrap_or_free(out, &sim_src_ops, s);
}

/* ---- the virtual patient on both legs, two sensors ---- */

struct sim_legs_src {
	struct sim_legs sim;
	struct sim_legs_settings set;
	uint64_t runs;
	struct pace pace;        /* one time line for both (they share it) */
	struct sim_legs_row row; /* the row being handed out */
	bool pending[2];         /* row.s[k] not handed out yet */
	bool ended;
};

/* Sensor k's next sample: from the row in hand, or the next row once the
 * row's samples are both out. NULL at the end. */
static const struct sample *sim_legs_peek(struct sim_legs_src *s, int k)
{
	if (!s->pending[0] && !s->pending[1] && !s->ended) {
		if (sim_legs_next(&s->sim, &s->row)) {
			s->pending[0] = s->row.has[0];
			s->pending[1] = s->row.has[1];
		} else {
			s->ended = true;
		}
	}
	return s->pending[k] ? &s->row.s[k] : NULL;
}

static int sim_legs_poll_k(struct sim_legs_src *s, int k, double now_s, struct sample *out)
{
	const struct sample *next = sim_legs_peek(s, k);

	if (!next)
		return s->ended ? -ENODATA : 0;   /* the other sensor's sample goes first */
	if (!pace_due(&s->pace, now_s, next->t_s))
		return 0;
	*out = *next;
	s->pending[k] = false;
	return 1;
}

static int sim_legs_src_poll(void *impl, double now_s, struct sample *out)
{
	return sim_legs_poll_k(impl, 0, now_s, out);
}

static int sim_legs_src_poll2(void *impl, double now_s, struct sample *out)
{
	return sim_legs_poll_k(impl, 1, now_s, out);
}

static double sim_legs_src_wait(void *impl, double now_s)
{
	struct sim_legs_src *s = impl;
	const struct sample *a = sim_legs_peek(s, 0), *b = sim_legs_peek(s, 1);
	double t;

	if (!a && !b)
		return -1.0;
	t = a && b ? (a->t_s < b->t_s ? a->t_s : b->t_s) : a ? a->t_s : b->t_s;
	return pace_wait(&s->pace, now_s, t);
}

static void sim_legs_src_status(void *impl, struct source_status *st)
{
	(void)impl;
	sim_status(st, "a simulated patient, a sensor on each leg (no sensor)");
}

static int sim_legs_src_rewind(void *impl)
{
	struct sim_legs_src *s = impl;
	struct sim_legs_settings set = s->set;

	set.leg.seed += s->runs++;
	sim_legs_init(&s->sim, &set);
	s->pending[0] = s->pending[1] = s->ended = false;
	s->pace.started = false;
	return 0;
}

static int sim_legs_src_sensors(void *impl, enum leg legs[2])
{
	(void)impl;
	legs[0] = LEG_LEFT;
	legs[1] = LEG_RIGHT;
	return 2;
}

static const struct source_ops sim_legs_src_ops = {
	.poll = sim_legs_src_poll,
	.wait_s = sim_legs_src_wait,
	.status = sim_legs_src_status,
	.close = free,
	.rewind = sim_legs_src_rewind,
	.sensors = sim_legs_src_sensors,
	.poll2 = sim_legs_src_poll2,
};

int source_open_sim_legs(struct source **out, const struct sim_legs_settings *set, double speed)
{
	struct sim_legs_src *s;

	if (speed <= 0.0)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (set)
		s->set = *set;
	else
		sim_legs_default_settings(&s->set);
	s->set.scenario = SIM_LEGS_TWO;   /* two sensors: the one both-legs sim with them */
	sim_legs_init(&s->sim, &s->set);
	s->pace.speed = speed;
	return wrap_or_free(out, &sim_legs_src_ops, s);
}

/* ---- trace replay ---- */

struct replay_src {
	struct trace_reader *r;   /* a regular file: read here (never waits) */
	struct feed *feed;        /* a pipe, FIFO or stdin: read on its own thread */
	const char *path;
	struct pace pace;
	struct trace_row row;    /* the line being handed out (two sensors: sensor k's when pending[k]) */
	bool pending[2];
	bool ended;
	bool said;           /* the bad line that ended it was logged */
	int failed;          /* -errno once the file went bad before any sample */
	char err[512];
};

/* A read of this input may wait (trace_file.h: up to TRACE_READ_TIMEOUT_S):
 * anything but a regular file. */
static bool input_may_wait(const char *path)
{
	struct stat st;
	int rc = strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &st) : stat(path, &st);

	return rc == 0 && !S_ISREG(st.st_mode);
}

/* Opens the input; one that may wait is read by a feed thread. */
static int replay_open_input(struct replay_src *s, char *err, size_t errlen)
{
	struct trace_reader *r;
	int rc;

	rc = trace_reader_open(&r, s->path, err, errlen);
	if (rc)
		return rc;
	if (!input_may_wait(s->path)) {
		s->r = r;
		return 0;
	}
	rc = feed_start(&s->feed, r);
	if (rc)
		snprintf(err, errlen, "%s: %s", s->path, strerror(-rc));
	return rc;
}

static void replay_close_input(struct replay_src *s)
{
	feed_stop(s->feed);
	s->feed = NULL;
	trace_reader_close(s->r);
	s->r = NULL;
}

/* 1 (the next line in s->row), 0 end of input, -EAGAIN nothing yet (a
 * feed), -errno. */
static int replay_read(struct replay_src *s)
{
	int rc;

	if (!s->feed)
		return trace_reader_next_row(s->r, &s->row, s->err, sizeof(s->err));
	rc = feed_next(s->feed, &s->row, s->err, sizeof(s->err));
	return rc == 0 ? -EAGAIN : rc == -ENODATA ? 0 : rc;
}

static long replay_count(const struct replay_src *s)
{
	return s->feed ? feed_count(s->feed) : trace_reader_count(s->r);
}

/* The trace's sensors: 0 until its header has been read. */
static int replay_n_sensors(const struct replay_src *s)
{
	return s->feed ? feed_sensors(s->feed) : trace_reader_sensors(s->r);
}

/* A line of either sensor is in hand. */
static bool replay_have_row(const struct replay_src *s)
{
	return s->pending[0] || s->pending[1];
}

static int replay_peek(struct replay_src *s)
{
	int rc;

	if (s->failed)
		return s->failed;
	if (replay_have_row(s) || s->ended)
		return 0;
	rc = replay_read(s);
	if (rc == -EAGAIN)
		return 0;
	if (rc > 0) {
		s->pending[0] = s->row.has[0];
		s->pending[1] = s->row.has[1];
	} else if (rc == 0 || replay_count(s) > 0) {
		/* a bad line after samples ends the replay there, as if the
		 * trace ended: the session so far is kept; said once */
		if (rc < 0 && !s->said)
			fprintf(stderr, "stretchrep run: %s: the replay ends there\n", s->err);
		s->said |= rc < 0;
		s->ended = true;
	} else {
		s->failed = rc;
	}
	return s->failed;
}

/* Sensor k's next sample; a line's samples go out before the next line is
 * read (two sensors: the reader polls both). */
static int replay_poll_k(struct replay_src *s, int k, double now_s, struct sample *out)
{
	int rc = replay_peek(s);

	if (rc)
		return rc;
	if (s->ended)
		return -ENODATA;
	if (!s->pending[k])   /* a feed with nothing yet: its fd says when */
		return 0;
	if (!pace_due(&s->pace, now_s, s->row.s[k].t_s))
		return 0;
	*out = s->row.s[k];
	s->pending[k] = false;
	return 1;
}

static int replay_poll(void *impl, double now_s, struct sample *out)
{
	return replay_poll_k(impl, 0, now_s, out);
}

static int replay_poll2(void *impl, double now_s, struct sample *out)
{
	struct replay_src *s = impl;

	return replay_n_sensors(s) == 2 ? replay_poll_k(s, 1, now_s, out) : -ENODATA;
}

/* A two-sensor trace replays into both legs' sessions: sensor 1 and 2
 * on the legs its first "# legs:" line says (left and right if none). */
static int replay_sensors(void *impl, enum leg legs[2])
{
	struct replay_src *s = impl;

	if (replay_peek(s) || replay_n_sensors(s) != 2)
		return 1;
	legs[0] = s->row.leg[0] != LEG_UNKNOWN ? s->row.leg[0] : LEG_LEFT;
	legs[1] = s->row.leg[1] != LEG_UNKNOWN ? s->row.leg[1] : LEG_RIGHT;
	return 2;
}

static double replay_wait(void *impl, double now_s)
{
	struct replay_src *s = impl;
	double t;

	if (replay_peek(s) || s->ended || !replay_have_row(s))
		return -1.0;
	t = s->pending[0] && s->pending[1] ? fmin(s->row.s[0].t_s, s->row.s[1].t_s)
	    : s->pending[0] ? s->row.s[0].t_s : s->row.s[1].t_s;
	return pace_wait(&s->pace, now_s, t);
}

/* The feed's eventfd while waiting for its next sample; -1 otherwise (a
 * sample in hand is paced by wait_s: a readable fd would spin the loop). */
static int replay_fd(void *impl)
{
	struct replay_src *s = impl;

	if (!s->feed || s->failed || s->ended || replay_have_row(s))
		return -1;
	return feed_fd(s->feed);
}

static void replay_status(void *impl, struct source_status *st)
{
	struct replay_src *s = impl;
	const char *base = strrchr(s->path, '/');

	memset(st, 0, sizeof(*st));
	st->connected = !s->failed;
	st->demo = true;
	st->scripted = true;
	snprintf(st->what, sizeof(st->what), "replay of %s", base ? base + 1 : s->path);
	if (s->failed)
		snprintf(st->hint, sizeof(st->hint), "%.159s", s->err);
}

static const char *replay_error(void *impl)
{
	struct replay_src *s = impl;

	return s->failed ? s->err : NULL;
}

static int replay_rewind(void *impl)
{
	struct replay_src *s = impl;
	int rc;

	/* a pipe or FIFO cannot start over: while it still flows, the next
	 * session goes on from where it is (reopening would drop what the
	 * writer already wrote); once it ended, it is opened again for a new
	 * writer (stdin goes on) */
	if (s->feed && !s->ended && !s->failed) {
		s->pace.started = false;
		return 0;
	}
	replay_close_input(s);
	rc = replay_open_input(s, s->err, sizeof(s->err));
	if (rc) {
		s->failed = rc;
		return rc;
	}
	s->pending[0] = s->pending[1] = s->ended = false;
	s->failed = 0;
	s->pace.started = false;
	return 0;
}

static void replay_close(void *impl)
{
	struct replay_src *s = impl;

	replay_close_input(s);
	free(s);
}

static const struct source_ops replay_ops = {
	.poll = replay_poll,
	.wait_s = replay_wait,
	.fd = replay_fd,
	.status = replay_status,
	.close = replay_close,
	.error = replay_error,
	.rewind = replay_rewind,
	.sensors = replay_sensors,
	.poll2 = replay_poll2,
};

int source_open_replay(struct source **out, const char *path, double speed, char *err, size_t errlen)
{
	struct replay_src *s;
	int rc;

	if (speed <= 0.0) {
		snprintf(err, errlen, "speed must be positive");
		return -EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	s->path = path;
	s->pace.speed = speed;
	rc = replay_open_input(s, err, errlen);
	if (rc)
		goto free_src;
	rc = source_wrap(out, &replay_ops, s);
	if (rc) {
		snprintf(err, errlen, "out of memory");
		goto close_reader;
	}
	return 0;

close_reader:
	replay_close_input(s);
free_src:
	free(s);
	return rc;
}

/* ---- dropout (an unplugged sensor, on purpose) ---- */

struct dropout_src {
	struct source *inner;
	double from_s, to_s;
	bool out;            /* inside the gap now */
};

static int dropout_poll(void *impl, double now_s, struct sample *out)
{
	struct dropout_src *d = impl;
	int rc;

	for (;;) {
		rc = source_poll(d->inner, now_s, out);
		if (rc != 1)
			return d->out ? -EIO : rc;
		if (out->t_s >= d->from_s && out->t_s < d->to_s) {
			d->out = true;   /* swallowed, like samples never read */
			continue;
		}
		d->out = false;
		return 1;
	}
}

static double dropout_wait(void *impl, double now_s)
{
	struct dropout_src *d = impl;

	return source_wait_s(d->inner, now_s);
}

static int dropout_fd(void *impl)
{
	struct dropout_src *d = impl;

	return source_fd(d->inner);
}

static void dropout_status(void *impl, struct source_status *st)
{
	struct dropout_src *d = impl;

	source_get_status(d->inner, st);
	if (d->out) {
		st->connected = false;
		/* as the I/O thread words a sensor that stopped answering */
		snprintf(st->hint, sizeof(st->hint), "no data from the sensor (%s)", err_words(-EREMOTEIO));
	}
}

static int dropout_rewind(void *impl)
{
	struct dropout_src *d = impl;

	d->out = false;
	return source_rewind(d->inner);
}

static int dropout_io_progress(void *impl, uint64_t *turns)
{
	struct dropout_src *d = impl;

	return source_io_progress(d->inner, turns);
}

static void dropout_close(void *impl)
{
	struct dropout_src *d = impl;

	source_close(d->inner);
	free(d);
}

static const struct source_ops dropout_ops = {
	.poll = dropout_poll,
	.wait_s = dropout_wait,
	.fd = dropout_fd,
	.status = dropout_status,
	.close = dropout_close,
	.rewind = dropout_rewind,
	.io_progress = dropout_io_progress,
};

int source_wrap_dropout(struct source **out, struct source *inner, double from_s, double to_s)
{
	struct dropout_src *d = calloc(1, sizeof(*d));
	int rc;

	if (!d)
		return -ENOMEM;
	d->inner = inner;
	d->from_s = from_s;
	d->to_s = to_s;
	rc = source_wrap(out, &dropout_ops, d);
	if (rc)
		free(d);
	return rc;
}

/* ---- the demo until a sensor works ---- */

struct fallback_src {
	struct source *live, *demo;
	bool on_live;
};

static int fallback_poll(void *impl, double now_s, struct sample *out)
{
	struct fallback_src *f = impl;
	struct sample drop;

	if (f->on_live)
		return source_poll(f->live, now_s, out);
	/* keep the live side drained, so it starts fresh when it takes over */
	while (source_poll(f->live, now_s, &drop) == 1)
		;
	while (source_poll2(f->live, now_s, &drop) == 1)
		;
	return source_poll(f->demo, now_s, out);
}

static double fallback_wait(void *impl, double now_s)
{
	struct fallback_src *f = impl;

	return source_wait_s(f->on_live ? f->live : f->demo, now_s);
}

/* The demo is paced by wait_s; the live side, drained at each poll while
 * the demo plays, is not waited for until it takes over. */
static int fallback_fd(void *impl)
{
	struct fallback_src *f = impl;

	return f->on_live ? source_fd(f->live) : -1;
}

static void fallback_status(void *impl, struct source_status *st)
{
	struct fallback_src *f = impl;
	struct source_status live;

	source_get_status(f->live, &live);
	if (f->on_live) {
		*st = live;
		return;
	}
	source_get_status(f->demo, st);
	if (live.connected)
		snprintf(st->hint, sizeof(st->hint), "sensor found (%.100s): it takes over at the next start",
			 live.what);
	else
		snprintf(st->hint, sizeof(st->hint), "no sensor: %.140s", live.hint[0] ? live.hint : live.what);
}

static int fallback_rewind(void *impl)
{
	struct fallback_src *f = impl;
	struct source_status live;

	if (!f->on_live) {
		source_get_status(f->live, &live);
		f->on_live = live.connected;
	}
	return f->on_live ? source_rewind(f->live) : source_rewind(f->demo);
}

/* The live side's thread runs (probing) even while the demo plays. */
static int fallback_io_progress(void *impl, uint64_t *turns)
{
	struct fallback_src *f = impl;

	return source_io_progress(f->live, turns);
}

static int fallback_sensors(void *impl, enum leg legs[2])
{
	struct fallback_src *f = impl;

	return source_sensors(f->on_live ? f->live : f->demo, legs);
}

static int fallback_poll2(void *impl, double now_s, struct sample *out)
{
	struct fallback_src *f = impl;
	struct sample drop;

	if (f->on_live)
		return source_poll2(f->live, now_s, out);
	while (source_poll2(f->live, now_s, &drop) == 1)
		;
	return source_poll2(f->demo, now_s, out);
}

static void fallback_close(void *impl)
{
	struct fallback_src *f = impl;

	source_close(f->live);
	source_close(f->demo);
	free(f);
}

static const struct source_ops fallback_ops = {
	.poll = fallback_poll,
	.wait_s = fallback_wait,
	.fd = fallback_fd,
	.status = fallback_status,
	.close = fallback_close,
	.rewind = fallback_rewind,
	.io_progress = fallback_io_progress,
	.sensors = fallback_sensors,
	.poll2 = fallback_poll2,
};

int source_wrap_fallback(struct source **out, struct source *live, struct source *demo)
{
	struct fallback_src *f = calloc(1, sizeof(*f));
	int rc;

	if (!f)
		return -ENOMEM;
	f->live = live;
	f->demo = demo;
	rc = source_wrap(out, &fallback_ops, f);
	if (rc)
		free(f);
	return rc;
}

/* ---- the interface ---- */

int source_wrap(struct source **out, const struct source_ops *ops, void *impl)
{
	struct source *src = malloc(sizeof(*src));

	if (!src)
		return -ENOMEM;
	src->ops = ops;
	src->impl = impl;
	*out = src;
	return 0;
}

int source_poll(struct source *src, double now_s, struct sample *out)
{
	return src->ops->poll(src->impl, now_s, out);
}

int source_sensors(struct source *src, enum leg legs[2])
{
	legs[0] = legs[1] = LEG_UNKNOWN;
	return src->ops->sensors ? src->ops->sensors(src->impl, legs) : 1;
}

int source_poll2(struct source *src, double now_s, struct sample *out)
{
	return src->ops->poll2 ? src->ops->poll2(src->impl, now_s, out) : -ENODATA;
}

int source_rewind(struct source *src)
{
	return src->ops->rewind ? src->ops->rewind(src->impl) : -ENOTSUP;
}

int source_io_progress(struct source *src, uint64_t *turns)
{
	return src->ops->io_progress ? src->ops->io_progress(src->impl, turns) : -ENOTSUP;
}

double source_wait_s(struct source *src, double now_s)
{
	return src->ops->wait_s ? src->ops->wait_s(src->impl, now_s) : -1.0;
}

int source_fd(struct source *src)
{
	return src->ops->fd ? src->ops->fd(src->impl) : -1;
}

void source_get_status(struct source *src, struct source_status *st)
{
	src->ops->status(src->impl, st);
}

const char *source_error(struct source *src)
{
	return src->ops->error ? src->ops->error(src->impl) : NULL;
}

void source_close(struct source *src)
{
	if (!src)
		return;
	if (src->ops->close)
		src->ops->close(src->impl);
	free(src);
}
