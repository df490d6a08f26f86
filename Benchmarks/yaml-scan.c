/*
 * The physical limit for parsing: read the file, then a bare libyaml event scan of it, keeping
 * nothing. Timed the way numsync's loader is timed (file in, result out).
 * Usage: yaml-scan FILE [RUNS]; prints the median seconds of RUNS, the first run's (cold: the
 * allocator has not kept memory from an earlier run yet) and the event count.
 * Built by scripts/bench against the same libyaml numsync links.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <yaml.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static long scan(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *bytes = malloc(size + 1);
    if (fread(bytes, 1, size, file) != (size_t)size) { perror("read"); exit(1); }
    fclose(file);

    yaml_parser_t parser;
    yaml_event_t event;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, bytes, size);
    long events = 0;
    int done = 0;
    while (!done) {
        if (!yaml_parser_parse(&parser, &event)) { fprintf(stderr, "parse error\n"); exit(1); }
        done = event.type == YAML_STREAM_END_EVENT;
        events++;
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    free(bytes);
    return events;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: yaml-scan FILE [RUNS]\n"); return 2; }
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    double *times = calloc(runs, sizeof(double));
    long events = 0;
    for (int run = 0; run < runs; run++) {
        double start = now();
        events = scan(argv[1]);
        times[run] = now() - start;
    }
    double first = times[0];
    qsort(times, runs, sizeof(double), compare);
    printf("{\"median_seconds\": %.6f, \"first_seconds\": %.6f, \"events\": %ld, \"runs\": %d}\n",
           times[runs / 2], first, events, runs);
    return 0;
}
