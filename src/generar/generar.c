/* generar: every output from one tree, in parallel, all or none. See
 * generar.h. */
#include "generar/generar.h"

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/static.h"
#include "html/html.h"
#include "pdf/pdf.h"
#include "write/export.h"
#include "write/outfile.h"
#include "xlsx/xlsx.h"

/* One renderer run: what it writes and the findings it reports. Each task
 * has its own diag_list, merged in task order afterwards, so the report is
 * the same whatever order the threads finish in. */
typedef struct {
    output_kind kind;
    const generar_avance *rep;   /* for the report kinds */
    char *name;                  /* file name inside dir */
    char *path;                  /* staged path */
    size_t cost;                 /* memory it holds at its peak (estimate) */
    bool taken;
    diag_list d;
    int rc;
} task;

/*
 * Memory a renderer holds at its peak, in bytes per activity of the
 * programme: the libraries keep a whole document in memory until it is
 * saved (libharu every page's content, libxlsxwriter every cell and
 * formula). Measured with valgrind --tool=massif on the 10× programme
 * (scripts/bench), rounded up.
 */
static const size_t bytes_per_activity[] = {
    [OUT_PDF] = 10500, [OUT_XLSX] = 12000, [OUT_CSV] = 300, [OUT_JSON] = 300,
    [OUT_AVANCE_PDF] = 5000, [OUT_AVANCE_XLSX] = 3500,
};

/* Renderers run together while their estimates fit this budget; one that
 * does not fit waits until it would run alone (a big programme: its PDF
 * and its workbook, each a few hundred MiB, one after the other). Light
 * ones (CSV, JSON) always run. */
#define MEMORY_BUDGET ((size_t)160 << 20)
#define LIGHT (MEMORY_BUDGET / 16)

typedef struct {
    const generar_job *job;
    task *tasks;
    size_t n;
    size_t taken;                /* tasks started */
    size_t inflight;             /* cost of the running tasks */
    pthread_mutex_t lock;
    pthread_cond_t done;         /* a task finished */
} queue;

static int run_task(const generar_job *job, task *t)
{
    const paa_programa *p = job->p;
    switch (t->kind) {
    case OUT_PDF:
        return pdf_programa(p, job->programa, job->epoch, t->path, &t->d);
    case OUT_XLSX:
        return xlsx_programa(p, job->libro, job->epoch, t->path, &t->d);
    case OUT_CSV:
        return export_programa(p, EXPORT_CSV, t->path, &t->d);
    case OUT_JSON:
        return export_programa(p, EXPORT_JSON, t->path, &t->d);
    case OUT_AVANCE_PDF:
        return pdf_avance(t->rep->av, t->rep->p != NULL ? t->rep->p : p, t->rep->report,
                          job->avance, t->rep->epoch, t->path, &t->d);
    case OUT_AVANCE_XLSX:
        return xlsx_avance(t->rep->av, t->rep->p != NULL ? t->rep->p : p, t->rep->report,
                           job->avance, t->rep->epoch, t->path, &t->d);
    }
    return -1;
}

STATIC size_t generar_cost(output_kind kind, size_t activities)
{
    return bytes_per_activity[kind] * activities;
}

STATIC bool generar_may_start(size_t inflight, size_t cost)
{
    return inflight == 0 || cost <= LIGHT || inflight + cost <= MEMORY_BUDGET;
}

/* The first task not taken that may start now; q->n when every task is
 * taken, SIZE_MAX when the ones left must wait for memory. Under q->lock. */
static size_t pick(const queue *q)
{
    if (q->taken == q->n)
        return q->n;
    for (size_t i = 0; i < q->n; i++)
        if (!q->tasks[i].taken && generar_may_start(q->inflight, q->tasks[i].cost))
            return i;
    return SIZE_MAX;
}

