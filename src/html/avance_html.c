/*
 * avance_html: the pages of each progress report: its summary (the
 * institution's figures, the table by subprograma, how the semáforo reads,
 * the general remarks) and one detail page per subprograma (every
 * activity with its semáforo as a word and its justification). Every
 * figure comes from avance_compute(); words and colours of the states
 * from layouts/avance.xml, the marks from check/avance.h.
 *
 * Measured against a modified programme (html_site.vigente), the pages
 * follow its structure and add what avance_compare_original() found: the
 * summary's paragraph on the adecuación and its cancelled activities, and
 * in each detail table the original's programmed-to-date beside the
 * modified one, the change mark and the change note.
 */
#include "html/web.h"

#include <stdlib.h>
#include <string.h>

/* Period and cut-off of report k, for its texts ({periodo}, {corte}),
 * and the quarter of the cut-off («2.º trim. (abr–jun)»). */
typedef struct {
    char period[64];
    char quarter[64];
    char quarter_long[64];
} report_words;

static const html_avance *report(const web *w, size_t k)
{
    return &w->s->avances[k];
}

/* The programme the reports are measured against (whose structure their
 * pages follow): the one in force after an adecuación, or the site's. */
static const paa_programa *measured(const web *w)
{
    return w->s->vigente != NULL ? w->s->vigente : w->s->p;
}

static void set_words(web *w, size_t k, report_words *rw)
{
    avance_period(report(w, k)->file, rw->period, sizeof rw->period);
    w->period = rw->period;
    w->cutoff = paa_month_name[report(w, k)->report->corte - 1];
    avance_quarter_label(report(w, k)->report->corte, true, rw->quarter, sizeof rw->quarter);
    avance_quarter_label(report(w, k)->report->corte, false, rw->quarter_long,
                         sizeof rw->quarter_long);
}

static char *summary_file(const web *w, size_t k)
{
    const avance *a = report(w, k)->file;
    return paa_format("avance-%04d-%02d.html", avance_year(a), avance_cutoff(a));
}

static char *detail_file(const web *w, size_t k, size_t i)
{
    const avance *a = report(w, k)->file;
    return paa_format("avance-%04d-%02d-%s.html", avance_year(a), avance_cutoff(a),
                      measured(w)->subprogramas[i].numero);
}

/* "82.6 %" with a no-break space: a figure never ends a line with its
 * "%" alone on the next. buf holds 32 bytes. */
static void pct_text(int64_t tenths, char *buf, size_t size)
{
    char plain[24];
    avance_pct_format(tenths, plain, sizeof plain);
    char *sp = strchr(plain, ' ');
    if (sp != NULL)
        *sp = '\0';
    snprintf(buf, size, "%s%s", plain, sp != NULL ? "\xC2\xA0%" : "");
}

/* A percentage or, when it cannot be computed, the "sin dato" mark. */
static void pct(web *w, hw *h, bool has, int64_t tenths)
{
    char buf[32];
    if (!has) {
        web_mark(h, w->missing, w->say_missing);
        return;
    }
    pct_text(tenths, buf, sizeof buf);
    hw_text(h, buf);
}

static void state_word(hw *h, avance_state s)
{
    hw_fmt(h, "<span class=\"estado estado-%s\">%s</span>", avance_state_id(s),
           avance_state_word(s));
}

void web_state_css(web *w, FILE *f)
{
    if (w->s->avance == NULL)
        return;
    for (int s = 0; s < AVANCE_NSTATES; s++) {
        const layout_node *n = layout_require(w->s->avance, "estado", avance_state_id(s), w->d);
        const char *fill = n != NULL ? layout_attr(n, "relleno") : NULL;
        const char *text = n != NULL ? layout_attr(n, "texto") : NULL;
        if (fill == NULL || text == NULL) {
            w->failed = true;
            return;
        }
        fprintf(f, ".estado-%s { background: %s; color: %s; }\n", avance_state_id(s),
                fill, text);
    }
}

