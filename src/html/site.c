/*
 * site: the page writer, the skeleton every page shares (skip link,
 * landmarks, section nav, previous/next, footer with the downloads), the
 * stylesheet, the downloads and the atomic directory. See html.h.
 */
#include "html/web.h"

#include "base/template.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- writer ------------------------------------------------------------------ */

void hw_raw(hw *h, const char *markup)
{
    if (fputs(markup, h->f) < 0)
        h->failed = true;
}

/* The entity of a character with a meaning in HTML; NULL for others.
 * Escaping these five makes any text safe both as content and as a
 * double- or single-quoted attribute value. */
static const char *entity(char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

STATIC void html_escape(FILE *f, const char *s)
{
    for (; *s != '\0'; s++) {
        const char *e = entity(*s);
        if (e != NULL)
            fputs(e, f);
        else
            fputc(*s, f);
    }
}

void hw_text(hw *h, const char *text)
{
    html_escape(h->f, text != NULL ? text : "");
}

void hw_fmt(hw *h, const char *markup, ...)
{
    va_list ap;
    va_start(ap, markup);
    for (const char *s = markup; *s != '\0'; s++) {
        if (s[0] == '%' && (s[1] == 's' || s[1] == '%')) {
            if (*++s == 's')
                hw_text(h, va_arg(ap, const char *));
            else
                fputc('%', h->f);
        } else {
            fputc(*s, h->f);
        }
    }
    va_end(ap);
}

void hw_textf(hw *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = paa_vformat(fmt, ap);
    va_end(ap);
    if (s == NULL)
        h->failed = true;
    else
        hw_text(h, s);
    free(s);
}

void web_fail(web *w, const char *fmt, ...)
{
    if (!w->failed) {
        va_list ap;
        va_start(ap, fmt);
        char *s = paa_vformat(fmt, ap);
        va_end(ap);
        diag_add(w->d, RULE_IO, NULL, 0, NULL, "%s", s != NULL ? s : "memoria insuficiente");
        free(s);
    }
    w->failed = true;
}

/* ---- texts -------------------------------------------------------------------- */

/* HTML-escaped template text, for template_expand. */
static void escape_html(strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *e = entity(s[i]);
        if (e != NULL)
            strbuf_puts(out, e);
        else
            strbuf_putc(out, s[i]);
    }
}

void web_template(web *w, hw *h, const layout *lay, const layout_node *n, const char *tpl)
{
    char anio[16];
    snprintf(anio, sizeof anio, "%d", w->s->p->anio);
    const paa_programa *p = w->s->p;
    template_var vars[] = {
        {"{titulo}", p->doc.titulo, false, false},
        {"{institucion}", p->doc.institucion, false, false},
        {"{siglas}", p->doc.siglas, false, false},
        {"{lugar}", p->doc.lugar, false, false},
        {"{anio}", anio, false, false},
        {"{marca}", w->mark, false, false},
        {"{sin-dato}", w->missing, false, false},
        {"{anexo}", w->annex != NULL ? layout_attr(w->annex, "titulo") : NULL, false, false},
        /* only inside a progress report */
        {"{periodo}", w->period, false, false},
        {"{corte}", w->cutoff, false, false},
    };
    size_t nvars = sizeof vars / sizeof vars[0] - (w->period != NULL ? 0 : 2);
    strbuf b = {0};
    char bad[64];
    template_status st = template_expand(&b, tpl, vars, nvars, escape_html, bad, sizeof bad);
    if (st == TEMPLATE_UNKNOWN) {
        char *names = template_names(vars, nvars);
        layout_error(lay, n, w->d, "marcador desconocido: «%s» (se admiten %s)", bad,
                     names != NULL ? names : "");
        free(names);
        w->failed = true;
    } else if (st == TEMPLATE_NOMEM) {
        web_fail(w, "memoria insuficiente al componer el sitio");
    } else {
        hw_raw(h, strbuf_str(&b));
    }
    strbuf_free(&b);
}

void web_text(web *w, hw *h, const char *id)
{
    const layout_node *n = layout_require(w->s->web, "texto", id, w->d);
    if (n == NULL) {
        w->failed = true;
        return;
    }
    web_template(w, h, w->s->web, n, layout_text(w->s->web, n));
}

