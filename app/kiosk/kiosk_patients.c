// SPDX-License-Identifier: MIT
/*
 * The patient flow (kiosk_patients.h). Every page answers touch (an item
 * number, UI_CMD_ITEM) and the two GPIO buttons: next (UI_CMD_NEXT) moves
 * the highlight round the page's items, select (the start button,
 * UI_CMD_START_PAUSE) takes the highlighted one. So a station with only
 * the two buttons can do all of it, the clinician's letter grid included.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "kiosk/kiosk_patients.h"

/* The prescription steppers: a step, the range (the settings table's,
 * config.c keys[]), and where a first press on an unset number starts. */
struct rx_step {
	double step, lo, hi;
	bool zero_ok;            /* 0 means "none" (below lo) */
};
static const struct rx_step rx_steps[UI_PT_RX_ROWS] = {
	[UI_PT_RX_HOLD] = { 1, 3, 60, false },
	[UI_PT_RX_WORK] = { 10, 60, 300, false },
	[UI_PT_RX_CEILING] = { 5, 5, 120, true },
	[UI_PT_RX_ZONE_LO] = { 5, 0, 115, true },
	[UI_PT_RX_ZONE_HI] = { 5, 5, 120, true },
	[UI_PT_RX_PER_DAY] = { 1, 1, PATIENT_SESSIONS_PER_DAY_MAX, false },
};

void kiosk_patients_init(struct kiosk_patients *kp, struct history *h, const char *pin, double margin_deg,
			 int64_t preset_id, const struct session_settings *base)
{
	memset(kp, 0, sizeof(*kp));
	kp->v.rx_default[UI_PT_RX_HOLD] = base->motion.hold_warn_s;
	kp->v.rx_default[UI_PT_RX_WORK] = base->work_target_s;
	kp->v.rx_default[UI_PT_RX_CEILING] = base->ceiling_deg;
	kp->v.rx_default[UI_PT_RX_PER_DAY] = PATIENT_SESSIONS_PER_DAY_DEFAULT;
	kp->h = h;
	snprintf(kp->pin, sizeof(kp->pin), "%s", pin ? pin : "");
	kp->margin_deg = margin_deg;
	kp->preset_id = preset_id;
	patient_init(&kp->cur);
	history_meta_init(&kp->meta);
	kp->v.pain_before = kp->v.pain_after = -1;
}

/* A name cut to what the screen keeps, at a character boundary. */
static void copy_name(char *dst, size_t n, const char *src)
{
	size_t k = strlen(src);

	if (k >= n) {
		k = n - 1;
		while (k > 0 && ((unsigned char)src[k] & 0xc0) == 0x80)
			k--;   /* not inside a UTF-8 sequence */
	}
	memcpy(dst, src, k);
	dst[k] = '\0';
}

/* The names of the page from first on: all of them when they fit, else
 * one less and "More patients" (round to the start after the last page). */
static void show_names(struct kiosk_patients *kp, int first)
{
	int per = kp->n_all > UI_PT_NAMES ? UI_PT_NAMES - 1 : UI_PT_NAMES;

	if (first >= kp->n_all)
		first = 0;
	kp->v.first = first;
	kp->v.more = kp->n_all > UI_PT_NAMES;
	kp->v.n_names = kp->n_all - first < per ? kp->n_all - first : per;
	for (int i = 0; i < kp->v.n_names; i++)
		copy_name(kp->v.names[i], sizeof(kp->v.names[i]), kp->all[first + i].name);
}

/* The active patients, the last used first; the first page's names. */
static int load_names(struct kiosk_patients *kp)
{
	int n = kp->h ? patient_list(kp->h, false, kp->all, KIOSK_PT_LIST) : 0;

	kp->n_all = n > 0 ? n : 0;
	show_names(kp, 0);
	return n;
}

/* The patient of name item i on this page. */
static const struct patient *shown(const struct kiosk_patients *kp, int i)
{
	return &kp->all[kp->v.first + i];
}

static void page(struct kiosk_patients *kp, enum ui_pt_page pg, int sel, double now_s)
{
	kp->v.page = pg;
	kp->v.sel = sel;
	kp->since_s = now_s;
}