/* "4 en sobrecumplimiento, 20 en verde, …": counts of a roll-up, as words. */
static void counts(hw *h, const avance_rollup *u)
{
    bool first = true;
    for (int k = 0; k < AVANCE_NSTATES; k++) {
        avance_state s = avance_state_order[k];
        if (u->count[s] == 0)
            continue;
        bool colour = s == AVANCE_SOBRE || s == AVANCE_VERDE || s == AVANCE_AMARILLO ||
                      s == AVANCE_ROJO;
        hw_textf(h, "%s%zu %s", first ? "" : ", ", u->count[s], colour ? "en " : "");
        state_word(h, s);
        first = false;
    }
}

/* "en verde o más: 24 de 28 (85.7 %); en rojo: 2" */
static void green_red(hw *h, size_t green, size_t n_ratio, int64_t share, size_t red)
{
    char pct[32];
    pct_text(share, pct, sizeof pct);
    hw_textf(h, "en verde o más: %zu de %zu (%s); en rojo: %zu", green, n_ratio, pct, red);
}

/* A roll-up in words: what a mean could hide first (the share in green
 * or better and rojo), the counts per state, the activities achieving
 * something without programme, the quarter of the cut-off, the capped
 * mean last. */
static void rollup(hw *h, const avance_rollup *u, const char *quarter)
{
    hw_textf(h, "%zu %s.", u->n, u->n == 1 ? "actividad" : "actividades");
    if (u->n_ratio > 0) {
        hw_raw(h, " En el periodo, ");
        green_red(h, u->n_green, u->n_ratio, u->green_share_tenths, u->count[AVANCE_ROJO]);
        hw_raw(h, ".");
    }
    if (u->n > 0) {
        hw_raw(h, " Por estado: ");
        counts(h, u);
        hw_raw(h, ".");
    }
    if (u->n_sin_prog_con_avance > 0)
        hw_textf(h, " Con avance sin programación (sin porcentaje posible): %zu.",
                 u->n_sin_prog_con_avance);
    if (u->trim_n_ratio > 0) {
        hw_textf(h, " En el %s, ", quarter);
        green_red(h, u->trim_n_green, u->trim_n_ratio, u->trim_green_share_tenths,
                  u->trim_count[AVANCE_ROJO]);
        hw_raw(h, ".");
    }
    if (u->n_ratio > 0) {
        char mean[32];
        pct_text(u->mean_tenths, mean, sizeof mean);
        hw_textf(h, " Cumplimiento promedio: %s.", mean);
    }
}

/* ---- figures ---------------------------------------------------------------------- */

/* A mark hung after a figure, said as words; nothing when mark is NULL. */
static void row_mark(hw *h, const char *mark, const char *said)
{
    if (mark != NULL)
        hw_fmt(h, "<span class=\"marca-fila\" aria-hidden=\"true\">%s</span>"
                  "<span class=\"vh\"> (%s)</span>", mark, said);
}

/* A quantity or, when unknown, the "sin dato" mark. */
static void figure(web *w, hw *h, bool known, paa_dec v)
{
    char num[PAA_DEC_BUFSZ];
    if (!known) {
        web_mark(h, w->missing, w->say_missing);
    } else {
        paa_dec_format(v, true, num);
        hw_text(h, num);
    }
}

/* A quantity with an optional mark hung after it (spoken as words). */
static void quantity(web *w, hw *h, bool known, paa_dec v, const char *mark,
                     const char *said)
{
    hw_raw(h, "<td class=\"n\">");
    figure(w, h, known, v);
    row_mark(h, mark, said);
    hw_raw(h, "</td>");
}

/* ---- adecuación ------------------------------------------------------------------ */

/* What a screen reader says for AVANCE_MARK_MODIFICADO, and for the
 * original's figure of an activity the adecuación added. */
#define SAY_MODIFICADO "meta modificada o actividad agregada por la adecuación"
#define SAY_NUEVA "no estaba en el programa aprobado"

/* «Programado acumulado original» and «… modificado»: the detail's
 * programmed-to-date title with the programme it comes from. */
static char *acum_title(web *w, const char *which)
{
    char *title = paa_format("%s %s", web_column(w, "detalle", 8), which);
    if (title == NULL)
        web_fail(w, "memoria insuficiente al componer el sitio");
    return title;
}

/* The programmed-to-date cells of a row measured against a modified
 * programme: the original's, then the modified one's with its marks. */