const char *web_column(web *w, const char *table, size_t i)
{
    const layout_node *t = layout_find(w->s->web, "tabla", table);
    const layout_node *c = t != NULL ? layout_child(t, "columna", NULL) : NULL;
    for (; c != NULL && i > 0; i--)
        c = layout_child(t, "columna", c);
    const char *title = c != NULL ? layout_attr(c, "titulo") : NULL;
    if (title == NULL) {
        if (!w->failed)
            diag_add(w->d, RULE_LAYOUT, layout_file(w->s->web), 0, NULL,
                     "a la tabla «%s» le faltan columnas", table);
        w->failed = true;
        return "";
    }
    return title;
}

/* ---- shared markup ------------------------------------------------------------ */

void web_mark(hw *h, const char *shown, const char *said)
{
    hw_fmt(h, "<span aria-hidden=\"true\">%s</span><span class=\"vh\">%s</span>", shown, said);
}

void web_table_open(web *w, hw *h, const char *id, const char *caption)
{
    /* the region scrolls a table wider than the screen; it is focusable
     * so a keyboard can scroll it, and named by the caption */
    hw_fmt(h, "<div class=\"tabla\" role=\"region\" tabindex=\"0\" aria-labelledby=\"%s\">\n"
              "<table>\n<caption id=\"%s\">%s <span class=\"desplazable\">", id, id, caption);
    web_text(w, h, "desplazable");
    hw_raw(h, "</span></caption>\n");
}

void web_table_close(hw *h)
{
    hw_raw(h, "</table>\n</div>\n");
}

void web_head_cells(web *w, hw *h, const char *table, size_t from, size_t to,
                    const char *cls)
{
    for (size_t i = from; i < to; i++)
        hw_fmt(h, cls != NULL ? "<th scope=\"col\" class=\"%s\">%s</th>"
                              : "<th scope=\"col\">%s%s</th>",
               cls != NULL ? cls : "", web_column(w, table, i));
}

void web_count_cell(hw *h, size_t n)
{
    char buf[PAA_DEC_BUFSZ];
    paa_dec_format((paa_dec)n * PAA_DEC_SCALE, true, buf);
    hw_fmt(h, "<td class=\"n\">%s</td>", buf);
}

/* ---- pages -------------------------------------------------------------------- */

int web_add_page(web *w, const char *file, char *title, const char *nav,
                 page_body body, size_t arg, int report)
{
    web_page *pages = realloc(w->pages, (w->n_pages + 1) * sizeof *pages);
    char *name = strdup(file);
    if (pages == NULL || name == NULL || title == NULL) {
        if (pages != NULL)
            w->pages = pages;
        free(name);
        free(title);
        web_fail(w, "memoria insuficiente al componer el sitio");
        return -1;
    }
    w->pages = pages;
    w->pages[w->n_pages++] = (web_page){name, title, nav, NULL, body, arg, report, -1};
    return 0;
}

static void head(web *w, hw *h, const web_page *pg)
{
    hw_raw(h, "<!DOCTYPE html>\n<html lang=\"es-MX\">\n<head>\n<meta charset=\"utf-8\" />\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
              "<title>");
    hw_text(h, pg->title);
    hw_raw(h, " · ");
    web_text(w, h, "sitio");
    hw_raw(h, "</title>\n<link rel=\"stylesheet\" href=\"estilo.css\" />\n</head>\n<body>\n"
              "<a class=\"saltar\" href=\"#contenido\">");
    web_text(w, h, "saltar");
    hw_raw(h, "</a>\n<header class=\"sitio\">\n<p class=\"sitio-titulo\"><a href=\"index.html\">");
    web_text(w, h, "sitio");
    hw_fmt(h, "</a></p>\n<p class=\"sitio-institucion\">%s</p>\n</header>\n",
           w->s->p->doc.institucion);
}

static void sections_nav(web *w, hw *h, size_t current)
{
    hw_raw(h, "<nav class=\"secciones\" aria-label=\"");
    web_text(w, h, "nav-secciones");
    hw_raw(h, "\">\n<ul>\n");
    for (size_t i = 0; i < w->n_pages; i++)
        if (w->pages[i].nav != NULL)
            hw_fmt(h, i == current ? "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>\n"
                                   : "<li><a href=\"%s\">%s</a></li>\n",
                   w->pages[i].file, w->pages[i].nav);
    hw_raw(h, "</ul>\n</nav>\n");
}

