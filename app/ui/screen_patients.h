/* SPDX-License-Identifier: MIT */
/*
 * screen_patients — the kiosk's patient screens: the patient picker before
 * a session, the pain question (0-10) before and after it, the clinician's
 * screens (PIN pad, the patients, one patient's prescription with +/-
 * steppers, a letter grid for a name), the quick symptom row over the
 * exercise screen and the "Ease off" card past the ceiling.
 *
 * The first half is the view model of these screens (no SDL, part of
 * struct ui_view: the kiosk fills it, kiosk/kiosk_patients.h); the second
 * the drawing entry points (ui/, SDL inside the .c).
 *
 * Touch: every choice on these screens is a UI_CMD_ITEM(i) command, i the
 * item's number as listed below for each page; the two GPIO buttons (next
 * / select) move the highlight (sel) and take it.
 */
#ifndef STRETCHREP_UI_SCREEN_PATIENTS_H
#define STRETCHREP_UI_SCREEN_PATIENTS_H

#include <stdbool.h>

#define UI_PT_NAMES 6        /* names on the picker and the clinician's list at once (5 and
                              * "More patients" when there are more) */
#define UI_PT_NAME 64        /* bytes of a name as shown (a longer one is cut at a character) */
#define UI_PT_SYMPTOMS 8     /* symptom events shown on the summary */
#define UI_PT_PAIN_MAX 10
#define UI_PT_PIN_MAX 8      /* digits of the clinician's PIN */

/* Items, per page (UI_CMD_ITEM(i)). */
/* picker: 0 .. n_names-1 the names, n_names "Guest", n_names + 1 "More
 * patients" (when more) */
/* pain and symptom: 0..10 the rating, then: */
#define UI_PT_ITEM_SKIP 11         /* pain: skip; symptom: cancel */
/* PIN pad: 0..9 the digits, then: */
#define UI_PT_ITEM_PIN_DEL 10
#define UI_PT_ITEM_PIN_OK 11
#define UI_PT_ITEM_PIN_CANCEL 12
/* the clinician's list: 0 .. n_names-1 a patient (edit), then: */
#define UI_PT_ITEM_ADD 20
#define UI_PT_ITEM_DONE 21
#define UI_PT_ITEM_MORE 22         /* the next names (when more) */
/* one patient: steppers 2*row (minus) and 2*row+1 (plus), then: */
enum ui_pt_rx_row {
	UI_PT_RX_HOLD = 0,       /* hold threshold, s */
	UI_PT_RX_WORK,           /* work target, s */
	UI_PT_RX_CEILING,        /* range ceiling, deg (0: none) */
	UI_PT_RX_ZONE_LO,        /* target zone from, deg */
	UI_PT_RX_ZONE_HI,        /* ... to, deg (both 0: none) */
	UI_PT_RX_PER_DAY,        /* sessions a day (not per side) */
	UI_PT_RX_ROWS
};
#define UI_PT_ITEM_SIDE 20         /* left <-> right */
#define UI_PT_ITEM_RENAME 21
#define UI_PT_ITEM_ARCHIVE 22
#define UI_PT_ITEM_BACK 23         /* save and back to the list */
/* letter grid: 0..25 A-Z, then: */
#define UI_PT_LETTERS 26
#define UI_PT_ITEM_SPACE 26
#define UI_PT_ITEM_DEL 27
#define UI_PT_ITEM_NAME_OK 28
#define UI_PT_ITEM_NAME_CANCEL 29
/* the items a page has, for next's cycling (pure; see the .c) */

enum ui_pt_page {
	UI_PT_PAGE_NONE = 0,
	UI_PT_PAGE_PICK,         /* UI_SCREEN_PATIENTS */
	UI_PT_PAGE_PAIN_BEFORE,  /* UI_SCREEN_PAIN */
	UI_PT_PAGE_PAIN_AFTER,   /* UI_SCREEN_PAIN */
	UI_PT_PAGE_PIN,          /* UI_SCREEN_CLINICIAN ... */
	UI_PT_PAGE_LIST,
	UI_PT_PAGE_EDIT,
	UI_PT_PAGE_NAME,
};

/* What the patient screens show (struct ui_view's pt). */
struct ui_patients {
	enum ui_pt_page page;
	int sel;                 /* the highlighted item (GPIO next / select) */
	/* picker and clinician's list: the active patients, the last used first */
	int n_names;
	char names[UI_PT_NAMES][UI_PT_NAME];
	bool more;               /* more patients than shown: "More patients" pages on */
	int first;               /* the place of names[0] in the whole list, 0-based */
	/* the session's patient ("" none: a guest), on the top bars and the summary */
	char patient[UI_PT_NAME];
	/* clinician */
	int pin_len;             /* digits typed (shown as dots) */
	bool pin_wrong;          /* the last PIN was refused */
	char entry[UI_PT_NAME];  /* the name being typed on the letter grid */
	bool renaming;           /* ... for a rename (else a new patient) */
	int side;                /* 0 left, 1 right: the prescription shown */
	double rx[2][UI_PT_RX_ROWS]; /* the values (< 0: the settings' default applies) */
	double rx_default[UI_PT_RX_ROWS]; /* what applies when unset */
	char message[96];        /* a word on the clinician's screens ("name taken"), "" none */
	/* the session */
	bool symptom_asking;     /* the quick 0-10 row over the exercise screen */
	bool over_ceiling;       /* past the ceiling: "Ease off" */
	double ceiling_deg;      /* on the dial, 0: none */
	double zone_lo_deg, zone_hi_deg; /* the target zone on the dial; hi 0: none */
	int pain_before, pain_after;     /* < 0: not asked or skipped */
	int n_symptoms;
	double symptom_deg[UI_PT_SYMPTOMS];
	int symptom_rating[UI_PT_SYMPTOMS];
};

/* How many items the page has (next's cycle): picker n_names + 1 (+1 more), pain 12,
 * symptom 12, PIN 13, list n_names + 2, edit 2 * UI_PT_RX_ROWS + 4, letter
 * grid 30. */
int ui_pt_items(const struct ui_patients *p);
/* The summary's line for a patient's session: "pain 3 before, 5 after;
 * symptom at 41°, 6/10 (+1 more)"; "" when nothing was rated. n: size of
 * buf. */
void ui_pt_fmt_summary(const struct ui_patients *p, char *buf, unsigned n);

/* Drawing (screen_patients.c; ui.c and screens.c call them). */
struct ui;
struct ui_view;
/* UI_SCREEN_PATIENTS, UI_SCREEN_PAIN, UI_SCREEN_CLINICIAN, landscape or
 * portrait as the canvas is. */
void screen_patients_draw(struct ui *ui, const struct ui_view *v);
/* Over the exercise screen: the "Ease off" card past the ceiling, the
 * quick symptom row while asked. */
void screen_patients_overlay(struct ui *ui, const struct ui_view *v);
/* title, or "Ann Lee: session complete" for a patient's session (the
 * name cut short), in buf (n bytes): whose session the screen shows. */
const char *screen_patients_title(const struct ui_view *v, const char *title, char *buf, unsigned n);
/* The exercise screen's "Symptom" button (a session with a patient), at
 * design units (x, y, w, h). */
void screen_patients_symptom_button(struct ui *ui, const struct ui_view *v, double x, double y, double w,
				    double h);
/* The target zone and the ceiling on the dial (centre px, py; radii in
 * pixels): the gauge's static layer calls it. */
void screen_patients_dial(struct ui *ui, const struct ui_view *v, double px, double py, double r_in,
			  double r_out, double max_deg);

#endif