static void acum_cells(web *w, hw *h, const avance_row *r, const char *rebuilt)
{
    hw_raw(h, "<td class=\"n\">");
    if (r->orig == NULL)
        web_mark(h, w->missing, SAY_NUEVA);
    else
        figure(w, h, r->orig_prog_acum_known, r->orig_prog_acum);
    hw_raw(h, "</td><td class=\"n\">");
    figure(w, h, r->prog_acum_known, r->prog_acum);
    row_mark(h, rebuilt, w->say_prog_rebuilt);
    row_mark(h, r->cambios & (AVANCE_CAMBIO_META | AVANCE_CAMBIO_NUEVA) ? AVANCE_MARK_MODIFICADO
                                                                         : NULL,
             SAY_MODIFICADO);
    hw_raw(h, "</td>");
}

/* The summary's paragraph on the adecuación (the PDF's words). */
static void adecuacion_summary(web *w, hw *h, const avance_report *r)
{
    char *orig = acum_title(w, "original"), *mod = acum_title(w, "modificado");
    strbuf b = {0};
    avance_adecuacion_resumen(r, measured(w), orig != NULL ? orig : "",
                              mod != NULL ? mod : "", true, &b);
    if (b.failed)
        web_fail(w, "memoria insuficiente al componer el sitio");
    else
        hw_fmt(h, "<p>%s</p>\n", strbuf_str(&b));
    strbuf_free(&b);
    free(orig);
    free(mod);
}

/* One activity the adecuación dropped, with what it had programmed. */
static void cancel_row(web *w, hw *h, const avance_cancelada *k)
{
    const paa_actividad *a = k->act;
    hw_fmt(h, "<tr><th scope=\"row\">%s</th><td>", a->clave);
    if (a->proyecto != NULL)
        hw_text(h, a->proyecto->clave);
    else
        web_mark(h, w->missing, w->say_missing);
    hw_fmt(h, "</td><td class=\"actividad\">%s</td><td>", a->descripcion);
    if (a->unidad != NULL)
        hw_text(h, a->unidad);
    else
        web_mark(h, w->missing, w->say_missing);
    hw_raw(h, "</td>");
    quantity(w, h, k->prog_acum_known, k->prog_acum, NULL, NULL);
    quantity(w, h, k->anual_known, k->anual, NULL, NULL);
    hw_raw(h, "</tr>\n");
}

/* «Actividades canceladas por la adecuación»: outside the compliance. The
 * approved programme is named by its file's name, as the summary names it. */
static void cancelled(web *w, hw *h, const avance_report *r)
{
    const char *slash = strrchr(r->original->file, '/');
    const char *file = slash != NULL ? slash + 1 : r->original->file;
    hw_raw(h, "<h2 id=\"canceladas\">Actividades canceladas por la adecuación</h2>\n<p>");
    if (r->n_canceladas == 0) {
        hw_textf(h, "La adecuación no canceló ninguna actividad del programa aprobado (%s).",
                 file);
        hw_raw(h, "</p>\n");
        return;
    }
    hw_textf(h, "Actividades del programa aprobado (%s) que el programa modificado ya no "
                "tiene: no entran en el cumplimiento. Se muestra lo que tenían programado "
                "hasta %s y en el año.", file, w->cutoff);
    hw_raw(h, "</p>\n");
    web_table_open(w, h, "t-canceladas", "Actividades canceladas por la adecuación, con su "
                                         "programa aprobado");
    char *orig = acum_title(w, "original");
    hw_raw(h, "<thead><tr>");
    web_head_cells(w, h, "detalle", 0, 1, NULL);
    hw_raw(h, "<th scope=\"col\">Proyecto</th>");
    web_head_cells(w, h, "detalle", 1, 3, NULL);
    hw_fmt(h, "<th scope=\"col\" class=\"n\">%s</th><th scope=\"col\" class=\"n\">%s "
              "original</th></tr></thead>\n<tbody>\n",
           orig != NULL ? orig : "", web_column(w, "calendario", 3));
    free(orig);
    for (size_t i = 0; i < r->n_canceladas; i++)
        cancel_row(w, h, &r->canceladas[i]);
    hw_raw(h, "</tbody>\n");
    web_table_close(h);
}