/* A new session's record: the patient, the leg, nothing rated yet. */
static void session_for(struct kiosk_patients *kp, const struct patient *p)
{
	history_meta_init(&kp->meta);
	if (p) {
		kp->cur = *p;
		kp->side = patient_first_side(p);
		kp->meta.patient_id = p->id;
		kp->meta.side = kp->side;
		kp->meta.mode = p->mode;
	} else {
		patient_init(&kp->cur);
		kp->side = HISTORY_SIDE_NONE;
	}
	kp->v.pain_before = kp->v.pain_after = -1;
	kp->v.n_symptoms = 0;
	kp->v.symptom_asking = false;
}

bool kiosk_patients_begin(struct kiosk_patients *kp, bool ask, double now_s)
{
	struct patient p;

	if (kp->preset_id > 0 && kp->h && patient_get(kp->h, kp->preset_id, &p) == 0) {
		session_for(kp, &p);
		if (kp->preset_side != HISTORY_SIDE_NONE)
			kp->meta.side = kp->side = kp->preset_side;
		if (!ask)
			return false;
		page(kp, UI_PT_PAGE_PAIN_BEFORE, 0, now_s);   /* a home station's one patient */
		return true;
	}
	session_for(kp, NULL);
	if (!ask || load_names(kp) <= 0)
		return false;   /* no patients: today's kiosk */
	page(kp, UI_PT_PAGE_PICK, 0, now_s);
	return true;
}

/* ---- the clinician ---- */

static void edit_load(struct kiosk_patients *kp, const struct patient *p)
{
	kp->ed = *p;
	copy_name(kp->v.entry, sizeof(kp->v.entry), p->name);
	for (int s = 0; s < 2; s++) {
		const struct patient_rx *rx = &p->rx[s];

		kp->v.rx[s][UI_PT_RX_HOLD] = rx->hold_warn_s;
		kp->v.rx[s][UI_PT_RX_WORK] = rx->work_target_s;
		kp->v.rx[s][UI_PT_RX_CEILING] = rx->ceiling_deg;
		kp->v.rx[s][UI_PT_RX_ZONE_LO] = rx->zone_lo_deg;
		kp->v.rx[s][UI_PT_RX_ZONE_HI] = rx->zone_hi_deg;
		kp->v.rx[s][UI_PT_RX_PER_DAY] = p->sessions_per_day;
	}
}

static void list_page(struct kiosk_patients *kp, double now_s)
{
	load_names(kp);
	page(kp, UI_PT_PAGE_LIST, kp->v.n_names > 0 ? 0 : UI_PT_ITEM_ADD, now_s);
}

/* The reason a patients call failed, in a few words for the screen. */
static const char *why(int rc)
{
	switch (rc) {
	case -EEXIST:
		return "that name is taken";
	case -EINVAL:
		return "not a valid value";
	case -ENAMETOOLONG:
		return "the name is too long";
	case -ENOENT:
		return "no such patient";
	default:
		return "could not save";
	}
}

/* One stepper press: the value moves by its step within its range, an
 * unset one starting from the default it had; saved at once. */
static void rx_step(struct kiosk_patients *kp, int row, int dir)
{
	const struct rx_step *st = &rx_steps[row];
	int s = kp->v.side ? 1 : 0;
	double *val = row == UI_PT_RX_PER_DAY ? &kp->v.rx[0][row] : &kp->v.rx[s][row];
	double x = *val < 0 ? kp->v.rx_default[row] : *val;
	struct patient p = kp->ed;
	int rc;

	x += dir * st->step;
	if (st->zero_ok && x < st->lo)
		x = dir < 0 ? 0 : st->lo;
	if (x > st->hi)
		x = st->hi;
	if (!st->zero_ok && x < st->lo)
		x = st->lo;
	if (row == UI_PT_RX_PER_DAY) {
		p.sessions_per_day = (int)x;
	} else {
		struct patient_rx *rx = &p.rx[s];
		double lo, hi;

		switch (row) {
		case UI_PT_RX_HOLD:
			rx->hold_warn_s = x;
			break;
		case UI_PT_RX_WORK:
			rx->work_target_s = x;
			break;
		case UI_PT_RX_CEILING:
			rx->ceiling_deg = x;
			break;
		default:
			/* the zone: lo < hi, both 0 is none; one end pushes the other */
			lo = rx->zone_lo_deg < 0 ? 0 : rx->zone_lo_deg;
			hi = rx->zone_hi_deg < 0 ? 0 : rx->zone_hi_deg;
			if (row == UI_PT_RX_ZONE_LO) {
				lo = x;
				if (hi <= lo)
					hi = lo + st->step;
			} else {
				hi = x;
				if (hi <= 0)
					lo = 0;
				else if (lo >= hi)
					lo = hi - st->step;
			}
			rx->zone_lo_deg = lo;
			rx->zone_hi_deg = hi;
			break;
		}
	}
	rc = patient_set_rx(kp->h, &p);
	if (rc) {
		snprintf(kp->v.message, sizeof(kp->v.message), "Not saved: %s", why(rc));
		return;
	}
	kp->v.message[0] = '\0';
	edit_load(kp, &p);
}

