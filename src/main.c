/*
 * paa: command-line interface. Parses arguments, runs the stages and maps
 * their diagnostics to output and exit codes. The only place that prints
 * for the user or decides the process's exit status.
 *
 * Exit codes: 0 success / no errors; 1 the input has errors; 2 usage,
 * I/O or internal failure.
 */
/* sysconf(_SC_NPROCESSORS_ONLN) is a common extension beyond POSIX. */
#define _DEFAULT_SOURCE

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/baseline.h"
#include "check/programa.h"
#include "generar/generar.h"
#include "base/arena.h"
#include "base/datadir.h"
#include "base/syserr.h"
#include "base/diag.h"
#include "report/report.h"
#include "write/export.h"
#include "read/layout.h"
#include "model/programa.h"
#include "write/outfile.h"
#include "read/programa.h"
#include "check/avance.h"
#include "check/semaforo.h"
#include "read/avance.h"
#include "pdf/pdf.h"
#include "xlsx/xlsx.h"
#include "diff/diff.h"
#include "html/html.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };


/* ---- arguments ------------------------------------------------------------ */

#define MAX_AVANCES 64

typedef struct {
    const char *positional[2];
    int n_positional;
    const char *out;        /* -o */
    const char *baseline;   /* --baseline */
    const char *format;     /* --format */
    const char *layout;     /* --layout */
    const char *create_baseline;   /* --crear-linea-base */
    const char *corte;      /* --corte */
    bool check_only;        /* --check */
    bool exit_code;         /* --exit-code */
    const char *avances[MAX_AVANCES];   /* --avance, repeatable */
    int n_avances;
    const char *hilos;      /* --hilos */
    bool quiet;             /* -q, --silencioso */
    bool show_accepted;     /* --mostrar-aceptados */
    bool detail;            /* --detalle */
    bool warnings_fail;     /* --avisos-como-errores */
    bool update_baseline;   /* --actualizar-linea-base */
    const char *descargas;  /* --descargas */
    const char *modificado; /* --modificado: the programme in force */
    bool web;               /* --web */
} args;

typedef struct {
    const char *name;
    int (*run)(const args *a);
    int n_positional;
    const char *options;   /* accepted options, space-separated */
    const char *synopsis;
    const char *help;
} command;

static void usage_error(const char *cmd, const char *fmt, const char *what)
{
    fputs("paa: ", stderr);
    fprintf(stderr, fmt, what);
    if (cmd != NULL)
        fprintf(stderr, " (véase «paa help %s»)\n", cmd);
    else
        fputs(" (véase «paa --help»)\n", stderr);
}

static bool option_allowed(const command *c, const char *opt)
{
    size_t len = strlen(opt);
    for (const char *s = c->options; (s = strstr(s, opt)) != NULL; s += len)
        if ((s == c->options || s[-1] == ' ') && (s[len] == ' ' || s[len] == '\0'))
            return true;
    return false;
}

/* The flag an option without value sets, or NULL. */
static bool *flag_slot(args *a, const char *opt)
{
    static const struct {
        const char *name;
        size_t offset;
    } flags[] = {
        {"--check", offsetof(args, check_only)},
        {"-q", offsetof(args, quiet)},
        {"--silencioso", offsetof(args, quiet)},
        {"--mostrar-aceptados", offsetof(args, show_accepted)},
        {"--detalle", offsetof(args, detail)},
        {"--avisos-como-errores", offsetof(args, warnings_fail)},
        {"--actualizar-linea-base", offsetof(args, update_baseline)},
        {"--exit-code", offsetof(args, exit_code)},
        {"--web", offsetof(args, web)},
    };
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (strcmp(opt, flags[i].name) == 0)
            return (bool *)((char *)a + flags[i].offset);
    return NULL;
}

static const char **option_slot(args *a, const char *opt)
{
    if (strcmp(opt, "-o") == 0)
        return &a->out;
    if (strcmp(opt, "--baseline") == 0)
        return &a->baseline;
    if (strcmp(opt, "--format") == 0)
        return &a->format;
    if (strcmp(opt, "--layout") == 0)
        return &a->layout;
    if (strcmp(opt, "--corte") == 0)
        return &a->corte;
    if (strcmp(opt, "--hilos") == 0)
        return &a->hilos;
    if (strcmp(opt, "--descargas") == 0)
        return &a->descargas;
    if (strcmp(opt, "--modificado") == 0)
        return &a->modificado;
    if (strcmp(opt, "--avance") == 0 && a->n_avances < MAX_AVANCES)
        return &a->avances[a->n_avances++];
    if (strcmp(opt, "--crear-linea-base") == 0)
        return &a->create_baseline;
    return NULL;
}

/* Returns 0, or EXIT_USAGE after printing a one-line error. */
static int parse_args(const command *c, int argc, char **argv, args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->n_positional == c->n_positional) {
                usage_error(c->name, "argumento de más: «%s»", arg);
                return EXIT_USAGE;
            }
            a->positional[a->n_positional++] = arg;
            continue;
        }
        char opt[64];
        const char *eq = strchr(arg, '=');
        size_t len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
        snprintf(opt, sizeof opt, "%.*s", (int)(len < sizeof opt ? len : sizeof opt - 1), arg);
        if (!option_allowed(c, opt)) {
            usage_error(c->name, "opción desconocida: «%s»", arg);
            return EXIT_USAGE;
        }
        bool *flag = flag_slot(a, opt);
        if (flag != NULL) {
            if (eq != NULL) {
                usage_error(c->name, "la opción «%s» no lleva valor", opt);
                return EXIT_USAGE;
            }
            *flag = true;
            continue;
        }
        if (strcmp(opt, "--avance") == 0 && a->n_avances == MAX_AVANCES) {
            usage_error(c->name, "se admiten a lo más %s informes de avance", "64");
            return EXIT_USAGE;
        }
        const char **slot = option_slot(a, opt);
        const char *value = eq != NULL ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (slot == NULL || value == NULL || value[0] == '\0') {
            usage_error(c->name, "la opción «%s» necesita un valor", opt);
            return EXIT_USAGE;
        }
        *slot = value;
    }
    if (a->n_positional < c->n_positional) {
        usage_error(c->name, "faltan argumentos%s", "");
        return EXIT_USAGE;
    }
    return 0;
}

/* ---- shared steps ---------------------------------------------------------- */

/* An error that is not about the input's content: a file that cannot be
 * read or written, or an unusable baseline. */
static bool has_io_error(const diag_list *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (!d->items[i].accepted && d->items[i].severity == DIAG_ERROR &&
            (d->items[i].rule->code == RULE_IO ||
             d->items[i].rule->code == RULE_LINEA_BASE_FORMATO))
            return true;
    return false;
}