/* ---- summary page -------------------------------------------------------------- */

static void sample_warning(web *w, hw *h, size_t k)
{
    const layout_node *n = layout_find(w->s->avance, "portada", NULL);
    if (!avance_is_sample(report(w, k)->file) || n == NULL ||
        layout_attr(n, "ejemplo") == NULL)
        return;
    hw_raw(h, "<p class=\"aviso\"><strong>");
    web_template(w, h, w->s->avance, n, layout_attr(n, "ejemplo"));
    hw_raw(h, "</strong></p>\n");
}

/* The summary's state columns, after the share in green or better (which
 * holds verde and sobrecumplimiento); «con avance sin programación»
 * follows «sin programación». */
static const avance_state summary_states[] = {AVANCE_AMARILLO, AVANCE_ROJO,
                                              AVANCE_SIN_PROGRAMACION, AVANCE_SIN_DATOS,
                                              AVANCE_SIN_REPORTE};

static void summary_row(web *w, hw *h, size_t k, size_t i, const avance_rollup *u)
{
    const paa_programa *m = measured(w);
    const paa_subprograma *s = i < m->n_subprogramas ? &m->subprogramas[i] : NULL;
    if (s != NULL) {
        char *file = detail_file(w, k, i);
        hw_fmt(h, "<tr><th scope=\"row\">%s</th><td class=\"nombre\"><a href=\"%s\">%s</a></td>",
               s->numero, file != NULL ? file : "index.html", s->descripcion);
        free(file);
    } else {
        hw_raw(h, "<tr><th scope=\"row\" colspan=\"2\">Total del Instituto</th>");
    }
    web_count_cell(h, u->n);
    web_count_cell(h, u->n_ratio);
    web_count_cell(h, u->n_green);
    hw_raw(h, "<td class=\"n\">");
    pct(w, h, u->n_ratio > 0, u->green_share_tenths);
    hw_raw(h, "</td>");
    for (size_t j = 0; j < sizeof summary_states / sizeof summary_states[0]; j++) {
        web_count_cell(h, u->count[summary_states[j]]);
        if (summary_states[j] == AVANCE_SIN_PROGRAMACION)
            web_count_cell(h, u->n_sin_prog_con_avance);
    }
    hw_raw(h, "<td class=\"n\">");
    pct(w, h, u->n_ratio > 0, u->mean_tenths);
    hw_raw(h, "</td></tr>\n");
}

static void summary_table(web *w, hw *h, size_t k)
{
    const avance_report *r = report(w, k)->report;
    web_table_open(w, h, "t-resumen", "En verde o más, en rojo, por estado del semáforo y "
                                      "cumplimiento, por subprograma");
    hw_raw(h, "<thead><tr>");
    web_head_cells(w, h, "resumen", 0, 2, NULL);
    web_head_cells(w, h, "resumen", 2, 6, "n");
    for (size_t j = 0; j < sizeof summary_states / sizeof summary_states[0]; j++) {
        hw_fmt(h, "<th scope=\"col\" class=\"n estado-col\">%s</th>",
               avance_state_word(summary_states[j]));
        if (summary_states[j] == AVANCE_SIN_PROGRAMACION)
            web_head_cells(w, h, "resumen", 6, 7, "n");
    }
    web_head_cells(w, h, "resumen", 7, 8, "n");
    hw_raw(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < measured(w)->n_subprogramas; i++)
        summary_row(w, h, k, i, &r->sub[i]);
    hw_raw(h, "</tbody>\n<tfoot>\n");
    summary_row(w, h, k, SIZE_MAX, &r->total);
    hw_raw(h, "</tfoot>\n");
    web_table_close(h);
}