static void edit_page(struct kiosk_patients *kp, const struct patient *p, double now_s)
{
	edit_load(kp, p);
	kp->v.side = 0;
	kp->v.message[0] = '\0';
	page(kp, UI_PT_PAGE_EDIT, UI_PT_ITEM_BACK, now_s);
}

static void name_page(struct kiosk_patients *kp, bool renaming, double now_s)
{
	kp->v.renaming = renaming;
	if (!renaming)
		kp->v.entry[0] = '\0';
	kp->v.message[0] = '\0';
	page(kp, UI_PT_PAGE_NAME, 0, now_s);
}

static void name_ok(struct kiosk_patients *kp, double now_s)
{
	struct patient p;
	int64_t id = kp->ed.id;
	int rc;

	if (kp->v.renaming)
		rc = patient_rename(kp->h, id, kp->v.entry);
	else
		rc = patient_add(kp->h, kp->v.entry, (int64_t)time(NULL), &id);
	if (!rc)
		rc = patient_get(kp->h, id, &p);
	if (rc) {
		snprintf(kp->v.message, sizeof(kp->v.message), "%s",
			 rc == -EINVAL && !kp->v.entry[0] ? "type a name first" : why(rc));
		return;
	}
	edit_page(kp, &p, now_s);
}

static void name_key(struct kiosk_patients *kp, int item, double now_s)
{
	size_t n = strlen(kp->v.entry);

	if (item < UI_PT_LETTERS || item == UI_PT_ITEM_SPACE) {
		if (n + 1 < sizeof(kp->v.entry) && n < PATIENT_NAME_MAX) {
			/* a capital after a space or at the start, else small */
			char c = item == UI_PT_ITEM_SPACE ? ' ' :
				 (char)((n == 0 || kp->v.entry[n - 1] == ' ' ? 'A' : 'a') + item);
			kp->v.entry[n] = c;
			kp->v.entry[n + 1] = '\0';
		}
	} else if (item == UI_PT_ITEM_DEL) {
		if (n)
			kp->v.entry[n - 1] = '\0';
	} else if (item == UI_PT_ITEM_NAME_OK) {
		name_ok(kp, now_s);
	} else if (item == UI_PT_ITEM_NAME_CANCEL) {
		if (kp->v.renaming)
			edit_page(kp, &kp->ed, now_s);
		else
			list_page(kp, now_s);
	}
}

static enum kiosk_pt_act clinician_item(struct kiosk_patients *kp, int item, double now_s)
{
	struct patient p;
	int rc;

