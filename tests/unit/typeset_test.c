/* Unit tests of the typeset engine: numbering, line breaking with real
 * font metrics (hyphens, one-line numbers), the pagination decisions of
 * tables, page notes and the running header. */
#include <math.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "read/layout.h"
#include "model/programa.h"
#include "pdf/typeset.h"
#include "pdf/typeset_internal.h"

typedef struct {
    diag_list d;
    layout *lay;
    ts_doc *ts;
    ts_style st;
    char path[256];
} fixture;

/* A minimal layout with the shipped Regular font, written to a temp file
 * (font path absolute, since the file lives outside the repository). */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    diag_list_init(&f->d);
    snprintf(f->path, sizeof f->path, "/tmp/typeset_test_%ld.xml", (long)getpid());
    FILE *out = fopen(f->path, "w");
    assert_non_null(out);
    fprintf(out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<d>\n"
            "<fuente id=\"normal\" archivo=\"%s/../fonts/LiberationSans-Regular.ttf\"/>\n"
            "<estilo id=\"s\" fuente=\"normal\" tamano=\"10\" interlineado=\"12\"/>\n"
            "<estilo id=\"celda\" hereda=\"s\" relleno=\"2pt\"/>\n"
            "<estilo id=\"num\" hereda=\"s\" sin-corte=\"si\" tamano-minimo=\"6\"/>\n"
            "<estilo id=\"malo\" hereda=\"s\" tamano=\"8\" tamano-minimo=\"9\"/>\n"
            "<estilo id=\"alta\" hereda=\"s\" interlineado=\"500\"/>\n"
            "<estilo id=\"altisima\" hereda=\"s\" interlineado=\"900\"/>\n"
            "<estilo id=\"sangrada\" hereda=\"s\" sangria=\"2000pt\"/>\n"
            "<pagina papel=\"a5\" orientacion=\"vertical\" margen-superior=\"10mm\"\n"
            "        margen-inferior=\"10mm\" margen-izquierdo=\"10mm\"\n"
            "        margen-derecho=\"10mm\"/>\n"
            "</d>\n",
            PAA_TEST_DIR);
    fclose(out);
    assert_int_equal(layout_load(f->path, NULL, &f->lay, &f->d), 0);
    ts_page_spec page;
    assert_int_equal(typeset_page_spec_load(f->lay, layout_find(f->lay, "pagina", NULL),
                                            &page, &f->d), 0);
    assert_int_equal(typeset_open(&f->ts, &page, 1710806400LL, &f->d), 0);
    assert_int_equal(typeset_fonts_load(f->ts, f->lay, &f->d), 0);
    assert_int_equal(typeset_style_by_id(f->ts, f->lay, "s", &f->st, &f->d), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    typeset_close(f->ts);
    layout_free(f->lay);
    diag_list_free(&f->d);
    remove(f->path);
    free(f);
    return 0;
}

static void test_roman(void **state)
{
    (void)state;
    static const struct { int n; const char *s; } cases[] = {
        {1, "I"}, {4, "IV"}, {8, "VIII"}, {9, "IX"}, {14, "XIV"}, {40, "XL"},
        {90, "XC"}, {400, "CD"}, {1994, "MCMXCIV"}, {3999, "MMMCMXCIX"}};
    char buf[32];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        typeset_roman(cases[i].n, true, buf, sizeof buf);
        assert_string_equal(buf, cases[i].s);
    }
    typeset_roman(12, false, buf, sizeof buf);
    assert_string_equal(buf, "xii");
    typeset_roman(0, true, buf, sizeof buf);
    assert_string_equal(buf, "");
    typeset_roman(4000, true, buf, sizeof buf);
    assert_string_equal(buf, "");
    typeset_roman(3888, true, buf, 4);   /* truncated, still terminated */
    assert_int_equal(strlen(buf), 3);
}

/* The published notation of quantities, as the PDF prints them. */
static void test_number_format(void **state)
{
    (void)state;
    char buf[PAA_DEC_BUFSZ];
    paa_dec_format(4060 * PAA_DEC_SCALE, true, buf);
    assert_string_equal(buf, "4,060");
    paa_dec_format(800, true, buf);
    assert_string_equal(buf, "0.08");
    paa_dec_format(5000, true, buf);
    assert_string_equal(buf, "0.5");
    paa_dec_format(1120 * PAA_DEC_SCALE, true, buf);
    assert_string_equal(buf, "1,120");
}

