/* template: the one placeholder expander. See template.h. */
#include "base/template.h"

#include <stdio.h>
#include <string.h>

static const template_var *var_at(const char *s, const template_var *vars,
                                  size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strncmp(s, vars[i].name, strlen(vars[i].name)) == 0)
            return &vars[i];
    return NULL;
}

static void put(strbuf *out, const char *s, size_t len, template_escape escape)
{
    if (escape != NULL)
        escape(out, s, len);
    else
        strbuf_add(out, s, len);
}

/* The "{…}" at s for a message: up to its closing brace, at most 40
 * bytes and never half a character. */
static void quote_bad(const char *s, char *bad, size_t bad_size)
{
    const char *close = strchr(s, '}');
    size_t len = close != NULL ? (size_t)(close - s) + 1 : strlen(s);
    len = utf8_clip(s, len, 40);
    snprintf(bad, bad_size, "%.*s", (int)len, s);
}

template_status template_expand(strbuf *out, const char *tmpl,
                                const template_var *vars, size_t n,
                                template_escape escape, char *bad,
                                size_t bad_size)
{
    size_t start = out->len;
    for (const char *s = tmpl; *s != '\0';) {
        if (s[0] == '{' && s[1] == '{') {   /* a literal brace */
            put(out, s, 1, escape);
            s += 2;
            continue;
        }
        const template_var *v = *s == '{' ? var_at(s, vars, n) : NULL;
        if (*s == '{' && v == NULL) {
            quote_bad(s, bad, bad_size);
            out->len = start;
            if (out->s != NULL)
                out->s[start] = '\0';
            return TEMPLATE_UNKNOWN;
        }
        if (v == NULL) {
            size_t k = strcspn(s, "{");
            put(out, s, k, escape);
            s += k;
            continue;
        }
        size_t name_len = strlen(v->name);
        if (v->keep)
            strbuf_add(out, s, name_len);
        else if (v->value != NULL && v->raw)
            strbuf_puts(out, v->value);
        else if (v->value != NULL)
            put(out, v->value, strlen(v->value), escape);
        s += name_len;
    }
    return out->failed ? TEMPLATE_NOMEM : TEMPLATE_OK;
}

void template_escape_braces(strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '{')
            strbuf_putc(out, '{');
        strbuf_putc(out, s[i]);
    }
}

char *template_names(const template_var *vars, size_t n)
{
    strbuf b = {0};
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&b, "%s%s", i > 0 ? ", " : "", vars[i].name);
    return strbuf_take(&b);
}
