/* pdfa: PDF/A-1b catalog entries, XMP and inline destinations. See pdfa.h. */
#include "pdf/pdfa.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/text.h"

bool pdfa_info_date(long long epoch, HPDF_Date *out)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    if (epoch < 0 || (long long)t != epoch || gmtime_r(&t, &tm) == NULL)
        return false;
    *out = (HPDF_Date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec, '+', 0, 0};
    return true;
}

/* ---- XMP ------------------------------------------------------------------ */

static void xml_escaped(strbuf *b, const char *s)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '&': strbuf_puts(b, "&amp;"); break;
        case '<': strbuf_puts(b, "&lt;"); break;
        case '>': strbuf_puts(b, "&gt;"); break;
        case '"': strbuf_puts(b, "&quot;"); break;
        case '\'': strbuf_puts(b, "&apos;"); break;
        default: strbuf_putc(b, *s);
        }
    }
}

/* How a property's value is written: a simple value, a language
 * alternative (x-default) or an ordered list of one item. */
typedef enum { XMP_SIMPLE, XMP_ALT, XMP_SEQ, XMP_BAG } xmp_kind;

static void xmp_property(strbuf *b, const char *name, const char *value, xmp_kind kind)
{
    static const char *const open[] = {
        "", "<rdf:Alt><rdf:li xml:lang=\"x-default\">", "<rdf:Seq><rdf:li>",
        "<rdf:Bag><rdf:li>"};
    static const char *const close[] = {
        "", "</rdf:li></rdf:Alt>", "</rdf:li></rdf:Seq>", "</rdf:li></rdf:Bag>"};
    if (value == NULL)
        return;
    strbuf_printf(b, "   <%s>%s", name, open[kind]);
    xml_escaped(b, value);
    strbuf_printf(b, "%s</%s>\n", close[kind], name);
}

static void xmp_description(strbuf *b, const char *prefix, const char *ns)
{
    strbuf_printf(b, "  <rdf:Description rdf:about=\"\" xmlns:%s=\"%s\">\n", prefix, ns);
}

char *pdfa_xmp(const pdfa_meta *m)
{
    char date[32] = "";
    time_t t = (time_t)m->epoch;
    struct tm tm;
    if (gmtime_r(&t, &tm) != NULL)
        strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
    strbuf b = {0};
    strbuf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    xmp_description(&b, "pdfaid", "http://www.aiim.org/pdfa/ns/id/");
    xmp_property(&b, "pdfaid:part", "1", XMP_SIMPLE);
    xmp_property(&b, "pdfaid:conformance", "B", XMP_SIMPLE);
    strbuf_puts(&b, "  </rdf:Description>\n");
    xmp_description(&b, "dc", "http://purl.org/dc/elements/1.1/");
    xmp_property(&b, "dc:format", "application/pdf", XMP_SIMPLE);
    xmp_property(&b, "dc:title", m->title, XMP_ALT);
    xmp_property(&b, "dc:creator", m->author, XMP_SEQ);
    xmp_property(&b, "dc:description", m->subject, XMP_ALT);
    xmp_property(&b, "dc:language", m->lang, XMP_BAG);
    strbuf_puts(&b, "  </rdf:Description>\n");
    xmp_description(&b, "xmp", "http://ns.adobe.com/xap/1.0/");
    xmp_property(&b, "xmp:CreatorTool", m->creator, XMP_SIMPLE);
    xmp_property(&b, "xmp:CreateDate", date, XMP_SIMPLE);
    xmp_property(&b, "xmp:ModifyDate", date, XMP_SIMPLE);
    xmp_property(&b, "xmp:MetadataDate", date, XMP_SIMPLE);
    strbuf_puts(&b, "  </rdf:Description>\n");
    xmp_description(&b, "pdf", "http://ns.adobe.com/pdf/1.3/");
    xmp_property(&b, "pdf:Producer", m->producer, XMP_SIMPLE);
    xmp_property(&b, "pdf:Keywords", m->keywords, XMP_SIMPLE);
    strbuf_puts(&b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
                    "<?xpacket end=\"w\"?>");
    return strbuf_take(&b);
}

