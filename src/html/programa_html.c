/*
 * programa_html: the programme's pages, in the published order: cover and
 * contents (index.html), the front matter, the Estructura, the edition
 * note, one page per subprograma and the annex of reconstructed values.
 * Titles, the edition note, the annex and the marks with their legends are
 * the PDF's (layouts/programa.xml).
 */
#include "html/web.h"

#include <stdlib.h>
#include <string.h>

#define CAL_TEXT_COLS 3   /* clave, actividad, unidad: before the quantities */

/* Text of <texto id> of layouts/programa.xml ("" when absent, reported). */
static const char *pdf_text(web *w, const char *id)
{
    const layout_node *n = layout_require(w->s->programa, "texto", id, w->d);
    if (n == NULL) {
        w->failed = true;
        return "";
    }
    return layout_text(w->s->programa, n);
}

static void paragraph(hw *h, const char *cls, const char *text)
{
    hw_fmt(h, cls != NULL ? "<p class=\"%s\">%s</p>\n" : "<p>%s%s</p>\n",
           cls != NULL ? cls : "", text);
}

static void paragraphs(hw *h, const paa_textos *t)
{
    for (size_t i = 0; i < t->n; i++)
        paragraph(h, NULL, t->items[i]);
}

static void list(hw *h, const paa_textos *t)
{
    hw_raw(h, "<ul>\n");
    for (size_t i = 0; i < t->n; i++)
        hw_fmt(h, "<li>%s</li>\n", t->items[i]);
    hw_raw(h, "</ul>\n");
}

/* A link to page `file` with text `text`. */
static void link(hw *h, const char *file, const char *text)
{
    hw_fmt(h, "<a href=\"%s\">%s</a>", file, text);
}

/* ---- index ---------------------------------------------------------------------- */

static void index_body(web *w, hw *h, size_t arg)
{
    (void)arg;
    const paa_documento *doc = &w->s->p->doc;
    paragraph(h, "portada", doc->institucion);
    hw_raw(h, "<p class=\"portada\">");
    hw_textf(h, "%s, %d", doc->lugar, w->s->p->anio);
    hw_raw(h, "</p>\n<h2>");
    web_text(w, h, "contenido");
    hw_raw(h, "</h2>\n<ol class=\"contenido\">\n");
    for (size_t i = 1; i < w->n_pages; i++) {
        if (w->pages[i].parent >= 0)
            continue;
        hw_raw(h, "<li>");
        link(h, w->pages[i].file, w->pages[i].title);
        bool open = false;
        for (size_t k = i + 1; k < w->n_pages; k++) {
            if (w->pages[k].parent != (int)i)
                continue;
            hw_raw(h, open ? "</li>\n<li>" : "\n<ol>\n<li>");
            link(h, w->pages[k].file, w->pages[k].title);
            open = true;
        }
        hw_raw(h, open ? "</li>\n</ol>\n</li>\n" : "</li>\n");
    }
    hw_raw(h, "</ol>\n<h2>");
    web_text(w, h, "creditos");
    hw_raw(h, "</h2>\n<dl class=\"creditos\">\n");
    for (size_t i = 0; i < doc->n_creditos; i++)
        hw_fmt(h, "<dt>%s</dt><dd>%s</dd>\n", doc->creditos[i].rol, doc->creditos[i].nombre);
    hw_raw(h, "</dl>\n");
}

/* ---- front matter ---------------------------------------------------------------- */

static void presentacion_body(web *w, hw *h, size_t arg)
{
    (void)arg;
    const paa_documento *doc = &w->s->p->doc;
    paragraphs(h, &w->s->p->presentacion);
    if (doc->fecha_mes >= 1 && doc->fecha_mes <= 12) {
        hw_raw(h, "<p class=\"lugar-fecha\">");
        hw_textf(h, "%s, %d de %s de %d.", doc->lugar, doc->fecha_dia,
                 paa_month_name[doc->fecha_mes - 1], doc->fecha_anio);
        hw_raw(h, "</p>\n");
    }
    hw_raw(h, "<div class=\"firma\">\n");
    if (doc->lema != NULL)
        paragraph(h, "lema", doc->lema);
    if (doc->despedida != NULL)
        paragraph(h, "lema", doc->despedida);
    paragraph(h, NULL, doc->firma_cargo);
    if (doc->firma_nombre != NULL)
        paragraph(h, "firma-nombre", doc->firma_nombre);
    hw_raw(h, "</div>\n");
}