static void test_wrap_fits_one_line(void **state)
{
    fixture *f = *state;
    size_t starts[4];
    assert_int_equal(typeset_wrap_count(f->ts, &f->st, "uno dos tres", 500, starts, 4), 1);
    assert_int_equal(starts[0], 0);
    assert_int_equal(typeset_wrap_count(f->ts, &f->st, "", 500, starts, 4), 0);
}

/* A measure just short of the whole text moves the last word down, and
 * every line fits the measure by the font's own widths. */
static void test_wrap_breaks_at_blanks(void **state)
{
    fixture *f = *state;
    const char *text = "Atender solicitudes de las áreas institucionales";
    double full = typeset_text_width(f->ts, &f->st, text);
    size_t starts[8];
    int n = typeset_wrap_count(f->ts, &f->st, text, full - 1, starts, 8);
    assert_int_equal(n, 2);
    assert_string_equal(text + starts[1], "institucionales");

    n = typeset_wrap_count(f->ts, &f->st, text, 60, starts, 8);
    assert_true(n >= 3);
    for (int i = 0; i < n; i++) {
        size_t end = i + 1 < n ? starts[i + 1] : strlen(text);
        char line[128];
        snprintf(line, sizeof line, "%.*s", (int)(end - starts[i]), text + starts[i]);
        while (strlen(line) > 0 && line[strlen(line) - 1] == ' ')
            line[strlen(line) - 1] = '\0';
        assert_true(typeset_text_width(f->ts, &f->st, line) <= 60 + 1e-6);
    }
}

/* A word wider than the cell is broken between characters, preferably
 * after a hyphen, never left overflowing. */
static void test_wrap_breaks_long_words(void **state)
{
    fixture *f = *state;
    size_t starts[16];
    const char *word = "político-electorales";
    double head = typeset_text_width(f->ts, &f->st, "político-");
    double tail = typeset_text_width(f->ts, &f->st, "electorales");
    double full = typeset_text_width(f->ts, &f->st, word);
    double width = (head > tail ? head : tail) + 2;
    assert_true(width < full);
    int n = typeset_wrap_count(f->ts, &f->st, word, width, starts, 16);
    assert_int_equal(n, 2);
    assert_string_equal(word + starts[1], "electorales");
}

/* A clave, a figure or a date (a word with a digit) is never split: wider
 * than its line, it is a layout error naming it and the measures. A list
 * of figures breaks after a comma that does not separate thousands. */
static void test_wrap_never_breaks_figures(void **state)
{
    fixture *f = *state;
    size_t starts[16];
    double w = typeset_text_width(f->ts, &f->st, "12,261,306");
    assert_int_equal(typeset_wrap_count(f->ts, &f->st, "30,12,261,306", w + 1, starts, 16), 2);
    assert_int_equal(starts[1], 3);   /* «30,» / «12,261,306» */
    assert_false(typeset_failed(f->ts));
    assert_int_equal(typeset_wrap_count(f->ts, &f->st, "0101010101010101", 20, starts, 16), -1);
    assert_true(typeset_failed(f->ts));
    const char *msg = f->d.items[f->d.n - 1].message;
    assert_string_equal(f->d.items[f->d.n - 1].rule->id, "layout");
    assert_non_null(strstr(msg, "«0101010101010101»"));
    assert_non_null(strstr(msg, "nunca se parte"));
    assert_non_null(strstr(msg, "20.0 pt"));
}

/* A word broken because it is wider than the line is broken between
 * syllables and the line keeps room for the hyphen drawn after it:
 * «Requerimient|o» (no room for the hyphen) becomes «Requeri-|miento». */
static void test_wrap_hyphenates_syllables(void **state)
{
    fixture *f = *state;
    size_t starts[4];
    const char *word = "Requerimiento";
    double width = typeset_text_width(f->ts, &f->st, "Requerimient");
    assert_int_equal(typeset_wrap_count(f->ts, &f->st, word, width, starts, 4), 2);
    assert_string_equal(word + starts[1], "miento");
    assert_true(typeset_text_width(f->ts, &f->st, "Requeri-") <= width);
    /* in a narrower line, the syllable break that fits */
    width = typeset_text_width(f->ts, &f->st, "Req-");
    int n = typeset_wrap_count(f->ts, &f->st, word, width, starts, 4);
    assert_true(n >= 3);
    assert_string_equal(word + starts[1], "querimiento");   /* «Re-» */
}

/* A nowrap style (a number) shrinks to stay on one line, down to its
 * minimum size; a figure is never split (a reader would see two numbers)
 * nor set smaller: that is a layout error naming the figure. */
