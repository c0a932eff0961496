#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rtlgen/rtlgen.h"

#define TEMPLATE_MAX (256u << 10)

void rtlgen_templates_release(struct rtlgen_templates *t)
{
	free(t->dir);
	free(t->system);
	free(t->initial);
	free(t->repair);
	free(t->examples);
	free(t->rules);
	free(t->tb_initial);
	free(t->tb_repair);
	memset(t, 0, sizeof(*t));
}

static int load_one(char **out, const char *dir, const char *name,
		    bool optional)
{
	struct buf path = BUF_INIT, b = BUF_INIT;
	int rc;

	*out = NULL;
	rc = buf_addf(&path, "%s/%s", dir, name);
	if (!rc)
		rc = buf_read_file(&b, path.data, TEMPLATE_MAX);
	if (rc == ERR_NOTFOUND && optional) {
		err_clear();
		rc = 0;
	}
	if (!rc)
		*out = buf_detach(&b, NULL);
	buf_release(&b);
	buf_release(&path);
	return rc;
}

static bool has_system(const char *dir)
{
	struct buf path = BUF_INIT, b = BUF_INIT;
	bool ok;

	ok = !buf_addf(&path, "%s/system.txt", dir) &&
	     !buf_read_file(&b, path.data, TEMPLATE_MAX);
	buf_release(&b);
	buf_release(&path);
	err_clear();
	return ok;
}

int rtlgen_templates_load(struct rtlgen_templates *t, const char *dir,
			  const char *const *search)
{
	struct buf tried = BUF_INIT;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (!dir) {
		for (size_t i = 0; search && search[i]; i++) {
			if (has_system(search[i])) {
				dir = search[i];
				break;
			}
			buf_addf(&tried, "%s'%s'", i ? ", " : "", search[i]);
		}
		if (!dir) {
			rc = err_set(ERR_NOTFOUND,
				     "cannot find prompt templates (tried %s); "
				     "use --templates DIR",
				     tried.data);
			buf_release(&tried);
			return rc;
		}
	}
	buf_release(&tried);
	t->dir = strdup(dir);
	if (!t->dir)
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = load_one(&t->system, dir, "system.txt", false);
	if (!rc)
		rc = load_one(&t->initial, dir, "initial.txt", false);
	if (!rc)
		rc = load_one(&t->repair, dir, "repair.txt", false);
	if (!rc)
		rc = load_one(&t->examples, dir, "examples.txt", true);
	if (!rc)
		rc = load_one(&t->rules, dir, "rules.txt", true);
	if (!rc)
		rc = load_one(&t->tb_initial, dir, "tb-initial.txt", true);
	if (!rc)
		rc = load_one(&t->tb_repair, dir, "tb-repair.txt", true);
	if (rc == ERR_NOTFOUND)
		rc = err_wrap(ERR_USAGE, "templates");
	if (rc)
		rtlgen_templates_release(t);
	return rc;
}

struct var {
	const char *name;
	const char *value;
};

/* Replace {{name}} by its value; unknown names stay as they are. */
static int render(struct buf *out, const char *tmpl, const struct var *vars)
{
	const char *p = tmpl;

	while (*p) {
		const char *o = strstr(p, "{{"), *c;
		bool done = false;

		if (!o)
			return buf_addstr(out, p);
		if (buf_add(out, p, (size_t)(o - p)))
			return ERR_FAIL;
		c = strstr(o + 2, "}}");
		for (size_t i = 0; c && vars[i].name; i++) {
			size_t n = strlen(vars[i].name);

			if ((size_t)(c - o - 2) == n &&
			    !memcmp(o + 2, vars[i].name, n)) {
				if (buf_addstr(out, vars[i].value
							    ? vars[i].value
							    : ""))
					return ERR_FAIL;
				done = true;
				break;
			}
		}
		if (!done) {
			if (buf_add(out, o, 2))
				return ERR_FAIL;
			p = o + 2;
			continue;
		}
		p = c + 2;
	}
	return 0;
}

static int add_msg(cJSON *arr, const char *role, const char *tmpl,
		   const struct var *vars)
{
	struct buf b = BUF_INIT;
	cJSON *m;
	int rc;

	rc = render(&b, tmpl, vars);
	if (rc)
		goto done;
	m = cJSON_CreateObject();
	if (!m) {
		rc = err_set(ERR_FAIL, "out of memory");
		goto done;
	}
	rc = json_append_take(arr, m);
	if (!rc)
		rc = json_add_str(m, "role", role);
	if (!rc)
		rc = json_add_str(m, "content", b.data);
done:
	buf_release(&b);
	return rc;
}

/*
 * The interface as a module header: the spec's own, or one made from a
 * bullet port list (VerilogEval prompts), or a note that there is none.
 */
