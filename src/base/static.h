/*
 * static: what unit tests may reach without widening a public header.
 *
 * A function that only its own file calls is `static`; one that a unit
 * test also calls is `STATIC` and declared in the module's private header
 * under `#ifdef PAA_TESTING`. The test build (paa_core_test) defines
 * PAA_TESTING, so those functions get external linkage there and stay
 * file-local in the paa binary.
 */
#ifndef PAA_BASE_STATIC_H
#define PAA_BASE_STATIC_H

#ifdef PAA_TESTING
#define STATIC
#else
#define STATIC static
#endif

#endif
