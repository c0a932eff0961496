#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

/*
 * The static screen: untrusted source is tokenized (comments, strings and
 * attributes skipped) and rejected before it is compiled when it calls a
 * system task or function that is not on the allow-list, includes other
 * files, reaches out of its own hierarchy, or defines a harness module.
 * A design that uses macros or `ifdef is screened as the compiler will
 * see it, after `iverilog -E` (sandboxed, nothing but the preprocessor):
 * a macro cannot carry a hierarchical reference or a pasted $name past
 * the screen.  The sandbox
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

/* ---- what a design may call ------------------------------------------ */

static const char *const allowed_directives[] = {
	"`timescale", "`define",     "`ifdef",
	"`ifndef",    "`else",	     "`elsif",
	"`endif",     "`undef",	     "`default_nettype",
	"`resetall",  "`celldefine", "`endcelldefine",
	"`__FILE__",  "`__LINE__",   NULL,
};

/* Directives that leave the text as it is: no preprocessing needed. */
static const char *const inert_directives[] = {
	"`timescale", "`default_nettype", "`resetall",
	"`celldefine", "`endcelldefine", NULL,
};

/*
 * The allow-list: what candidate code may call.  Printing, conversions,
 * sizes, math, time, random numbers, string formatting and the sampled
 * value functions of assertions; none of them reaches a file, the
 * process, the simulator's control or another scope.  Anything else is
 * rejected, with the class of the group below it falls in.
 */
static const char *const allowed_tasks[] = {
	"$display", "$displayb", "$displayh", "$displayo", "$write",
	"$writeb", "$writeh", "$writeo", "$strobe", "$strobeb", "$strobeh",
	"$strobeo", "$monitor", "$monitorb", "$monitorh", "$monitoro",
	"$monitoron", "$monitoroff", "$info", "$warning", "$error",
	"$sformat", "$sformatf", "$swrite", "$swriteb", "$swriteh",
	"$swriteo", "$sscanf", "$psprintf",
	"$signed", "$unsigned", "$cast", "$itor", "$rtoi", "$bitstoreal",
	"$realtobits", "$bitstoshortreal", "$shortrealtobits",
	"$bits", "$clog2", "$size", "$left", "$right", "$low", "$high",
	"$increment", "$dimensions", "$unpacked_dimensions", "$isunknown",
	"$onehot", "$onehot0", "$countones", "$countbits", "$typename",
	"$ln", "$log10", "$exp", "$sqrt", "$pow", "$floor", "$ceil", "$sin",
	"$cos", "$tan", "$asin", "$acos", "$atan", "$atan2", "$hypot",
	"$sinh", "$cosh", "$tanh", "$asinh", "$acosh", "$atanh",
	"$time", "$stime", "$realtime", "$timeformat", "$printtimescale",
	"$random", "$urandom", "$urandom_range", "$dist_uniform",
	"$dist_normal", "$dist_exponential", "$dist_poisson",
	"$dist_chi_square", "$dist_t", "$dist_erlang",
	"$past", "$stable", "$rose", "$fell", "$changed", "$sampled",
	"$global_clock", NULL,
};

/*
 * What --allow-file-io opens up (prefixes: $fdisplay covers $fdisplayb
 * ...): files ($fopen family, $readmem/$writemem, $dump, $table_model),
 * the simulator's command line (plusargs) and ending the simulation
 * ($finish, $stop, ...: the harness still sees an early end).  $system
 * and the rest stay rejected.
 */
static const char *const file_tasks[] = {
	"$fopen",	  "$fclose",	   "$fdisplay",	  "$fwrite",
	"$fstrobe",	  "$fmonitor",	   "$fgetc",	  "$fgets",
	"$fputc",	  "$fscanf",	   "$fread",	  "$fflush",
	"$feof",	  "$ferror",	   "$fseek",	  "$ftell",
	"$frewind",	  "$rewind",	   "$ungetc",	  "$readmem",
	"$writemem",	  "$sreadmem",	   "$dump",	  "$table_model",
	"$value$plusargs", "$test$plusargs", NULL,
};

