/*
 * text: the one string builder, the one UTF-8 decoder and the WinAnsi
 * (CP1252) encoding the PDF fonts use.
 *
 * Texts from the programme have no length limit, so every text that is
 * assembled goes through a strbuf; every reader of UTF-8 goes through
 * utf8_decode, so "valid UTF-8" means the same everywhere (no overlongs,
 * no surrogates, nothing above U+10FFFF).
 */
#ifndef PAA_BASE_TEXT_H
#define PAA_BASE_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- string builder ------------------------------------------------------ */

/* A growing NUL-terminated heap string. Zero-initialised is empty. Once an
 * allocation fails, `failed` stays set and further appends do nothing, so
 * callers check once at the end. */
typedef struct {
    char *s;        /* NULL until something is appended */
    size_t len, cap;
    bool failed;
} strbuf;

void strbuf_add(strbuf *b, const char *s, size_t n);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_putc(strbuf *b, char c);
void strbuf_printf(strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap);
/* The text so far ("" when empty); valid until the next append. */
const char *strbuf_str(const strbuf *b);
/* Hands the malloc'd string to the caller and empties b; NULL after a
 * failure (b is freed either way). */
char *strbuf_take(strbuf *b);
/* Moves the text into buf (size > 0 bytes), cut on a character boundary
 * if it does not fit, and frees b. 0, or -1 when an append had failed
 * (buf is then ""). */
int strbuf_into(strbuf *b, char *buf, size_t size);
void strbuf_free(strbuf *b);

/* ---- UTF-8 ------------------------------------------------------------- */

/* Decodes the sequence at s; returns its length (1..4) or 0 when invalid. */
size_t utf8_decode(const unsigned char *s, uint32_t *cp);
bool utf8_valid(const char *s);
/* Code points of valid UTF-8. */
size_t utf8_chars(const char *s);
/* Bytes of the longest prefix of s[0..n) no longer than max that ends on
 * a character boundary (a quoted excerpt never cuts a character). */
size_t utf8_clip(const char *s, size_t n, size_t max);
/* Whether a and b are the same text but for letter case, as Excel
 * compares names (ASCII and Latin-1 letters: «Año» and «AÑO» are the
 * same); invalid UTF-8 compares byte by byte. */
bool utf8_same_ignoring_case(const char *a, const char *b);

/*
 * A copy of untrusted text (file names, input texts, baseline entries) that
 * is safe to print on a terminal or store in a report: control characters
 * (C0, DEL, C1), bidirectional overrides and bytes that are not UTF-8
 * become visible escapes ("\x1B", "\u202E", "\xFF"). Malloc'd; NULL when
 * memory is short.
 */
char *text_escape(const char *s);

/* ---- WinAnsi (CP1252) ---------------------------------------------------- */

/*
 * Converts UTF-8 to CP1252 into out (room for strlen(utf8) + 1 bytes; NULL
 * only checks). A character the encoding cannot show is an error naming
 * it: a glyph never silently becomes "?". 0, or -1 with the Spanish reason
 * in why[0..size).
 */
int winansi_convert(const char *utf8, bool upper, char *out, char *why,
                    size_t size);

#endif