static void fines_body(web *w, hw *h, size_t arg)
{
    (void)arg;
    hw_raw(h, "<ul class=\"fines\">\n");
    for (size_t i = 0; i < w->s->p->n_fines; i++)
        hw_fmt(h, "<li><span class=\"fin-numero\">%s.</span> %s</li>\n",
               w->s->p->fines[i].numero, w->s->p->fines[i].texto);
    hw_raw(h, "</ul>\n");
}

/* Marco legal and objetivos are lists, políticas paragraphs. */
enum { TEXT_MARCO_LEGAL, TEXT_OBJETIVOS, TEXT_POLITICAS };

static void texts_body(web *w, hw *h, size_t which)
{
    const paa_programa *p = w->s->p;
    if (which == TEXT_POLITICAS)
        paragraphs(h, &p->politicas);
    else
        list(h, which == TEXT_MARCO_LEGAL ? &p->marco_legal : &p->objetivos);
}

/* ---- Estructura ---------------------------------------------------------------------- */

static char *subprograma_file(const paa_subprograma *s)
{
    return paa_format("subprograma-%s.html", s->numero);
}

static void estructura_body(web *w, hw *h, size_t arg)
{
    (void)arg;
    const paa_programa *p = w->s->p;
    web_table_open(w, h, "t-estructura", pdf_text(w, "estructura"));
    hw_raw(h, "<thead><tr>");
    web_head_cells(w, h, "estructura", 0, 3, NULL);
    web_head_cells(w, h, "estructura", 3, 5, "n");
    hw_raw(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        char *file = subprograma_file(s);
        hw_fmt(h, "<tr><th scope=\"row\">%s</th><td>%s</td><td><a href=\"%s\">%s</a></td>",
               s->numero, s->area, file != NULL ? file : "index.html", s->descripcion);
        web_count_cell(h, s->n_proyectos);
        web_count_cell(h, model_subprograma_actividades(s));
        hw_raw(h, "</tr>\n");
        free(file);
    }
    hw_raw(h, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"3\">Total</th>");
    web_count_cell(h, model_count_proyectos(p));
    web_count_cell(h, model_count_actividades(p));
    hw_raw(h, "</tr></tfoot>\n");
    web_table_close(h);
}

/* ---- edition note and annex ----------------------------------------------------------- */

static void layout_paragraphs(web *w, hw *h, const layout_node *n)
{
    for (const layout_node *p = layout_child(n, "p", NULL); p != NULL;
         p = layout_child(n, "p", p)) {
        hw_raw(h, "<p>");
        web_template(w, h, w->s->programa, p, layout_text(w->s->programa, p));
        hw_raw(h, "</p>\n");
    }
}

static void nota_body(web *w, hw *h, size_t arg)
{
    (void)arg;
    layout_paragraphs(w, h, w->note);
}

/* A quantity: the published figure, the "sin dato" mark when the source
 * lost it, the reconstruction mark when the importer rebuilt it; marks are
 * spoken as words. */
static void quantity_cell(web *w, hw *h, bool present, bool rebuilt, paa_dec v)
{
    char num[PAA_DEC_BUFSZ];
    paa_dec_format(v, true, num);
    if (!present) {
        hw_raw(h, "<td class=\"n\">");
        web_mark(h, w->missing, w->say_missing);
        hw_raw(h, "</td>");
    } else if (!rebuilt || w->mark == NULL) {
        hw_fmt(h, "<td class=\"n\">%s</td>", num);
    } else {
        hw_fmt(h, "<td class=\"n rec\"><i>%s</i><span aria-hidden=\"true\">%s</span>"
                  "<span class=\"vh\"> (%s)</span></td>", num, w->mark, w->say_rebuilt);
    }
}

static void text_cell(web *w, hw *h, const char *text)
{
    hw_raw(h, "<td>");
    if (text != NULL)
        hw_text(h, text);
    else
        web_mark(h, w->missing, w->say_missing);
    hw_raw(h, "</td>");
}

/* The legend of the marks this page shows, in words. */
static void legend(web *w, hw *h, bool rebuilt, bool missing, const char *heading)
{
    if (!(rebuilt && w->mark != NULL && w->mark_legend != NULL) &&
        !(missing && w->missing_legend != NULL))
        return;
    hw_raw(h, "<div class=\"leyenda\">\n<");
    hw_raw(h, heading);
    hw_raw(h, ">");
    web_text(w, h, "leyenda");
    hw_raw(h, "</");
    hw_raw(h, heading);
    hw_raw(h, ">\n<ul>\n");
    if (rebuilt && w->mark != NULL && w->mark_legend != NULL)
        hw_fmt(h, "<li><span class=\"marca\">%s</span> %s</li>\n", w->mark, w->mark_legend);
    if (missing && w->missing_legend != NULL)
        hw_fmt(h, "<li><span class=\"marca\">%s</span> %s</li>\n", w->missing,
               w->missing_legend);
    hw_raw(h, "</ul>\n</div>\n");
}