static void pager_link(web *w, hw *h, size_t i, const char *rel, const char *word)
{
    hw_fmt(h, "<li><a rel=\"%s\" href=\"%s\"><span class=\"pag-dir\">", rel,
           w->pages[i].file);
    web_text(w, h, word);
    hw_fmt(h, ":</span> %s</a></li>\n", w->pages[i].title);
}

static void pager(web *w, hw *h, size_t current)
{
    hw_raw(h, "<nav class=\"paginacion\" aria-label=\"");
    web_text(w, h, "nav-paginas");
    hw_raw(h, "\">\n<ul>\n");
    if (current > 0)
        pager_link(w, h, current - 1, "prev", "anterior");
    if (current + 1 < w->n_pages)
        pager_link(w, h, current + 1, "next", "siguiente");
    hw_raw(h, "</ul>\n</nav>\n");
}

static void download_item(hw *h, const web_download *dl)
{
    if (dl->name != NULL)
        hw_fmt(h, "<li><a href=\"descargas/%s\" type=\"%s\">%s</a> "
                  "<span class=\"tamano\">(%s)</span></li>\n",
               dl->name, dl->type, dl->label, dl->size);
    else
        hw_fmt(h, "<li>%s <span class=\"tamano\">(no incluido en esta copia)</span></li>\n",
               dl->label);
}

static void footer(web *w, hw *h, const web_page *pg)
{
    hw_raw(h, "<footer class=\"sitio\">\n<h2 class=\"pie-titulo\">");
    web_text(w, h, "descargas");
    hw_raw(h, "</h2>\n");
    bool any = false;
    for (size_t i = 0; i < WEB_FORMATS; i++)
        any = any || w->dl[i].name != NULL;
    for (size_t i = 0; pg->avance >= 0 && i < 2; i++)
        any = any || w->avdl[2 * (size_t)pg->avance + i].name != NULL;
    if (!any) {
        hw_raw(h, "<p>");
        web_text(w, h, "sin-descargas");
        hw_raw(h, "</p>\n");
    } else {
        hw_raw(h, "<ul class=\"descargas\">\n");
        for (size_t i = 0; i < WEB_FORMATS; i++)
            download_item(h, &w->dl[i]);
        for (size_t i = 0; pg->avance >= 0 && i < 2; i++)
            download_item(h, &w->avdl[2 * (size_t)pg->avance + i]);
        hw_raw(h, "</ul>\n");
    }
    hw_raw(h, "<p>");
    web_text(w, h, "pie");
    hw_raw(h, "</p>\n</footer>\n</body>\n</html>\n");
}

/* Writes page i into the temporary directory. */
static void write_page(web *w, size_t i)
{
    const web_page *pg = &w->pages[i];
    char *path = outfile_dir_path(w->out, pg->file);
    FILE *f = path != NULL ? fopen(path, "wb") : NULL;
    if (f == NULL) {
        web_fail(w, "no se puede escribir %s: %s", pg->file, strerror(errno));
        free(path);
        return;
    }
    hw h = {f, false};
    head(w, &h, pg);
    sections_nav(w, &h, i);
    hw_fmt(&h, "<main id=\"contenido\" tabindex=\"-1\">\n<h1>%s</h1>\n", pg->title);
    pg->body(w, &h, pg->arg);
    hw_raw(&h, "</main>\n");
    pager(w, &h, i);
    footer(w, &h, pg);
    if (ferror(f))
        h.failed = true;
    if (fclose(f) != 0 || h.failed)
        web_fail(w, "no se pudo escribir %s", path);
    free(path);
}

/* ---- stylesheet ------------------------------------------------------------------ */

/* Copies file `from` to stream `to`; false on a read or write error. */
static bool copy_stream(const char *from, FILE *to)
{
    FILE *in = fopen(from, "rb");
    if (in == NULL)
        return false;
    char buf[65536];
    size_t n;
    bool ok = true;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, to) == n;
    ok = ok && !ferror(in);
    fclose(in);
    return ok;
}

/* estilo.css: the layout's colours as custom properties, the semáforo
 * states, then the stylesheet of the layout. */