/* How to read the semáforo: each state as its word, with its threshold. */
static void semaforo(web *w, hw *h, size_t k, const char *quarter)
{
    const avance_thresholds *t = &report(w, k)->report->thr;
    char v[PAA_DEC_BUFSZ], a[PAA_DEC_BUFSZ], s[PAA_DEC_BUFSZ];
    paa_dec_format(t->verde, false, v);
    paa_dec_format(t->amarillo, false, a);
    paa_dec_format(t->sobre, false, s);
    hw_raw(h, "<h2>Cómo se lee el semáforo</h2>\n<p>El estado de cada actividad compara lo "
              "alcanzado con lo programado de enero al mes de corte (cumplimiento del "
              "periodo) y siempre se escribe con su palabra:</p>\n<ul class=\"semaforo\">\n");
    const struct { avance_state st; char *text; } rows[] = {
        {AVANCE_SOBRE, paa_format("más de %s %%", s)},
        {AVANCE_VERDE, paa_format("de %s %% a %s %%", v, s)},
        {AVANCE_AMARILLO, paa_format("desde %s %% y menos de %s %%", a, v)},
        {AVANCE_ROJO, paa_format("menos de %s %%", a)},
        {AVANCE_SIN_PROGRAMACION, paa_format("nada programado hasta el corte; no se "
                                               "divide entre cero ni se supone 100 %%")},
        {AVANCE_SIN_DATOS, paa_format("el programa no tiene la cantidad de algún mes "
                                        "hasta el corte")},
        {AVANCE_SIN_REPORTE, paa_format("la actividad no aparece en el informe; no se "
                                          "supone cero ni entra en los promedios")},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        hw_raw(h, "<li>");
        state_word(h, rows[i].st);
        hw_fmt(h, ": %s</li>\n", rows[i].text != NULL ? rows[i].text : "");
        free(rows[i].text);
    }
    hw_raw(h, "</ul>\n<p>El cumplimiento promedio limita cada actividad a 100 %, para que lo "
              "que unas rebasan no compense lo que a otras les falta; aun así un promedio puede "
              "ocultar actividades en rojo, por eso el resumen da primero cuántas están en "
              "verde o más y cuántas en rojo. Las cantidades no se suman entre actividades "
              "porque están en unidades distintas.</p>\n<p>Una actividad sin programación "
              "hasta el corte que reporta algo alcanzado no puede tener porcentaje ni entrar "
              "en los promedios: se cuenta aparte, «con avance sin programación».</p>\n<p>");
    hw_textf(h, "El trimestre (%s) compara lo alcanzado con lo programado en los meses del "
                "trimestre del corte hasta el corte, con el mismo semáforo.", quarter);
    hw_raw(h, "</p>\n");
}

static void summary_body(web *w, hw *h, size_t k)
{
    report_words rw;
    set_words(w, k, &rw);
    const avance *a = report(w, k)->file;
    const avance_report *r = report(w, k)->report;
    sample_warning(w, h, k);
    if (avance_note(a) != NULL)
        hw_fmt(h, "<p>%s</p>\n", avance_note(a));
    hw_raw(h, "<p>");
    hw_textf(h, "Al corte de %s de %d: ", w->cutoff, avance_year(a));
    rollup(h, &r->total, rw.quarter_long);
    hw_raw(h, "</p>\n");
    if (r->original != NULL)
        adecuacion_summary(w, h, r);
    hw_raw(h, "<h2>Resumen por subprograma</h2>\n");
    summary_table(w, h, k);
    if (r->original != NULL)
        cancelled(w, h, r);
    semaforo(w, h, k, rw.quarter_long);
    size_t n;
    const char *const *remarks = avance_remarks(a, &n);
    if (n > 0)
        hw_raw(h, "<h2>Observaciones</h2>\n");
    for (size_t i = 0; i < n; i++)
        hw_fmt(h, "<p>%s</p>\n", remarks[i]);
    w->period = w->cutoff = NULL;
}

/* ---- detail pages --------------------------------------------------------------- */