static const char *const ending_tasks[] = {
	"$finish", "$finish_and_return", "$stop", "$fatal", "$exit", NULL,
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

/* Where the lines of a screened text came from. */
struct seg {
	const char *file; /* the user's name */
	int first; /* the text's line that is line 1 of file */
};

struct screen {
	const struct verify_opts *o;
	const char *const *forbidden;
	const struct seg *segs;
	size_t nsegs;
	bool expanded; /* screening the preprocessor's output */
	cJSON *violations;
	size_t count;
	const char *first_class;
	char *first_summary;
	struct idset macros; /* `define NAME ... and --define NAME */
	struct idset local; /* identifiers used other than as a.b prefix */
};

static const struct seg *seg_of(const struct screen *sc, int line)
{
	const struct seg *g = &sc->segs[0];

	for (size_t i = 1; i < sc->nsegs; i++)
		if (sc->segs[i].first <= line)
			g = &sc->segs[i];
	return g;
}

static int violation(struct screen *sc, const struct vtok *t, const char *class,
		     const char *why)
{
	struct buf tok = BUF_INIT;
	const struct seg *g = seg_of(sc, t->line);
	int line = t->line - g->first + 1;
	const char *after = sc->expanded ? " (after macro expansion)" : "";
	cJSON *v;
	int rc = 0;

	sc->count++;
	if (buf_add_escaped(&tok, t->s, t->len > 80 ? 80 : t->len))
		return ERR_FAIL;
	if (!sc->first_class) {
		struct buf s = BUF_INIT;

		sc->first_class = class;
		rc = buf_addf(&s, "%s:%d: %s '%s'%s", g->file, line, why,
			      tok.data, after);
		sc->first_summary = buf_detach(&s, NULL);
	}
	if (!rc && sc->count <= SCREEN_MAX_EVIDENCE) {
		v = cJSON_CreateObject();
		rc = v ? 0 : err_set(ERR_FAIL, "out of memory");
		if (!rc)
			rc = json_append_take(sc->violations, v);
		if (!rc)
			rc = json_add_str(v, "file", g->file) |
			     json_add_num(v, "line", line) |
			     json_add_str(v, "token", tok.data) |
			     json_add_str(v, "class", class) |
			     json_add_str(v, "message", why) |
			     json_add_bool(v, "expanded", sc->expanded);
	}
	buf_release(&tok);
	return rc ? ERR_FAIL : 0;
}

/* Pass 1: macro names and identifiers that are not hierarchy prefixes. */
static int collect(struct screen *sc, const char *src, size_t len)
{
	struct vwin w;
	int rc = 0;

	for (vwin_init(&w, src, len); !rc && vwin_next(&w);) {
		if (w.cur.kind == VTOK_DIRECTIVE &&
		    vtok_is(&w.cur, "`define") && w.next.kind == VTOK_IDENT)
			rc = idset_add(&sc->macros, w.next.s, w.next.len);
		if (w.cur.kind == VTOK_IDENT && !vtok_is(&w.prev, ".") &&
		    !vtok_is(&w.next, "."))
			rc = idset_add(&sc->local, w.cur.s, w.cur.len);
	}
	return rc;
}

static int check_directive(struct screen *sc, const struct vtok *t)
{
	/* a lone ` is `` (pasting) or `" (quoting) in a macro body */
	if (t->len == 1 || in_list(allowed_directives, t, false))
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

static int check_task(struct screen *sc, const struct vtok *t)
{
	bool io = sc->o->allow_file_io;

	if (in_list(allowed_tasks, t, false))
		return 0;
	if (vtok_is(t, "$root") || vtok_is(t, "$unit"))
		return violation(sc, t, "cheat/hierarchical-ref",
				 "reaches out of the design's own scope");
	if (in_list(ending_tasks, t, false))
		return io ? 0
			  : violation(sc, t, "cheat/forbidden-task",
				      "system task ends or stops the "
				      "simulation");
	if (in_list(file_tasks, t, true))
		return io ? 0
			  : violation(sc, t, "sandbox/violation",
				      "system task touches files or the "
				      "command line");
	return violation(sc, t, "sandbox/violation",
			 "system task or function not on the allow-list");
}

/*
 * Pass 2: report every forbidden token.  Directives are judged in the
 * source as written; the rest in the text the compiler will see (the
 * preprocessor's output when the design uses macros or `ifdef).
 */
static int scan(struct screen *sc, const char *src, size_t len,
		bool directives, bool rest)
{
	struct vwin w;
	int rc = 0;

	for (vwin_init(&w, src, len); !rc && vwin_next(&w);) {
		const struct vtok *t = &w.cur, *prev = &w.prev;

		if (t->kind == VTOK_DIRECTIVE) {
			/* ``x: x is pasted, not a directive of its own */
			bool pasted = prev->kind == VTOK_DIRECTIVE &&
				      prev->len == 1 && prev->s + 1 == t->s;

			if (directives && !pasted)
				rc = check_directive(sc, t);
		} else if (!rest) {
		} else if (t->kind == VTOK_SYSTASK) {
			rc = check_task(sc, t);
		} else if (t->kind == VTOK_IDENT && vtok_is(&w.next, ".") &&
			   !vtok_is(prev, ".") &&
			   !idset_has(&sc->local, t->s, t->len)) {
			rc = violation(sc, t, "cheat/hierarchical-ref",
				       "hierarchical reference to a scope the "
				       "design does not declare");
		} else if (t->kind == VTOK_IDENT && vtok_is(prev, "module")) {
			rc = check_name(sc, t);
		}
	}
	return rc;
}

/* Whether the text changes under the preprocessor (macros, `ifdef). */
static bool needs_cpp(const struct buf *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct vlex l;
		struct vtok t;

		vlex_init(&l, src[i].data, src[i].len);
		for (vlex_next(&l, &t); t.kind != VTOK_EOF; vlex_next(&l, &t))
			if (t.kind == VTOK_DIRECTIVE &&
			    !in_list(inert_directives, &t, false))
				return true;
	}
	return false;
}

/*
 * The design as the compiler sees it: `iverilog -E` (the simulator's own
 * preprocessor, so macro arguments, defaults, `` pasting and `ifdef mean
 * what they will mean to the simulation) in the sandbox, on copies of the
 * files.  *ok is false when it rejected the text: then the source as
 * written is screened (a macro body's tokens included) and the compile
 * stage reports the error.  No iverilog at all is ERR_NOTFOUND.
 */
static int preprocess(struct buf *out, bool *ok, const struct verify_opts *o)
{
	struct tmpdir td = TMPDIR_INIT;
	struct proc_result r = PROC_RESULT_INIT;
	char **names = NULL, **argv = NULL;
	char *pre = NULL;
	int rc;

	*ok = false;
	rc = tmpdir_create(&td, "screen");
	if (!rc)
		rc = vrun_copy_inputs(&names, td.path, o->files, o->nfiles,
				      "d");
	if (!rc)
		rc = verify_iverilog_argv(&argv, o, "pre.v", NULL,
					  (const char *const *)names, NULL,
					  false);
	if (!rc)
		rc = strv_push(&argv, NULL, "-E");
	if (!rc)
		rc = vrun_tool(&r, o, td.path, (const char *const *)argv,
			       NULL, NULL, 0, 0);
	if (!rc && !r.timed_out && r.exit_code == 0) {
		pre = tmpdir_file(&td, "pre.v");
		rc = pre ? buf_read_file(out, pre, VRUN_FILE_BYTES)
			 : err_set(ERR_FAIL, "out of memory");
		*ok = !rc;
	}
	/* fail closed: without the preprocessor a macro could hide a path */
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_NOTFOUND,
			     "screen: the design uses macros or `ifdef and "
			     "iverilog (its preprocessor) is not installed");
	if (!rc)
		err_clear();
	free(pre);
	strv_free(argv);
	strv_free(names);
	proc_result_release(&r);
	tmpdir_remove(&td);
	return rc;
}

