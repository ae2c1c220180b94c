/*
 * semaforo: the figures of a progress report, the same in the checker and
 * in both documents: programmed vs achieved per activity, its semáforo
 * state, the notes on inconsistent or rebuilt programmes, and the
 * roll-ups per proyecto, subprograma and institution. Nothing here reads
 * a file (read/avance.h) or reports a finding (check/avance.h).
 *
 * Computation (all exact; percentages are rounded only for display):
 *   at cut-off N, per activity
 *     prog. mes / alc. mes            month N
 *     prog. acum. / alc. acum.        months 1..N
 *     % periodo = alc. acum. / prog. acum.   (the "cumplimiento")
 *     % anual   = alc. acum. / anual
 *     prog. / alc. / % trim.          months of the cut-off's quarter up
 *                                      to the cut-off, classified alike
 *   A month up to the cut-off that a reported activity does not give
 *   counts as zero achieved (and the checker warns); a programme month or
 *   annual that is unknown (absent in the programme) makes the figures
 *   that need it unknown (the "sin dato" mark), never zero.
 *   The semáforo classifies % periodo with the thresholds of the layout:
 *     sobrecumplimiento  > sobre      (default 110 %)
 *     verde              ≥ verde      (default 90 %)
 *     amarillo           ≥ amarillo   (default 70 %)
 *     rojo               below
 *   and three states without a ratio: "sin programación" (nothing
 *   programmed up to the cut-off), "sin datos" (programme quantities
 *   unknown) and "sin reporte" (the activity is absent from the progress
 *   file: nothing is known about what was achieved, so it is neither
 *   counted as zero nor averaged). The green band is [verde, sobre]; every
 *   other state with a ratio, and "sin programación" with something
 *   achieved, needs a justification.
 *   Each row also says whether its programme is inconsistent (months that
 *   do not add up to the annual, months exceeding it, unknown months or
 *   annual) and whether its programmed-to-date uses months that the
 *   importer reconstructed, so that no figure built on them goes unmarked.
 *   Roll-ups (proyecto, subprograma, institution) count activities per
 *   state and, over the activities that have a % periodo:
 *     cumplimiento promedio = mean of min(% periodo, 100 %), so that an
 *       activity ahead of schedule cannot hide one behind (arithmetic mean
 *       of the exact capped ratios, rounded once at the end);
 *     share in green or better = activities at or above the green
 *       threshold (verde or sobrecumplimiento) over those with a ratio;
 *   and count apart the "sin programación" activities with something
 *   achieved, which no percentage can show. The same roll-up is made of
 *   the quarter of the cut-off (months of that quarter up to the cut-off).
 *   Quantities are never summed across activities.
 */
#ifndef PAA_CHECK_SEMAFORO_H
#define PAA_CHECK_SEMAFORO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/decimal.h"
#include "base/diag.h"
#include "base/text.h"
#include "model/programa.h"
#include "read/avance.h"
#include "read/layout.h"

typedef enum {
    AVANCE_SIN_DATOS,          /* programme quantities unknown */
    AVANCE_SIN_PROGRAMACION,   /* nothing programmed up to the cut-off */
    AVANCE_ROJO,
    AVANCE_AMARILLO,
    AVANCE_VERDE,
    AVANCE_SOBRE,              /* over-achievement */
    AVANCE_SIN_REPORTE         /* absent from the avance file */
} avance_state;

#define AVANCE_NSTATES 7

/* The one order in which documents list the states (tables, sentences,
 * legends): sobrecumplimiento, verde, amarillo, rojo, sin programación,
 * sin datos, sin reporte. */
extern const avance_state avance_state_order[AVANCE_NSTATES];

/* Spanish word of a state for documents ("verde", "sin programación"). */
const char *avance_state_word(avance_state s);
/* Layout id of a state ("verde", "sin-programacion"). */
const char *avance_state_id(avance_state s);

/* Thresholds in percent as exact decimals (90 % is 90 * PAA_DEC_SCALE). */
typedef struct {
    paa_dec verde;      /* ≥ verde: green */
    paa_dec amarillo;   /* ≥ amarillo: yellow; below: red */
    paa_dec sobre;      /* > sobre: over-achievement */
} avance_thresholds;