	switch (kp->v.page) {
	case UI_PT_PAGE_PIN:
		if (item >= 0 && item <= 9) {
			size_t n = strlen(kp->typed);

			if (n < UI_PT_PIN_MAX) {
				kp->typed[n] = (char)('0' + item);
				kp->typed[n + 1] = '\0';
			}
			kp->v.pin_wrong = false;
		} else if (item == UI_PT_ITEM_PIN_DEL) {
			if (kp->typed[0])
				kp->typed[strlen(kp->typed) - 1] = '\0';
		} else if (item == UI_PT_ITEM_PIN_OK) {
			if (!strcmp(kp->typed, kp->pin)) {
				list_page(kp, now_s);
			} else {
				kp->v.pin_wrong = true;
				kp->v.sel = 1;   /* the pad's first key again */
			}
			kp->typed[0] = '\0';
		} else if (item == UI_PT_ITEM_PIN_CANCEL) {
			kp->typed[0] = '\0';
			page(kp, UI_PT_PAGE_NONE, 0, now_s);
			return KIOSK_PT_HOME;
		}
		kp->v.pin_len = (int)strlen(kp->typed);
		break;
	case UI_PT_PAGE_LIST:
		if (item >= 0 && item < kp->v.n_names) {
			rc = patient_get(kp->h, shown(kp, item)->id, &p);
			if (rc == 0)
				edit_page(kp, &p, now_s);
		} else if (item == UI_PT_ITEM_MORE && kp->v.more) {
			show_names(kp, kp->v.first + kp->v.n_names);
		} else if (item == UI_PT_ITEM_ADD) {
			patient_init(&kp->ed);
			name_page(kp, false, now_s);
		} else if (item == UI_PT_ITEM_DONE) {
			page(kp, UI_PT_PAGE_NONE, 0, now_s);
			return KIOSK_PT_HOME;
		}
		break;
	case UI_PT_PAGE_EDIT:
		if (item >= 0 && item < 2 * UI_PT_RX_ROWS) {
			rx_step(kp, item / 2, item % 2 ? 1 : -1);
		} else if (item == UI_PT_ITEM_SIDE) {
			kp->v.side = !kp->v.side;
		} else if (item == UI_PT_ITEM_RENAME) {
			name_page(kp, true, now_s);
		} else if (item == UI_PT_ITEM_ARCHIVE) {
			rc = patient_archive(kp->h, kp->ed.id, true);
			list_page(kp, now_s);
			if (rc)
				snprintf(kp->v.message, sizeof(kp->v.message), "Not archived: %s", why(rc));
			else
				snprintf(kp->v.message, sizeof(kp->v.message), "%.40s archived (sessions kept)",
					 kp->ed.name);
		} else if (item == UI_PT_ITEM_BACK) {
			list_page(kp, now_s);
		}
		break;
	case UI_PT_PAGE_NAME:
		name_key(kp, item, now_s);
		break;
	default:
		break;
	}
	return KIOSK_PT_TAKEN;
}

/* The clinician's gesture: the PIN pad, or the list when there is no PIN. */
static enum kiosk_pt_act clinician_enter(struct kiosk_patients *kp, double now_s)
{
	if (!kp->h)
		return KIOSK_PT_TAKEN;   /* no history: nothing to keep patients in */
	kp->typed[0] = '\0';
	kp->v.pin_len = 0;
	kp->v.pin_wrong = false;
	kp->v.message[0] = '\0';
	if (kp->pin[0])
		page(kp, UI_PT_PAGE_PIN, 1, now_s);
	else
		list_page(kp, now_s);
	return KIOSK_PT_TAKEN;
}

/* ---- the session's screens ---- */

static enum kiosk_pt_act pick_item(struct kiosk_patients *kp, int item, double now_s)
{
	if (kp->v.more && item == kp->v.n_names + 1) {   /* More patients */
		show_names(kp, kp->v.first + kp->v.n_names);
		kp->v.sel = 0;
		return KIOSK_PT_TAKEN;
	}
	if (item < 0 || item > kp->v.n_names)
		return KIOSK_PT_TAKEN;
	if (item == kp->v.n_names) {   /* Guest */
		session_for(kp, NULL);
		page(kp, UI_PT_PAGE_NONE, 0, now_s);
		return KIOSK_PT_START;
	}
	session_for(kp, shown(kp, item));
	page(kp, UI_PT_PAGE_PAIN_BEFORE, 0, now_s);
	return KIOSK_PT_TAKEN;
}

static enum kiosk_pt_act pain_item(struct kiosk_patients *kp, int item, double now_s)
{
	bool after = kp->v.page == UI_PT_PAGE_PAIN_AFTER;
	int rating = item >= 0 && item <= UI_PT_PAIN_MAX ? item : HISTORY_PAIN_NOT_ASKED;

	if (item < 0 || item > UI_PT_ITEM_SKIP)
		return KIOSK_PT_TAKEN;
	if (after) {
		kp->meta.pain_after = rating;
		kp->v.pain_after = rating;
	} else {
		kp->meta.pain_before = rating;
		kp->v.pain_before = rating;
	}
	page(kp, UI_PT_PAGE_NONE, 0, now_s);
	return after ? KIOSK_PT_SAVE : KIOSK_PT_START;
}