static int exit_status(const diag_list *d)
{
    if (has_io_error(d) || d->oom)
        return EXIT_USAGE;
    return diag_count(d, DIAG_ERROR) > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/* Prints the diagnostics to stderr and returns the exit status. */
static int finish(diag_list *d)
{
    diag_sort(d);
    diag_print_all(stderr, d);
    int st = exit_status(d);
    diag_list_free(d);
    return st;
}

/* The memory-short case of a data path: reported like any other failure. */
static char *data_path(const char *rel, diag_list *d)
{
    char *path = datadir_path(rel);
    if (path == NULL)
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
    return path;
}

static int load_programa(const char *path, paa_programa **p, diag_list *d)
{
    char *schema = data_path("input/schema/programa.xsd", d);
    int rc = schema != NULL ? parse_programa(path, schema, p, d) : -1;
    free(schema);
    return rc;
}

/* The layout named by --layout, or layouts/<name>.xml; always validated
 * against layouts/schema/<name>.xsd. */
static int load_layout(const args *a, const char *name, layout **lay, diag_list *d)
{
    char rel[128];
    snprintf(rel, sizeof rel, "layouts/%s.xml", name);
    char *path = data_path(rel, d);
    snprintf(rel, sizeof rel, "layouts/schema/%s.xsd", name);
    char *schema = data_path(rel, d);
    int rc = path != NULL && schema != NULL
                 ? layout_load(a->layout != NULL ? a->layout : path, schema, lay, d)
                 : -1;
    free(path);
    free(schema);
    return rc;
}

/* Seconds since 1970-01-01 UTC of a civil date (proleptic Gregorian). */
static long long civil_epoch(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86400;
}

/*
 * The creation date written into documents: SOURCE_DATE_EPOCH when set (the
 * reproducible-builds convention), otherwise `fallback` (a date of the
 * input), never the clock. Returns false on a malformed SOURCE_DATE_EPOCH,
 * after adding a diagnostic.
 */
static bool document_epoch(long long fallback, long long *epoch, diag_list *d)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (env == NULL || env[0] == '\0') {
        *epoch = fallback;
        return true;
    }
    /* Digits only, up to 9999-12-31T23:59:59Z: PDF and XLSX dates have
     * four-digit years. */
    char *end;
    errno = 0;
    long long v = strtoll(env, &end, 10);
    if (!isdigit((unsigned char)env[0]) || errno != 0 || *end != '\0' ||
        v > 253402300799LL) {
        diag_add(d, RULE_IO, NULL, 0, NULL,
                 "SOURCE_DATE_EPOCH debe ser un número entero de segundos "
                 "entre 0 y 253402300799 (año 9999)");
        return false;
    }
    *epoch = v;
    return true;
}

/* The programme's approval date. */
static long long programa_epoch(const paa_programa *p)
{
    return civil_epoch(p->doc.fecha_anio, p->doc.fecha_mes, p->doc.fecha_dia);
}

/* The last day of a avance report's cut-off month: the report cannot
 * predate the period it covers. */