/* 90 / 70 / 110. */
void avance_thresholds_default(avance_thresholds *t);

/* Reads <semaforo verde="90" amarillo="70" sobrecumplimiento="110"/> from
 * the layout (absent attributes keep the defaults; lay may be NULL).
 * 0, or -1 with a "layout" diagnostic. */
int avance_thresholds_load(const layout *lay, avance_thresholds *t,
                           diag_list *d);

/* num / den as a percentage in tenths (93.45 % -> 935), rounded half up
 * from the exact quotient. num >= 0, den > 0. */
int64_t avance_pct_tenths(paa_dec num, paa_dec den);

/* Writes a percentage in tenths as "93.5 %". buf holds 32 bytes. */
void avance_pct_format(int64_t tenths, char *buf, size_t size);

/* State of an achieved/programmed pair (prog > 0, alc >= 0), exact. */
avance_state avance_classify(paa_dec alc, paa_dec prog,
                             const avance_thresholds *t);

/* A rounded percentage (tenths) moved to the nearest value on the side of
 * the state's thresholds, so that a printed figure never contradicts its
 * state («69.9 %» for a rojo 69.99983 %, «110.1 %» for a
 * sobrecumplimiento 110.02 %). States without a ratio: unchanged. */
int64_t avance_pct_shown(int64_t tenths, avance_state s, const avance_thresholds *t);

/* Programme inconsistencies of an activity (avance_row.prog_issues). */
#define AVANCE_PROG_SUMA 1u        /* all known, months ≠ annual */
#define AVANCE_PROG_EXCEDE 2u      /* known months (or those up to the
                                        cut-off) exceed the annual */
#define AVANCE_PROG_INCOMPLETO 4u  /* a month or the annual is unknown */

/* Marks documents put next to figures built on such a programme, with
 * their legends; the same in every output. */
#define AVANCE_MARK_INCONSISTENTE "†"
#define AVANCE_MARK_RECONSTRUIDO "‡"

/* One activity at the cut-off. *_known false: unknown (the "sin dato"
 * mark, never zero). */
typedef struct {
    const paa_actividad *act;
    bool reported;               /* present in the avance file; when
                                    false alc_* are 0 but unknown */
    bool prog_mes_known, prog_acum_known, anual_known;
    paa_dec prog_mes, alc_mes, prog_acum, alc_acum, anual;
    bool has_periodo, has_anual; /* ratios defined (denominator > 0) */
    int64_t periodo_tenths, anual_tenths;   /* as shown: periodo_tenths
                                               is kept on its state's side
                                               (avance_pct_shown) */
    avance_state state;
    uint16_t meses_cero;         /* bit m: month m ≤ cut-off that the
                                    reported activity does not give,
                                    counted as zero achieved (the row's
                                    note says so) */
    bool desborde;               /* alc_acum or a percentage did not fit:
                                    the checker reports it
                                    (avance-desbordamiento) so no document
                                    shows a clamped figure */
    bool needs_justification;
    const char *justificacion;   /* NULL when none */
    int line;                    /* its <actividad> in the avance file;
                                    0 when not reported */
    unsigned prog_issues;        /* AVANCE_PROG_* flags; 0: consistent */
    paa_dec meses_suma;          /* sum of the known months (for notes) */
    uint16_t reconstruidos;      /* bit m: month m ≤ cut-off was rebuilt
                                    by the importer and feeds prog_acum */
    bool anual_reconstruido;     /* the annual was rebuilt (% anual) */
    /* The quarter holding the cut-off, its months up to the cut-off
     * (avance_quarter_first .. corte): what reports to the Consejo General
     * give. Same rules as the cumulative: an unknown programme month makes
     * prog_trim unknown (trim_known false, state sin datos), never zero;
     * nothing programmed in those months is sin programación; an
     * unreported activity is sin reporte; a month a reported activity does
     * not give counts as zero achieved. */
    bool trim_known;             /* programme months of the quarter known */
    paa_dec prog_trim, alc_trim;
    bool has_trim;               /* % of the quarter defined */
    int64_t trim_tenths;         /* as shown (avance_pct_shown) */
    avance_state trim_state;
    /* Against the approved programme, when the report is measured against
     * a modified one (avance_compare_original); all zero otherwise. */
    const paa_actividad *orig;   /* the same activity in the original (by
                                    clave or renumbered); NULL: added by
                                    the adecuación, or no comparison */
    bool orig_prog_acum_known, orig_anual_known;
    paa_dec orig_prog_acum;      /* original programmed, months 1..corte */
    paa_dec orig_anual;          /* original annual */
    unsigned cambios;            /* AVANCE_CAMBIO_* flags; 0: unchanged */
    uint16_t meses_cambiados;    /* bit m: month m's programmed quantity
                                    differs from the original's */
} avance_row;

