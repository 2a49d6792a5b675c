// Plain C reference: Dijkstra with an indexed binary heap over CSR arrays (first/head/weight).
#ifndef CDIJKSTRA_H
#define CDIJKSTRA_H
#include <stdint.h>

typedef struct cdij cdij;

/// Creates search scratch for a graph with n vertices; arrays are borrowed, not copied.
cdij *cdij_create(uint32_t n, const uint32_t *first, const uint32_t *head, const uint32_t *weight, const float *length);
void cdij_free(cdij *s);

/// Bounded search from `count` sources (cost 0); returns the number of vertices with distance <= limit.
uint32_t cdij_bounded(cdij *s, const uint32_t *sources, uint32_t count, uint32_t limit);

/// Search from `source` until `k` vertices with is_unit[v] != 0 are settled; returns how many were found,
/// writing their distances in settle order to out_dist.
uint32_t cdij_nearest(cdij *s, uint32_t source, const uint8_t *is_unit, uint32_t k, uint32_t *out_dist);

/// Multi-source bounded search with owners; returns directed road metres within limit
/// (partial edges by fraction) and counts reached vertices per source in owner_count.
double cdij_coverage(cdij *s, const uint32_t *sources, uint32_t count, uint32_t limit, uint32_t *owner_count);

/// Distance of v after the last search (UINT32_MAX if unreached).
uint32_t cdij_dist(const cdij *s, uint32_t v);

#endif