static enum kiosk_pt_act symptom_item(struct kiosk_patients *kp, int item)
{
	kp->v.symptom_asking = false;
	if (item < 0 || item > UI_PT_PAIN_MAX || kp->meta.n_symptoms >= HISTORY_MAX_SYMPTOMS)
		return KIOSK_PT_TAKEN;   /* Cancel; or the session's list is full */
	kp->meta.symptoms[kp->meta.n_symptoms++] =
		(struct history_symptom){ .t_s = kp->symptom_t_s, .angle_deg = kp->symptom_deg, .rating = item };
	if (kp->v.n_symptoms < UI_PT_SYMPTOMS) {
		kp->v.symptom_deg[kp->v.n_symptoms] = kp->symptom_deg;
		kp->v.symptom_rating[kp->v.n_symptoms++] = item;
	}
	return KIOSK_PT_TAKEN;
}

/* An item chosen by touch, or by select on the highlighted one. */
static enum kiosk_pt_act take_item(struct kiosk_patients *kp, int item, double now_s)
{
	kp->since_s = now_s;
	if (kp->v.symptom_asking)
		return symptom_item(kp, item);
	switch (kp->v.page) {
	case UI_PT_PAGE_PICK:
		return pick_item(kp, item, now_s);
	case UI_PT_PAGE_PAIN_BEFORE:
	case UI_PT_PAGE_PAIN_AFTER:
		return pain_item(kp, item, now_s);
	case UI_PT_PAGE_NONE:
		return KIOSK_PT_PASS;
	default:
		return clinician_item(kp, item, now_s);
	}
}

/* The item after sel on this page, round (the letter grid's, the edit
 * page's numbering has gaps: its items are 0 .. 2 * rows - 1, then 20..). */
static int next_item(const struct kiosk_patients *kp)
{
	const struct ui_patients *v = &kp->v;
	int s = v->sel;

	switch (v->symptom_asking ? UI_PT_PAGE_NONE : v->page) {
	case UI_PT_PAGE_LIST:
		return s + 1 < v->n_names ? s + 1 : s < v->n_names ? UI_PT_ITEM_ADD :
		       s == UI_PT_ITEM_ADD ? UI_PT_ITEM_DONE : s == UI_PT_ITEM_DONE && v->more ? UI_PT_ITEM_MORE :
		       v->n_names > 0 ? 0 : UI_PT_ITEM_ADD;
	case UI_PT_PAGE_EDIT:
		return s + 1 < 2 * UI_PT_RX_ROWS ? s + 1 : s < 2 * UI_PT_RX_ROWS ? UI_PT_ITEM_SIDE :
		       s < UI_PT_ITEM_BACK ? s + 1 : 0;
	default:
		return ui_pt_items(v) > 0 ? (s + 1) % ui_pt_items(v) : 0;
	}
}

enum kiosk_pt_act kiosk_patients_command(struct kiosk_patients *kp, enum ui_cmd cmd, const struct session *s,
					 bool started, double now_s)
{
	bool up = kp->v.page != UI_PT_PAGE_NONE || kp->v.symptom_asking;
	enum session_state st = s ? session_get_state(s) : SESSION_DONE;
	bool running = started && st != SESSION_DONE;

	if (cmd == UI_CMD_QUIT || cmd == UI_CMD_NONE)
		return KIOSK_PT_PASS;
	if (cmd == UI_CMD_CLINICIAN) {
		/* from the start screen or the picker, never over a session */
		if (running || (kp->v.page != UI_PT_PAGE_NONE && kp->v.page != UI_PT_PAGE_PICK))
			return KIOSK_PT_TAKEN;
		return clinician_enter(kp, now_s);
	}
	/* the symptom row: the Symptom button, or next on a patient's
	 * exercise screen (next does nothing else there) */
	if (!up && running && kp->cur.id > 0 && s &&
	    (cmd == UI_CMD_SYMPTOM || (cmd == UI_CMD_NEXT && st != SESSION_CALIBRATING))) {
		kp->v.symptom_asking = true;
		kp->v.sel = 0;
		kp->symptom_t_s = s->t_s;
		kp->symptom_deg = motion_angle_deg(&s->motion);
		kp->symptom_since_s = now_s;
		return KIOSK_PT_TAKEN;
	}
	if (!up)
		return KIOSK_PT_PASS;
	if (UI_CMD_IS_ITEM(cmd))
		return take_item(kp, (int)(cmd - UI_CMD_ITEM_0), now_s);
	switch (cmd) {
	case UI_CMD_NEXT:
		kp->v.sel = next_item(kp);
		kp->since_s = now_s;
		return KIOSK_PT_TAKEN;
	case UI_CMD_START_PAUSE:   /* select */
		return take_item(kp, kp->v.sel, now_s);
	case UI_CMD_FINISH:
	case UI_CMD_FINISH_NOW:
		/* over a session (the symptom row) Finish still finishes */
		if (kp->v.symptom_asking) {
			kp->v.symptom_asking = false;
			return KIOSK_PT_PASS;
		}
		return KIOSK_PT_TAKEN;
	default:
		return KIOSK_PT_TAKEN;
	}
}