/* The note documents print for a row with prog_issues, rebuilt values or
 * months counted as zero, the first two led by their mark ("† Programa
 * inconsistente: los doce meses suman 13 y la cantidad anual es 14. ‡
 * Programado con valores reconstruidos: enero. Sin reporte, contado como
 * cero: abril."); "" when there is nothing to say. A buffer of
 * AVANCE_NOTE_BUFSZ bytes holds the longest note; a smaller one gets it
 * cut on a character boundary (still NUL-terminated). 0, or -1 when out
 * of memory (buf is then ""). */
#define AVANCE_NOTE_BUFSZ 768
int avance_row_note(const avance_row *r, int corte, char *buf, size_t size);

/* The quarter (1..4) holding cut-off month `corte` (1..12), and its
 * first month (1, 4, 7 or 10). */
int avance_quarter(int corte);
int avance_quarter_first(int corte);

/* The quarter of the cut-off and its months up to the cut-off, short for
 * table headers («2.º trim. (abr–jun)», «2.º trim. (abr)» at April) or
 * long for sentences («2.º trimestre (abril a junio)»). buf holds 64
 * bytes. */
void avance_quarter_label(int corte, bool short_form, char *buf, size_t size);

/* What an adecuación changed in an activity (avance_row.cambios). */
#define AVANCE_CAMBIO_NUEVA 1u       /* added: not in the original */
#define AVANCE_CAMBIO_RENUMERADA 2u  /* its clave was another (orig->clave) */
#define AVANCE_CAMBIO_ANUAL 4u       /* annual quantity */
#define AVANCE_CAMBIO_MESES 8u       /* some month (meses_cambiados) */
#define AVANCE_CAMBIO_UNIDAD 16u     /* unit of measure */
/* The goal changed: what AVANCE_MARK_MODIFICADO says. */
#define AVANCE_CAMBIO_META (AVANCE_CAMBIO_ANUAL | AVANCE_CAMBIO_MESES | AVANCE_CAMBIO_UNIDAD)

/* Mark documents put next to the programmed-to-date of a row whose goal
 * the adecuación changed or that it added, with its legend. */
#define AVANCE_MARK_MODIFICADO "*"

/* The note of a row's changes, led by the mark: «* Meta modificada por la
 * adecuación: anual de 12 a 14; marzo de 2 a 0, abril de 0 a 2.»,
 * «* Actividad agregada por la adecuación.», and «Renumerada por la
 * adecuación: antes 010103.»; "" when unchanged. Same buffer rules as
 * avance_row_note(). Plain WinAnsi text (the PDF fonts' encoding). */
int avance_row_cambio_note(const avance_row *r, char *buf, size_t size);

/* An activity of the original programme that the adecuación dropped: not
 * in the compliance, listed apart with what it had programmed. */
typedef struct {
    const paa_actividad *act;        /* in the original programme */
    bool prog_acum_known, anual_known;
    paa_dec prog_acum, anual;
} avance_cancelada;