static void test_nowrap_shrinks_to_fit(void **state)
{
    fixture *f = *state;
    ts_style num;
    assert_int_equal(typeset_style_by_id(f->ts, f->lay, "num", &num, &f->d), 0);
    assert_true(num.nowrap);
    assert_true(num.min_size > 5.99 && num.min_size < 6.01);
    double natural = typeset_text_width(f->ts, &num, "20,000");
    size_t starts[4];
    assert_int_equal(typeset_wrap_count(f->ts, &num, "20,000", natural * 0.7, starts, 4), 1);
    assert_false(typeset_failed(f->ts));
    /* 10pt would need 4pt here, below min_size */
    assert_int_equal(typeset_wrap_count(f->ts, &num, "20,000", natural * 0.4, starts, 4), -1);
    assert_string_equal(f->d.items[f->d.n - 1].rule->id, "layout");
    assert_non_null(strstr(f->d.items[f->d.n - 1].message, "«20,000»"));
    assert_non_null(strstr(f->d.items[f->d.n - 1].message, "tamaño mínimo del estilo (6.0 pt)"));
}

/* tamano-minimo above the size itself is refused when the style loads. */
static void test_min_size_checked(void **state)
{
    fixture *f = *state;
    ts_style bad;
    assert_int_equal(typeset_style_by_id(f->ts, f->lay, "malo", &bad, &f->d), -1);
    assert_string_equal(f->d.items[f->d.n - 1].rule->id, "layout");
    assert_non_null(strstr(f->d.items[f->d.n - 1].message, "tamaño mínimo"));
}

static bool valid_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t n = *u < 0x80 ? 1 : (*u & 0xE0) == 0xC0 ? 2 : (*u & 0xF0) == 0xE0 ? 3
                 : (*u & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0)
            return false;
        for (size_t i = 1; i < n; i++)
            if ((u[i] & 0xC0) != 0x80)
                return false;
        u += n;
    }
    return true;
}

/* The diagnostic for invalid UTF-8 quotes the valid text before the bad
 * byte, never half a character nor the bad byte itself. */
static void test_invalid_utf8_message(void **state)
{
    fixture *f = *state;
    char text[128] = "";
    for (int i = 0; i < 30; i++)
        strcat(text, "á");
    strcat(text, "\xFF fin");
    assert_int_equal(typeset_wrap_count(f->ts, &f->st, text, 300, NULL, 0), -1);
    assert_int_equal(f->d.n, 1);
    const char *msg = f->d.items[0].message;
    assert_non_null(strstr(msg, "UTF-8 inválido"));
    assert_non_null(strstr(msg, "byte 61"));
    assert_true(valid_utf8(msg));
}

/* Spanish characters are measured and accepted; a character outside the
 * fonts' encoding is an error, never a silent "?". */
static void test_encoding(void **state)
{
    fixture *f = *state;
    assert_true(typeset_text_width(f->ts, &f->st, "áéíóúüñ ÁÉÍÓÚÑ ¿¡ “” «» – —") > 0);
    assert_false(typeset_failed(f->ts));
    assert_int_equal(typeset_wrap_count(f->ts, &f->st, "mayor o igual ≥ 3", 300, NULL, 0), -1);
    assert_true(typeset_failed(f->ts));
    assert_int_equal(f->d.n, 1);
    assert_string_equal(f->d.items[0].rule->id, "pdf");
    assert_non_null(strstr(f->d.items[0].message, "U+2265"));
}

static void fill_until(fixture *f, double keep)
{
    while (typeset_remaining(f->ts) > keep)
        assert_int_equal(typeset_paragraph(f->ts, &f->st, "relleno"), 0);
}

/* A group row that fits at the bottom of a page but whose next row does
 * not is moved with it to the next page, under a repeated header. */
static void test_group_row_kept_with_next(void **state)
{
    fixture *f = *state;
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    /* after the header and the first row (12pt each): room for the group
     * row (12pt), not for it and the two-line row after it */
    fill_until(f, 30 + 24);
    double widths[2] = {1, 3};
    const char *hdr[2] = {"Clave", "Actividad"};
    ts_table_spec spec = {2, widths, hdr, &f->st, 0.5, {0, 0, 0}, NULL, 0, NULL};
    ts_table *t;
    assert_int_equal(typeset_table_begin(f->ts, &spec, &t), 0);
    ts_cell first[2] = {{"0101", &f->st, 1, NULL, NULL}, {"primera", &f->st, 1, NULL, NULL}};
    assert_int_equal(typeset_table_row(t, TS_ROW_BODY, first, 2), 0);
    assert_int_equal(typeset_page_count(f->ts), 1);
    ts_row_opts g = {TS_ROW_GROUP, NULL, 0, false, "grupo", NULL, 0};
    ts_cell grow_[1] = {{"0102 Proyecto", &f->st, 2, NULL, NULL}};
    assert_int_equal(typeset_table_row_opts(t, &g, grow_, 1), 0);
    ts_row_opts b = {TS_ROW_BODY, NULL, 0, false, "fila", NULL, 0};
    ts_cell body[2] = {{"010201", &f->st, 1, NULL, NULL},
                       {"una actividad de dos renglones en esta celda estrecha", &f->st, 1, NULL, NULL}};
    assert_int_equal(typeset_table_row_opts(t, &b, body, 2), 0);
    assert_int_equal(typeset_table_end(t), 0);
    assert_int_equal(typeset_anchor_page(f->ts, "grupo"), 1);
    assert_int_equal(typeset_anchor_page(f->ts, "fila"), 1);
}

