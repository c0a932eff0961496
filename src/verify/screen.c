#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

/*
 * The static screen: untrusted source is tokenized (comments, strings and
 * attributes skipped) and rejected before any tool sees it when it asks
 * for file, process or simulator control, includes other files, reaches
 * out of its own hierarchy, or defines a harness module.  The sandbox
 * would contain most of it anyway; the screen turns it into a clear
 * verdict with file:line evidence, and keeps the verdict channel (the
 * exit status, the nonce lines) out of the design's reach.
 */

#define SCREEN_MAX_EVIDENCE 20

/* ---- a set of identifiers (views into the source) --------------------- */

struct idset {
	struct vtok *slot;
	size_t cap, n;
};

static size_t id_hash(const char *s, size_t len)
{
	size_t h = 5381;

	for (size_t i = 0; i < len; i++)
		h = h * 33 + (unsigned char)s[i];
	return h;
}

static int idset_add(struct idset *set, const char *s, size_t len);

static int idset_grow(struct idset *set)
{
	struct idset big = { .cap = set->cap ? set->cap * 2 : 256 };

	big.slot = calloc(big.cap, sizeof(*big.slot));
	if (!big.slot)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < set->cap; i++)
		if (set->slot[i].s)
			idset_add(&big, set->slot[i].s, set->slot[i].len);
	free(set->slot);
	*set = big;
	return 0;
}

static bool idset_has(const struct idset *set, const char *s, size_t len)
{
	if (!set->cap)
		return false;
	for (size_t i = id_hash(s, len) & (set->cap - 1);;
	     i = (i + 1) & (set->cap - 1)) {
		const struct vtok *t = &set->slot[i];

		if (!t->s)
			return false;
		if (t->len == len && !memcmp(t->s, s, len))
			return true;
	}
}

static int idset_add(struct idset *set, const char *s, size_t len)
{
	size_t i;

	if ((set->n + 1) * 2 > set->cap && idset_grow(set))
		return ERR_FAIL;
	for (i = id_hash(s, len) & (set->cap - 1); set->slot[i].s;
	     i = (i + 1) & (set->cap - 1))
		if (set->slot[i].len == len && !memcmp(set->slot[i].s, s, len))
			return 0;
	set->slot[i].s = s;
	set->slot[i].len = len;
	set->n++;
	return 0;
}

/* ---- what is forbidden ------------------------------------------------ */

static const char *const allowed_directives[] = {
	"`timescale", "`define",     "`ifdef",
	"`ifndef",    "`else",	     "`elsif",
	"`endif",     "`undef",	     "`default_nettype",
	"`resetall",  "`celldefine", "`endcelldefine",
	"`__FILE__",  "`__LINE__",   NULL,
};

/* Prefixes: $fdisplay covers $fdisplayb, $fdisplayh ... */
static const char *const io_prefixes[] = {
	"$fopen",	  "$fclose",	   "$fdisplay",
	"$fwrite",	  "$fstrobe",	   "$fmonitor",
	"$fgetc",	  "$fgets",	   "$fscanf",
	"$fread",	  "$fflush",	   "$feof",
	"$ferror",	  "$fseek",	   "$ftell",
	"$frewind",	  "$rewind",	   "$ungetc",
	"$readmem",	  "$writemem",	   "$sreadmem",
	"$dump",	  "$finish",	   "$stop",
	"$fatal",	  "$exit",	   "$value$plusargs",
	"$test$plusargs", "$system",	   "$save",
	"$restart",	  "$incsave",	   "$log",
	"$nolog",	  "$key",	   "$nokey",
	"$input",	  "$scope",	   "$list",
	"$reset",	  "$sdf_annotate", NULL,
};

static bool in_list(const char *const *list, const struct vtok *t, bool prefix)
{
	for (size_t i = 0; list[i]; i++) {
		size_t n = strlen(list[i]);

		if (prefix ? (t->len >= n && !memcmp(t->s, list[i], n))
			   : vtok_is(t, list[i]))
			return true;
	}
	return false;
}

struct screen {
	const struct verify_opts *o;
	const char *const *forbidden;
	const char *file; /* the user's name for the file */
	cJSON *violations;
	size_t count;
	const char *first_class;
	char *first_summary;
	struct idset macros; /* `define NAME ... and --define NAME */
	struct idset local; /* identifiers used other than as a.b prefix */
};

static int violation(struct screen *sc, const struct vtok *t, const char *class,
		     const char *why)
{
	struct buf tok = BUF_INIT;
	cJSON *v;
	int rc = 0;

	sc->count++;
	if (buf_add_escaped(&tok, t->s, t->len > 80 ? 80 : t->len))
		return ERR_FAIL;
	if (!sc->first_class) {
		struct buf s = BUF_INIT;

		sc->first_class = class;
		rc = buf_addf(&s, "%s:%d: %s '%s'", sc->file, t->line, why,
			      tok.data);
		sc->first_summary = buf_detach(&s, NULL);
	}
	if (!rc && sc->count <= SCREEN_MAX_EVIDENCE) {
		v = cJSON_CreateObject();
		rc = v ? 0 : err_set(ERR_FAIL, "out of memory");
		if (!rc)
			rc = json_append_take(sc->violations, v);
		if (!rc)
			rc = json_add_str(v, "file", sc->file) |
			     json_add_num(v, "line", t->line) |
			     json_add_str(v, "token", tok.data) |
			     json_add_str(v, "class", class) |
			     json_add_str(v, "message", why);
	}
	buf_release(&tok);
	return rc ? ERR_FAIL : 0;
}

