/* SPDX-License-Identifier: MIT */
/*
 * err_words — an errno in a person's words, for what the kiosk's screen
 * says ("not saved: disk full", "sensor stopped answering (no answer on the
 * bus)"): strerror's "Bad message" or "Remote I/O error" mean nothing to a
 * patient or a clinician. One table (err_words.c) for every such word; the
 * journal and the command line keep strerror's exact text.
 */
#ifndef STRETCHREP_ERR_WORDS_H
#define STRETCHREP_ERR_WORDS_H

/* err as -errno or errno. A short phrase ("disk full"), or NULL when the
 * table has no words for it (the caller says what it was doing). */
const char *err_words(int err);

#endif