static void *worker(void *arg)
{
    queue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t i;
        while ((i = pick(q)) == SIZE_MAX)
            pthread_cond_wait(&q->done, &q->lock);
        if (i < q->n) {
            q->tasks[i].taken = true;
            q->taken++;
            q->inflight += q->tasks[i].cost;
        }
        pthread_mutex_unlock(&q->lock);
        if (i == q->n)
            return NULL;
        task *t = &q->tasks[i];
        t->rc = run_task(q->job, t);
        /* a renderer that failed without saying why still fails the job */
        if (t->rc != 0 && diag_count(&t->d, DIAG_ERROR) == 0)
            diag_add(&t->d, RULE_IO, t->name, 0, NULL, "no se pudo escribir %s", t->name);
        /* what it freed goes back to the system, so that the next
         * renderer, maybe on another thread's heap, does not add to it */
        malloc_trim(0);
        pthread_mutex_lock(&q->lock);
        q->inflight -= t->cost;
        pthread_cond_broadcast(&q->done);
        pthread_mutex_unlock(&q->lock);
    }
}

/* Runs every task on up to job->threads threads (the calling one
 * included), within the memory budget. */
static void run_all(const generar_job *job, task *tasks, size_t n)
{
    queue q = {.job = job, .tasks = tasks, .n = n};
    pthread_mutex_init(&q.lock, NULL);
    pthread_cond_init(&q.done, NULL);
    malloc_trim(0);   /* what reading the input freed (the XML tree) */
    size_t extra = job->threads > 1 ? (size_t)job->threads - 1 : 0;
    if (extra > n - 1)
        extra = n - 1;
    pthread_t ids[16];
    size_t started = 0;
    for (; started < extra && started < sizeof ids / sizeof ids[0]; started++)
        if (pthread_create(&ids[started], NULL, worker, &q) != 0)
            break;   /* fewer threads only means slower */
    worker(&q);
    for (size_t i = 0; i < started; i++)
        pthread_join(ids[i], NULL);
    pthread_cond_destroy(&q.done);
    pthread_mutex_destroy(&q.lock);
}

static size_t activities(const paa_programa *p)
{
    size_t k = 0;
    for (size_t i = 0; i < p->n_subprogramas; i++)
        for (size_t j = 0; j < p->subprogramas[i].n_proyectos; j++)
            k += p->subprogramas[i].proyectos[j].n_actividades;
    return k;
}

static void add_task(size_t acts, task *tasks, size_t *n, output_kind kind,
                     const generar_avance *rep, char *name)
{
    task *t = &tasks[(*n)++];
    *t = (task){.kind = kind, .rep = rep, .name = name,
                .cost = generar_cost(kind, acts)};
    diag_list_init(&t->d);
}

/* The task list: the programme's four outputs, then two per report. */
static size_t plan(const generar_job *job, task *tasks)
{
    size_t n = 0, acts = activities(job->p);
    add_task(acts, tasks, &n, OUT_PDF, NULL, paa_format("%s.pdf", job->name));
    add_task(acts, tasks, &n, OUT_XLSX, NULL, paa_format("%s.xlsx", job->name));
    add_task(acts, tasks, &n, OUT_CSV, NULL, paa_format("%s.csv", job->name));
    add_task(acts, tasks, &n, OUT_JSON, NULL, paa_format("%s.json", job->name));
    for (size_t i = 0; i < job->n_avances; i++) {
        const generar_avance *r = &job->avances[i];
        int y = avance_year(r->av), m = avance_cutoff(r->av);
        add_task(acts, tasks, &n, OUT_AVANCE_PDF, r, paa_format("avance-%04d-%02d.pdf", y, m));
        add_task(acts, tasks, &n, OUT_AVANCE_XLSX, r, paa_format("avance-%04d-%02d.xlsx", y, m));
    }
    return n;
}