/* Rows A, B, C of a group, with room on the page for the group row, A and
 * B but not C: B goes to the next page with C, so that the group's last
 * row never starts a page alone. Tables without group rows too. */
static void test_last_two_rows_together(void **state)
{
    fixture *f = *state;
    ts_style cell;
    assert_int_equal(typeset_style_by_id(f->ts, f->lay, "celda", &cell, &f->d), 0);
    for (int grouped = 1; grouped >= 0; grouped--) {
        assert_int_equal(typeset_new_page(f->ts, 0), 0);
        size_t page = typeset_page_count(f->ts) - 1;
        /* header 12pt; group row and body rows 16pt each (2pt padding) */
        fill_until(f, 12 + 16 * 4 - 0.1);
        assert_true(typeset_remaining(f->ts) >= 12 + 16 * 3);
        double widths[2] = {1, 3};
        const char *hdr[2] = {"Clave", "Actividad"};
        ts_table_spec spec = {2, widths, hdr, &f->st, 0.5, {0, 0, 0}, NULL, 0, NULL};
        ts_table *t;
        assert_int_equal(typeset_table_begin(f->ts, &spec, &t), 0);
        ts_cell row[2] = {{"01", &cell, 1, NULL, NULL}, {"grupo", &cell, 1, NULL, NULL}};
        if (grouped) {
            ts_row_opts g = {TS_ROW_GROUP, NULL, 0, false, NULL, NULL, 0};
            assert_int_equal(typeset_table_row_opts(t, &g, row, 2), 0);
        } else {   /* a body row in its place: same heights */
            assert_int_equal(typeset_table_row(t, TS_ROW_BODY, row, 2), 0);
        }
        const char *ids[2][3] = {{"sa", "sb", "sc"}, {"ga", "gb", "gc"}};
        for (int i = 0; i < 3; i++) {
            ts_row_opts o = {TS_ROW_BODY, NULL, 0, false, ids[grouped][i], NULL, 0};
            assert_int_equal(typeset_table_row_opts(t, &o, row, 2), 0);
        }
        assert_int_equal(typeset_table_end(t), 0);
        assert_int_equal(typeset_anchor_page(f->ts, ids[grouped][0]), (long)page);
        assert_int_equal(typeset_anchor_page(f->ts, ids[grouped][1]), (long)page + 1);
        assert_int_equal(typeset_anchor_page(f->ts, ids[grouped][2]), (long)page + 1);
    }
}

/* A page note sits at the foot of the body of every page started while it
 * is set, and the body ends above it. */
static void test_page_note(void **state)
{
    fixture *f = *state;
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    double full = typeset_remaining(f->ts);
    ts_style note = f->st;
    note.space_before = 3;
    assert_int_equal(typeset_page_note(f->ts, &note, "† nota al pie"), 0);
    assert_true(typeset_remaining(f->ts) == full);   /* from the next page on */
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    assert_true(fabs(typeset_remaining(f->ts) - (full - 12 - 3)) < 1e-6);
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    assert_true(fabs(typeset_remaining(f->ts) - (full - 12 - 3)) < 1e-6);
    assert_int_equal(typeset_page_note(f->ts, &note, NULL), 0);
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    assert_true(fabs(typeset_remaining(f->ts) - full) < 1e-6);
    assert_false(typeset_failed(f->ts));
}

/* Position "x y Td" given on the line before `at` (a "(…) Tj" line). */
static void pos_before(const char *pdf, const char *at, double *x, double *y)
{
    const char *line = at - 1;   /* the newline ending "x y Td" */
    while (line > pdf && line[-1] != '\n')
        line--;
    assert_int_equal(sscanf(line, "%lf %lf Td", x, y), 2);
}

