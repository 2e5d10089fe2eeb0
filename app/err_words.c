// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stddef.h>
#include "err_words.h"

/* The errors the kiosk's files and its sensor bus give, each as a person
 * would say it; the words fit after "not saved: " and inside "sensor
 * stopped answering (...)". */
static const struct {
	int err;
	const char *words;
} table[] = {
	{ ENOSPC, "disk full" },
	{ EDQUOT, "disk full" },
	{ EROFS, "read-only file system" },
	{ EACCES, "permission denied" },
	{ EPERM, "permission denied" },
	{ EISDIR, "its path is a directory" },
	{ ENOTSUP, "made by a newer version" },
	{ EBADMSG, "the file is damaged" },
	{ ENOENT, "not found" },
	{ ENOTDIR, "not found" },
	{ EBUSY, "in use by another program" },
	{ EREMOTEIO, "no answer on the bus" },
	{ ETIMEDOUT, "the bus did not answer in time" },
	{ EIO, "a transfer on the bus failed" },
	{ ENXIO, "the device is gone" },
	{ ENODEV, "the device is gone" },
	{ ENOTTY, "not an I2C bus" },
	{ ENOSYS, "not an I2C bus (the request is not supported)" },   /* qemu-user, for one */
	{ ESTALE, "its data froze" },
	{ ERESTART, "it reset itself" },
	{ ENOMEM, "out of memory" },
};

const char *err_words(int err)
{
	if (err < 0)
		err = -err;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].err == err)
			return table[i].words;
	return NULL;
}
