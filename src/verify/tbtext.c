#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

/*
 * Rewriting a suite's trusted testbench before it is compiled with an
 * untrusted candidate, on the tokens of the one Verilog lexer (vlex): the
 * text between tokens (white space, comments, attributes) is copied as
 * it is, so line numbers in compiler messages stay the suite's.
 */

static bool tok_in(const struct vtok *t, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (vtok_is(t, list[i]))
			return true;
	return false;
}

static int copy_to(struct buf *out, const char **copied, const char *upto)
{
	int rc = buf_add(out, *copied, (size_t)(upto - *copied));

	*copied = upto;
	return rc ? ERR_FAIL : 0;
}

int vtb_rename(struct buf *out, const char *text, const char *const *names,
	       const char *suffix)
{
	size_t len = strlen(text);
	const char *copied = text;
	struct vlex l;
	struct vtok t;
	int rc = 0;

	vlex_init(&l, text, len);
	for (vlex_next(&l, &t); t.kind != VTOK_EOF && !rc; vlex_next(&l, &t)) {
		if (t.kind != VTOK_IDENT || !tok_in(&t, names))
			continue;
		rc = copy_to(out, &copied, t.s + t.len);
		if (!rc && buf_addstr(out, suffix))
			rc = ERR_FAIL;
	}
	if (!rc)
		rc = copy_to(out, &copied, text + len);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

/* Every task that prints a report line the testbench means. */
static const char *const stamped[] = {
	"$display",  "$displayb", "$displayh", "$displayo", "$write",
	"$writeb",   "$writeh",	  "$writeo",   "$strobe",   "$strobeb",
	"$strobeh",  "$strobeo",  "$monitor",  "$monitorb", "$monitorh",
	"$monitoro", "$error",	  "$fatal",    "$warning",  "$info",
	NULL,
};

static const char *const dumps[] = {
	"$dumpfile", "$dumpvars",  "$dumpon",	 "$dumpoff",
	"$dumpall",  "$dumplimit", "$dumpflush", NULL,
};

/*
 * With l just past a task name: if "( ... )" follows, move l past its
 * closing parenthesis and return true; *first_str gets the first string
 * token at depth 1 (t->s NULL if none).  A ';' inside means the list is
 * unbalanced: l is left where it was and false returned.
 */
static bool skip_args(struct vlex *l, struct vtok *first_str)
{
	struct vlex save = *l;
	struct vtok t;
	int depth = 0;

	first_str->s = NULL;
	vlex_next(l, &t);
	if (!vtok_is(&t, "(")) {
		*l = save;
		return false;
	}
	depth = 1;
	while (depth > 0) {
		vlex_next(l, &t);
		if (t.kind == VTOK_EOF || vtok_is(&t, ";")) {
			*l = save;
			return false;
		}
		if (vtok_is(&t, "("))
			depth++;
		else if (vtok_is(&t, ")"))
			depth--;
		else if (t.kind == VTOK_STRING && depth == 1 && !first_str->s)
			*first_str = t;
	}
	return true;
}

/* "$finish[(args)] ;" becomes "begin $display("<nonce> END"); ...; end". */
static int mark_end(struct buf *out, const char **copied, struct vlex *l,
		    const struct vtok *task, const char *nonce)
{
	struct vlex save = *l;
	struct vtok t, s;

	skip_args(l, &s);
	vlex_next(l, &t);
	if (!vtok_is(&t, ";")) {
		*l = save; /* not a plain statement */
		return 0;
	}
	if (copy_to(out, copied, task->s) ||
	    buf_addf(out, "begin $display(\"%s END\"); ", nonce) ||
	    copy_to(out, copied, t.s + t.len) || buf_addstr(out, " end"))
		return ERR_FAIL;
	return 0;
}

int vtb_stamp(struct buf *out, const char *text, const char *nonce,
	      unsigned flags)
{
	size_t len = strlen(text);
	const char *copied = text;
	struct vlex l;
	struct vtok t, s;
	int rc = 0;

	vlex_init(&l, text, len);
	for (vlex_next(&l, &t); t.kind != VTOK_EOF && !rc; vlex_next(&l, &t)) {
		if (t.kind != VTOK_SYSTASK)
			continue;
		if (tok_in(&t, stamped)) {
			struct vlex save = l;

			if (!skip_args(&l, &s) || !s.s)
				continue;
			/* back to the string, so nested tasks are seen */
			l = save;
			rc = copy_to(out, &copied, s.s + 1);
			if (!rc && (buf_addstr(out, nonce) || buf_addch(out, ' ')))
				rc = ERR_FAIL;
		} else if ((flags & VTB_DROP_DUMP) && tok_in(&t, dumps)) {
			rc = copy_to(out, &copied, t.s);
			skip_args(&l, &s);
			copied = l.p; /* leaves a null statement */
		} else if ((flags & VTB_MARK_END) && vtok_is(&t, "$finish")) {
			rc = mark_end(out, &copied, &l, &t, nonce);
		}
	}
	if (!rc)
		rc = copy_to(out, &copied, text + len);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}
