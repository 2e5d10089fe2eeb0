// SPDX-License-Identifier: MIT
/* The SPSC ring: order, full/empty, wrap-around, and two real threads
 * moving a numbered sequence (the oracle: every number once, in order). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include "source/ring.h"
#include "testutil.h"

static void rejects_bad_sizes(void **state)
{
	struct ring r;
	uint32_t st[8];

	(void)state;
	assert_int_equal(ring_init(&r, st, sizeof(st[0]), 6), -EINVAL);
	assert_int_equal(ring_init(&r, st, sizeof(st[0]), 1), -EINVAL);
	assert_int_equal(ring_init(&r, st, 0, 8), -EINVAL);
	assert_int_equal(ring_init(&r, NULL, 4, 8), -EINVAL);
	assert_int_equal(ring_init(&r, st, sizeof(st[0]), 8), 0);
	assert_int_equal(ring_capacity(&r), 8);
}

static void fifo_order_full_and_wrap(void **state)
{
	struct ring r;
	uint32_t st[4], out[8], v;
	uint32_t next_in = 0, next_out = 0;

	(void)state;
	assert_int_equal(ring_init(&r, st, sizeof(st[0]), 4), 0);
	assert_int_equal(ring_pop(&r, out, 8), 0);
	for (int round = 0; round < 50; round++) {
		/* fill to the brim, one more is refused */
		while (ring_count(&r) < 4) {
			v = next_in++;
			assert_true(ring_push(&r, &v));
		}
		v = 999;
		assert_false(ring_push(&r, &v));
		/* take some out (1..3), check the order */
		size_t n = ring_pop(&r, out, (size_t)(round % 3) + 1);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(out[i], next_out++);
	}
	size_t n = ring_pop(&r, out, 8);
	assert_int_equal(n, next_in - next_out);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(out[i], next_out++);
	assert_int_equal(next_out, next_in);
}

#define N_ITEMS 200000u

static void *producer(void *arg)
{
	struct ring *r = arg;

	for (uint64_t i = 0; i < N_ITEMS; i++)
		while (!ring_push(r, &i))
			sched_yield();
	return NULL;
}

static void two_threads(void **state)
{
	static uint64_t storage[64];
	struct ring r;
	pthread_t th;
	uint64_t out[16], expect = 0;

	(void)state;
	assert_int_equal(ring_init(&r, storage, sizeof(storage[0]), 64), 0);
	assert_int_equal(pthread_create(&th, NULL, producer, &r), 0);
	while (expect < N_ITEMS) {
		size_t n = ring_pop(&r, out, 16);

		if (n == 0)
			sched_yield();
		for (size_t i = 0; i < n; i++)
			assert_true(out[i] == expect++);
	}
	pthread_join(th, NULL);
	assert_int_equal(ring_count(&r), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rejects_bad_sizes),
		cmocka_unit_test(fifo_order_full_and_wrap),
		cmocka_unit_test(two_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