/* Counts per state and the compliance of a group of activities. */
typedef struct {
    size_t n;                        /* activities */
    size_t count[AVANCE_NSTATES];
    size_t n_ratio;                  /* activities with a % periodo */
    int64_t mean_tenths;             /* mean of % periodo capped at 100 %
                                        per activity; valid when n_ratio > 0 */
    size_t n_green;                  /* verde or sobrecumplimiento */
    int64_t green_share_tenths;      /* n_green / n_ratio; valid when
                                        n_ratio > 0 */
    size_t n_inconsistent;           /* rows with prog_issues */
    size_t n_reconstructed;          /* rows with rebuilt values */
    size_t n_sin_prog_con_avance;    /* sin programación with something
                                        achieved: counted here since they
                                        can have no percentage */
    /* The same figures for the quarter of the cut-off (trim_* of the
     * rows). */
    size_t trim_count[AVANCE_NSTATES];
    size_t trim_n_ratio, trim_n_green;
    int64_t trim_mean_tenths;         /* valid when trim_n_ratio > 0 */
    int64_t trim_green_share_tenths;  /* valid when trim_n_ratio > 0 */
    size_t trim_n_sin_prog_con_avance;
} avance_rollup;

/* The whole report: rows in programme order and the roll-ups. */
typedef struct {
    int corte;                    /* 1..12 */
    avance_thresholds thr;
    avance_row *rows;           /* one per activity of the programme */
    size_t n_rows;
    avance_rollup *sub;         /* one per subprograma */
    avance_rollup *proy;        /* one per proyecto, programme order */
    avance_rollup total;
    size_t *sub_first;            /* index of a subprograma's first row */
    size_t *proy_first;           /* index of a proyecto's first row */
    /* Set by avance_compare_original(): the approved programme the
     * report's (modified) programme replaced; NULL when none. */
    const paa_programa *original;
    avance_cancelada *canceladas; /* original activities without a match,
                                     in the original's order */
    size_t n_canceladas;
    size_t n_cambiadas;           /* rows with cambios != 0 */
} avance_report;

/* Computes one activity at cut-off `corte` from its achieved months
 * (`alc`, bit m of `alc_present` set when month m was reported;
 * reported=false: the activity is absent from the file). */
void avance_compute_row(const paa_actividad *act, bool reported,
                        const paa_dec alc[PAA_MONTHS],
                        uint16_t alc_present, int corte,
                        const avance_thresholds *t, avance_row *out);

/* Folds rows[0..n) into a roll-up (exact capped mean and share, each
 * rounded half up once).
 * 0, or -1 when out of memory. */
int avance_rollup_rows(const avance_row *rows, size_t n,
                       avance_rollup *out);

/* Computes the report for a loaded file against its programme. 0, or -1
 * when out of memory. */
int avance_compute(const avance *a, const paa_programa *p,
                   const avance_thresholds *t, avance_report *out);
void avance_report_free(avance_report *r);

/*
 * Measured against a modified programme (an adecuación), gives each row
 * the original's figures for the same activity, paired by clave and, for
 * a clave that disappeared while another appeared with the same
 * description and unit, as renumbered (base/indice.h, the matcher of
 * `paa diff`); flags what changed and lists the original's activities the
 * adecuación dropped. Compliance stays the modified programme's. r was
 * computed against the modified programme; `original` must outlive r.
 * 0, or -1 when out of memory (r keeps no comparison).
 */
int avance_compare_original(avance_report *r, const paa_programa *original);

/* The sentence documents print on a report measured against a modified
 * programme: «Cumplimiento medido contra el programa modificado
 * (adecuación del 30 de mayo de 2024).», with the modified programme's
 * <fecha> when it differs from the original's, else its file name. */
#define AVANCE_FRASE_BUFSZ 512
void avance_adecuacion_frase(const paa_programa *original, const paa_programa *mod,
                             char *buf, size_t size);

/* The summary's paragraph on an adecuación (r measured against `mod` and
 * compared with r->original): the sentence above, how many activities it
 * changed, added, renumbered and cancelled, and what the detail's columns
 * `col_orig` and `col_mod` (the programmed-to-date of each programme) and
 * the mark mean; appended to b. The PDF and the web edition say it alike;
 * base_names: the programmes' files by their name only, as a published
 * site says them (never a path of the machine that made it). */
void avance_adecuacion_resumen(const avance_report *r, const paa_programa *mod,
                               const char *col_orig, const char *col_mod, bool base_names,
                               strbuf *b);

#endif
