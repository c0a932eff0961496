#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/json.h"

int json_parse(cJSON **out, const char *text, size_t len, const char *what)
{
	const char *end = NULL;
	cJSON *v;

	*out = NULL;
	v = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!v) {
		size_t off = end && end >= text ? (size_t)(end - text) : 0;

		return err_set(ERR_USAGE, "%s: invalid JSON at byte %zu",
			       what ? what : "input", off);
	}
	*out = v;
	return 0;
}

int json_parse_file(cJSON **out, const char *path, size_t max)
{
	struct buf b = BUF_INIT;
	int rc;

	*out = NULL;
	rc = buf_read_file(&b, path, max);
	if (!rc)
		rc = json_parse(out, b.data, b.len, path);
	buf_release(&b);
	return rc;
}

const char *json_get_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

cJSON *json_get_array(const cJSON *obj, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsArray(v) ? v : NULL;
}

cJSON *json_get_object(const cJSON *obj, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsObject(v) ? v : NULL;
}

double json_get_number(const cJSON *obj, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

long json_get_long(const cJSON *obj, const char *key, long dflt)
{
	double d = json_get_number(obj, key, (double)dflt);

	/* converting an out-of-range double is undefined behaviour */
	return d > -1e15 && d < 1e15 ? (long)d : dflt;
}

bool json_get_bool(const cJSON *obj, const char *key, bool dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

int json_add_take(cJSON *obj, const char *key, cJSON *item)
{
	if (!item)
		return err_set(ERR_FAIL, "out of memory");
	if (!cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return err_set(ERR_FAIL, "cannot add JSON key '%s'", key);
	}
	return 0;
}

int json_add_str(cJSON *obj, const char *key, const char *s)
{
	return json_add_take(obj, key, s ? cJSON_CreateString(s) :
					   cJSON_CreateNull());
}

int json_add_num(cJSON *obj, const char *key, double v)
{
	return json_add_take(obj, key, cJSON_CreateNumber(v));
}

int json_add_bool(cJSON *obj, const char *key, bool v)
{
	return json_add_take(obj, key, cJSON_CreateBool(v));
}

int json_append_take(cJSON *arr, cJSON *item)
{
	if (!item)
		return err_set(ERR_FAIL, "out of memory");
	if (!cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		return err_set(ERR_FAIL, "cannot append to a JSON array");
	}
	return 0;
}

int json_print(struct buf *b, const cJSON *v, bool pretty)
{
	char *s = pretty ? cJSON_Print(v) : cJSON_PrintUnformatted(v);
	int rc;

	if (!s)
		return err_set(ERR_FAIL, "out of memory");
	rc = buf_addstr(b, s);
	cJSON_free(s);
	return rc;
}
