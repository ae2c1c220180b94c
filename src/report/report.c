/* report: dispatch, text and JSON writers, shared escaping. See report.h. */
#include "report/internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/text.h"

const char report_format_names[] = "text|json|github|sarif|junit|gitlab";

bool report_format_parse(const char *name, report_format *out)
{
    static const struct {
        const char *name;
        report_format f;
    } names[] = {{"text", REPORT_TEXT},     {"texto", REPORT_TEXT},
                 {"json", REPORT_JSON},     {"github", REPORT_GITHUB},
                 {"sarif", REPORT_SARIF},   {"junit", REPORT_JUNIT},
                 {"gitlab", REPORT_GITLAB}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(names[i].name, name) == 0) {
            *out = names[i].f;
            return true;
        }
    }
    return false;
}

bool report_fails(const report_options *o, const diag_list *d)
{
    return diag_count(d, DIAG_ERROR) > 0 ||
           (o->warnings_fail && diag_count(d, DIAG_WARNING) > 0) || d->oom;
}

/* ---- shared helpers -------------------------------------------------------- */

void report_json_string(FILE *out, const char *s)
{
    if (s == NULL) {
        fputs("null", out);
        return;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    fputc('"', out);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        uint32_t cp;
        size_t len = utf8_decode(p + i, &cp);
        if (len == 0) {
            fputs("\\ufffd", out);
            i++;
            continue;
        }
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\u%04x", c);
        else
            fwrite(p + i, 1, len, out);
        i += len;
    }
    fputc('"', out);
}

void report_xml_text(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
    size_t n = strlen((const char *)p);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        uint32_t cp = 0;
        size_t len = utf8_decode(p + i, &cp);
        if (len == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
            cp == 0xfffe || cp == 0xffff) {
            fputs("\xef\xbf\xbd", out);   /* U+FFFD */
            i += len > 0 ? len : 1;
            continue;
        }
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        case '\n': fputs("&#10;", out); break;
        case '\r': fputs("&#13;", out); break;
        case '\t': fputs("&#9;", out); break;
        default: fwrite(p + i, 1, len, out);
        }
        i += len;
    }
}

char *report_message(const diag *x)
{
    return x->clave != NULL ? paa_format("%s (%s)", x->message, x->clave)
                            : paa_format("%s", x->message);
}

const char *report_level(diag_severity s, const char *note_word)
{
    switch (s) {
    case DIAG_ERROR:
        return "error";
    case DIAG_WARNING:
        return "warning";
    case DIAG_NOTE:
        break;
    }
    return note_word;
}

const char *report_plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* ---- text ------------------------------------------------------------------ */

/* Findings that stopped the check are shown even in quiet mode. */
static bool stops_check(const diag *x)
{
    return !x->accepted && (x->rule->code == RULE_IO ||
                            x->rule->code == RULE_LINEA_BASE_FORMATO);
}

void report_summary_line(FILE *out, const report_options *o, const report_subject *s,
                         const diag_list *d)
{
    fputs("resumen: ", out);
    if (s->has_counts)
        fprintf(out, "%zu %s, %zu %s, %zu %s; ",
                s->subprogramas, report_plural(s->subprogramas, "subprograma", "subprogramas"),
                s->proyectos, report_plural(s->proyectos, "proyecto", "proyectos"),
                s->actividades, report_plural(s->actividades, "actividad", "actividades"));
    size_t e = diag_count(d, DIAG_ERROR), w = diag_count(d, DIAG_WARNING);
    fprintf(out, "%zu %s, %zu %s", e, report_plural(e, "error", "errores"),
            w, report_plural(w, "aviso", "avisos"));
    if (s->baseline) {
        size_t a = diag_count_accepted(d);
        fprintf(out, ", %zu %s por la línea base", a,
                report_plural(a, "aceptado", "aceptados"));
    }
    if (o->warnings_fail && w > 0)
        fputs(" (los avisos cuentan como errores)", out);
    fputc('\n', out);
}

