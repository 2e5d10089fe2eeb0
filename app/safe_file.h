/* SPDX-License-Identifier: MIT */
/*
 * safe_file — an output file written whole or not at all, and only where a
 * regular file may be replaced (analyze --angles, record -o, exporters).
 *
 * The data goes to a new temporary file in PATH's directory (created with
 * O_EXCL, so nothing planted there is followed), then fflush + fsync,
 * rename over PATH, fsync of the directory: after safe_file_commit()
 * returns 0 PATH holds the complete output across a power cut, and before it
 * PATH is untouched. A run that fails or is killed leaves PATH as it was
 * (safe_file_abort() removes the temporary file; a SIGKILL may leave one,
 * named PATH.XXXXXX.part, beside it).
 *
 * What PATH may be:
 *   - nothing yet, or a regular file (replaced; its permission bits kept);
 *   - not a symbolic link, even one the user typed: rename() would replace
 *     the link itself, and writing through it would let whoever can plant a
 *     link (in /tmp, say) choose a root-run command's target. Refused with
 *     "is a symbolic link": name the file it points to. Links among the
 *     directories leading to PATH are followed, as the user named them.
 *   - not a directory ("is a directory"), FIFO, socket or device node
 *     ("not a regular file": as root, renaming over /dev/full replaced it).
 *
 * Messages are "PATH: reason" (never the temporary name), for the caller to
 * prefix with its command. Opaque handle; one thread. A new file gets
 * 0666 & ~umask like open(2) would; the umask is read by setting it, so open
 * before starting threads that create files (record does).
 */
#ifndef STRETCHREP_SAFE_FILE_H
#define STRETCHREP_SAFE_FILE_H

#include <stddef.h>
#include <stdio.h>

struct safe_file;

/* Checks PATH as above and creates the temporary file. 0, or -errno with
 * "PATH: reason" in errbuf (-ELOOP symbolic link, -EISDIR, -EINVAL not a
 * regular file, or the OS error). The path is copied. */
int safe_file_open(struct safe_file **out, const char *path, char *errbuf, size_t errlen);
/* The stream to write to. */
FILE *safe_file_stream(struct safe_file *sf);
/* Flushes, fsyncs, renames over PATH (checked again just before), fsyncs
 * the directory, and frees sf whatever the outcome (on failure PATH is
 * untouched and the temporary file removed). 0 or -errno with "PATH: reason"
 * in errbuf. */
int safe_file_commit(struct safe_file *sf, char *errbuf, size_t errlen);
/* Discards the output: PATH stays as it was. NULL is accepted. */
void safe_file_abort(struct safe_file *sf);

#endif