static long long avance_epoch(const avance *av)
{
    int y = avance_year(av), m = avance_cutoff(av);
    return civil_epoch(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 86400;
}

/* ---- check ----------------------------------------------------------------- */

static const char *const export_formats[] = {"csv", "json", NULL};

/* Accepts fmt if it is one of the NULL-terminated `allowed`. */
static bool valid_format(const char *cmd, const char *fmt, const char *const *allowed)
{
    for (; *allowed != NULL; allowed++)
        if (strcmp(fmt, *allowed) == 0)
            return true;
    usage_error(cmd, "formato desconocido: «%s»", fmt);
    return false;
}

/* The report options of the command line; false after a usage error. */
static bool report_options_of(const args *a, const char *cmd, report_options *ro)
{
    memset(ro, 0, sizeof *ro);
    if (a->format != NULL && !report_format_parse(a->format, &ro->format)) {
        usage_error(cmd, "formato desconocido: «%s» (se admite text|json|github|sarif|"
                    "junit|gitlab)", a->format);
        return false;
    }
    ro->quiet = a->quiet;
    ro->show_accepted = a->show_accepted;
    ro->detail = a->detail;
    ro->warnings_fail = a->warnings_fail;
    return true;
}

/* Sorts and writes the findings to stdout; returns the exit status. A
 * report that cannot be written is an I/O failure. */
static int report(const report_options *ro, const report_subject *s, diag_list *d)
{
    diag_sort(d);
    int st = exit_status(d);
    if (st == EXIT_OK && report_fails(ro, d))
        st = EXIT_FINDINGS;
    if (report_write(stdout, ro, s, d) != 0) {
        fputs("paa: error: no se pudo escribir el informe en la salida estándar [io]\n",
              stderr);
        st = EXIT_USAGE;
    }
    diag_list_free(d);
    return st;
}

/* Loads the --baseline file (if any) before anything is checked, so that
 * an unusable baseline is reported alone. */
static int load_baseline(const args *a, bool rewriting, check_baseline **b, diag_list *d)
{
    *b = NULL;
    if (a->baseline == NULL)
        return 0;
    return check_baseline_load(a->baseline, rewriting, b, d);
}

/* Marks the findings the --baseline file accepts (if one was given); stale
 * entries are reported only for the rules that `ran` over the whole input. */
static void apply_baseline(const args *a, diag_list *d, uint64_t ran)
{
    check_baseline *b = NULL;
    if (load_baseline(a, false, &b, d) == 0 && b != NULL)
        check_baseline_apply(b, d, ran);
    check_baseline_free(b);
}

/* Writes the baseline text atomically to `path`. */
static int write_text_file(const char *path, const char *text, diag_list *d)
{
    outfile o;
    if (outfile_open(&o, path, 1, d) != 0)
        return -1;
    if (fputs(text, o.f) == EOF) {
        outfile_abort(&o);
        diag_add(d, RULE_IO, path, 0, NULL, "no se pudo escribir la línea base");
        return -1;
    }
    return outfile_commit(&o, d);
}

/*
 * --crear-linea-base / --actualizar-linea-base: writes the baseline that
 * accepts the current findings. Only from a complete check: a file with
 * format or schema errors would pin a partial picture.
 */
static int rewrite_baseline(const args *a, const check_baseline *old, bool complete,
                            const report_options *ro, const report_subject *s,
                            diag_list *d)
{
    const char *target = a->update_baseline ? a->baseline : a->create_baseline;
    if (!complete) {
        fprintf(stderr, "paa: no se escribió la línea base %s: la revisión no pudo "
                "correr completa; corrija primero los errores de formato\n", target);
        return report(ro, s, d);
    }
    check_baseline_stats st;
    char *text = check_baseline_render(old, a->update_baseline, d, &st);
    if (text == NULL)
        diag_add(d, RULE_IO, target, 0, NULL, "memoria insuficiente");
    int rc = text != NULL ? write_text_file(target, text, d) : -1;
    free(text);
    if (rc != 0)
        return finish(d);
    fprintf(stderr, "paa: línea base %s: %zu %s, %zu %s", target, st.entries,
            st.entries == 1 ? "entrada" : "entradas", st.pruned,
            st.pruned == 1 ? "eliminada" : "eliminadas");
    if (st.pending > 0)
        fprintf(stderr, "; %zu con el motivo provisional: escriba el motivo de cada una",
                st.pending);
    fputc('\n', stderr);
    diag_list_free(d);
    return EXIT_OK;
}

/* Usage checks of the baseline-writing options. */
static bool baseline_options_ok(const args *a)
{
    if (a->update_baseline && a->create_baseline != NULL) {
        usage_error("check", "use --crear-linea-base o --actualizar-linea-base, no "
                    "ambas%s", "");
        return false;
    }
    if (a->update_baseline && a->baseline == NULL) {
        usage_error("check", "--actualizar-linea-base necesita --baseline ARCHIVO%s", "");
        return false;
    }
    struct stat st;
    if (a->create_baseline != NULL && stat(a->create_baseline, &st) == 0) {
        usage_error("check", "la línea base «%s» ya existe; para reescribirla use "
                    "--baseline ARCHIVO --actualizar-linea-base", a->create_baseline);
        return false;
    }
    return true;
}

static int cmd_check(const args *a)
{
    report_options ro;
    if (!report_options_of(a, "check", &ro) || !baseline_options_ok(a))
        return EXIT_USAGE;
    bool rewriting = a->update_baseline || a->create_baseline != NULL;
    report_subject s = {.command = "check", .file = a->positional[0],
                        .baseline = a->baseline != NULL, .rules = diag_command_rules(false)};
    diag_list d;
    diag_list_init(&d);
    check_baseline *b = NULL;
    if (load_baseline(a, rewriting, &b, &d) != 0)
        return report(&ro, &s, &d);
    paa_programa *p = NULL;
    char *schema = data_path("input/schema/programa.xsd", &d);
    int parsed = schema != NULL ? parse_programa_partial(a->positional[0], schema, &p, &d) : -1;
    free(schema);
    if (parsed >= 0) {
        check_programa(p, &d);
        s.has_counts = true;
        s.subprogramas = p->n_subprogramas;
        s.proyectos = model_count_proyectos(p);
        s.actividades = model_count_actividades(p);
    }
    bool complete = parsed == 0 && !d.oom;
    int st;
    if (rewriting) {
        st = rewrite_baseline(a, b, complete, &ro, &s, &d);
    } else {
        if (b != NULL)
            check_baseline_apply(b, &d, complete ? diag_command_rules(false) : 0);
        st = report(&ro, &s, &d);
    }
    check_baseline_free(b);
    model_free(p);
    return st;
}

/* ---- export, pdf, xlsx ----------------------------------------------------- */

/* ---- destinations ---------------------------------------------------------- */

/* Refuses a destination that is not a regular file or that is one of the
 * command's own inputs (outfile_check_target). 0 or -1. */
static int check_destination(const args *a, const char *target, diag_list *d)
{
    const char *inputs[5 + MAX_AVANCES] = {a->positional[0], a->positional[1], a->layout,
                                           a->baseline, a->modificado};
    for (int i = 0; i < a->n_avances; i++)
        inputs[5 + i] = a->avances[i];
    return outfile_check_target(target, inputs, 5 + (size_t)a->n_avances, d);
}

/* The same for `name` inside the output directory `dir`. */
static int check_destination_in(const args *a, const char *dir, const char *name,
                                diag_list *d)
{
    char *path = paa_format("%s/%s", dir, name);
    if (path == NULL) {
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
        return -1;
    }
    int rc = check_destination(a, path, d);
    free(path);
    return rc;
}

/* Copies the finished file at `path` to standard output. 0 or -1. */
static int copy_to_stdout(const char *path, diag_list *d)
{
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n;
    bool ok = f != NULL;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0)
        ok = fwrite(buf, 1, n, stdout) == n;
    ok = ok && !ferror(f) && fflush(stdout) == 0;
    if (f != NULL)
        fclose(f);
    if (!ok)
        diag_add(d, RULE_IO, NULL, 0, NULL, "no se pudo escribir en la salida estándar");
    return ok ? 0 : -1;
}

static int cmd_export(const args *a)
{
    if (a->format == NULL) {
        usage_error("export", "falta --format csv|json%s", "");
        return EXIT_USAGE;
    }
    if (!valid_format("export", a->format, export_formats))
        return EXIT_USAGE;
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    export_format fmt = strcmp(a->format, "csv") == 0 ? EXPORT_CSV : EXPORT_JSON;
    bool to_stdout = a->out == NULL || strcmp(a->out, "-") == 0;
    if ((to_stdout || check_destination(a, a->out, &d) == 0) &&
        load_programa(a->positional[0], &p, &d) == 0) {
        if (!to_stdout)
            export_programa(p, fmt, a->out, &d);
        else if (export_write(p, fmt, stdout) != 0 || fflush(stdout) != 0)
            diag_add(&d, RULE_IO, NULL, 0, NULL, "no se pudo escribir en la salida estándar");
    }
    model_free(p);
    return finish(&d);
}

typedef int (*render_fn)(const paa_programa *, const layout *, long long,
                         const char *, diag_list *);

/*
 * A document is rendered even from a programme with findings (the
 * published one has some), but whoever renders it is told, in one line,
 * how many errors `paa check` would report beyond those the --baseline
 * accepts.
 */
static void warn_unchecked(const args *a, const paa_programa *p)
{
    diag_list checks;
    diag_list_init(&checks);
    check_programa(p, &checks);
    apply_baseline(a, &checks, diag_command_rules(false));
    size_t errors = diag_count(&checks, DIAG_ERROR);
    if (errors > 0)
        fprintf(stderr,
                "paa: aviso: %s tiene %zu %s de revisión%s; el documento se genera "
                "igual (véase «paa check»)\n",
                p->file, errors, errors == 1 ? "error" : "errores",
                a->baseline == NULL ? ""
                : errors == 1       ? " no aceptado por la línea base"
                                    : " no aceptados por la línea base");
    diag_list_free(&checks);
}

/*
 * Renders to -o, or with "-o -" into a private temporary directory whose
 * finished file is then copied to standard output.
 */