/* Position "x y Td" of the text drawn just before "(text) Tj" in an
 * uncompressed PDF. */
static void text_pos(const char *pdf, const char *text, double *x, double *y)
{
    char key[64];
    snprintf(key, sizeof key, "(%s) Tj", text);
    const char *at = strstr(pdf, key);
    assert_non_null(at);
    pos_before(pdf, at, x, y);
}

/* The start of the "(text) Tj" line that holds `at`. */
static const char *line_start(const char *pdf, const char *at)
{
    const char *q = at;
    while (q > pdf && q[-1] != '\n')
        q--;
    return q;
}

/* Saves the document (made uncompressed) and reads it into buf (NULs blanked, so that
 * strstr passes over binary font data). */
static void save_read(fixture *f, char *buf, size_t size)
{
    char out[300];
    snprintf(out, sizeof out, "%s.pdf", f->path);
    assert_int_equal(typeset_save(f->ts, out, &f->d), 0);
    FILE *in = fopen(out, "rb");
    assert_non_null(in);
    size_t n = fread(buf, 1, size - 1, in);
    fclose(in);
    remove(out);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';
}

/* Joined header lines share a baseline whatever their sizes: a 12pt title
 * on the left and an 8pt text on the right; the next line goes below. */
static void test_running_header_joined(void **state)
{
    fixture *f = *state;
    ts_running r;
    memset(&r, 0, sizeof r);
    ts_band *h = &r.header;
    h->text[0] = "IZQUIERDA";
    h->style[0] = f->st;
    h->style[0].size = 12;
    h->style[0].leading = 0;
    h->text[1] = "DERECHA";
    h->style[1] = f->st;
    h->style[1].size = 8;
    h->style[1].align = TS_RIGHT;
    h->joined[1] = true;
    h->text[2] = "ABAJO";
    h->style[2] = h->style[1];
    assert_int_equal(typeset_set_running(f->ts, &r), 0);
    /* pages take the mode they are created in: plain text to read back */
    HPDF_SetCompressionMode(typeset_hpdf(f->ts), HPDF_COMP_NONE);
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    static char pdf[200000];
    save_read(f, pdf, sizeof pdf);
    double xl, yl, xr, yr, xb, yb;
    text_pos(pdf, "IZQUIERDA", &xl, &yl);
    text_pos(pdf, "DERECHA", &xr, &yr);
    text_pos(pdf, "ABAJO", &xb, &yb);
    assert_true(fabs(yl - yr) < 0.01);
    assert_true(xr > xl);
    double right = xr + typeset_text_width(f->ts, &h->style[1], "DERECHA");
    assert_true(fabs(right - (xl + typeset_frame_width(f->ts))) < 0.01);
    assert_true(yb < yr - 7);
}

/* A footer of two rows: a left text beside a right-hand page number on
 * the first, a centred text below it on the bottom margin; page numbers
 * are expanded on every band, and doubled braces (data carried through
 * the layout's expansion) print as one. */
static void test_running_footer_rows(void **state)
{
    fixture *f = *state;
    ts_running r;
    memset(&r, 0, sizeof r);
    ts_band *b = &r.footer;
    b->text[0] = "IEEM {{x}";
    b->style[0] = f->st;
    b->text[1] = "Pagina {pagina} de {paginas}";
    b->style[1] = f->st;
    b->style[1].align = TS_RIGHT;
    b->joined[1] = true;
    b->text[2] = "ABAJO";
    b->style[2] = f->st;
    b->style[2].align = TS_CENTER;
    r.header.text[0] = "Hoja {pagina}";
    r.header.style[0] = f->st;
    assert_int_equal(typeset_set_running(f->ts, &r), 0);
    HPDF_SetCompressionMode(typeset_hpdf(f->ts), HPDF_COMP_NONE);
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    static char pdf[200000];
    save_read(f, pdf, sizeof pdf);
    assert_non_null(strstr(pdf, "Pagina 2 de 2"));
    assert_non_null(strstr(pdf, "Hoja 1"));
    assert_null(strstr(pdf, "{pagina}"));
    double xl, yl, xr, yr, xb, yb;
    text_pos(pdf, "IEEM \\173x\\175", &xl, &yl);   /* "{x}", escaped */
    text_pos(pdf, "Pagina 1 de 2", &xr, &yr);
    text_pos(pdf, "ABAJO", &xb, &yb);
    assert_true(fabs(yl - yr) < 0.01);
    assert_true(xr > xl);
    assert_true(yb < yl - 7);
    /* the last row sits on the bottom margin, inside the page */
    assert_true(yb > 0 && yb < 72);
}

