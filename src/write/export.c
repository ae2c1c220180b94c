/* export: CSV and JSON open-data exports. See export.h. */
#include "write/export.h"

#include <string.h>

#include "write/outfile.h"

/* ---- CSV (RFC 4180) ------------------------------------------------------ */

static void csv_field(FILE *f, const char *s)
{
    if (s == NULL)
        s = "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Whether quantity m (a month or PAA_ANUAL) of a is known. */
static bool quantity_present(const paa_actividad *a, int m)
{
    return m == PAA_ANUAL ? a->anual_present : ((a->meses_present >> m) & 1u) != 0;
}

/* An unknown quantity is an empty cell, never 0; a known one keeps its
 * published decimals ("0.10"). */
static void csv_quantity(FILE *f, const paa_actividad *a, int m)
{
    char buf[PAA_DEC_BUFSZ];
    if (quantity_present(a, m)) {
        model_cantidad_text(a, m, false, buf);
        fputs(buf, f);
    }
}

/* Which quantities the importer rebuilt, as the source names them
 * ("anual nov dic"); empty when none. */
static void csv_rebuilt(FILE *f, const paa_actividad *a)
{
    const char *sep = "";
    if (a->anual_reconstruido) {
        fputs("anual", f);
        sep = " ";
    }
    for (int m = 0; m < PAA_MONTHS; m++)
        if ((a->meses_reconstruidos >> m) & 1u) {
            fprintf(f, "%s%s", sep, paa_month_key[m]);
            sep = " ";
        }
}

static void csv_actividad(FILE *f, const paa_subprograma *s,
                          const paa_proyecto *pr, const paa_actividad *a)
{
    const char *lead[] = {s->numero, pr->clave, a->clave, a->descripcion, a->unidad};
    for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
        csv_field(f, lead[i]);
        fputc(',', f);
    }
    csv_quantity(f, a, PAA_ANUAL);
    for (int m = 0; m < PAA_MONTHS; m++) {
        fputc(',', f);
        csv_quantity(f, a, m);
    }
    fputc(',', f);
    csv_field(f, a->benef_tipo);
    fputc(',', f);
    csv_field(f, a->benef_cantidad);
    fputc(',', f);
    csv_rebuilt(f, a);
    fputs("\r\n", f);
}

static void write_csv(const paa_programa *p, FILE *f)
{
    fputs("subprograma,proyecto,clave,actividad,unidad,anual", f);
    for (int m = 0; m < PAA_MONTHS; m++)
        fprintf(f, ",%s", paa_month_key[m]);
    fputs(",beneficiarios,cantidad_beneficiarios,reconstruidas\r\n", f);
    for (size_t i = 0; i < p->n_subprogramas; i++) {
        const paa_subprograma *s = &p->subprogramas[i];
        for (size_t j = 0; j < s->n_proyectos; j++)
            for (size_t k = 0; k < s->proyectos[j].n_actividades; k++)
                csv_actividad(f, s, &s->proyectos[j], &s->proyectos[j].actividades[k]);
    }
}

/* ---- JSON ---------------------------------------------------------------- */

void export_json_string(FILE *f, const char *s)
{
    if (s == NULL) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*c < 0x20)
                fprintf(f, "\\u%04x", *c);
            else
                fputc(*c, f);
        }
    }
    fputc('"', f);
}

/* Numbers are written as JSON numbers in plain decimal, with their
 * published decimals; unknown is null. */
static void json_quantity(FILE *f, const paa_actividad *a, int m)
{
    char buf[PAA_DEC_BUFSZ];
    if (!quantity_present(a, m)) {
        fputs("null", f);
        return;
    }
    model_cantidad_text(a, m, false, buf);
    fputs(buf, f);
}

static void json_key(FILE *f, const char *indent, const char *key)
{
    fprintf(f, "%s\"%s\": ", indent, key);
}

static void json_texts(FILE *f, const char *indent, const char *key,
                       const paa_textos *t)
{
    json_key(f, indent, key);
    fputc('[', f);
    for (size_t i = 0; i < t->n; i++) {
        fputs(i ? ", " : "", f);
        export_json_string(f, t->items[i]);
    }
    fputs("],\n", f);
}

static void json_field(FILE *f, const char *indent, const char *key,
                       const char *value, bool last)
{
    json_key(f, indent, key);
    export_json_string(f, value);
    fputs(last ? "\n" : ",\n", f);
}

static void json_month_values(FILE *f, const paa_actividad *a)
{
    fputc('[', f);
    for (int m = 0; m < PAA_MONTHS; m++) {
        fputs(m ? ", " : "", f);
        json_quantity(f, a, m);
    }
    fputc(']', f);
}

/* Month keys whose bit is set, e.g. ["nov", "dic"]. */
static void json_month_keys(FILE *f, uint16_t bits)
{
    fputc('[', f);
    bool first = true;
    for (int m = 0; m < PAA_MONTHS; m++) {
        if (!((bits >> m) & 1u))
            continue;
        fputs(first ? "" : ", ", f);
        export_json_string(f, paa_month_key[m]);
        first = false;
    }
    fputc(']', f);
}

static void json_actividad(FILE *f, const paa_actividad *a, bool last)
{
    const char *in = "          ";
    fputs("        {\n", f);
    json_field(f, in, "clave", a->clave, false);
    json_field(f, in, "descripcion", a->descripcion, false);
    json_field(f, in, "unidad", a->unidad, false);
    json_key(f, in, "anual");
    json_quantity(f, a, PAA_ANUAL);
    fputs(",\n", f);
    json_key(f, in, "meses");
    json_month_values(f, a);
    fputs(",\n", f);
    json_key(f, in, "reconstruidos");
    json_month_keys(f, a->meses_reconstruidos);
    fputs(",\n", f);
    json_key(f, in, "anual_reconstruido");
    fputs(a->anual_reconstruido ? "true,\n" : "false,\n", f);
    json_field(f, in, "beneficiarios", a->benef_tipo, false);
    json_field(f, in, "cantidad_beneficiarios", a->benef_cantidad, false);
    fprintf(f, "%s\"linea\": %d\n", in, a->line);
    fputs(last ? "        }\n" : "        },\n", f);
}