static int count_lines(const struct buf *b)
{
	int n = 0;

	for (size_t i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n + (b->len && b->data[b->len - 1] != '\n');
}

static void idset_release(struct idset *set)
{
	free(set->slot);
	memset(set, 0, sizeof(*set));
}

static void screen_release(struct screen *sc)
{
	idset_release(&sc->macros);
	idset_release(&sc->local);
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

/* Screen the preprocessed text; lines map back to the files in order. */
static int scan_expanded(struct screen *sc, const struct buf *src,
			 const struct buf *pre)
{
	struct seg *segs = calloc(sc->o->nfiles, sizeof(*segs));
	int first = 1, rc;

	if (!segs)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < sc->o->nfiles; i++) {
		segs[i].file = sc->o->files[i];
		segs[i].first = first;
		first += count_lines(&src[i]);
	}
	sc->segs = segs;
	sc->nsegs = sc->o->nfiles;
	sc->expanded = true;
	/* identifiers declared anywhere in the expanded text are local */
	idset_release(&sc->local);
	rc = collect(sc, pre->data, pre->len);
	if (!rc)
		rc = scan(sc, pre->data, pre->len, false, true);
	sc->expanded = false;
	sc->segs = NULL;
	free(segs);
	return rc;
}

int verify_screen(struct verify_stage *out, const struct verify_opts *o,
		  const char *const *forbidden_modules)
{
	struct screen sc = { .o = o, .forbidden = forbidden_modules };
	struct buf *src = calloc(o->nfiles ? o->nfiles : 1, sizeof(*src));
	struct buf pre = BUF_INIT;
	bool expanded = false;
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
	/* directives as written (no `include reaches the preprocessor) */
	for (size_t i = 0; i < o->nfiles && !rc; i++) {
		struct seg g = { .file = o->files[i], .first = 1 };

		sc.segs = &g;
		sc.nsegs = 1;
		rc = scan(&sc, src[i].data, src[i].len, true, false);
		sc.segs = NULL;
	}
	if (!rc && !sc.first_class && needs_cpp(src, o->nfiles))
		rc = preprocess(&pre, &expanded, o);
	if (!rc && expanded)
		rc = scan_expanded(&sc, src, &pre);
	for (size_t i = 0; i < o->nfiles && !rc && !expanded; i++) {
		struct seg g = { .file = o->files[i], .first = 1 };

		sc.segs = &g;
		sc.nsegs = 1;
		rc = scan(&sc, src[i].data, src[i].len, false, true);
		sc.segs = NULL;
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
			rc = json_add_bool(out->evidence, "preprocessed",
					   expanded);
		if (!rc)
			rc = json_add_take(out->evidence, "violations",
					   sc.violations);
		sc.violations = NULL;
	}
	for (size_t i = 0; i < o->nfiles; i++)
		buf_release(&src[i]);
	free(src);
	buf_release(&pre);
	screen_release(&sc);
	if (rc)
		verify_stage_release(out);
	return rc;
}
