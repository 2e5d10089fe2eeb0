// SPDX-License-Identifier: MIT
/*
 * SPSC ring (see ring.h). Indices run freely and wrap through size_t; the
 * slot is index & mask. The producer publishes a slot with a release store
 * of head after copying into it; the consumer acquires head before reading
 * it, and publishes the freed slot with a release store of tail.
 */
#include <errno.h>
#include <string.h>
#include "source/ring.h"

int ring_init(struct ring *r, void *storage, size_t elem_size, size_t capacity)
{
	if (!storage || elem_size == 0 || capacity < 2 || (capacity & (capacity - 1)))
		return -EINVAL;
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	r->mask = capacity - 1;
	r->elem_size = elem_size;
	r->buf = storage;
	return 0;
}

bool ring_push(struct ring *r, const void *elem)
{
	size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);

	if (head - tail > r->mask)
		return false;
	memcpy(r->buf + (head & r->mask) * r->elem_size, elem, r->elem_size);
	atomic_store_explicit(&r->head, head + 1, memory_order_release);
	return true;
}

size_t ring_pop(struct ring *r, void *out, size_t max)
{
	size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	size_t n = head - tail;
	unsigned char *dst = out;

	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++)
		memcpy(dst + i * r->elem_size, r->buf + ((tail + i) & r->mask) * r->elem_size,
		       r->elem_size);
	atomic_store_explicit(&r->tail, tail + n, memory_order_release);
	return n;
}

size_t ring_count(struct ring *r)
{
	return atomic_load_explicit(&r->head, memory_order_acquire) -
	       atomic_load_explicit(&r->tail, memory_order_acquire);
}

size_t ring_capacity(const struct ring *r)
{
	return r->mask + 1;
}