/* Adds group row `name` (anchor "g<name>") and `n` body rows (anchors
 * "<name>0", "<name>1" …); `cont`, when not NULL, is the text of its
 * continuation heading. */
static void group_rows(ts_table *t, const ts_style *cell, const char *name, int n,
                       const char *cont)
{
    char anchor[32], text[32];
    snprintf(anchor, sizeof anchor, "g%s", name);
    ts_cell g[2] = {{"G", cell, 1, NULL, NULL}, {name, cell, 1, NULL, NULL}};
    ts_cell alt[2] = {{"G", cell, 1, NULL, NULL}, {cont, cell, 1, NULL, NULL}};
    ts_row_opts o = {TS_ROW_GROUP, NULL, 0, false, anchor, cont ? alt : NULL, cont ? 2 : 0};
    assert_int_equal(typeset_table_row_opts(t, &o, g, 2), 0);
    for (int i = 0; i < n; i++) {
        snprintf(anchor, sizeof anchor, "%s%d", name, i);
        snprintf(text, sizeof text, "fila%s%d", name, i);
        ts_cell row[2] = {{"r", cell, 1, NULL, NULL}, {text, cell, 1, NULL, NULL}};
        ts_row_opts b = {TS_ROW_BODY, NULL, 0, false, anchor, NULL, 0};
        assert_int_equal(typeset_table_row_opts(t, &b, row, 2), 0);
    }
}

/* First of `name`'s rows (anchors as in group_rows) on page `page`. */
static int first_row_on(fixture *f, const char *name, int n, long page)
{
    char anchor[32];
    for (int i = 0; i < n; i++) {
        snprintf(anchor, sizeof anchor, "%s%d", name, i);
        if (typeset_anchor_page(f->ts, anchor) == page)
            return i;
    }
    return -1;
}

/* Continuation headings: a group that goes on over a page break is named
 * again, with the table's suffix, between the repeated header and its
 * first row there (its anchor is not placed twice); a group that starts
 * at the top of a page, or never crosses a break, is not; a GROUP row may
 * give shorter cells for its heading. */
static void test_continuation_heading(void **state)
{
    fixture *f = *state;
    ts_style cell;
    assert_int_equal(typeset_style_by_id(f->ts, f->lay, "celda", &cell, &f->d), 0);
    HPDF_SetCompressionMode(typeset_hpdf(f->ts), HPDF_COMP_NONE);
    double widths[2] = {1, 3};
    const char *hdr[2] = {"Clave", "Actividad"};
    ts_table_spec spec = {2, widths, hdr, &f->st, 0.5, {0, 0, 0}, NULL, 0, " sigue"};
    ts_table *t;

    /* A (40 rows of 16pt) crosses a break; B ends on the same page */
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    long p0 = (long)typeset_page_count(f->ts) - 1;
    assert_int_equal(typeset_table_begin(f->ts, &spec, &t), 0);
    group_rows(t, &cell, "A", 40, NULL);
    group_rows(t, &cell, "B", 3, NULL);
    assert_int_equal(typeset_table_end(t), 0);
    int a_first = first_row_on(f, "A", 40, p0 + 1);
    assert_true(a_first > 0);
    assert_int_equal(typeset_anchor_page(f->ts, "B0"), p0 + 1);

    /* C ends at the foot of a page; D, which does not fit there with two
     * rows, starts the next one: no heading for either */
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    long p2 = (long)typeset_page_count(f->ts) - 1;
    fill_until(f, 12 + 16 * 4 + 8);
    assert_true(typeset_remaining(f->ts) >= 12 + 16 * 3);
    assert_int_equal(typeset_table_begin(f->ts, &spec, &t), 0);
    group_rows(t, &cell, "C", 2, NULL);
    group_rows(t, &cell, "D", 2, NULL);
    assert_int_equal(typeset_table_end(t), 0);
    assert_int_equal(typeset_anchor_page(f->ts, "C1"), p2);
    assert_int_equal(typeset_anchor_page(f->ts, "gD"), p2 + 1);

    /* E gives its heading shorter cells */
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    assert_int_equal(typeset_table_begin(f->ts, &spec, &t), 0);
    group_rows(t, &cell, "E", 40, "corto");
    assert_int_equal(typeset_table_end(t), 0);
    assert_false(typeset_failed(f->ts));

    static char pdf[400000];
    save_read(f, pdf, sizeof pdf);
    /* the headings ("(A sigue) Tj": a line's words of one style are shown
     * in one string): A's and E's */
    const char *heads[3];
    size_t nheads = 0;
    for (const char *at = strstr(pdf, " sigue) Tj"); at != NULL && nheads < 3;
         at = strstr(at + 1, " sigue) Tj"))
        heads[nheads++] = line_start(pdf, at + 1);
    assert_int_equal(nheads, 2);
    assert_memory_equal(heads[0], "(A sigue) Tj", 12);
    assert_memory_equal(heads[1], "(corto sigue) Tj", 16);
    /* right under the header, right above A's first row on that page */
    char first[32];
    snprintf(first, sizeof first, "filaA%d", a_first);
    double xh, yh, xc, yc, xr, yr;
    text_pos(pdf, "Clave", &xh, &yh);
    pos_before(pdf, heads[0], &xc, &yc);
    text_pos(pdf, first, &xr, &yr);
    assert_true(fabs((yh - yc) - (12 + cell.pad_top)) < 0.01);
    assert_true(fabs((yc - yr) - 16) < 0.01);
}

