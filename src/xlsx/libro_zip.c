/*
 * libro_zip: the finished workbook is read back before it replaces the
 * previous one. libxlsxwriter stages every part in temporary files and
 * does not see all write errors (a full disk, a file-size limit), so it can
 * package empty or truncated parts and report success; here every part
 * listed in the zip's central directory is inflated and its length and
 * CRC-32 compared with what the directory records, and the parts every
 * workbook has must be present and not empty.
 */
#include "xlsx/libro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/input.h"

/* Largest workbook read back (the real one is under 1 MB). */
#define ZIP_MAX_BYTES (1024L * 1024 * 1024)

static unsigned long le16(const unsigned char *b, size_t at)
{
    return (unsigned long)b[at] | (unsigned long)b[at + 1] << 8;
}

static unsigned long le32(const unsigned char *b, size_t at)
{
    return le16(b, at) | le16(b, at + 2) << 16;
}

/* Offset of the end-of-central-directory record, or -1. */
static long find_eocd(const unsigned char *b, size_t len)
{
    if (len < 22)
        return -1;
    size_t lowest = len > 22 + 65535 ? len - 22 - 65535 : 0;
    for (size_t at = len - 22 + 1; at-- > lowest;)
        if (le32(b, at) == 0x06054b50UL)
            return (long)at;
    return -1;
}

/* Inflates (or copies, when stored) one part and checks size and CRC. */
static bool part_intact(const unsigned char *data, unsigned long csize, unsigned method,
                        unsigned long usize, unsigned long crc)
{
    unsigned long got_crc = crc32(0L, Z_NULL, 0), got = 0;
    if (method == 0) {
        got_crc = crc32(got_crc, data, (uInt)csize);
        got = csize;
    } else if (method == 8) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
            return false;
        unsigned char out[16384];
        z.next_in = (Bytef *)(uintptr_t)data;
        z.avail_in = (uInt)csize;
        int rc = Z_OK;
        while (rc == Z_OK) {
            z.next_out = out;
            z.avail_out = sizeof out;
            rc = inflate(&z, Z_NO_FLUSH);
            size_t n = sizeof out - z.avail_out;
            got_crc = crc32(got_crc, out, (uInt)n);
            got += n;
        }
        inflateEnd(&z);
        if (rc != Z_STREAM_END)
            return false;
    } else {
        return false;
    }
    return got == usize && got_crc == crc;
}

/* Checks one central-directory entry at *at and advances past it. */
static bool entry_intact(const unsigned char *b, size_t len, size_t *at, char *name,
                         size_t name_size)
{
    size_t e = *at;
    if (e + 46 > len || le32(b, e) != 0x02014b50UL)
        return false;
    unsigned method = (unsigned)le16(b, e + 10);
    unsigned long crc = le32(b, e + 16), csize = le32(b, e + 20), usize = le32(b, e + 24);
    size_t nlen = le16(b, e + 28), xlen = le16(b, e + 30), clen = le16(b, e + 32);
    size_t local = le32(b, e + 42);
    if (e + 46 + nlen + xlen + clen > len || local + 30 > len ||
        le32(b, local) != 0x04034b50UL)
        return false;
    snprintf(name, name_size, "%.*s", (int)nlen, (const char *)b + e + 46);
    size_t data = local + 30 + le16(b, local + 26) + le16(b, local + 28);
    *at = e + 46 + nlen + xlen + clen;
    return data <= len && csize <= len - data && usize > 0 &&
           part_intact(b + data, csize, method, usize, crc);
}

int libro_verify_zip(const char *path, char *why, size_t size)
{
    char *buf;
    size_t len;
    diag_list ignored;
    diag_list_init(&ignored);
    int rc = input_read(path, ZIP_MAX_BYTES, &buf, &len, &ignored);
    diag_list_free(&ignored);
    if (rc != 0) {
        snprintf(why, size, "no se pudo volver a leer");
        return -1;
    }
    const unsigned char *b = (const unsigned char *)buf;
    long eocd = find_eocd(b, len);
    size_t n = eocd >= 0 ? le16(b, (size_t)eocd + 10) : 0;
    size_t at = eocd >= 0 ? le32(b, (size_t)eocd + 16) : 0;
    bool ok = eocd >= 0 && n > 0;
    bool types = false, workbook = false;
    char name[256] = "";
    for (size_t i = 0; ok && i < n; i++) {
        ok = entry_intact(b, len, &at, name, sizeof name);
        types |= strcmp(name, "[Content_Types].xml") == 0;
        workbook |= strcmp(name, "xl/workbook.xml") == 0;
    }
    free(buf);
    if (!ok)
        snprintf(why, size, eocd < 0 || n == 0 ? "no es un paquete zip completo"
                                               : "la parte «%s» está vacía o dañada", name);
    else if (!types || !workbook)
        snprintf(why, size, "le faltan partes obligatorias del libro");
    return ok && types && workbook ? 0 : -1;
}
