/*
 * libro_fixture: what the unit tests of the workbook engine share — a
 * small layout (print setups, number formats, series fills, placeholders,
 * properties, font metrics), a scratch directory and a context to begin a
 * workbook in. Included by libro_test.c, libro_metricas_test.c and
 * libro_impresion_test.c only.
 */
#ifndef PAA_TESTS_LIBRO_FIXTURE_H
#define PAA_TESTS_LIBRO_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read/layout.h"
#include "xlsx/libro.h"
#include "xlsx_files.h"

#define SRC PAA_TEST_DIR "/.."

static const char sample[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<libro>\n"
    "  <impresion papel=\"carta\" orientacion=\"horizontal\" paginas-ancho=\"1\"\n"
    "             margen-izquierdo=\"10mm\" margen-derecho=\"10mm\"\n"
    "             margen-superior=\"20mm\" margen-inferior=\"18mm\"\n"
    "             margen-encabezado=\"8mm\" margen-pie=\"8mm\">\n"
    "    <encabezado><renglon tamano=\"8\" izquierda=\"{titulo}\" derecha=\"{hoja}\"/>"
    "</encabezado>\n"
    "    <pie><renglon tamano=\"8\" derecha=\"Página {pagina} de {paginas}\"/></pie>\n"
    "  </impresion>\n"
    "  <hoja id=\"dos\" paginas-ancho=\"2\"/>\n"
    "  <hoja id=\"escala\" escala=\"80\"/>\n"
    "  <hoja id=\"ambos\" paginas-ancho=\"2\" escala=\"80\"/>\n"
    "  <hoja id=\"renglones\">\n"
    "    <pie>\n"
    "      <renglon tamano=\"8\" izquierda=\"{titulo}\" derecha=\"{pagina}/{paginas}\"/>\n"
    "      <renglon tamano=\"7\" centro=\"1 &amp; 2\" derecha=\"{hoja}\"/>\n"
    "    </pie>\n"
    "  </hoja>\n"
    "  <mala>\n"
    "    <impresion papel=\"carta\" orientacion=\"horizontal\">\n"
    "      <encabezado><renglon izquierda=\"{nada}\"/></encabezado>\n"
    "      <pie><renglon derecha=\"{pagina}\"/></pie>\n"
    "    </impresion>\n"
    "  </mala>\n"
    "  <numeros>\n"
    "    <numero decimales=\"0\" formato=\"#,##0\"/>\n"
    "    <numero decimales=\"1\" formato=\"#,##0.0\"/>\n"
    "    <numero decimales=\"2\" formato=\"#,##0.00\"/>\n"
    "    <numero decimales=\"3\" formato=\"#,##0.000\"/>\n"
    "    <numero decimales=\"4\" formato=\"#,##0.0000\"/>\n"
    "  </numeros>\n"
    "  <series>\n"
    "    <solida color=\"#000000\"/>\n"
    "    <rayada color=\"#C62828\" trama=\"diagonal\"/>\n"
    "    <sobre-gris color=\"#7F7F7F\" trama=\"puntos\" fondo=\"#EEEEEE\"/>\n"
    "    <trama-mala color=\"#000000\" trama=\"cuadros\"/>\n"
    "    <fondo-solo color=\"#000000\" fondo=\"#FFFFFF\"/>\n"
    "    <sin-color trama=\"rejilla\"/>\n"
    "  </series>\n"
    "  <propiedades titulo=\"{titulo}\" asunto=\"Avance\" asunto-ejemplo=\"Avance ({hoja})\"\n"
    "               autor=\"{hoja}\" palabras-clave=\"a, b\"/>\n"
    "  <propiedades-malas titulo=\"{titulo} {tituloo}\"/>\n"
    "  <plantilla buena=\"{a} y {b}{a}, {c}\" mala=\"{a} {z}\"/>\n"
    "  <incompletos><numero decimales=\"0\" formato=\"0\"/></incompletos>\n"
    "  <fuente metricas=\"" SRC "/fonts/LiberationSans-Regular.ttf\"\n"
    "          metricas-negritas=\"" SRC "/fonts/LiberationSans-Bold.ttf\"/>\n"
    "  <sin-metricas metricas=\"" SRC "/fonts/README.md\"\n"
    "                metricas-negritas=\"" SRC "/fonts/LiberationSans-Bold.ttf\"/>\n"
    "</libro>\n";

typedef struct {
    char dir[64];
    char layout_path[96];
    char out[96];
    layout *lay;
    diag_list d;
    libro_ctx x;
} fixture;

static inline int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/libro_test.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->layout_path, sizeof f->layout_path, "%s/diseno.xml", f->dir);
    snprintf(f->out, sizeof f->out, "%s/libro.xlsx", f->dir);
    FILE *fp = fopen(f->layout_path, "w");
    assert_non_null(fp);
    fputs(sample, fp);
    fclose(fp);
    diag_list_init(&f->d);
    assert_int_equal(layout_load(f->layout_path, NULL, &f->lay, &f->d), 0);
    remove(f->layout_path);
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    fixture *f = *state;
    if (f->x.wb != NULL) {
        f->x.failed = true;   /* discard whatever a test left open */
        libro_end(&f->x);
    }
    remove_dir(f->dir);
    layout_free(f->lay);
    diag_list_free(&f->d);
    free(f);
    return 0;
}

static inline void begin(fixture *f)
{
    assert_int_equal(libro_begin(&f->x, f->out, "Arial", f->lay, &f->d), 0);
}


#endif