/* ---- ICC profile ---------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

const char *pdfa_icc_problem(const unsigned char *icc, size_t n)
{
    if (n < 132 || memcmp(icc + 36, "acsp", 4) != 0)
        return "no es un perfil de color ICC";
    if (be32(icc) != n)
        return "el tamaño que declara el perfil ICC no es el del archivo";
    if (icc[8] != 2)
        return "el perfil ICC no es de la versión 2, la que admite PDF/A-1";
    if (memcmp(icc + 16, "RGB ", 4) != 0)
        return "el perfil ICC no es de color RGB";
    if (memcmp(icc + 12, "mntr", 4) != 0 && memcmp(icc + 12, "prtr", 4) != 0)
        return "el perfil ICC no es de pantalla ni de impresión";
    return NULL;
}

/* ---- catalog -------------------------------------------------------------- */

static HPDF_STATUS add_string(HPDF_Doc pdf, HPDF_Dict d, const char *key, const char *v)
{
    return HPDF_Dict_Add(d, key, HPDF_String_New(pdf->mmgr, v, NULL));
}

/* A new stream object holding data[0..n), under `key` of `owner`. */
static HPDF_Dict add_stream(HPDF_Doc pdf, HPDF_Dict owner, const char *key,
                            const void *data, size_t n)
{
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (s == NULL || HPDF_Stream_Write(s->stream, data, (HPDF_UINT)n) != HPDF_OK ||
        HPDF_Dict_Add(owner, key, s) != HPDF_OK)
        return NULL;
    return s;
}

static HPDF_STATUS add_output_intent(HPDF_Doc pdf, const pdfa_meta *m)
{
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
    if (HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents) != HPDF_OK)
        return HPDF_GetError(pdf);
    HPDF_Dict oi = HPDF_Dict_New(pdf->mmgr);
    if (HPDF_Array_Add(intents, oi) != HPDF_OK ||
        HPDF_Dict_AddName(oi, "Type", "OutputIntent") != HPDF_OK ||
        HPDF_Dict_AddName(oi, "S", "GTS_PDFA1") != HPDF_OK ||
        add_string(pdf, oi, "OutputConditionIdentifier", "sRGB IEC61966-2.1") != HPDF_OK ||
        add_string(pdf, oi, "RegistryName", "http://www.color.org") != HPDF_OK ||
        add_string(pdf, oi, "Info", "sRGB IEC61966-2.1") != HPDF_OK)
        return HPDF_GetError(pdf);
    HPDF_Dict icc = add_stream(pdf, oi, "DestOutputProfile", m->icc, m->icc_len);
    if (icc == NULL || HPDF_Dict_AddNumber(icc, "N", 3) != HPDF_OK)
        return HPDF_GetError(pdf);
    icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return HPDF_OK;
}

/* The XMP packet, uncompressed so that it can be found without a PDF
 * parser, as PDF/A recommends. */
static HPDF_STATUS add_metadata(HPDF_Doc pdf, const pdfa_meta *m)
{
    char *xmp = pdfa_xmp(m);
    if (xmp == NULL)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Dict md = add_stream(pdf, pdf->catalog, "Metadata", xmp, strlen(xmp));
    free(xmp);
    if (md == NULL || HPDF_Dict_AddName(md, "Type", "Metadata") != HPDF_OK ||
        HPDF_Dict_AddName(md, "Subtype", "XML") != HPDF_OK)
        return HPDF_GetError(pdf);
    return HPDF_OK;
}

HPDF_STATUS pdfa_write(HPDF_Doc pdf, const pdfa_meta *m)
{
    HPDF_Dict prefs = HPDF_Dict_New(pdf->mmgr);
    if (add_string(pdf, pdf->catalog, "Lang", m->lang) != HPDF_OK ||
        HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", prefs) != HPDF_OK ||
        HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE) != HPDF_OK)
        return HPDF_GetError(pdf);
    if (m->icc == NULL)
        return HPDF_OK;
    HPDF_STATUS st = add_output_intent(pdf, m);
    return st != HPDF_OK ? st : add_metadata(pdf, m);
}

HPDF_Destination pdfa_dest(HPDF_Doc pdf, HPDF_Page page, double top)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (a == NULL)
        return NULL;
    /* libharu accepts it as a destination by this class bit; not being
     * in the cross-reference table, it is written where it is used. */
    a->header.obj_class |= HPDF_OSUBCLASS_DESTINATION;
    if (HPDF_Array_Add(a, page) != HPDF_OK || HPDF_Array_AddName(a, "FitH") != HPDF_OK ||
        HPDF_Array_AddReal(a, (HPDF_REAL)top) != HPDF_OK) {
        HPDF_Array_Free(a);
        return NULL;
    }
    return a;
}