/* A row taller than a whole page is split between lines instead of
 * failing or overflowing. */
static void test_tall_row_split(void **state)
{
    fixture *f = *state;
    ts_style cell;
    assert_int_equal(typeset_style_by_id(f->ts, f->lay, "celda", &cell, &f->d), 0);
    double widths[1] = {1};
    ts_table_spec spec = {1, widths, NULL, NULL, 0, {0, 0, 0}, NULL, 0, NULL};
    ts_table *t;
    assert_int_equal(typeset_table_begin(f->ts, &spec, &t), 0);
    char *text = malloc(20000);
    assert_non_null(text);
    text[0] = '\0';
    for (int i = 0; i < 800; i++)
        strcat(text, "palabra ");
    ts_cell c[1] = {{text, &cell, 1, NULL, NULL}};
    assert_int_equal(typeset_table_row(t, TS_ROW_BODY, c, 1), 0);
    assert_int_equal(typeset_table_end(t), 0);
    free(text);
    assert_true(typeset_page_count(f->ts) >= 2);
    assert_false(typeset_failed(f->ts));

    /* Every word was laid out, none lost at the page breaks. */
    char pdf[64], cmd[128];
    snprintf(pdf, sizeof pdf, "/tmp/typeset_test_%ld.pdf", (long)getpid());
    assert_int_equal(typeset_save(f->ts, pdf, &f->d), 0);
    snprintf(cmd, sizeof cmd, "pdftotext %s - | grep -o palabra | wc -l", pdf);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    int words = -1;
    assert_int_equal(fscanf(p, "%d", &words), 1);
    pclose(p);
    remove(pdf);
    assert_int_equal(words, 800);
}

/* Regression: a cell with no lines counted as avance, so a row whose
 * other cell had a line taller than what the page leaves (here: below a
 * page note) added blank pages without end. Now a "layout" error at the
 * tall style's line, after at most a page or two. */
static void test_stuck_line_beside_empty_cell(void **state)
{
    fixture *f = *state;
    ts_style tall;
    assert_int_equal(typeset_style_by_id(f->ts, f->lay, "alta", &tall, &f->d), 0);
    assert_int_equal(typeset_page_note(f->ts, &f->st,
                                       "nota nota nota nota nota nota nota nota nota "
                                       "nota nota nota nota nota nota nota nota nota "
                                       "nota nota nota nota nota nota nota nota nota "
                                       "nota nota nota nota nota nota nota nota nota "
                                       "nota nota nota nota nota nota nota nota nota "
                                       "nota nota nota nota nota nota nota nota nota"), 0);
    double widths[2] = {1, 1};
    ts_table_spec spec = {2, widths, NULL, NULL, 0, {0, 0, 0}, NULL, 0, NULL};
    ts_table *t;
    assert_int_equal(typeset_table_begin(f->ts, &spec, &t), 0);
    ts_cell c[2] = {{"", &f->st, 1, NULL, NULL}, {"alta", &tall, 1, NULL, NULL}};
    typeset_table_row(t, TS_ROW_BODY, c, 2);
    assert_int_equal(typeset_table_end(t), -1);
    assert_true(typeset_page_count(f->ts) <= 2);
    assert_int_equal(f->d.n, 1);
    assert_string_equal(f->d.items[0].rule->id, "layout");
    assert_non_null(strstr(f->d.items[0].message, "«alta»"));
    assert_int_equal(f->d.items[0].line, 8);
}

/* A style that fits no page is refused when loaded, at its line: a line
 * taller than the body frame, an indent wider than the frame. */
