/*
 * syserr: the system's error codes in the project's Spanish.
 *
 * strerror() speaks the C library's language (English in the C locale),
 * so no message of paa uses it: every errno a user can meet is given a
 * Spanish reading here, and the rare rest a generic one with its number.
 */
#ifndef PAA_BASE_SYSERR_H
#define PAA_BASE_SYSERR_H

/* Spanish text for errno value `err` (a static string; "" never). */
const char *syserr_text(int err);

#endif