static void json_proyecto(FILE *f, const paa_proyecto *pr, bool last)
{
    const char *in = "        ";
    fputs("      {\n", f);
    json_field(f, in, "clave", pr->clave, false);
    json_field(f, in, "nombre", pr->nombre, false);
    fprintf(f, "%s\"actividades_declaradas\": %d,\n", in, pr->decl_actividades);
    fprintf(f, "%s\"actividades\": [\n", in);
    for (size_t k = 0; k < pr->n_actividades; k++)
        json_actividad(f, &pr->actividades[k], k + 1 == pr->n_actividades);
    fprintf(f, "%s]\n", in);
    fputs(last ? "      }\n" : "      },\n", f);
}

static void json_subprograma(FILE *f, const paa_subprograma *s, bool last)
{
    const char *in = "      ";
    fputs("    {\n", f);
    json_field(f, in, "numero", s->numero, false);
    json_field(f, in, "area", s->area, false);
    json_field(f, in, "descripcion", s->descripcion, false);
    json_field(f, in, "titulo", s->titulo, false);
    json_field(f, in, "objetivo", s->objetivo, false);
    json_field(f, in, "marco_legal", s->marco_legal, false);
    fprintf(f, "%s\"proyectos_declarados\": %d,\n", in, s->decl_proyectos);
    fprintf(f, "%s\"actividades_declaradas\": %d,\n", in, s->decl_actividades);
    fprintf(f, "%s\"proyectos\": [\n", in);
    for (size_t j = 0; j < s->n_proyectos; j++)
        json_proyecto(f, &s->proyectos[j], j + 1 == s->n_proyectos);
    fprintf(f, "%s]\n", in);
    fputs(last ? "    }\n" : "    },\n", f);
}

static void json_documento(FILE *f, const paa_documento *doc)
{
    const char *in = "    ";
    fputs("  \"documento\": {\n", f);
    json_field(f, in, "titulo", doc->titulo, false);
    json_field(f, in, "institucion", doc->institucion, false);
    json_field(f, in, "siglas", doc->siglas, false);
    json_field(f, in, "lugar", doc->lugar, false);
    fprintf(f, "%s\"fecha\": \"%04d-%02d-%02d\",\n", in, doc->fecha_anio,
            doc->fecha_mes, doc->fecha_dia);
    json_field(f, in, "lema", doc->lema, false);
    json_field(f, in, "despedida", doc->despedida, false);
    json_field(f, in, "firma_cargo", doc->firma_cargo, false);
    json_field(f, in, "firma_nombre", doc->firma_nombre, false);
    fprintf(f, "%s\"creditos\": [", in);
    for (size_t i = 0; i < doc->n_creditos; i++) {
        fputs(i ? ", {\"rol\": " : "{\"rol\": ", f);
        export_json_string(f, doc->creditos[i].rol);
        fputs(", \"nombre\": ", f);
        export_json_string(f, doc->creditos[i].nombre);
        fputc('}', f);
    }
    fputs("]\n  },\n", f);
}

static void write_json(const paa_programa *p, FILE *f)
{
    const char *in = "  ";
    fputs("{\n", f);
    fprintf(f, "%s\"anio\": %d,\n", in, p->anio);
    json_documento(f, &p->doc);
    json_texts(f, in, "presentacion", &p->presentacion);
    json_texts(f, in, "marco_legal", &p->marco_legal);
    fprintf(f, "%s\"fines\": [", in);
    for (size_t i = 0; i < p->n_fines; i++) {
        fputs(i ? ", {\"numero\": " : "{\"numero\": ", f);
        export_json_string(f, p->fines[i].numero);
        fputs(", \"texto\": ", f);
        export_json_string(f, p->fines[i].texto);
        fputc('}', f);
    }
    fputs("],\n", f);
    json_texts(f, in, "objetivos", &p->objetivos);
    json_texts(f, in, "politicas", &p->politicas);
    fprintf(f, "%s\"totales_declarados\": {\"subprogramas\": %d, \"proyectos\": %d, "
               "\"actividades\": %d},\n",
            in, p->decl_subprogramas, p->decl_proyectos, p->decl_actividades);
    fprintf(f, "%s\"subprogramas\": [\n", in);
    for (size_t i = 0; i < p->n_subprogramas; i++)
        json_subprograma(f, &p->subprogramas[i], i + 1 == p->n_subprogramas);
    fprintf(f, "%s]\n}\n", in);
}

/* ---- entry points -------------------------------------------------------- */

int export_write(const paa_programa *p, export_format fmt, FILE *f)
{
    if (fmt == EXPORT_CSV)
        write_csv(p, f);
    else
        write_json(p, f);
    return ferror(f) ? -1 : 0;
}

int export_programa(const paa_programa *p, export_format fmt,
                    const char *out_path, diag_list *d)
{
    outfile o;
    if (outfile_open(&o, out_path, 1, d) != 0)
        return -1;
    if (export_write(p, fmt, o.f) != 0) {
        diag_add(d, RULE_IO, out_path, 0, NULL, "error al escribir la exportación");
        outfile_abort(&o);
        return -1;
    }
    return outfile_commit(&o, d);
}