static void annex_row(hw *h, const paa_actividad *a, const char *when, paa_dec v)
{
    char num[PAA_DEC_BUFSZ];
    paa_dec_format(v, true, num);
    char *href = paa_format("subprograma-%s.html#a-%s",
                            a->proyecto->subprograma->numero, a->clave);
    hw_fmt(h, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s</td>"
              "<td class=\"n\">%s</td></tr>\n",
           href != NULL ? href : "index.html", a->clave, a->descripcion, when, num);
    free(href);
}

static void anexo_body(web *w, hw *h, size_t arg)
{
    (void)arg;
    const paa_programa *p = w->s->p;
    layout_paragraphs(w, h, w->annex);
    web_table_open(w, h, "t-anexo", layout_attr(w->annex, "titulo"));
    hw_raw(h, "<thead><tr>");
    web_head_cells(w, h, "anexo", 0, 3, NULL);
    web_head_cells(w, h, "anexo", 3, 4, "n");
    hw_raw(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < p->n_subprogramas; i++)
        for (size_t j = 0; j < p->subprogramas[i].n_proyectos; j++) {
            const paa_proyecto *pr = &p->subprogramas[i].proyectos[j];
            for (size_t k = 0; k < pr->n_actividades; k++) {
                const paa_actividad *a = &pr->actividades[k];
                if (a->anual_reconstruido && a->anual_present)
                    annex_row(h, a, layout_attr(w->annex, "anual"), a->anual);
                for (int m = 0; m < PAA_MONTHS; m++)
                    if ((a->meses_reconstruidos >> m) & (a->meses_present >> m) & 1u)
                        annex_row(h, a, paa_month_name[m], a->meses[m]);
            }
        }
    hw_raw(h, "</tbody>\n");
    web_table_close(h);
}

/* ---- subprogramas ---------------------------------------------------------------------- */

static void proyectos_table(web *w, hw *h, const paa_subprograma *s)
{
    char *caption = paa_format("Proyectos específicos del subprograma %s", s->numero);
    web_table_open(w, h, "t-proyectos", caption != NULL ? caption : "");
    free(caption);
    hw_raw(h, "<thead><tr>");
    web_head_cells(w, h, "proyectos", 0, 2, NULL);
    web_head_cells(w, h, "proyectos", 2, 3, "n");
    hw_raw(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < s->n_proyectos; i++) {
        const paa_proyecto *pr = &s->proyectos[i];
        hw_fmt(h, "<tr><th scope=\"row\">%s</th><td><a href=\"#p-%s\">%s</a></td>",
               pr->clave, pr->clave, pr->nombre);
        web_count_cell(h, pr->n_actividades);
        hw_raw(h, "</tr>\n");
    }
    hw_raw(h, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"2\">Total</th>");
    web_count_cell(h, model_subprograma_actividades(s));
    hw_raw(h, "</tr></tfoot>\n");
    web_table_close(h);
}

static void calendar_head(web *w, hw *h)
{
    hw_raw(h, "<thead><tr>");
    web_head_cells(w, h, "calendario", 0, CAL_TEXT_COLS, NULL);
    web_head_cells(w, h, "calendario", CAL_TEXT_COLS, CAL_TEXT_COLS + 1, "n");
    /* shown abbreviated, said in full */
    for (int m = 0; m < PAA_MONTHS; m++) {
        hw_raw(h, "<th scope=\"col\" class=\"n mes\">");
        web_mark(h, paa_month_abbr[m], paa_month_name[m]);
        hw_raw(h, "</th>");
    }
    web_head_cells(w, h, "calendario", CAL_TEXT_COLS + 1, CAL_TEXT_COLS + 3, NULL);
    hw_raw(h, "</tr></thead>\n");
}

static void calendar_row(web *w, hw *h, const paa_actividad *a)
{
    hw_fmt(h, "<tr id=\"a-%s\"><th scope=\"row\">%s</th><td class=\"actividad\">%s</td>",
           a->clave, a->clave, a->descripcion);
    text_cell(w, h, a->unidad);
    quantity_cell(w, h, a->anual_present, a->anual_reconstruido, a->anual);
    for (int m = 0; m < PAA_MONTHS; m++)
        quantity_cell(w, h, (a->meses_present >> m) & 1u, (a->meses_reconstruidos >> m) & 1u,
                      a->meses[m]);
    text_cell(w, h, a->benef_tipo);
    text_cell(w, h, a->benef_cantidad);
    hw_raw(h, "</tr>\n");
}

