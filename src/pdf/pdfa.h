/*
 * pdfa: what PDF/A-1b asks of a document beyond what libharu 2.3.0
 * writes correctly, built with its dictionary and stream objects (its own
 * PDF/A writer is broken: wrong /SubType key, unescaped XMP, a misspelt
 * output intent key). Private to src/pdf.
 *
 * - the catalog's /Lang and /ViewerPreferences << /DisplayDocTitle true >>
 *   (written for plain PDFs too);
 * - an sRGB output intent carrying the ICC profile (/N 3), the colour
 *   space every rg/RG operator of the pages means;
 * - the XMP metadata stream (pdfaid part 1, conformance B), uncompressed,
 *   with the same title, author, subject, keywords, creator, producer and
 *   dates as the document information dictionary, XML-escaped;
 * - destinations written inline ([page /FitH top]) for links and
 *   outlines, which validators read where libharu's indirect destination
 *   arrays are refused.
 */
#ifndef PAA_PDF_PDFA_H
#define PAA_PDF_PDFA_H

#include <stdbool.h>
#include <stddef.h>

#include <hpdf.h>

/* The document's identity, as its information dictionary holds it. */
typedef struct {
    const char *title, *author, *subject, *keywords;   /* NULL: absent */
    const char *creator;    /* /Creator, xmp:CreatorTool */
    const char *producer;   /* /Producer, pdf:Producer */
    const char *lang;       /* BCP 47, e.g. "es-MX" */
    long long epoch;        /* creation = modification date, UTC */
    /* ICC profile of the output intent; NULL writes a plain PDF (no
     * output intent, no XMP metadata). */
    const unsigned char *icc;
    size_t icc_len;
} pdfa_meta;

/* The date libharu writes in /CreationDate and /ModDate for `epoch`: with
 * an explicit +00'00' offset, which validators match against the XMP
 * dates (a bare "Z" they do not). false when epoch is out of range. */
bool pdfa_info_date(long long epoch, HPDF_Date *out);

/* The XMP packet for m (UTF-8, malloc'd), or NULL when out of memory. */
char *pdfa_xmp(const pdfa_meta *m);

/* NULL when `icc` is an ICC profile PDF/A-1 accepts as the output intent
 * of RGB pages (version 2, RGB data, display or output class), else the
 * Spanish reason it is not. */
const char *pdfa_icc_problem(const unsigned char *icc, size_t n);

/* Writes what m asks into pdf's catalog; HPDF_OK or libharu's status. */
HPDF_STATUS pdfa_write(HPDF_Doc pdf, const pdfa_meta *m);

/* A destination at `top` on `page`, written inline; NULL when libharu
 * fails (reported through its error handler). Each link or outline needs
 * its own. */
HPDF_Destination pdfa_dest(HPDF_Doc pdf, HPDF_Page page, double top);

#endif
