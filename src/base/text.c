/* text: string builder, UTF-8 and WinAnsi. See text.h. */
#include "base/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- string builder ------------------------------------------------------ */

static bool reserve(strbuf *b, size_t more)
{
    if (b->failed)
        return false;
    if (more < b->cap - b->len)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len <= more) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *s = realloc(b->s, cap);
    if (s == NULL) {
        b->failed = true;
        return false;
    }
    b->s = s;
    b->cap = cap;
    return true;
}

void strbuf_add(strbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void strbuf_puts(strbuf *b, const char *s)
{
    strbuf_add(b, s, strlen(s));
}

void strbuf_putc(strbuf *b, char c)
{
    strbuf_add(b, &c, 1);
}

void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void strbuf_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *strbuf_str(const strbuf *b)
{
    return b->s != NULL ? b->s : "";
}

char *strbuf_take(strbuf *b)
{
    if (!b->failed && b->s == NULL)
        reserve(b, 0);
    char *s = b->failed ? NULL : b->s;
    if (s == NULL)
        free(b->s);
    else
        s[b->len] = '\0';
    *b = (strbuf){0};
    return s;
}

void strbuf_free(strbuf *b)
{
    free(b->s);
    *b = (strbuf){0};
}

/* ---- UTF-8 ------------------------------------------------------------- */

size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
             : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0)
        return 0;
    uint32_t v = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

bool utf8_valid(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u != 0) {
        uint32_t cp;
        size_t n = utf8_decode(u, &cp);
        if (n == 0)
            return false;
        u += n;
    }
    return true;
}

size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += (*s & 0xC0) != 0x80;
    return n;
}

size_t utf8_clip(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

/* The lower case of an ASCII or Latin-1 capital (× is not a letter). */
static uint32_t latin1_lower(uint32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
        return cp + 32;
    return cp;
}

bool utf8_same_ignoring_case(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    while (*p != '\0' && *q != '\0') {
        uint32_t x, y;
        size_t n = utf8_decode(p, &x), m = utf8_decode(q, &y);
        if (n == 0 || m == 0) {
            x = *p;
            y = *q;
            n = m = 1;
        }
        if (latin1_lower(x) != latin1_lower(y))
            return false;
        p += n;
        q += m;
    }
    return *p == *q;
}

/* Characters that move the cursor, change colours or reorder text. */
static bool unsafe_cp(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F;
}

char *text_escape(const char *s)
{
    strbuf b = {0};
    const unsigned char *u = (const unsigned char *)s;
    while (*u != 0) {
        uint32_t cp;
        size_t n = utf8_decode(u, &cp);
        if (n == 0) {
            strbuf_printf(&b, "\\x%02X", *u);
            n = 1;
        } else if (!unsafe_cp(cp)) {
            strbuf_add(&b, (const char *)u, n);
        } else {
            strbuf_printf(&b, cp < 0x80 ? "\\x%02X" : "\\u%04X", (unsigned)cp);
        }
        u += n;
    }
    return strbuf_take(&b);
}

/* ---- WinAnsi (CP1252) ---------------------------------------------------- */

/* Unicode code points of CP1252 0x80..0x9F (0 = undefined). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static int cp1252_of(uint32_t cp)
{
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return ' ';
    if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF))
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_high[i] == cp && cp != 0)
            return 0x80 + i;
    return -1;
}

static int cp1252_upper(int c)
{
    if (c >= 'a' && c <= 'z')
        return c - 32;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return c - 32;
    switch (c) {
    case 0x9A: return 0x8A;
    case 0x9C: return 0x8C;
    case 0x9E: return 0x8E;
    case 0xFF: return 0x9F;
    default: return c;
    }
}

int winansi_convert(const char *utf8, bool upper, char *out, char *why,
                    size_t size)
{
    size_t n = strlen(utf8);
    const unsigned char *s = (const unsigned char *)utf8;
    size_t o = 0;
    while (*s) {
        uint32_t cp;
        size_t len = utf8_decode(s, &cp);
        if (len == 0) {
            /* quote the valid text before the bad byte, never the byte */
            size_t at = (size_t)((const char *)s - utf8);
            size_t from = at > 40 ? at - 40 : 0;
            while (from < at && ((unsigned char)utf8[from] & 0xC0) == 0x80)
                from++;
            snprintf(why, size, "texto con UTF-8 inválido en el byte %zu, después de «%.*s»",
                     at + 1, (int)(at - from), utf8 + from);
            return -1;
        }
        int c = cp1252_of(cp);
        if (c < 0) {
            snprintf(why, size, "el carácter U+%04X («%.*s») no existe en la codificación "
                     "de las fuentes (WinAnsi), en «%.*s»",
                     (unsigned)cp, (int)len, (const char *)s,
                     (int)utf8_clip(utf8, n, 60), utf8);
            return -1;
        }
        if (out != NULL)
            out[o++] = (char)(upper ? cp1252_upper(c) : c);
        s += len;
    }
    if (out != NULL)
        out[o] = '\0';
    return 0;
}

int strbuf_into(strbuf *b, char *buf, size_t size)
{
    size_t n = b->failed ? 0 : utf8_clip(strbuf_str(b), b->len, size - 1);
    memcpy(buf, strbuf_str(b), n);
    buf[n] = '\0';
    int rc = b->failed ? -1 : 0;
    strbuf_free(b);
    return rc;
}