int rtlgen_interface_text(struct buf *b, const struct rtlgen_spec *spec)
{
	if (spec->interface)
		return buf_addstr(b, spec->interface);
	if (!spec->ports.n)
		return buf_addstr(b, "// not given: choose ports that match "
				     "the specification");
	if (buf_addf(b, "module %s (", spec->top))
		return ERR_FAIL;
	for (size_t i = 0; i < spec->ports.n; i++) {
		const struct rtlgen_port *p = &spec->ports.v[i];

		if (buf_addf(b, "\n    %s ", rtlgen_dir_name(p->dir)) ||
		    (p->width > 1 && buf_addf(b, "[%d:0] ", p->width - 1)) ||
		    buf_addf(b, "%s%s", p->name,
			     i + 1 < spec->ports.n ? "," : "\n);"))
			return ERR_FAIL;
	}
	return 0;
}

static cJSON *build(const struct rtlgen_templates *t, const char *initial,
		    const char *repair, const struct rtlgen_spec *spec,
		    const char *design, const char *code, const char *feedback)
{
	struct buf code_msg = BUF_INIT, rules = BUF_INIT, iface = BUF_INIT;
	struct var vars[] = {
		{ "spec", spec->text },
		{ "top", spec->top },
		{ "interface", NULL },
		{ "rules", t->rules },
		{ "examples", t->examples },
		{ "code", code },
		{ "feedback", feedback },
		{ "sentinel_begin", RTLGEN_SENTINEL_BEGIN },
		{ "sentinel_end", RTLGEN_SENTINEL_END },
		{ "design", design },
		{ NULL, NULL },
	};
	cJSON *arr = cJSON_CreateArray();
	int rc = 0;

	if (!arr)
		return NULL;
	rc = rtlgen_interface_text(&iface, spec);
	vars[2].value = iface.data;
	/* the rules may name {{top}} themselves */
	if (!rc && t->rules) {
		vars[3].value = NULL;
		rc = render(&rules, t->rules, vars);
		vars[3].value = rules.data;
	}
	if (!rc)
		rc = add_msg(arr, "system", t->system, vars);
	if (!rc)
		rc = add_msg(arr, "user", initial, vars);
	if (!rc && code) {
		/* the latest attempt, as the model is asked to format it */
		rc = buf_addf(&code_msg, "%s\n%s\n%s\n", RTLGEN_SENTINEL_BEGIN,
			      code, RTLGEN_SENTINEL_END);
		if (!rc)
			rc = add_msg(arr, "assistant", "{{attempt}}",
				     (const struct var[]){
					     { "attempt", code_msg.data },
					     { NULL, NULL } });
		if (!rc)
			rc = add_msg(arr, "user", repair, vars);
	}
	buf_release(&code_msg);
	buf_release(&rules);
	buf_release(&iface);
	if (rc) {
		cJSON_Delete(arr);
		return NULL;
	}
	return arr;
}

cJSON *rtlgen_prompt_initial(const struct rtlgen_templates *t,
			     const struct rtlgen_spec *spec)
{
	return build(t, t->initial, t->repair, spec, NULL, NULL, NULL);
}

cJSON *rtlgen_prompt_repair(const struct rtlgen_templates *t,
			    const struct rtlgen_spec *spec,
			    const char *last_code, const char *feedback)
{
	return build(t, t->initial, t->repair, spec, NULL,
		     last_code ? last_code : "", feedback);
}

cJSON *rtlgen_prompt_tb(const struct rtlgen_templates *t,
			const struct rtlgen_spec *spec, const char *last_tb,
			const char *feedback)
{
	if (!t->tb_initial || !t->tb_repair) {
		err_set(ERR_USAGE,
			"templates in '%s' have no tb-initial.txt and "
			"tb-repair.txt (needed without --ref or --tb)",
			t->dir ? t->dir : "?");
		return NULL;
	}
	return build(t, t->tb_initial, t->tb_repair, spec, NULL, last_tb,
		     feedback);
}

cJSON *rtlgen_prompt_assert(const struct rtlgen_templates *t,
			    const struct rtlgen_spec *spec, const char *design,
			    const char *last_props, const char *feedback)
{
	if (!design) {
		err_set(ERR_USAGE, "an assertion prompt needs the design");
		return NULL;
	}
	return build(t, t->initial, t->repair, spec, design, last_props,
		     feedback);
}

int rtlgen_render(struct buf *out, const char *tmpl, const char *const *vars)
{
	struct var v[17];
	size_t n = 0;

	for (; vars && vars[2 * n] && n < 16; n++)
		v[n] = (struct var){ vars[2 * n], vars[2 * n + 1] };
	v[n] = (struct var){ NULL, NULL };
	return render(out, tmpl, v);
}
