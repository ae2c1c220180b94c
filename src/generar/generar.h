/*
 * generar: the whole job in one process.
 *
 * The programme is parsed, validated and checked once by the caller; this
 * stage renders every document from that one tree — PDF, workbook, CSV,
 * JSON and, for each progress file, its PDF and workbook — in parallel
 * threads (the renderers share nothing but the read-only tree and
 * layouts), then, when asked, the web edition (dir/web, offering those
 * documents for download, so after them), and publishes them all together
 * or none: they are staged in one outfile_group and moved into place only
 * when every renderer succeeded.
 */
#ifndef PAA_GENERAR_GENERAR_H
#define PAA_GENERAR_GENERAR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "check/semaforo.h"
#include "model/programa.h"
#include "read/layout.h"

/* One progress report: its file, its computed report and its date. */
typedef struct {
    const avance *av;
    const avance_report *report;
    long long epoch;
    const paa_programa *p;   /* the programme it is measured against (a
                                modified one, --modificado); NULL: the
                                job's */
} generar_avance;

/* The web edition's directory inside the output directory. */
#define GENERAR_WEB "web"

typedef struct {
    const paa_programa *p;
    long long epoch;                  /* the programme documents' date */
    const char *name;                 /* base name of the outputs: "paa2024" */
    const layout *programa;           /* layouts/programa.xml (PDF) */
    const layout *libro;              /* layouts/libro.xml (workbook) */
    const layout *avance;             /* layouts/avance.xml; NULL without reports */
    const generar_avance *avances;
    size_t n_avances;
    int threads;                      /* at most this many renderers at once */
    const layout *web;                /* layouts/web.xml: the web edition into
                                         dir/web; NULL: no web edition */
} generar_job;

/* Renders every output into dir (created if needed). 0, or -1 with
 * diagnostics and dir as it was. */
int generar(const generar_job *job, const char *dir, diag_list *d);

/* The renderers. */
typedef enum {
    OUT_PDF, OUT_XLSX, OUT_CSV, OUT_JSON, OUT_AVANCE_PDF, OUT_AVANCE_XLSX
} output_kind;

#ifdef PAA_TESTING
/* The memory a renderer holds at its peak (an estimate by activities). */
size_t generar_cost(output_kind kind, size_t activities);
/* Whether a renderer of `cost` bytes may start while running ones hold
 * `inflight` bytes. */
bool generar_may_start(size_t inflight, size_t cost);
#endif

#endif