static void test_style_must_fit_page(void **state)
{
    fixture *f = *state;
    ts_style st;
    assert_int_equal(typeset_style_by_id(f->ts, f->lay, "altisima", &st, &f->d), -1);
    assert_int_equal(f->d.n, 1);
    assert_string_equal(f->d.items[0].rule->id, "layout");
    assert_int_equal(f->d.items[0].line, 9);
    assert_non_null(strstr(f->d.items[0].message, "«altisima»"));
}

static void test_indent_wider_than_frame(void **state)
{
    fixture *f = *state;
    ts_style st;
    assert_int_equal(typeset_style_by_id(f->ts, f->lay, "sangrada", &st, &f->d), -1);
    assert_int_equal(f->d.n, 1);
    assert_string_equal(f->d.items[0].rule->id, "layout");
    assert_int_equal(f->d.items[0].line, 10);
}

/* A column narrower than its padding plus one em is refused, naming the
 * style, instead of drawing into the next column. */
static void test_narrow_column(void **state)
{
    fixture *f = *state;
    ts_style cell;
    assert_int_equal(typeset_style_by_id(f->ts, f->lay, "celda", &cell, &f->d), 0);
    double widths[2] = {2, 400};   /* 2 pt: less than 2 + 2 pt padding */
    const char *head[2] = {"A", "B"};
    ts_table_spec spec = {2, widths, head, &cell, 0, {0, 0, 0}, NULL, 0, NULL};
    ts_table *t = NULL;
    assert_int_equal(typeset_table_begin(f->ts, &spec, &t), -1);
    assert_null(t);
    assert_int_equal(f->d.n, 1);
    assert_string_equal(f->d.items[0].rule->id, "layout");
    assert_non_null(strstr(f->d.items[0].message, "«celda»"));
}

/* Breaking a very long word measures incrementally: 200,000 characters
 * would take minutes when each prefix was measured from the start. */
static void test_long_word_linear(void **state)
{
    fixture *f = *state;
    size_t n = 200000;
    char *w = malloc(n + 1);
    assert_non_null(w);
    memset(w, 'a', n);
    w[n] = '\0';
    int lines = typeset_wrap_count(f->ts, &f->st, w, 100, NULL, 0);
    free(w);
    assert_true(lines > 1000);
    assert_false(typeset_failed(f->ts));
}

/* typeset_need breaks only when the space is really missing. */
static void test_need(void **state)
{
    fixture *f = *state;
    assert_int_equal(typeset_need(f->ts, 10), 0);
    assert_int_equal(typeset_page_count(f->ts), 1);
    assert_int_equal(typeset_paragraph(f->ts, &f->st, "texto"), 0);
    double left = typeset_remaining(f->ts);
    assert_int_equal(typeset_need(f->ts, left - 1), 0);
    assert_int_equal(typeset_page_count(f->ts), 1);
    assert_int_equal(typeset_need(f->ts, left + 1), 0);
    assert_int_equal(typeset_page_count(f->ts), 2);
}

/* Page numbers in the chosen style, per range. */
static void test_page_numbers(void **state)
{
    fixture *f = *state;
    char buf[16];
    assert_int_equal(typeset_numbering(f->ts, TS_NUM_NONE, 1), 0);
    assert_int_equal(typeset_new_page(f->ts, TS_PAGE_BARE), 0);
    assert_int_equal(typeset_numbering(f->ts, TS_NUM_ROMAN, 1), 0);
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    assert_int_equal(typeset_numbering(f->ts, TS_NUM_ARABIC, 1), 0);
    assert_int_equal(typeset_new_page(f->ts, 0), 0);
    typeset_page_number_text(f->ts, 0, buf, sizeof buf);
    assert_string_equal(buf, "");
    typeset_page_number_text(f->ts, 2, buf, sizeof buf);
    assert_string_equal(buf, "II");
    typeset_page_number_text(f->ts, 3, buf, sizeof buf);
    assert_string_equal(buf, "1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roman),
        cmocka_unit_test(test_number_format),
        cmocka_unit_test_setup_teardown(test_wrap_fits_one_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrap_breaks_at_blanks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrap_breaks_long_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrap_hyphenates_syllables, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nowrap_shrinks_to_fit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrap_never_breaks_figures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_min_size_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encoding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_row_kept_with_next, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_two_rows_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_continuation_heading, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_note, setup, teardown),
        cmocka_unit_test_setup_teardown(test_running_header_joined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_running_footer_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tall_row_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_need, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stuck_line_beside_empty_cell, setup, teardown),
        cmocka_unit_test_setup_teardown(test_style_must_fit_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_indent_wider_than_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(test_narrow_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_word_linear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_numbers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
