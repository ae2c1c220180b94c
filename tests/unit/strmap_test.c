/* Unit tests of base/strmap: the clave index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "base/strmap.h"

static void test_put_get_duplicates(void **state)
{
    (void)state;
    strmap m = {0};
    bool oom = false;
    assert_null(strmap_get(&m, "010101"));
    assert_null(strmap_put(&m, "010101", "a", &oom));
    assert_null(strmap_put(&m, "010102", "b", &oom));
    assert_string_equal(strmap_put(&m, "010101", "c", &oom), "a");   /* kept */
    assert_string_equal(strmap_get(&m, "010102"), "b");
    assert_int_equal(m.n, 2);
    assert_false(oom);
    strmap_free(&m);
}

/* Growing rehashes every key: 40,000 claves all found again. */
static void test_many_keys(void **state)
{
    (void)state;
    enum { N = 40000 };
    char (*keys)[8] = malloc(N * sizeof *keys);
    assert_non_null(keys);
    strmap m = {0};
    bool oom = false;
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "%06d", i);
        assert_null(strmap_put(&m, keys[i], keys[i], &oom));
    }
    for (int i = 0; i < N; i++)
        assert_ptr_equal(strmap_get(&m, keys[i]), keys[i]);
    assert_null(strmap_get(&m, "999999"));
    assert_int_equal(m.n, N);
    assert_true(m.cap >= 2 * N);
    strmap_free(&m);
    free(keys);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get_duplicates),
        cmocka_unit_test(test_many_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