static void detail_row(web *w, hw *h, const avance_row *r, int corte, bool modified)
{
    const char *rebuilt = AVANCE_MARK_RECONSTRUIDO;
    int first = avance_quarter_first(corte) - 1;
    uint16_t trim_months = (uint16_t)(((1u << corte) - 1) & ~((1u << first) - 1));
    hw_fmt(h, "<tr><th scope=\"row\">%s</th><td class=\"actividad\">%s</td><td>",
           r->act->clave, r->act->descripcion);
    if (r->act->unidad != NULL)
        hw_text(h, r->act->unidad);
    else
        web_mark(h, w->missing, w->say_missing);
    hw_raw(h, "</td>");
    quantity(w, h, r->prog_mes_known, r->prog_mes,
             r->reconstruidos & (1u << (corte - 1)) ? rebuilt : NULL, w->say_prog_rebuilt);
    quantity(w, h, r->reported, r->alc_mes, NULL, NULL);
    quantity(w, h, r->trim_known, r->prog_trim, r->reconstruidos & trim_months ? rebuilt : NULL,
             w->say_prog_rebuilt);
    quantity(w, h, r->reported, r->alc_trim, NULL, NULL);
    hw_raw(h, "<td class=\"n\">");
    if (r->has_trim) {
        pct(w, h, true, r->trim_tenths);
        hw_raw(h, " ");
    }
    state_word(h, r->trim_state);
    hw_raw(h, "</td>");
    if (modified)
        acum_cells(w, h, r, r->reconstruidos ? rebuilt : NULL);
    else
        quantity(w, h, r->prog_acum_known, r->prog_acum, r->reconstruidos ? rebuilt : NULL,
                 w->say_prog_rebuilt);
    quantity(w, h, r->reported, r->alc_acum, NULL, NULL);
    hw_raw(h, "<td class=\"n\">");
    pct(w, h, r->has_periodo, r->periodo_tenths);
    hw_raw(h, "</td><td class=\"n\">");
    pct(w, h, r->has_anual, r->anual_tenths);
    row_mark(h, r->prog_issues != 0 ? AVANCE_MARK_INCONSISTENTE : NULL, w->say_inconsistent);
    hw_raw(h, "</td><td>");
    state_word(h, r->state);
    hw_raw(h, "</td><td class=\"justificacion\">");
    char note[AVANCE_NOTE_BUFSZ];
    avance_row_cambio_note(r, note, sizeof note);
    if (note[0] != '\0')
        hw_fmt(h, "<span class=\"nota-fila\">%s</span> ", note);
    avance_row_note(r, corte, note, sizeof note);
    if (note[0] != '\0')
        hw_fmt(h, "<span class=\"nota-fila\">%s</span> ", note);
    if (r->justificacion != NULL)
        hw_text(h, r->justificacion);
    hw_raw(h, "</td></tr>\n");
}

static void detail_legend(web *w, hw *h, bool modified)
{
    hw_raw(h, "<div class=\"leyenda\">\n<h2>");
    web_text(w, h, "leyenda");
    hw_raw(h, "</h2>\n<ul>\n<li><span class=\"marca\">");
    hw_text(h, w->missing);
    hw_raw(h, "</span> sin dato: una cantidad que el programa no tiene o que el área no "
              "reportó, o un porcentaje que no se puede calcular.</li>\n"
              "<li><span class=\"marca\">" AVANCE_MARK_INCONSISTENTE "</span> ");
    hw_text(h, w->say_inconsistent);
    hw_raw(h, ": sus meses no suman la cantidad anual, la rebasan o falta alguna "
              "cantidad (la nota de la fila dice qué ocurre).</li>\n"
              "<li><span class=\"marca\">" AVANCE_MARK_RECONSTRUIDO "</span> ");
    hw_text(h, w->say_prog_rebuilt);
    hw_raw(h, ": meses que la exportación de la publicación perdió y se reconstruyeron "
              "(la nota de la fila dice cuáles).</li>\n");
    if (modified) {
        char *orig = acum_title(w, "original");
        hw_raw(h, "<li><span class=\"marca\">" AVANCE_MARK_MODIFICADO "</span> ");
        hw_textf(h, "%s: la adecuación cambió la meta de la actividad o la agregó; «%s» "
                    "da lo programado hasta el corte en el programa aprobado y la nota de "
                    "la fila dice qué cambió.", SAY_MODIFICADO, orig != NULL ? orig : "");
        hw_raw(h, "</li>\n");
        free(orig);
    }
    hw_raw(h, "</ul>\n</div>\n");
}