enum kiosk_pt_act kiosk_patients_step(struct kiosk_patients *kp, double now_s)
{
	if (kp->v.symptom_asking && now_s - kp->symptom_since_s >= KIOSK_PT_SYMPTOM_S)
		kp->v.symptom_asking = false;   /* not rated: nothing kept */
	if (kp->v.page == UI_PT_PAGE_NONE || now_s - kp->since_s < KIOSK_PT_IDLE_S)
		return KIOSK_PT_PASS;
	if (kp->v.page == UI_PT_PAGE_PAIN_AFTER)   /* the person left: keep the session */
		return pain_item(kp, UI_PT_ITEM_SKIP, now_s);
	page(kp, UI_PT_PAGE_NONE, 0, now_s);
	session_for(kp, NULL);
	return KIOSK_PT_HOME;
}

double kiosk_patients_due_s(const struct kiosk_patients *kp)
{
	double due = INFINITY;

	if (kp->v.symptom_asking)
		due = kp->symptom_since_s + KIOSK_PT_SYMPTOM_S;
	if (kp->v.page != UI_PT_PAGE_NONE)
		due = fmin(due, kp->since_s + KIOSK_PT_IDLE_S);
	return due;
}

bool kiosk_patients_finished(struct kiosk_patients *kp, bool ask, double now_s)
{
	kp->v.symptom_asking = false;
	if (!ask || kp->cur.id <= 0)
		return false;
	page(kp, UI_PT_PAGE_PAIN_AFTER, 0, now_s);
	return true;
}

void kiosk_patients_settings(const struct kiosk_patients *kp, const struct session_settings *base,
			     struct session_settings *out)
{
	double last = 0;

	*out = *base;
	if (kp->cur.id <= 0 || kp->cur.id == kp->preset_id)
		return;
	if (kp->margin_deg > 0 && patient_last_symptom(kp->h, kp->cur.id, kp->side, &last, NULL))
		last = 0;
	patient_rx_apply(&kp->cur, kp->side, last, kp->margin_deg, out);
}

const struct history_meta *kiosk_patients_meta(const struct kiosk_patients *kp)
{
	return &kp->meta;
}

int kiosk_patients_screen(const struct kiosk_patients *kp)
{
	switch (kp->v.page) {
	case UI_PT_PAGE_NONE:
		return -1;
	case UI_PT_PAGE_PICK:
		return UI_SCREEN_PATIENTS;
	case UI_PT_PAGE_PAIN_BEFORE:
	case UI_PT_PAGE_PAIN_AFTER:
		return UI_SCREEN_PAIN;
	default:
		return UI_SCREEN_CLINICIAN;
	}
}

void kiosk_patients_view(const struct kiosk_patients *kp, const struct session *s, bool running,
			 struct ui_patients *out)
{
	const struct patient_rx *rx;

	*out = kp->v;
	copy_name(out->patient, sizeof(out->patient), kp->cur.id > 0 ? kp->cur.name : "");
	out->ceiling_deg = s ? s->set.ceiling_deg : 0;
	out->over_ceiling = s && running && session_over_ceiling(s);
	out->zone_lo_deg = out->zone_hi_deg = 0;
	if (kp->cur.id > 0) {
		rx = patient_rx_for(&kp->cur, kp->side);
		if (rx->zone_hi_deg > 0 && rx->zone_lo_deg >= 0 && rx->zone_lo_deg < rx->zone_hi_deg) {
			out->zone_lo_deg = rx->zone_lo_deg;
			out->zone_hi_deg = rx->zone_hi_deg;
		}
	}
}
