// SPDX-License-Identifier: MIT
#include "safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct safe_file {
	FILE *f;
	char *path;
	char *tmp;
};

/* May PATH be replaced? 0 (and *mode: the bits to keep, or -1 for a new
 * file) or -errno with the reason in errbuf. lstat: a symbolic link is seen
 * as one, not as what it points to. */
static int check_target(const char *path, int *mode, char *errbuf, size_t errlen)
{
	struct stat st;

	*mode = -1;
	if (lstat(path, &st)) {
		if (errno == ENOENT)
			return 0;
		snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (S_ISLNK(st.st_mode)) {
		snprintf(errbuf, errlen, "%s: is a symbolic link (not written through: name the file it points to)", path);
		return -ELOOP;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(errbuf, errlen, "%s: is a directory", path);
		return -EISDIR;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(errbuf, errlen, "%s: not a regular file (a device, FIFO or socket is never replaced)", path);
		return -EINVAL;
	}
	*mode = (int)(st.st_mode & 07777);
	return 0;
}

int safe_file_open(struct safe_file **out, const char *path, char *errbuf, size_t errlen)
{
	struct safe_file *sf;
	int fd, mode, rc;

	*out = NULL;
	rc = check_target(path, &mode, errbuf, errlen);
	if (rc)
		return rc;
	sf = calloc(1, sizeof(*sf));
	if (!sf || !(sf->path = strdup(path)) || asprintf(&sf->tmp, "%s.XXXXXX.part", path) < 0) {
		snprintf(errbuf, errlen, "%s: out of memory", path);
		if (sf)
			free(sf->path);
		free(sf);
		return -ENOMEM;
	}
	fd = mkostemps(sf->tmp, 5, O_CLOEXEC);   /* O_EXCL, mode 0600 */
	if (fd < 0) {
		rc = -errno;
		goto out_free;
	}
	if (mode < 0) {   /* a new file: what open(..., 0666) would have made */
		mode_t um = umask(0);

		umask(um);
		mode = (int)(0666 & ~um);
	}
	if (fchmod(fd, (mode_t)mode) || !(sf->f = fdopen(fd, "w"))) {
		rc = -errno;
		close(fd);
		unlink(sf->tmp);
		goto out_free;
	}
	*out = sf;
	return 0;

out_free:
	snprintf(errbuf, errlen, "%s: %s", path, strerror(-rc));
	free(sf->tmp);
	free(sf->path);
	free(sf);
	return rc;
}

FILE *safe_file_stream(struct safe_file *sf)
{
	return sf->f;
}

static void safe_file_free(struct safe_file *sf)
{
	free(sf->tmp);
	free(sf->path);
	free(sf);
}

void safe_file_abort(struct safe_file *sf)
{
	if (!sf)
		return;
	if (sf->f)
		fclose(sf->f);
	unlink(sf->tmp);
	safe_file_free(sf);
}

/* The rename is durable once the directory holding it is synced. */
static int sync_parent(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = 0;

	if (!copy)
		return -ENOMEM;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd))
		rc = -errno;
	if (fd >= 0)
		close(fd);
	free(copy);
	return rc;
}

int safe_file_commit(struct safe_file *sf, char *errbuf, size_t errlen)
{
	int rc = 0, mode;
	FILE *f = sf->f;

	sf->f = NULL;
	errno = 0;
	if (fflush(f) || ferror(f) || fsync(fileno(f)))
		rc = errno ? -errno : -EIO;
	if (fclose(f) && !rc)
		rc = -errno;
	if (rc) {
		snprintf(errbuf, errlen, "%s: write failed: %s", sf->path, strerror(-rc));
		goto out_abort;
	}
	/* what PATH is may have changed while we wrote */
	rc = check_target(sf->path, &mode, errbuf, errlen);
	if (rc)
		goto out_abort;
	if (rename(sf->tmp, sf->path)) {
		rc = -errno;
		snprintf(errbuf, errlen, "%s: %s", sf->path, strerror(-rc));
		goto out_abort;
	}
	rc = sync_parent(sf->path);
	if (rc)
		snprintf(errbuf, errlen, "%s: written, but its directory not synced: %s", sf->path, strerror(-rc));
	safe_file_free(sf);
	return rc;

out_abort:
	safe_file_abort(sf);
	return rc;
}