static void detail_body(web *w, hw *h, size_t arg)
{
    size_t ns = measured(w)->n_subprogramas, k = arg / ns, i = arg % ns;
    report_words rw;
    set_words(w, k, &rw);
    const avance_report *r = report(w, k)->report;
    const paa_subprograma *s = &measured(w)->subprogramas[i];
    sample_warning(w, h, k);
    hw_fmt(h, "<p><strong>Área responsable:</strong> %s</p>\n<p>", s->area);
    rollup(h, &r->sub[i], rw.quarter_long);
    hw_raw(h, "</p>\n");
    bool modified = r->original != NULL;
    detail_legend(w, h, modified);
    hw_raw(h, "<h2>Detalle por actividad</h2>\n");
    char *caption = paa_format("Programado contra alcanzado al corte de %s, subprograma %s; "
                               "trimestre: %s", w->cutoff, s->numero, rw.quarter_long);
    web_table_open(w, h, "t-detalle", caption != NULL ? caption : "");
    free(caption);
    hw_raw(h, "<thead><tr>");
    web_head_cells(w, h, "detalle", 0, 3, NULL);
    web_head_cells(w, h, "detalle", 3, 5, "n");
    for (size_t c = 5; c < 8; c++)   /* the quarter's columns say which */
        hw_fmt(h, "<th scope=\"col\" class=\"n\">%s, %s</th>", web_column(w, "detalle", c),
               rw.quarter);
    if (modified) {
        char *orig = acum_title(w, "original"), *mod = acum_title(w, "modificado");
        hw_fmt(h, "<th scope=\"col\" class=\"n\">%s</th><th scope=\"col\" class=\"n\">%s</th>",
               orig != NULL ? orig : "", mod != NULL ? mod : "");
        free(orig);
        free(mod);
    }
    web_head_cells(w, h, "detalle", modified ? 9 : 8, 12, "n");
    web_head_cells(w, h, "detalle", 12, 14, NULL);
    hw_raw(h, "</tr></thead>\n");
    size_t proy = 0;
    for (size_t j = 0; j < i; j++)
        proy += measured(w)->subprogramas[j].n_proyectos;
    for (size_t j = 0; j < s->n_proyectos; j++, proy++) {
        const paa_proyecto *pr = &s->proyectos[j];
        hw_fmt(h, "<tbody>\n<tr class=\"grupo\"><th scope=\"rowgroup\" colspan=\"%s\">"
                  "<span class=\"grupo-texto\">Proyecto %s. %s<span class=\"resumen-proyecto\"> — ",
               modified ? "15" : "14", pr->clave, pr->nombre);
        rollup(h, &r->proy[proy], rw.quarter_long);
        hw_raw(h, "</span></span></th></tr>\n");
        for (size_t n = r->proy_first[proy]; n < r->proy_first[proy + 1]; n++)
            detail_row(w, h, &r->rows[n], r->corte, modified);
        hw_raw(h, "</tbody>\n");
    }
    web_table_close(h);
    w->period = w->cutoff = NULL;
}

/* ---- registration ---------------------------------------------------------------- */

int web_avance_pages(web *w)
{
    size_t ns = measured(w)->n_subprogramas;
    for (size_t k = 0; k < w->s->n_avances; k++) {
        char period[64];
        avance_period(report(w, k)->file, period, sizeof period);
        int year = avance_year(report(w, k)->file);
        char *file = summary_file(w, k);
        char *nav = paa_format("Avance %s %d", period, year);
        /* the label lives as long as the site: kept in the page's title */
        int rc = file != NULL && nav != NULL
                     ? web_add_page(w, file,
                                    paa_format("Informe de avance %s %d", period, year), NULL,
                                    summary_body, k, (int)k)
                     : -1;
        free(file);
        if (rc != 0) {
            free(nav);
            return -1;
        }
        size_t summary = w->n_pages - 1;
        w->pages[summary].nav_owned = nav;
        w->pages[summary].nav = nav;
        for (size_t i = 0; i < ns; i++) {
            const paa_subprograma *s = &measured(w)->subprogramas[i];
            file = detail_file(w, k, i);
            rc = file != NULL
                     ? web_add_page(w, file,
                                    paa_format("Avance %s %d del subprograma %s: %s", period,
                                               year, s->numero, s->descripcion),
                                    NULL, detail_body, k * ns + i, (int)k)
                     : -1;
            free(file);
            if (rc != 0)
                return -1;
            w->pages[w->n_pages - 1].parent = (int)summary;
        }
    }
    return w->failed ? -1 : 0;
}
