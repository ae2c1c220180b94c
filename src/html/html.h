/*
 * html: the web edition, an accessible static site of the programme and
 * its progress reports.
 *
 * The site is rendered from the model tree and the computed progress
 * reports (nothing is parsed again), every text escaped, with no
 * JavaScript and no external request: pages, one stylesheet and the
 * downloadable documents, all relative links, so it works from the file
 * system and from any web server. The same input gives the same bytes.
 * The directory is written whole (write/outfile.h): built in a temporary
 * sibling and renamed; on failure the previous site stays as it was.
 */
#ifndef PAA_HTML_H
#define PAA_HTML_H

#include <stddef.h>

#include "base/diag.h"
#include "check/semaforo.h"
#include "read/avance.h"
#include "model/programa.h"
#include "read/layout.h"
#include "write/outfile.h"

/* One progress report of the site: its file and computed figures. */
typedef struct {
    const avance *file;
    const avance_report *report;
} html_avance;

typedef struct {
    const paa_programa *p;
    const layout *web;        /* layouts/web.xml: stylesheet, colours, site texts */
    const layout *programa;   /* layouts/programa.xml: section titles, edition
                                 note, annex, marks and legends (as the PDF) */
    const layout *avance;     /* layouts/avance.xml: semáforo words' colours;
                                 NULL when there are no reports */
    const html_avance *avances;
    size_t n_avances;
    /* Directory holding the documents to offer for download
     * (<programa>.pdf/.xlsx/.csv/.json, avance-AAAA-MM.pdf/.xlsx); those
     * present are copied into the site with their sizes, those absent are
     * said to be absent, never linked. NULL: none. */
    const char *downloads;
    /* The programme the reports are measured against when it is not p: the
     * one in force after an adecuación (--modificado), each report then
     * compared with p (avance_compare_original). The progress pages follow
     * its structure; the programme's pages stay p's. NULL: p. */
    const paa_programa *vigente;
} html_site;

/* Writes the site into directory `out_dir`. 0, or -1 with diagnostics. */
int render_html(const html_site *s, const char *out_dir, diag_list *d);

/* The same files into `o`, a directory the caller opened and publishes
 * (paa generar stages it with the documents, outfile_group_dir): nothing
 * is committed or removed here. 0, or -1 with diagnostics. */
int render_html_into(const html_site *s, const outfile_dir *o, diag_list *d);

#endif
