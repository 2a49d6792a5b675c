#include "cdijkstra.h"
#include <stdlib.h>

#define INF UINT32_MAX
#define NONE UINT32_MAX

struct cdij {
    uint32_t n;
    const uint32_t *first, *head, *weight;
    const float *length;
    uint32_t *dist, *pos, *heap, *touched, *owner;
    uint32_t heap_size, touched_count;
};

cdij *cdij_create(uint32_t n, const uint32_t *first, const uint32_t *head, const uint32_t *weight, const float *length) {
    cdij *s = calloc(1, sizeof(cdij));
    s->n = n; s->first = first; s->head = head; s->weight = weight; s->length = length;
    s->dist = malloc(sizeof(uint32_t) * n);
    s->pos = malloc(sizeof(uint32_t) * n);
    s->heap = malloc(sizeof(uint32_t) * n);
    s->touched = malloc(sizeof(uint32_t) * n);
    s->owner = malloc(sizeof(uint32_t) * n);
    for (uint32_t i = 0; i < n; i++) { s->dist[i] = INF; s->pos[i] = NONE; }
    return s;
}

void cdij_free(cdij *s) {
    free(s->dist); free(s->pos); free(s->heap); free(s->touched); free(s->owner); free(s);
}

static void reset(cdij *s) {
    for (uint32_t i = 0; i < s->touched_count; i++) { uint32_t v = s->touched[i]; s->dist[v] = INF; s->pos[v] = NONE; }
    s->touched_count = 0;
    s->heap_size = 0;
}

static void sift_up(cdij *s, uint32_t i) {
    uint32_t v = s->heap[i], d = s->dist[v];
    while (i > 0) {
        uint32_t p = (i - 1) / 2, pv = s->heap[p];
        if (s->dist[pv] <= d) break;
        s->heap[i] = pv; s->pos[pv] = i; i = p;
    }
    s->heap[i] = v; s->pos[v] = i;
}

static void sift_down(cdij *s, uint32_t i) {
    uint32_t v = s->heap[i], d = s->dist[v], n = s->heap_size;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && s->dist[s->heap[c + 1]] < s->dist[s->heap[c]]) c++;
        uint32_t cv = s->heap[c];
        if (s->dist[cv] >= d) break;
        s->heap[i] = cv; s->pos[cv] = i; i = c;
    }
    s->heap[i] = v; s->pos[v] = i;
}

static void push_or_decrease(cdij *s, uint32_t v, uint32_t d, uint32_t owner) {
    if (s->dist[v] == INF) {
        s->touched[s->touched_count++] = v;
        s->dist[v] = d; s->owner[v] = owner;
        s->heap[s->heap_size] = v; s->pos[v] = s->heap_size; s->heap_size++;
        sift_up(s, s->pos[v]);
    } else if (d < s->dist[v]) {
        s->dist[v] = d; s->owner[v] = owner;
        sift_up(s, s->pos[v]);
    }
}

static uint32_t pop(cdij *s) {
    uint32_t v = s->heap[0];
    s->pos[v] = NONE;
    s->heap_size--;
    if (s->heap_size > 0) { s->heap[0] = s->heap[s->heap_size]; s->pos[s->heap[0]] = 0; sift_down(s, 0); }
    return v;
}

static void relax(cdij *s, uint32_t u) {
    uint32_t d = s->dist[u], o = s->owner[u];
    for (uint32_t e = s->first[u]; e < s->first[u + 1]; e++) {
        uint32_t v = s->head[e], nd = d + s->weight[e];
        if (nd < s->dist[v]) push_or_decrease(s, v, nd, o);
    }
}

uint32_t cdij_bounded(cdij *s, const uint32_t *sources, uint32_t count, uint32_t limit) {
    reset(s);
    for (uint32_t i = 0; i < count; i++) push_or_decrease(s, sources[i], 0, i);
    uint32_t settled = 0;
    while (s->heap_size > 0 && s->dist[s->heap[0]] <= limit) {
        uint32_t u = pop(s);
        settled++;
        relax(s, u);
    }
    return settled;
}

uint32_t cdij_nearest(cdij *s, uint32_t source, const uint8_t *is_unit, uint32_t k, uint32_t *out_dist) {
    reset(s);
    push_or_decrease(s, source, 0, 0);
    uint32_t found = 0;
    while (s->heap_size > 0 && found < k) {
        uint32_t u = pop(s);
        if (is_unit[u]) out_dist[found++] = s->dist[u];
        if (found < k) relax(s, u);
    }
    return found;
}

double cdij_coverage(cdij *s, const uint32_t *sources, uint32_t count, uint32_t limit, uint32_t *owner_count) {
    cdij_bounded(s, sources, count, limit);
    double covered = 0;
    for (uint32_t i = 0; i < count; i++) owner_count[i] = 0;
    for (uint32_t i = 0; i < s->touched_count; i++) {
        uint32_t u = s->touched[i], d = s->dist[u];
        if (d > limit) continue;
        owner_count[s->owner[u]]++;
        double left = (double)(limit - d);
        for (uint32_t e = s->first[u]; e < s->first[u + 1]; e++) {
            double w = (double)s->weight[e];
            covered += (double)s->length[e] * (left >= w ? 1.0 : left / w);
        }
    }
    return covered;
}

uint32_t cdij_dist(const cdij *s, uint32_t v) { return s->dist[v]; }