/* Two reports of the same year and cut-off would write the same files. */
static bool names_unique(const task *tasks, size_t n, diag_list *d)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (tasks[i].name != NULL && tasks[j].name != NULL &&
                strcmp(tasks[i].name, tasks[j].name) == 0) {
                diag_add(d, RULE_IO, avance_file(tasks[j].rep->av), 0, NULL,
                         "dos informes de avance darían el mismo archivo «%s»",
                         tasks[j].name);
                return false;
            }
    return true;
}

static bool stage_paths(const outfile_group *g, task *tasks, size_t n,
                        diag_list *d)
{
    for (size_t i = 0; i < n; i++) {
        tasks[i].path = tasks[i].name != NULL ? outfile_group_path(g, tasks[i].name) : NULL;
        if (tasks[i].path == NULL) {
            diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
            return false;
        }
    }
    return true;
}

/* Merges the tasks' findings in task order; 0 when every task succeeded. */
static int collect(task *tasks, size_t n, diag_list *d)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < tasks[i].d.n; k++) {
            const diag *x = &tasks[i].d.items[k];
            diag_add(d, x->rule->code, x->file, x->line, x->clave, "%s", x->message);
        }
        d->oom |= tasks[i].d.oom;
        rc |= tasks[i].rc;
    }
    return rc != 0 ? -1 : 0;
}

static void free_tasks(task *tasks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(tasks[i].name);
        free(tasks[i].path);
        diag_list_free(&tasks[i].d);
    }
    free(tasks);
}

/* The web edition into the stage's "web", offering the staged documents
 * (the same site «paa html … --descargas DIR» makes once they are
 * published). 0 or -1. */
static int render_web(const generar_job *job, const outfile_group *g, outfile_dir *o,
                      diag_list *d)
{
    html_avance *reports = calloc(job->n_avances + 1, sizeof *reports);
    if (reports == NULL) {
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
        return -1;
    }
    for (size_t i = 0; i < job->n_avances; i++)
        reports[i] = (html_avance){job->avances[i].av, job->avances[i].report};
    /* the reports share the programme they are measured against */
    html_site site = {job->p, job->web, job->programa,
                      job->n_avances > 0 ? job->avance : NULL, reports, job->n_avances,
                      g->stage, job->n_avances > 0 ? job->avances[0].p : NULL};
    int rc = outfile_group_dir(g, GENERAR_WEB, o, d);
    if (rc == 0)
        rc = render_html_into(&site, o, d);
    free(reports);
    return rc;
}

int generar(const generar_job *job, const char *dir, diag_list *d)
{
    size_t cap = 4 + 2 * job->n_avances;
    task *tasks = calloc(cap, sizeof *tasks);
    if (tasks == NULL) {
        diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
        return -1;
    }
    size_t n = plan(job, tasks);
    outfile_group g;
    outfile_dir site = {0};
    int rc = -1;
    size_t mark = d->n;
    if (names_unique(tasks, n, d) && outfile_group_open(&g, dir, d) == 0) {
        if (stage_paths(&g, tasks, n, d)) {
            run_all(job, tasks, n);
            rc = collect(tasks, n, d);
            if (rc == 0 && job->web != NULL)
                rc = render_web(job, &g, &site, d);
        }
        outfile_group_name_findings(&g, d, mark);
        const char **names = malloc((n + 1) * sizeof *names);
        if (names == NULL && rc == 0) {
            diag_add(d, RULE_IO, NULL, 0, NULL, "memoria insuficiente");
            rc = -1;
        }
        for (size_t i = 0; names != NULL && i < n; i++)
            names[i] = tasks[i].name;
        if (names != NULL && job->web != NULL)
            names[n] = GENERAR_WEB;
        if (rc == 0)
            rc = outfile_group_commit(&g, names, n + (job->web != NULL), d);
        else
            outfile_group_abort(&g);
        free(names);
    }
    outfile_dir_abort(&site);   /* after the group's commit or abort: frees only */
    free_tasks(tasks, n);
    return rc;
}