static void render_to(const args *a, const char *cmd, render_fn render,
                      const paa_programa *p, const layout *lay, long long epoch,
                      diag_list *d)
{
    if (strcmp(a->out, "-") != 0) {
        if (render(p, lay, epoch, a->out, d) != 0 && diag_count(d, DIAG_ERROR) == 0)
            diag_add(d, RULE_IO, a->out, 0, NULL, "no se pudo escribir %s", a->out);
        return;
    }
    const char *tmp = getenv("TMPDIR");
    char *dir = paa_format("%s/paa-XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    char *file = NULL;
    if (dir == NULL || mkdtemp(dir) == NULL) {
        diag_add(d, RULE_IO, NULL, 0, NULL, "no se puede crear un directorio temporal: %s",
                 syserr_text(errno));
    } else if ((file = paa_format("%s/documento.%s", dir, cmd)) == NULL) {
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
    } else if (render(p, lay, epoch, file, d) == 0) {
        copy_to_stdout(file, d);
    } else if (diag_count(d, DIAG_ERROR) == 0) {
        diag_add(d, RULE_IO, NULL, 0, NULL, "no se pudo generar el documento");
    }
    if (file != NULL)
        unlink(file);
    if (dir != NULL)
        rmdir(dir);
    free(file);
    free(dir);
}

static int render_command(const args *a, const char *cmd, const char *layout_name,
                          render_fn render)
{
    if (a->out == NULL) {
        usage_error(cmd, "falta -o ARCHIVO%s", "");
        return EXIT_USAGE;
    }
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL;
    layout *lay = NULL;
    long long epoch = 0;
    bool to_stdout = strcmp(a->out, "-") == 0;
    if (to_stdout && isatty(STDOUT_FILENO)) {
        usage_error(cmd, "«-o -» escribe el documento en la salida estándar, que aquí es "
                         "una terminal; redirija la salida%s", "");
        return EXIT_USAGE;
    }
    if ((to_stdout || check_destination(a, a->out, &d) == 0) &&
        load_programa(a->positional[0], &p, &d) == 0 &&
        load_layout(a, layout_name, &lay, &d) == 0) {
        warn_unchecked(a, p);
        if (document_epoch(programa_epoch(p), &epoch, &d))
            render_to(a, cmd, render, p, lay, epoch, &d);
    }
    layout_free(lay);
    model_free(p);
    return finish(&d);
}

static int cmd_pdf(const args *a)
{
    return render_command(a, "pdf", "programa", pdf_programa);
}

static int cmd_xlsx(const args *a)
{
    return render_command(a, "xlsx", "libro", xlsx_programa);
}

/* ---- avance ---------------------------------------------------------------- */

/* The report of av against p and, with an original programme (p is then
 * the modified one, --modificado), the original's figures beside. 0, or
 * -1 with a diagnostic. */
static int compute_report(const avance *av, const paa_programa *p,
                          const paa_programa *original, const avance_thresholds *t,
                          avance_report *r, diag_list *d)
{
    if (avance_compute(av, p, t, r) != 0) {
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
        return -1;
    }
    if (original != NULL && avance_compare_original(r, original) != 0) {
        avance_report_free(r);
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
        return -1;
    }
    return 0;
}

/* Loads --modificado, when given, into *q. 0 or -1. */
static int load_modificado(const args *a, paa_programa **q, diag_list *d)
{
    *q = NULL;
    return a->modificado == NULL ? 0 : load_programa(a->modificado, q, d);
}

/* Cross-checks a progress file against the programme in force: the
 * modified one (q) when given, whose unknown claves then say what the
 * adecuación did with them. */
static int check_avance_against(const avance *av, const paa_programa *p,
                                const paa_programa *q, const layout *lay, diag_list *d)
{
    size_t from = d->n;
    if (avance_check(av, q != NULL ? q : p, lay, d) != 0) {
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
        return -1;
    }
    return q != NULL ? avance_check_adecuacion(p, q, d, from) : 0;
}

/* Renders the report's PDF and workbook into `dir`: both or neither. */
static int render_avance(const args *a, const avance *av, const paa_programa *p,
                         const paa_programa *original, const layout *lay, const char *dir,
                         diag_list *d)
{
    long long epoch;
    avance_thresholds t;
    if (!document_epoch(avance_epoch(av), &epoch, d) ||
        avance_thresholds_load(lay, &t, d) != 0)
        return -1;
    avance_report r;
    if (compute_report(av, p, original, &t, &r, d) != 0)
        return -1;
    char pdf[64], xlsx[64];
    snprintf(pdf, sizeof pdf, "avance-%04d-%02d.pdf", avance_year(av), avance_cutoff(av));
    snprintf(xlsx, sizeof xlsx, "avance-%04d-%02d.xlsx", avance_year(av), avance_cutoff(av));
    if (check_destination_in(a, dir, pdf, d) != 0 || check_destination_in(a, dir, xlsx, d) != 0) {
        avance_report_free(&r);
        return -1;
    }
    outfile_group g;
    size_t mark = d->n;
    int rc = outfile_group_open(&g, dir, d);
    if (rc == 0) {
        char *pdf_path = outfile_group_path(&g, pdf);
        char *xlsx_path = outfile_group_path(&g, xlsx);
        rc = pdf_path != NULL && xlsx_path != NULL &&
                     pdf_avance(av, p, &r, lay, epoch, pdf_path, d) == 0 &&
                     xlsx_avance(av, p, &r, lay, epoch, xlsx_path, d) == 0
                 ? 0
                 : -1;
        free(pdf_path);
        free(xlsx_path);
        outfile_group_name_findings(&g, d, mark);
        const char *const names[] = {pdf, xlsx};
        if (rc == 0)
            rc = outfile_group_commit(&g, names, 2, d);
        else
            outfile_group_abort(&g);
    }
    avance_report_free(&r);
    return rc;
}

static int cmd_avance(const args *a)
{
    report_options ro;
    if (!report_options_of(a, "avance", &ro))
        return EXIT_USAGE;
    if (!a->check_only && a->out == NULL) {
        usage_error("avance", "falta -o DIRECTORIO (o --check)%s", "");
        return EXIT_USAGE;
    }
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL, *q = NULL;
    avance *av = NULL;
    layout *lay = NULL;
    char *schema = data_path("input/schema/avance.xsd", &d);
    int st;
    bool complete = schema != NULL && load_programa(a->positional[0], &p, &d) == 0 &&
                    load_modificado(a, &q, &d) == 0 &&
                    avance_load(a->positional[1], schema, &av, &d) == 0 &&
                    load_layout(a, "avance", &lay, &d) == 0;
    if (complete)
        check_avance_against(av, p, q, lay, &d);
    apply_baseline(a, &d, complete ? diag_command_rules(true) : 0);
    report_subject s = {.command = "avance", .file = a->positional[1],
                        .baseline = a->baseline != NULL, .rules = diag_command_rules(true)};
    if (a->check_only || exit_status(&d) != EXIT_OK || report_fails(&ro, &d)) {
        st = report(&ro, &s, &d);
    } else {
        warn_unchecked(a, p);
        if (q != NULL)
            warn_unchecked(a, q);
        if (render_avance(a, av, q != NULL ? q : p, q != NULL ? p : NULL, lay, a->out, &d) != 0 &&
            diag_count(&d, DIAG_ERROR) == 0)
            diag_add(&d, RULE_IO, a->out, 0, NULL, "no se pudo escribir el informe");
        st = finish(&d);
    }
    layout_free(lay);
    avance_free(av);
    model_free(p);
    model_free(q);
    free(schema);
    return st;
}

/* ---- generar ------------------------------------------------------------- */

/* The progress files of --avance, loaded, checked and computed. */
typedef struct {
    avance *av;
    avance_report report;
    bool computed;
} loaded_avance;

static int load_avances(const args *a, const paa_programa *p, const paa_programa *q,
                        const layout *lay, loaded_avance *out, generar_avance *jobs,
                        diag_list *d)
{
    char *schema = data_path("input/schema/avance.xsd", d);
    avance_thresholds t;
    int rc = schema != NULL && (a->n_avances == 0 || avance_thresholds_load(lay, &t, d) == 0)
                 ? 0 : -1;
    for (int i = 0; rc == 0 && i < a->n_avances; i++) {
        loaded_avance *l = &out[i];
        if (avance_load(a->avances[i], schema, &l->av, d) != 0 ||
            check_avance_against(l->av, p, q, lay, d) != 0) {
            rc = -1;
            break;
        }
        if (compute_report(l->av, q != NULL ? q : p, q != NULL ? p : NULL, &t, &l->report,
                           d) != 0) {
            rc = -1;
            break;
        }
        l->computed = true;
        jobs[i] = (generar_avance){.av = l->av, .report = &l->report, .p = q};
        if (!document_epoch(avance_epoch(l->av), &jobs[i].epoch, d))
            rc = -1;
    }
    free(schema);
    return rc;
}

static void free_avances(loaded_avance *l, int n)
{
    for (int i = 0; i < n; i++) {
        if (l[i].computed)
            avance_report_free(&l[i].report);
        avance_free(l[i].av);
    }
}

/* "paa2024" of ".../paa2024.xml": the outputs' base name. */
static void output_name(const char *path, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".xml") == 0)
        len -= 4;
    snprintf(buf, size, "%.*s", (int)len, base);
}

