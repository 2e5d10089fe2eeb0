/* SPDX-License-Identifier: MIT */
/*
 * report_pdf — draws a report model (report_model.h) as a one-page A4 PDF
 * with cairo: the patient's name and the dates covered, four charts (range:
 * best and mean peak per session; SLR per side, the mean of two trials with
 * the trials' spread as its error band; holds and warned holds per session;
 * pain before and after), and a table of the most recent sessions. Text in
 * DejaVu Sans (fonts-dejavu-core, as the kiosk), embedded in the file.
 * Dates are local time (the process's TZ).
 */
#ifndef STRETCHREP_REPORT_PDF_H
#define STRETCHREP_REPORT_PDF_H

#include <stddef.h>
#include <stdio.h>
#include "report/report_model.h"

/* Writes the PDF to f (not closed, not flushed). 0, or -EIO/-ENOMEM with
 * the reason in why (cairo's words). */
int report_pdf_write(const struct report_model *m, FILE *f, char *why, size_t len);

/* Writes the PDF to path whole or not at all (safe_file.h: a symbolic link,
 * directory or device as path is refused, the file is fsynced and renamed
 * into place). 0 or -errno with "PATH: reason" in why. */
int report_pdf_save(const struct report_model *m, const char *path, char *why, size_t len);

/* Frees what cairo and fontconfig keep for the process's life (font
 * caches), so that LeakSanitizer sees only real leaks: call once no PDF is
 * being drawn any more (at exit; the kiosk after its export thread). */
void report_pdf_cleanup(void);

#endif