static void calendar(web *w, hw *h, const paa_subprograma *s)
{
    bool rebuilt = false, missing = false;
    for (size_t j = 0; j < s->n_proyectos; j++)
        for (size_t k = 0; k < s->proyectos[j].n_actividades; k++) {
            rebuilt = rebuilt || model_actividad_reconstruida(&s->proyectos[j].actividades[k]);
            missing = missing || model_actividad_incompleta(&s->proyectos[j].actividades[k]);
        }
    hw_raw(h, "<h2>Calendario de actividades</h2>\n");
    legend(w, h, rebuilt, missing, "h3");
    char *caption = paa_format("Calendario de actividades del subprograma %s", s->numero);
    web_table_open(w, h, "t-calendario", caption != NULL ? caption : "");
    free(caption);
    calendar_head(w, h);
    for (size_t j = 0; j < s->n_proyectos; j++) {
        const paa_proyecto *pr = &s->proyectos[j];
        hw_fmt(h, "<tbody>\n<tr class=\"grupo\" id=\"p-%s\"><th scope=\"rowgroup\" "
                  "colspan=\"18\"><span class=\"grupo-texto\">%s %s</span></th></tr>\n",
               pr->clave, pr->clave, pr->nombre);
        for (size_t k = 0; k < pr->n_actividades; k++)
            calendar_row(w, h, &pr->actividades[k]);
        hw_raw(h, "</tbody>\n");
    }
    web_table_close(h);
}

static void subprograma_body(web *w, hw *h, size_t i)
{
    const paa_subprograma *s = &w->s->p->subprogramas[i];
    hw_fmt(h, "<p><strong>Área:</strong> %s</p>\n<h2>Objetivo general</h2>\n", s->area);
    paragraph(h, NULL, s->objetivo);
    hw_raw(h, "<h2>Proyectos específicos</h2>\n");
    proyectos_table(w, h, s);
    hw_raw(h, "<h2>Marco legal</h2>\n");
    paragraph(h, NULL, s->marco_legal);
    calendar(w, h, s);
}

/* ---- registration -------------------------------------------------------------------- */

int web_programa_pages(web *w)
{
    const paa_programa *p = w->s->p;
    static const struct { const char *file, *text; page_body body; size_t arg; } front[] = {
        {"presentacion.html", "presentacion", presentacion_body, 0},
        {"marco-legal.html", "marco-legal", texts_body, TEXT_MARCO_LEGAL},
        {"fines.html", "fines", fines_body, 0},
        {"objetivos.html", "objetivos", texts_body, TEXT_OBJETIVOS},
        {"politicas.html", "politicas", texts_body, TEXT_POLITICAS},
        {"estructura.html", "estructura", estructura_body, 0},
    };
    w->want_note = w->note != NULL && layout_attr(w->note, "titulo") != NULL &&
                   (model_any_actividad(p, model_actividad_reconstruida) || model_any_actividad(p, model_actividad_incompleta));
    w->want_annex = w->annex != NULL && layout_attr(w->annex, "titulo") != NULL &&
                    layout_attr(w->annex, "anual") != NULL && model_any_actividad(p, model_actividad_reconstruida);
    if (web_add_page(w, "index.html", paa_format("%s", p->doc.titulo), "Inicio", index_body,
                     0, -1) != 0)
        return -1;
    for (size_t i = 0; i < sizeof front / sizeof front[0]; i++) {
        const char *title = pdf_text(w, front[i].text);
        if (web_add_page(w, front[i].file, paa_format("%s", title), title, front[i].body,
                         front[i].arg, -1) != 0)
            return -1;
    }
    if (w->want_note) {
        const char *title = layout_attr(w->note, "titulo");
        if (web_add_page(w, "nota-edicion.html", paa_format("%s", title), title, nota_body,
                         0, -1) != 0)
            return -1;
    }
    int estructura = (int)w->n_pages - 1 - (w->want_note ? 1 : 0);
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        char *file = subprograma_file(s);
        int rc = file != NULL
                     ? web_add_page(w, file,
                                    paa_format("Subprograma %s: %s", s->numero, s->descripcion),
                                    NULL, subprograma_body, i, -1)
                     : -1;
        free(file);
        if (rc != 0) {
            web_fail(w, "memoria insuficiente al componer el sitio");
            return -1;
        }
        w->pages[w->n_pages - 1].parent = estructura;
    }
    if (w->want_annex) {
        const char *title = layout_attr(w->annex, "titulo");
        if (web_add_page(w, "anexo.html", paa_format("%s", title), title, anexo_body, 0,
                         -1) != 0)
            return -1;
    }
    return w->failed ? -1 : 0;
}
