/* SPDX-License-Identifier: MIT */
/*
 * ring — a lock-free single-producer / single-consumer queue of fixed-size
 * elements (C11 atomics). One thread pushes, one other thread pops; neither
 * ever waits for the other. The I/O thread hands IMU samples to the main
 * thread through it.
 *
 * Caller-allocated: the struct and the storage (capacity * elem_size bytes)
 * belong to the caller and must outlive the ring. Capacity is a power of two.
 */
#ifndef STRETCHREP_SOURCE_RING_H
#define STRETCHREP_SOURCE_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct ring {
	_Atomic size_t head;   /* next slot to write; written by the producer only */
	_Atomic size_t tail;   /* next slot to read; written by the consumer only */
	size_t mask;           /* capacity - 1 */
	size_t elem_size;
	unsigned char *buf;
};

/* 0, or -EINVAL when capacity is not a power of two >= 2 or elem_size is 0. */
int ring_init(struct ring *r, void *storage, size_t elem_size, size_t capacity);
/* Producer: copies one element in; false (nothing written) when full. */
bool ring_push(struct ring *r, const void *elem);
/* Consumer: copies up to max elements out, oldest first; returns how many. */
size_t ring_pop(struct ring *r, void *out, size_t max);
/* Elements waiting; exact for the consumer, a lower bound for the producer. */
size_t ring_count(struct ring *r);
size_t ring_capacity(const struct ring *r);

#endif
