#ifndef BASE_JSON_H
#define BASE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/buf.h"

/*
 * cJSON helpers.  json_parse() reports the byte offset of a syntax error;
 * the getters check the type and return NULL (or the default) when the
 * key is absent or of another type; json_add_take() takes `item` on every
 * path, failure included.
 */
int json_parse(cJSON **out, const char *text, size_t len, const char *what);
int json_parse_file(cJSON **out, const char *path, size_t max);
const char *json_get_string(const cJSON *obj, const char *key);
cJSON *json_get_array(const cJSON *obj, const char *key);
cJSON *json_get_object(const cJSON *obj, const char *key);
double json_get_number(const cJSON *obj, const char *key, double dflt);
/* A whole number from untrusted JSON: dflt when missing, not a number, or
 * beyond +-1e15 (where a cast to long would be undefined). */
long json_get_long(const cJSON *obj, const char *key, long dflt);
bool json_get_bool(const cJSON *obj, const char *key, bool dflt);
int json_add_take(cJSON *obj, const char *key, cJSON *item);
int json_add_str(cJSON *obj, const char *key, const char *s);
int json_add_num(cJSON *obj, const char *key, double v);
int json_add_bool(cJSON *obj, const char *key, bool v);
int json_append_take(cJSON *arr, cJSON *item);
/* Append the compact (or indented) text of `v` to `b`. */
int json_print(struct buf *b, const cJSON *v, bool pretty);

#endif