static void stylesheet(web *w)
{
    const layout *lay = w->s->web;
    const layout_node *css = layout_require(lay, "hoja-de-estilo", NULL, w->d);
    char *src = css != NULL ? layout_resolve(lay, layout_attr(css, "archivo")) : NULL;
    char *path = outfile_dir_path(w->out, "estilo.css");
    FILE *f = src != NULL && path != NULL ? fopen(path, "wb") : NULL;
    if (f == NULL) {
        if (css != NULL)
            web_fail(w, "no se puede escribir estilo.css");
        w->failed = true;
        free(src);
        free(path);
        return;
    }
    fputs("/* Edición web generada por paa: colores de layouts/web.xml y del semáforo\n"
          "   (layouts/avance.xml), después la hoja de estilo del diseño. */\n:root {\n", f);
    for (const layout_node *c = layout_child(layout_root(lay), "color", NULL); c != NULL;
         c = layout_child(layout_root(lay), "color", c))
        fprintf(f, "  --%s: %s;\n", layout_attr(c, "id"), layout_attr(c, "valor"));
    fputs("}\n", f);
    web_state_css(w, f);
    bool ok = copy_stream(src, f);
    if (!ok) {
        diag_add(w->d, RULE_LAYOUT, src, 0, NULL, "no se puede leer la hoja de estilo");
        w->failed = true;
    }
    if (fclose(f) != 0 || !ok)
        web_fail(w, "no se pudo escribir estilo.css");
    free(src);
    free(path);
}

/* ---- downloads -------------------------------------------------------------------- */

/* "512 B", "96.3 kB", "1.4 MB": decimal units, one decimal, half up. */
STATIC void html_size_text(long long bytes, char *buf, size_t size)
{
    if (bytes < 1000) {
        snprintf(buf, size, "%lld B", bytes);
        return;
    }
    /* 999.95 kB and more round to "1.0 MB", never to "1000.0 kB" */
    long long unit = bytes < 999950 ? 1000 : 1000000;
    long long tenths = (bytes * 10 + unit / 2) / unit;
    snprintf(buf, size, "%lld.%lld %s", tenths / 10, tenths % 10, unit == 1000 ? "kB" : "MB");
}

/* Offers `name` from the downloads directory when it is there: copied
 * into descargas/ with its size. */
static void offer(web *w, web_download *dl, const char *name)
{
    if (w->s->downloads == NULL)
        return;
    char *from = paa_format("%s/%s", w->s->downloads, name);
    char *rel = paa_format("descargas/%s", name);
    char *to = rel != NULL ? outfile_dir_path(w->out, rel) : NULL;
    struct stat st;
    if (from == NULL || to == NULL) {
        web_fail(w, "memoria insuficiente al componer el sitio");
    } else if (stat(from, &st) == 0 && S_ISREG(st.st_mode)) {
        FILE *f = fopen(to, "wb");
        bool ok = f != NULL && copy_stream(from, f);
        if (f != NULL)
            ok = fclose(f) == 0 && ok;
        if (!ok)
            web_fail(w, "no se pudo copiar %s al sitio", from);
        dl->name = strdup(name);
        html_size_text((long long)st.st_size, dl->size, sizeof dl->size);
        if (dl->name == NULL)
            web_fail(w, "memoria insuficiente al componer el sitio");
    }
    free(from);
    free(rel);
    free(to);
}

/* The programme's base name: "input/paa2024.xml" -> "paa2024". */
static char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *b = slash != NULL ? slash + 1 : path;
    size_t n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".xml") == 0)
        n -= 4;
    return paa_format("%.*s", (int)n, b);
}

