// SPDX-License-Identifier: MIT
/*
 * PNG output through libpng's simplified API. SDL 2.26 can only save BMP
 * and SDL2_image is not one of our dependencies; libpng is the maintained
 * library for the format (Debian: libpng-dev).
 */
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui/ui_int.h"

int png_write_argb(const char *path, const Uint32 *px, int w, int h, int stride, char *err, size_t errlen)
{
	png_image img;
	unsigned char *rgb = malloc((size_t)w * (size_t)h * 3);
	int rc = 0;

	if (!rgb) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			Uint32 p = px[(size_t)y * (size_t)stride + (size_t)x];
			unsigned char *o = rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;

			o[0] = (unsigned char)(p >> 16);
			o[1] = (unsigned char)(p >> 8);
			o[2] = (unsigned char)p;
		}
	}
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = PNG_FORMAT_RGB;
	if (!png_image_write_to_file(&img, path, 0, rgb, w * 3, NULL)) {
		snprintf(err, errlen, "%s: %s", path, img.message);
		rc = -EIO;
	}
	png_image_free(&img);
	free(rgb);
	return rc;
}
