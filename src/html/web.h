/*
 * web: what the files of src/html/ share (private to the stage).
 *
 * Pages are written straight to their files through `hw`, which escapes
 * every text it is given: markup comes only from string literals of this
 * stage, text only from hw_text()/hw_textf().
 */
#ifndef PAA_HTML_WEB_H
#define PAA_HTML_WEB_H

#include <stdbool.h>
#include <stdio.h>

#include "base/static.h"
#include "html/html.h"
#include "write/outfile.h"

/* ---- writer ------------------------------------------------------------------ */

typedef struct {
    FILE *f;
    bool failed;
} hw;

/* Markup from this stage (never data). */
void hw_raw(hw *h, const char *markup);
/* Text or attribute value: & < > " ' escaped. */
void hw_text(hw *h, const char *text);
/* Markup with each %s replaced by its argument escaped as text (only %s
 * and %%): hw_fmt(h, "<a href=\"%s\">%s</a>", file, title). */
void hw_fmt(hw *h, const char *markup, ...) __attribute__((format(printf, 2, 3)));
/* printf into escaped text. */
void hw_textf(hw *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- the site ----------------------------------------------------------------- */

typedef struct web web;
typedef void (*page_body)(web *w, hw *h, size_t arg);

typedef struct {
    char *file;          /* "subprograma-01.html" */
    char *title;         /* its h1 and <title> */
    const char *nav;     /* label in the sections nav; NULL: not listed */
    char *nav_owned;     /* nav when the page owns it */
    page_body body;
    size_t arg;          /* subprograma or report index */
    int avance;          /* report whose downloads the footer adds; -1: none */
    int parent;          /* page it is listed under in the contents; -1: top */
} web_page;

#define WEB_FORMATS 4          /* pdf, xlsx, csv, json */

typedef struct {
    const char *label, *type;
    char *name;          /* file name in descargas/; NULL: not offered */
    char size[32];       /* "1.4 MB" */
} web_download;

struct web {
    const html_site *s;
    diag_list *d;
    const outfile_dir *out;   /* where the files go */
    web_page *pages;
    size_t n_pages;
    web_download dl[WEB_FORMATS];
    web_download *avdl;   /* 2 per report: pdf, xlsx */
    /* shared with the PDF (layouts/programa.xml) */
    const char *missing, *missing_legend, *mark, *mark_legend;
    const layout_node *note, *annex;
    bool want_note, want_annex;
    /* what a screen reader says for each mark (layouts/web.xml) */
    const char *say_missing, *say_rebuilt, *say_inconsistent, *say_prog_rebuilt;
    const char *period;   /* of the report being written ({periodo}); NULL */
    const char *cutoff;   /* its cut-off month ({corte}); NULL */
    bool failed;
};

/* Reports a failure once ("io" diagnostic) and marks the site failed. */
void web_fail(web *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Text of <texto id> of layouts/web.xml with its placeholders expanded,
 * escaped into h. */
void web_text(web *w, hw *h, const char *id);
/* The same from any template of a layout (node: where errors point). */
void web_template(web *w, hw *h, const layout *lay, const layout_node *n,
                  const char *tpl);
/* Title of column i of <tabla id> of layouts/web.xml ("" when absent). */
const char *web_column(web *w, const char *table, size_t i);

/* A figure, mark or word that a screen reader says differently:
 * `shown` for the eye, `said` for the ear. */
void web_mark(hw *h, const char *shown, const char *said);
/* Opens a table in its own scrolling region, with its caption. */
void web_table_open(web *w, hw *h, const char *id, const char *caption);
void web_table_close(hw *h);
/* <th scope="col"> for each column of <tabla id>, from..to (exclusive). */
void web_head_cells(web *w, hw *h, const char *table, size_t from, size_t to,
                    const char *cls);
/* A count ("1,234") as a right-aligned cell. */
void web_count_cell(hw *h, size_t n);

/* ---- pages -------------------------------------------------------------------- */

/* programa_html.c: registers and writes the programme's pages. */
int web_programa_pages(web *w);
/* avance_html.c: the pages of each progress report. */
int web_avance_pages(web *w);
/* Stylesheet prefix: one CSS rule per semáforo state. */
void web_state_css(web *w, FILE *f);

/* Adds a page; title is taken (freed with the site). -1 on OOM. */
int web_add_page(web *w, const char *file, char *title, const char *nav,
                 page_body body, size_t arg, int report);

#ifdef PAA_TESTING
void html_escape(FILE *f, const char *s);
void html_size_text(long long bytes, char *buf, size_t size);
#endif

#endif