/* --hilos N (1..16), or the processors online (at most 4: the renderers
 * are few and memory-bound beyond that). 0 on a bad value. */
static int thread_count(const args *a)
{
    if (a->hilos == NULL) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        return n < 1 ? 1 : n > 4 ? 4 : (int)n;
    }
    char *end;
    long n = strtol(a->hilos, &end, 10);
    return *end == '\0' && n >= 1 && n <= 16 ? (int)n : 0;
}

static int run_generar(const args *a, const paa_programa *p, const paa_programa *q,
                       layout *const lays[4], diag_list *d)
{
    loaded_avance *loaded = calloc((size_t)a->n_avances + 1, sizeof *loaded);
    generar_avance *jobs = calloc((size_t)a->n_avances + 1, sizeof *jobs);
    char name[256];
    output_name(a->positional[0], name, sizeof name);
    generar_job job = {.p = p, .name = name, .programa = lays[0], .libro = lays[1],
                       .avance = lays[2], .avances = jobs,
                       .n_avances = (size_t)a->n_avances, .threads = thread_count(a),
                       .web = lays[3]};
    int rc = -1;
    static const char *const exts[] = {"pdf", "xlsx", "csv", "json"};
    bool dest_ok = true;
    for (size_t i = 0; i < 4 && dest_ok; i++) {
        char file[300];
        snprintf(file, sizeof file, "%s.%s", name, exts[i]);
        dest_ok = check_destination_in(a, a->out, file, d) == 0;
    }
    if (loaded == NULL || jobs == NULL)
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
    else if (dest_ok && load_avances(a, p, q, lays[2], loaded, jobs, d) == 0 &&
             diag_count(d, DIAG_ERROR) == 0 &&
             document_epoch(programa_epoch(p), &job.epoch, d))
        rc = generar(&job, a->out, d);
    if (loaded != NULL)
        free_avances(loaded, a->n_avances);
    free(loaded);
    free(jobs);
    return rc;
}

/* Prints what needs attention (findings not accepted by the baseline) and
 * one line that counts the accepted ones; returns the exit status. */
static int finish_quiet(diag_list *d)
{
    diag_sort(d);
    for (size_t i = 0; i < d->n; i++)
        if (!d->items[i].accepted)
            diag_print(stderr, &d->items[i]);
    size_t accepted = diag_count_accepted(d);
    if (accepted > 0)
        fprintf(stderr, "paa: %zu %s por la línea base\n", accepted,
                accepted == 1 ? "hallazgo aceptado" : "hallazgos aceptados");
    int st = exit_status(d);
    diag_list_free(d);
    return st;
}

/*
 * The whole job in one process: the programme is parsed, validated and
 * checked once; with errors beyond the baseline nothing is written (an
 * official document is not published from a programme that fails its
 * checks); otherwise every output is rendered from the one tree.
 */
static int cmd_generar(const args *a)
{
    if (a->out == NULL) {
        usage_error("generar", "falta -o DIRECTORIO%s", "");
        return EXIT_USAGE;
    }
    if (thread_count(a) == 0) {
        usage_error("generar", "--hilos espera un número de 1 a 16, no «%s»", a->hilos);
        return EXIT_USAGE;
    }
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL, *q = NULL;
    layout *lays[4] = {NULL, NULL, NULL, NULL};
    static const char *const layout_names[4] = {"programa", "libro", "avance", "web"};
    /* The programme documents are the approved programme's; the progress
     * reports are measured against the one in force (--modificado), which
     * is checked like the approved one. */
    if (load_programa(a->positional[0], &p, &d) == 0 && load_modificado(a, &q, &d) == 0) {
        check_programa(p, &d);
        if (q != NULL)
            check_programa(q, &d);
        apply_baseline(a, &d, diag_command_rules(false));
        bool ok = exit_status(&d) == EXIT_OK;
        for (int i = 0; ok && i < (a->web ? 4 : 3); i++)
            ok = load_layout(a, layout_names[i], &lays[i], &d) == 0;
        if (ok && run_generar(a, p, q, lays, &d) != 0 && diag_count(&d, DIAG_ERROR) == 0)
            diag_add(&d, RULE_IO, a->out, 0, NULL, "no se pudo escribir %s", a->out);
    }
    for (int i = 0; i < 4; i++)
        layout_free(lays[i]);
    model_free(p);
    model_free(q);
    return finish_quiet(&d);
}