static void downloads(web *w)
{
    static const char *const formats[WEB_FORMATS] = {"pdf", "xlsx", "csv", "json"};
    if (w->s->downloads != NULL && outfile_dir_mkdir(w->out, "descargas", w->d) != 0) {
        w->failed = true;
        return;
    }
    char *base = base_name(w->s->p->file);
    for (size_t i = 0; i < WEB_FORMATS && base != NULL; i++) {
        const layout_node *n = NULL;
        while ((n = layout_child(layout_root(w->s->web), "descarga", n)) != NULL &&
               strcmp(layout_attr(n, "formato"), formats[i]) != 0)
            ;
        if (n == NULL) {
            web_fail(w, "falta <descarga formato=\"%s\"> en %s", formats[i],
                     layout_file(w->s->web));
            break;
        }
        w->dl[i].label = layout_attr(n, "etiqueta");
        w->dl[i].type = layout_attr(n, "tipo");
        char *name = paa_format("%s.%s", base, formats[i]);
        if (name != NULL)
            offer(w, &w->dl[i], name);
        free(name);
    }
    free(base);
    w->avdl = calloc(2 * w->s->n_avances + 1, sizeof *w->avdl);
    for (size_t k = 0; w->avdl != NULL && k < w->s->n_avances; k++) {
        const avance *a = w->s->avances[k].file;
        for (size_t i = 0; i < 2; i++) {
            web_download *dl = &w->avdl[2 * k + i];
            dl->label = i == 0 ? "Informe de avance en PDF" : "Informe de avance en Excel";
            dl->type = w->dl[i].type;
            char *name = paa_format("avance-%04d-%02d.%s", avance_year(a),
                                    avance_cutoff(a), formats[i]);
            if (name != NULL)
                offer(w, dl, name);
            free(name);
        }
    }
    if (base == NULL || w->avdl == NULL)
        web_fail(w, "memoria insuficiente al componer el sitio");
}

/* ---- entry point --------------------------------------------------------------------- */

static void load_texts(web *w)
{
    const layout *pl = w->s->programa;
    const layout_node *m = layout_find(pl, "sin-dato", NULL);
    w->missing = m != NULL && layout_attr(m, "texto") != NULL ? layout_attr(m, "texto") : "—";
    w->missing_legend = m != NULL ? layout_attr(m, "leyenda") : NULL;
    const layout_node *r = layout_find(pl, "reconstruido", NULL);
    w->mark = r != NULL ? layout_attr(r, "marca") : NULL;
    w->mark_legend = r != NULL ? layout_attr(r, "leyenda") : NULL;
    w->note = layout_find(pl, "nota-edicion", NULL);
    w->annex = layout_find(pl, "anexo", NULL);
    const char **say[] = {&w->say_missing, &w->say_rebuilt, &w->say_inconsistent,
                          &w->say_prog_rebuilt};
    const char *ids[] = {"sin-dato", "reconstruido", "inconsistente", "programado-reconstruido"};
    for (size_t i = 0; i < 4; i++) {
        const layout_node *n = NULL;
        while ((n = layout_child(layout_root(w->s->web), "voz", n)) != NULL &&
               strcmp(layout_attr(n, "marca"), ids[i]) != 0)
            ;
        *say[i] = n != NULL ? layout_attr(n, "texto") : ids[i];
    }
}

static void free_site(web *w)
{
    for (size_t i = 0; i < w->n_pages; i++) {
        free(w->pages[i].file);
        free(w->pages[i].title);
        free(w->pages[i].nav_owned);
    }
    free(w->pages);
    for (size_t i = 0; i < WEB_FORMATS; i++)
        free(w->dl[i].name);
    for (size_t i = 0; w->avdl != NULL && i < 2 * w->s->n_avances; i++)
        free(w->avdl[i].name);
    free(w->avdl);
}

/* Writes every file of the site into w->out. 0 or -1. */
static int fill(web *w)
{
    load_texts(w);
    downloads(w);
    if (!w->failed)
        stylesheet(w);
    if (!w->failed)
        web_programa_pages(w);
    if (!w->failed)
        web_avance_pages(w);
    for (size_t i = 0; i < w->n_pages && !w->failed; i++) {
        w->period = w->cutoff = NULL;
        write_page(w, i);
    }
    free_site(w);
    return w->failed ? -1 : 0;
}

int render_html_into(const html_site *s, const outfile_dir *o, diag_list *d)
{
    web w = {.s = s, .d = d, .out = o};
    return fill(&w);
}

int render_html(const html_site *s, const char *out_dir, diag_list *d)
{
    outfile_dir o;
    if (outfile_dir_open(&o, out_dir, d) != 0)
        return -1;
    if (render_html_into(s, &o, d) != 0) {
        outfile_dir_abort(&o);
        return -1;
    }
    return outfile_dir_commit(&o, d);
}