/* Pass 1: macro names and identifiers that are not hierarchy prefixes. */
static int collect(struct screen *sc, const char *src, size_t len)
{
	struct vlex l;
	struct vtok prev = { 0 }, t, next;
	int rc = 0;

	vlex_init(&l, src, len);
	vlex_next(&l, &t);
	while (t.kind != VTOK_EOF && !rc) {
		vlex_next(&l, &next);
		if (t.kind == VTOK_DIRECTIVE && vtok_is(&t, "`define") &&
		    next.kind == VTOK_IDENT)
			rc = idset_add(&sc->macros, next.s, next.len);
		if (t.kind == VTOK_IDENT && !vtok_is(&prev, ".") &&
		    !vtok_is(&next, "."))
			rc = idset_add(&sc->local, t.s, t.len);
		prev = t;
		t = next;
	}
	return rc;
}

static int check_directive(struct screen *sc, const struct vtok *t)
{
	if (in_list(allowed_directives, t, false))
		return 0;
	if (t->len > 1 && idset_has(&sc->macros, t->s + 1, t->len - 1))
		return 0;
	if (vtok_is(t, "`include"))
		return violation(sc, t, "sandbox/violation",
				 "`include is not allowed in a design");
	return violation(sc, t, "sandbox/violation",
			 "compiler directive not allowed in a design");
}

static int check_name(struct screen *sc, const struct vtok *t)
{
	for (size_t i = 0; sc->forbidden && sc->forbidden[i]; i++)
		if (vtok_is(t, sc->forbidden[i]))
			return violation(sc, t, "cheat/harness-module",
					 "defines a module reserved for the "
					 "harness or reference");
	return 0;
}

/* Pass 2: report every forbidden token. */
static int scan(struct screen *sc, const char *src, size_t len)
{
	struct vlex l;
	struct vtok prev = { 0 }, t, next;
	int rc = 0;

	vlex_init(&l, src, len);
	vlex_next(&l, &t);
	while (t.kind != VTOK_EOF && !rc) {
		vlex_next(&l, &next);
		if (t.kind == VTOK_DIRECTIVE) {
			rc = check_directive(sc, &t);
		} else if (t.kind == VTOK_SYSTASK && vtok_is(&t, "$root")) {
			rc = violation(sc, &t, "cheat/hierarchical-ref",
				       "reaches the simulation root");
		} else if (t.kind == VTOK_SYSTASK && !sc->o->allow_file_io &&
			   in_list(io_prefixes, &t, true)) {
			rc = violation(sc, &t, "sandbox/violation",
				       "system task touches files, the "
				       "process or the simulator");
		} else if (t.kind == VTOK_IDENT && vtok_is(&next, ".") &&
			   !vtok_is(&prev, ".") &&
			   !idset_has(&sc->local, t.s, t.len)) {
			rc = violation(sc, &t, "cheat/hierarchical-ref",
				       "hierarchical reference to a scope the "
				       "design does not declare");
		} else if (t.kind == VTOK_IDENT && vtok_is(&prev, "module")) {
			rc = check_name(sc, &t);
		}
		prev = t;
		t = next;
	}
	return rc;
}

static void screen_release(struct screen *sc)
{
	free(sc->macros.slot);
	free(sc->local.slot);
	free(sc->first_summary);
	cJSON_Delete(sc->violations);
}

static int add_defines(struct screen *sc)
{
	for (size_t i = 0; sc->o->defines && sc->o->defines[i]; i++) {
		const char *d = sc->o->defines[i];

		if (idset_add(&sc->macros, d, strcspn(d, "=")))
			return ERR_FAIL;
	}
	return 0;
}

int verify_screen(struct verify_stage *out, const struct verify_opts *o,
		  const char *const *forbidden_modules)
{
	struct screen sc = { .o = o, .forbidden = forbidden_modules };
	struct buf *src = calloc(o->nfiles ? o->nfiles : 1, sizeof(*src));
	int rc = 0;

	memset(out, 0, sizeof(*out));
	sc.violations = cJSON_CreateArray();
	if (!src || !sc.violations) {
		free(src);
		screen_release(&sc);
		return err_set(ERR_FAIL, "out of memory");
	}
	for (size_t i = 0; i < o->nfiles; i++)
		buf_init(&src[i]);
	rc = add_defines(&sc);
	for (size_t i = 0; i < o->nfiles && !rc; i++)
		rc = verify_read_input(&src[i], o->files[i], "design");
	/* Pass 1 over all files: a macro or instance may live in another. */
	for (size_t i = 0; i < o->nfiles && !rc; i++)
		rc = collect(&sc, src[i].data, src[i].len);
	for (size_t i = 0; i < o->nfiles && !rc; i++) {
		sc.file = o->files[i];
		rc = scan(&sc, src[i].data, src[i].len);
	}
	if (!rc && sc.first_class)
		rc = verify_stage_set(out, "screen", VERIFY_FAIL,
				      sc.first_class, "%s%s",
				      sc.first_summary ? sc.first_summary : "",
				      sc.count > 1 ? " (and more)" : "");
	else if (!rc)
		rc = verify_stage_set(out, "screen", VERIFY_PASS, NULL,
				      "no forbidden constructs");
	if (!rc) {
		out->evidence = cJSON_CreateObject();
		rc = out->evidence ? 0 : err_set(ERR_FAIL, "out of memory");
	}
	if (!rc) {
		rc = json_add_num(out->evidence, "count", (double)sc.count);
		if (!rc)
			rc = json_add_take(out->evidence, "violations",
					   sc.violations);
		sc.violations = NULL;
	}
	for (size_t i = 0; i < o->nfiles; i++)
		buf_release(&src[i]);
	free(src);
	screen_release(&sc);
	if (rc)
		verify_stage_release(out);
	return rc;
}