/* ---- diff ------------------------------------------------------------------ */

/* The annex of an adecuación (--format pdf|xlsx), a document like those of
 * «paa pdf»: to -o only, from layouts/adecuaciones.xml (or --layout),
 * dated by SOURCE_DATE_EPOCH or the new version's approval date. */
typedef int (*anexo_fn)(const diff_result *, const paa_programa *, const paa_programa *,
                        const layout *, long long, const char *, diag_list *);

static anexo_fn anexo_renderer(const char *format)
{
    if (format != NULL && strcmp(format, "pdf") == 0)
        return pdf_adecuaciones;
    if (format != NULL && strcmp(format, "xlsx") == 0)
        return xlsx_adecuaciones;
    return NULL;
}

static bool write_anexo(const args *a, anexo_fn render, const diff_result *r,
                        const paa_programa *p, const paa_programa *q, diag_list *d)
{
    layout *lay = NULL;
    long long epoch;
    bool ok = check_destination(a, a->out, d) == 0 &&
              load_layout(a, "adecuaciones", &lay, d) == 0 &&
              document_epoch(programa_epoch(q), &epoch, d) &&
              render(r, p, q, lay, epoch, a->out, d) == 0;
    layout_free(lay);
    return ok;
}

/* Exit: 0 (or 1 with --exit-code when the versions differ); 2 for usage,
 * I/O or a file that cannot be read as a programme, since 1 means
 * "different" here, as in `git diff --exit-code`. */
static int cmd_diff(const args *a)
{
    diff_formato fmt = DIFF_TEXTO;
    anexo_fn anexo = anexo_renderer(a->format);
    if (a->format != NULL && anexo == NULL && !diff_parse_formato(a->format, &fmt)) {
        usage_error("diff", "formato desconocido: «%s»", a->format);
        return EXIT_USAGE;
    }
    if (anexo != NULL && (a->out == NULL || strcmp(a->out, "-") == 0)) {
        usage_error("diff", "el formato %s se escribe en un archivo: falta -o ARCHIVO",
                    a->format);
        return EXIT_USAGE;
    }
    diff_opciones o = {.corte = diff_parse_mes(a->corte), .linea_base = a->baseline};
    if (a->corte != NULL && o.corte == 0) {
        usage_error("diff", "mes de corte inválido: «%s» (ene…dic, enero…diciembre o 1…12)",
                    a->corte);
        return EXIT_USAGE;
    }
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL, *q = NULL;
    diff_result *r = NULL;
    int st = EXIT_USAGE;
    if (load_programa(a->positional[0], &p, &d) == 0 &&
        load_programa(a->positional[1], &q, &d) == 0 &&
        diff_compute(p, q, &o, &r, &d) == 0 && anexo != NULL) {
        if (write_anexo(a, anexo, r, p, q, &d))
            st = a->exit_code && diff_hay_cambios(r) ? EXIT_FINDINGS : EXIT_OK;
        else if (diag_count(&d, DIAG_ERROR) == 0)
            diag_add(&d, RULE_IO, a->out, 0, NULL, "no se pudo escribir el anexo");
    } else if (r != NULL) {
        bool to_stdout = a->out == NULL || strcmp(a->out, "-") == 0;
        outfile of = {0};
        FILE *f = stdout;
        if (!to_stdout)
            f = check_destination(a, a->out, &d) == 0 &&
                        outfile_open(&of, a->out, 1, &d) == 0
                    ? of.f
                    : NULL;
        if (f != NULL && diff_write(r, fmt, f) == 0 &&
            (to_stdout ? fflush(stdout) == 0 : outfile_commit(&of, &d) == 0))
            st = a->exit_code && diff_hay_cambios(r) ? EXIT_FINDINGS : EXIT_OK;
        else if (!to_stdout)
            outfile_abort(&of);
        if (st == EXIT_USAGE && diag_count(&d, DIAG_ERROR) == 0)
            diag_add(&d, RULE_IO, a->out, 0, NULL, "no se pudo escribir la comparación");
    }
    diag_sort(&d);
    diag_print_all(stderr, &d);
    diag_list_free(&d);
    diff_free(r);
    model_free(p);
    model_free(q);
    return st;
}

/* ---- html ------------------------------------------------------------------ */

/* The web edition. Like «paa pdf», it is written from a programme with
 * findings, after a one-line warning; a progress report with errors stops
 * it, as it stops «paa avance». */