static void write_text(FILE *out, const report_options *o, const report_subject *s,
                       const diag_list *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const diag *x = &d->items[i];
        if ((x->accepted && !o->show_accepted) || (o->quiet && !stops_check(x)))
            continue;
        diag_print(out, x);
        if (o->detail && x->detail != NULL) {
            diag note = *x;
            note.severity = DIAG_NOTE;
            note.accepted = false;
            note.clave = NULL;
            char *msg = paa_format("texto del validador: %s", x->detail);
            note.message = msg != NULL ? msg : x->detail;
            diag_print(out, &note);
            free(msg);
        }
    }
    if (d->oom)
        fputs("paa: error: memoria insuficiente; algunos hallazgos no se registraron [io]\n",
              out);
    report_summary_line(out, o, s, d);
}

/* ---- JSON ------------------------------------------------------------------ */

static void json_finding(FILE *out, const diag *x, bool last)
{
    fputs("    {\"archivo\": ", out);
    report_json_string(out, x->file);
    fprintf(out, ", \"linea\": %d, \"columna\": %d, \"severidad\": ", x->line, x->col);
    report_json_string(out, diag_severity_name(x->severity));
    fputs(", \"regla\": ", out);
    report_json_string(out, x->rule->id);
    fputs(", \"clave\": ", out);
    report_json_string(out, x->clave);
    fputs(", \"mensaje\": ", out);
    report_json_string(out, x->message);
    fputs(", \"valores\": ", out);
    report_json_string(out, x->values);
    fputs(", \"detalle\": ", out);
    report_json_string(out, x->detail);
    fprintf(out, ", \"aceptado\": %s, \"motivo\": ", x->accepted ? "true" : "false");
    report_json_string(out, x->reason);
    fputs(last ? "}\n" : "},\n", out);
}

static void write_json(FILE *out, const report_options *o, const report_subject *s,
                       const diag_list *d)
{
    fprintf(out, "{\n  \"formato\": %d,\n  \"herramienta\": \"paa\",\n  \"version\": ",
            REPORT_JSON_VERSION);
    report_json_string(out, PAA_VERSION);
    fputs(",\n  \"comando\": ", out);
    report_json_string(out, s->command);
    fputs(",\n  \"archivo\": ", out);
    report_json_string(out, s->file);
    fputs(",\n  \"hallazgos\": [\n", out);
    for (size_t i = 0; i < d->n; i++)
        json_finding(out, &d->items[i], i + 1 == d->n);
    fputs("  ],\n  \"resumen\": {", out);
    if (s->has_counts)
        fprintf(out, "\"subprogramas\": %zu, \"proyectos\": %zu, \"actividades\": %zu, ",
                s->subprogramas, s->proyectos, s->actividades);
    fprintf(out, "\"errores\": %zu, \"avisos\": %zu, \"aceptados\": %zu, "
            "\"avisos_como_errores\": %s, \"correcto\": %s, \"incompleto\": %s}\n}\n",
            diag_count(d, DIAG_ERROR), diag_count(d, DIAG_WARNING), diag_count_accepted(d),
            o->warnings_fail ? "true" : "false", report_fails(o, d) ? "false" : "true",
            d->oom ? "true" : "false");
}

int report_write(FILE *out, const report_options *o, const report_subject *s,
                 const diag_list *d)
{
    switch (o->format) {
    case REPORT_TEXT:
        write_text(out, o, s, d);
        break;
    case REPORT_JSON:
        write_json(out, o, s, d);
        break;
    case REPORT_GITHUB:
        report_write_github(out, o, s, d);
        break;
    case REPORT_SARIF:
        report_write_sarif(out, o, s, d);
        break;
    case REPORT_JUNIT:
        report_write_junit(out, o, s, d);
        break;
    case REPORT_GITLAB:
        report_write_gitlab(out, o, s, d);
        break;
    }
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
