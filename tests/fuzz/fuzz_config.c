// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the INI configuration loader (app/config.c, libinih).
 * Built once app/config.h provides config_load_string and config_write.
 * FUZZ_NEEDS: app/config.h:config_load_string
 * FUZZ_NEEDS: app/config.h:config_write
 *
 * Properties (app/config.h): loading never fails on content; every problem
 * kept is a NUL-terminated "NAME:..." message; the problem count is at least
 * the number kept; and the effective configuration, written back out, loads
 * again with no problem at all and the same values.
 */
#include <string.h>
#include "config.h"
#include "fuzz.h"

static void check_problems(const struct config *cfg, const char *name)
{
	int kept = config_problems_kept(cfg);

	FUZZ_CHECK(kept >= 0 && kept <= CONFIG_MAX_PROBLEMS);
	FUZZ_CHECK(cfg->n_problems >= kept);
	for (int i = 0; i < kept; i++) {
		const char *t = cfg->problems[i].text;

		FUZZ_CHECK(memchr(t, '\0', CONFIG_PROBLEM_LEN) != NULL);
		FUZZ_CHECK(strncmp(t, name, strlen(name)) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg, again;
	char *text, *out = NULL;
	size_t out_len = 0;
	FILE *f;

	if (size > 64 * 1024)
		return 0;
	text = malloc(size + 1);
	FUZZ_CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';   /* the loader takes a C string: it ends at a NUL */

	FUZZ_CHECK(config_load_string(&cfg, text, "fuzz.conf") == 0);
	check_problems(&cfg, "fuzz.conf");

	f = open_memstream(&out, &out_len);
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(config_write(&cfg, f) == 0);
	FUZZ_CHECK(fclose(f) == 0);
	FUZZ_CHECK(config_load_string(&again, out, "written.conf") == 0);
	if (again.n_problems != 0)
		fprintf(stderr, "written config: %s\n", again.problems[0].text);
	FUZZ_CHECK(again.n_problems == 0);
	FUZZ_CHECK(again.sensor.rate_hz == cfg.sensor.rate_hz);
	FUZZ_CHECK(again.sensor.address == cfg.sensor.address);
	FUZZ_CHECK(strcmp(again.sensor.bus, cfg.sensor.bus) == 0);
	FUZZ_CHECK(again.session.motion.hold_warn_s == cfg.session.motion.hold_warn_s);
	FUZZ_CHECK(again.session.work_target_s == cfg.session.work_target_s);
	FUZZ_CHECK(again.display.rotation_deg == cfg.display.rotation_deg);
	FUZZ_CHECK(again.audio.volume == cfg.audio.volume);
	FUZZ_CHECK(strcmp(again.gpio.chip, cfg.gpio.chip) == 0);
	free(out);
	free(text);
	return 0;
}