static int cmd_html(const args *a)
{
    if (a->out == NULL) {
        usage_error("html", "falta -o DIRECTORIO%s", "");
        return EXIT_USAGE;
    }
    diag_list d;
    diag_list_init(&d);
    paa_programa *p = NULL, *q = NULL;
    layout *web = NULL, *prog = NULL, *av = NULL;
    loaded_avance *loaded = calloc((size_t)a->n_avances + 1, sizeof *loaded);
    generar_avance *jobs = calloc((size_t)a->n_avances + 1, sizeof *jobs);
    html_avance *reports = calloc((size_t)a->n_avances + 1, sizeof *reports);
    args shared = *a;   /* --layout names the web layout only */
    shared.layout = NULL;
    if (loaded == NULL || jobs == NULL || reports == NULL)
        diag_add(&d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
    else if (load_programa(a->positional[0], &p, &d) == 0 &&
             load_modificado(a, &q, &d) == 0 && load_layout(a, "web", &web, &d) == 0 &&
             load_layout(&shared, "programa", &prog, &d) == 0 &&
             (a->n_avances == 0 || load_layout(&shared, "avance", &av, &d) == 0)) {
        warn_unchecked(a, p);
        if (q != NULL)
            warn_unchecked(a, q);
        if (load_avances(a, p, q, av, loaded, jobs, &d) == 0 &&
            diag_count(&d, DIAG_ERROR) == 0) {
            for (int i = 0; i < a->n_avances; i++)
                reports[i] = (html_avance){loaded[i].av, &loaded[i].report};
            html_site site = {p, web, prog, av, reports, (size_t)a->n_avances, a->descargas, q};
            if (render_html(&site, a->out, &d) != 0 && diag_count(&d, DIAG_ERROR) == 0)
                diag_add(&d, RULE_IO, a->out, 0, NULL, "no se pudo escribir el sitio");
        }
    }
    if (loaded != NULL)
        free_avances(loaded, a->n_avances);
    free(loaded);
    free(jobs);
    free(reports);
    layout_free(web);
    layout_free(prog);
    layout_free(av);
    model_free(p);
    model_free(q);
    return finish(&d);
}

/* ---- help ------------------------------------------------------------------ */

static const command commands[] = {
    {"generar", cmd_generar, 1, "-o --avance --baseline --hilos --modificado --web",
     "paa generar PROGRAMA.xml -o DIRECTORIO [--avance AVANCE.xml …] [--baseline ARCHIVO]\n"
     "              [--hilos N] [--modificado PROGRAMA-MOD.xml] [--web]",
     "El trabajo completo en un solo proceso: lee, valida y revisa el programa\n"
     "una vez y genera en DIRECTORIO, a partir del mismo árbol, el PDF, el libro\n"
     "de Excel, el CSV y el JSON (NOMBRE.pdf, .xlsx, .csv, .json, con el nombre\n"
     "del programa) y, por cada --avance, el PDF y el libro de su informe\n"
     "(avance-AAAA-MM.pdf y .xlsx). Los documentos se componen en paralelo\n"
     "(--hilos, por omisión los procesadores disponibles, hasta 4) y se publican\n"
     "todos juntos o ninguno. Si la revisión encuentra errores no aceptados por\n"
     "la línea base no se escribe nada. Los hallazgos aceptados se cuentan en\n"
     "una línea. Cada documento es idéntico, byte por byte, al que da su\n"
     "comando propio (pdf, xlsx, export, avance). Con --modificado, el PDF, el\n"
     "libro, el CSV y el JSON siguen siendo los del programa aprobado y los\n"
     "informes de avance se miden contra el programa modificado, como en\n"
     "«paa avance --modificado» (los dos programas se revisan).\n"
     "Con --web escribe también la edición web en DIRECTORIO/web, con esos\n"
     "documentos para descargar: la misma que «paa html PROGRAMA.xml -o\n"
     "DIRECTORIO/web --descargas DIRECTORIO», publicada junto con ellos."},
    {"check", cmd_check, 1,
     "--baseline --format -q --silencioso --mostrar-aceptados --detalle "
     "--avisos-como-errores --crear-linea-base --actualizar-linea-base",
     "paa check PROGRAMA.xml|- [--baseline ARCHIVO] [--format text|json|github|sarif|junit|gitlab]\n"
     "            [-q|--silencioso] [--mostrar-aceptados] [--detalle] [--avisos-como-errores]\n"
     "            [--crear-linea-base ARCHIVO | --actualizar-linea-base]",
     "Valida el programa (o la entrada estándar, «-») contra su esquema y revisa\n"
     "sus reglas: totales declarados contra los contados, anual = suma exacta de\n"
     "los doce meses, formato y jerarquía de claves, cantidades presentes y no\n"
     "negativas, notación de beneficiarios. Un error de formato o de esquema en\n"
     "una actividad no detiene la revisión del resto. Cada hallazgo sale como\n"
     "  archivo:línea[:columna]: error|aviso: mensaje (clave) [regla]\n"
     "y al final una línea «resumen:».\n"
     "  --baseline ARCHIVO      acepta los hallazgos de la línea base (regla clave\n"
     "                          [valores] motivo); si los valores cambian, el\n"
     "                          hallazgo vuelve a salir\n"
     "  --mostrar-aceptados     muestra también los hallazgos aceptados\n"
     "  -q, --silencioso        solo la línea «resumen:» (y los errores de E/S)\n"
     "  --detalle               añade el texto original del validador XSD\n"
     "  --avisos-como-errores   los avisos también hacen fallar la revisión\n"
     "  --format FORMATO        text, json, github (anotaciones de GitHub Actions),\n"
     "                          sarif (2.1.0), junit (XML) o gitlab (Code Quality)\n"
     "  --crear-linea-base ARCHIVO  escribe una línea base nueva con los hallazgos\n"
     "                          actuales (motivos de --baseline si se da)\n"
     "  --actualizar-linea-base reescribe --baseline: conserva motivos y\n"
     "                          comentarios, agrega lo nuevo y quita lo obsoleto\n"
     "Las entradas nuevas llevan un motivo provisional que la revisión rechaza\n"
     "hasta que una persona escriba el motivo real.\n"
     "Salida: 0 sin errores, 1 con errores, 2 error de uso, de E/S o de la línea\n"
     "base. Reglas: «paa help reglas»."},
    {"export", cmd_export, 1, "--format -o",
     "paa export PROGRAMA.xml --format csv|json [-o SALIDA]",
     "Exporta el programa como datos abiertos: CSV UTF-8 (una fila por\n"
     "actividad, números sin separador de miles, «.» decimal, vacío si la\n"
     "cantidad se desconoce) o JSON con el árbol completo. Sin -o escribe en\n"
     "la salida estándar; con -o escribe de forma atómica."},
    {"pdf", cmd_pdf, 1, "-o --layout --baseline",
     "paa pdf PROGRAMA.xml -o SALIDA.pdf [--layout DISEÑO.xml] [--baseline ARCHIVO]",
     "Genera el PDF del programa listo para imprenta, con el diseño de\n"
     "layouts/programa.xml (o el indicado con --layout). Si la revisión\n"
     "encuentra errores (fuera de los que acepta --baseline) lo avisa en una\n"
     "línea y genera el documento de todos modos."},
    {"xlsx", cmd_xlsx, 1, "-o --layout --baseline",
     "paa xlsx PROGRAMA.xml -o SALIDA.xlsx [--layout DISEÑO.xml] [--baseline ARCHIVO]",
     "Genera el libro de Excel del programa (estructura, actividades, una\n"
     "hoja por subprograma y los valores reconstruidos), con el diseño de\n"
     "layouts/libro.xml. Avisa, como «paa pdf», si la revisión encuentra errores."},
    {"avance", cmd_avance, 2,
     "-o --check --baseline --format --layout -q --silencioso --mostrar-aceptados "
     "--detalle --avisos-como-errores --modificado",
     "paa avance PROGRAMA.xml AVANCE.xml (-o DIRECTORIO | --check) [--layout DISEÑO.xml]\n"
     "            [--modificado PROGRAMA-MOD.xml] [--baseline ARCHIVO]\n"
     "            [--format text|json|github|sarif|junit|gitlab]\n"
     "            [-q|--silencioso] [--mostrar-aceptados] [--detalle] [--avisos-como-errores]",
     "Revisa un informe de avance contra su programa y genera\n"
     "DIRECTORIO/avance-AAAA-MM.pdf y .xlsx (programado contra alcanzado,\n"
     "cumplimiento y semáforo). Con --check solo revisa; los hallazgos salen\n"
     "como en «paa check», con las mismas opciones de informe. Avisa, como\n"
     "«paa pdf», si el programa tiene errores de revisión.\n"
     "  --modificado PROGRAMA-MOD.xml  el programa vigente tras una adecuación:\n"
     "                          el cumplimiento se mide contra él (las claves del\n"
     "                          avance son las suyas) y cada fila lleva además lo\n"
     "                          programado en el programa aprobado (PROGRAMA.xml),\n"
     "                          con los cambios de meta señalados y la lista de\n"
     "                          actividades canceladas."},
    {"diff", cmd_diff, 2, "--format --corte --baseline --exit-code -o --layout",
     "paa diff ANTERIOR.xml NUEVO.xml [--format text|json|markdown|github|pdf|xlsx]\n"
     "           [--corte MES] [--baseline ARCHIVO] [--exit-code] [-o SALIDA]\n"
     "           [--layout DISEÑO.xml]",
     "Compara dos versiones del programa (una adecuación) y lista lo que cambió,\n"
     "con su línea en ambos archivos: actividades, proyectos y subprogramas\n"
     "agregados, eliminados, renumerados o movidos (misma descripción y unidad con\n"
     "otra clave) y modificados campo por campo (anual, cada mes, con su suma por\n"
     "trimestre, unidad, descripción, beneficiarios, marcas de reconstrucción),\n"
     "los totales declarados y los textos generales. Señala los cambios que\n"
     "rompen anual = suma de los meses y, con --corte MES (jun, junio o 6), los\n"
     "que tocan meses ya cerrados. Corre la revisión en ambas versiones y lista\n"
     "los hallazgos nuevos y los resueltos; con --baseline, también las entradas\n"
     "de la línea base que la nueva versión deja obsoletas.\n"
     "Formatos: text (por omisión), json (versionado, «formato»: \"paa-diff/1\"),\n"
     "markdown (una tabla por subprograma, para una solicitud de cambios),\n"
     "github (anotaciones ::notice/::warning/::error de GitHub Actions); pdf\n"
     "y xlsx dan el «Anexo. Adecuaciones al Programa Anual de Actividades»\n"
     "para el Consejo General (con -o; diseño layouts/adecuaciones.xml o\n"
     "--layout).\n"
     "Salida: 0 (también con diferencias); con --exit-code, 1 si hay\n"
     "diferencias; 2 error de uso, de E/S o un archivo que no es un programa\n"
     "válido."},
    {"html", cmd_html, 1, "-o --avance --descargas --layout --baseline --modificado",
     "paa html PROGRAMA.xml -o DIRECTORIO [--avance AVANCE.xml …] [--descargas DIR]\n"
     "           [--modificado PROGRAMA-MOD.xml] [--layout DISEÑO.xml] [--baseline ARCHIVO]",
     "Genera la edición web accesible: un sitio estático en DIRECTORIO (sin\n"
     "JavaScript ni recursos externos) con las preliminares, la Estructura,\n"
     "una página por subprograma con su calendario, la nota sobre esta\n"
     "edición, el anexo de valores reconstruidos y, por cada --avance (se\n"
     "puede repetir), su informe: resumen por subprograma y detalle con\n"
     "semáforo y justificaciones. Con --descargas DIR copia al sitio los\n"
     "documentos de DIR (PROGRAMA.pdf, .xlsx, .csv, .json y avance-AAAA-MM.pdf,\n"
     ".xlsx) y los enlaza con su tamaño; el que falta se dice, sin enlace.\n"
     "El diseño es layouts/web.xml (o --layout) con layouts/web.css; los\n"
     "textos compartidos con el PDF vienen de layouts/programa.xml y\n"
     "layouts/avance.xml. El directorio se escribe completo o no se toca, y\n"
     "solo se reemplaza si lo generó paa. Avisa, como «paa pdf», si la\n"
     "revisión encuentra errores; un informe de avance con errores detiene\n"
     "el sitio.\n"
     "Con --modificado PROGRAMA-MOD.xml (el programa vigente tras una\n"
     "adecuación) los informes se miden contra él, como en «paa avance\n"
     "--modificado»: siguen su estructura, ponen lo programado acumulado del\n"
     "programa aprobado junto al modificado, marcan y explican lo que cambió y\n"
     "listan las actividades canceladas; las páginas del programa siguen\n"
     "siendo las del programa aprobado, como sus descargas."},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void print_usage(FILE *out)
{
    fputs("paa " PAA_VERSION " — Programa Anual de Actividades del IEEM\n\nUso:\n", out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %s\n", commands[i].synopsis);
    fputs("  paa help [COMANDO|reglas]\n  paa --version\n\n"
          "Salida: 0 correcto, 1 la entrada tiene errores, 2 error de uso o de E/S.\n"
          "Datos (esquemas, diseños, fuentes): $PAA_DATA_DIR o " PAA_DATA_DIR ".\n"
          "Fechas de los documentos: SOURCE_DATE_EPOCH o la fecha del programa.\n"
          "Más: «paa help COMANDO».\n", out);
}

static void print_rules(void)
{
    fputs("Reglas de revisión (id, severidad, descripción):\n", stdout);
    for (const diag_rule *r = diag_rules; r < diag_rules + RULE_COUNT; r++)
        printf("  %-26s %-6s %s\n", r->id, diag_severity_name(r->severity), r->summary);
}

static int cmd_help_topic(const char *topic)
{
    if (topic == NULL) {
        print_usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(topic, "reglas") == 0) {
        print_rules();
        return EXIT_OK;
    }
    if (strcmp(topic, "help") == 0) {
        fputs("Uso: paa help [COMANDO|reglas]\n\n"
              "Sin argumento, resume los comandos; con un comando (check, export,\n"
              "pdf, xlsx, avance, help), explica sus opciones; «reglas» lista las\n"
              "reglas de revisión con su severidad.\n", stdout);
        return EXIT_OK;
    }
    const command *c = find_command(topic);
    if (c == NULL) {
        usage_error(NULL, "no hay ayuda para «%s»", topic);
        return EXIT_USAGE;
    }
    printf("Uso: %s\n\n%s\n", c->synopsis, c->help);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    /* A file-size limit (ulimit -f) makes write() fail with EFBIG, which
     * every writer reports as an I/O error, instead of killing paa with
     * no message and a temporary file left behind. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return cmd_help_topic(NULL);
    if (strcmp(name, "--version") == 0) {
        printf("paa %s\n", PAA_VERSION);
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc > 3) {
            usage_error("help", "argumento de más: «%s»", argv[3]);
            return EXIT_USAGE;
        }
        return cmd_help_topic(argc > 2 ? argv[2] : NULL);
    }
    const command *c = find_command(name);
    if (c == NULL) {
        usage_error(NULL, name[0] == '-' ? "opción desconocida: «%s»"
                                         : "comando desconocido: «%s»", name);
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return cmd_help_topic(c->name);
    args a;
    int st = parse_args(c, argc - 2, argv + 2, &a);
    return st != 0 ? st : c->run(&a);
}
