#include "config.h"

#include <string.h>

#include "base/vlex.h"
#include "tap.h"

/*
 * The one Verilog lexer (base/vlex.h): what is one token, what is
 * skipped, and that unterminated input ends cleanly.
 */

#define MAXT 32

struct toks {
	int n;
	enum vtok_kind kind[MAXT];
	char text[MAXT][64];
	int line[MAXT];
};

static struct toks lex(const char *src)
{
	struct toks r;
	struct vlex l;
	struct vtok t;

	memset(&r, 0, sizeof(r));
	vlex_init(&l, src, strlen(src));
	for (vlex_next(&l, &t); t.kind != VTOK_EOF && r.n < MAXT;
	     vlex_next(&l, &t)) {
		size_t n = t.len < 63 ? t.len : 63;

		r.kind[r.n] = t.kind;
		memcpy(r.text[r.n], t.s, n);
		r.line[r.n] = t.line;
		if (t.start != (size_t)(t.s - src))
			r.line[r.n] = -1; /* start must be the offset */
		r.n++;
	}
	return r;
}

static void test_comments(void)
{
	struct toks r = lex("a // b c\n/* d\ne */ f /* g");

	is_int(r.n, 2, "comments: two tokens");
	is_str(r.text[0], "a", "before the line comment");
	is_str(r.text[1], "f", "after the block comment");
	is_int(r.line[1], 3, "block comment lines are counted");
}

static void test_strings(void)
{
	struct toks r = lex("\"a\\\"b // not a comment\" x \"open\ny");

	is_int(r.n, 4, "strings: four tokens");
	is_int(r.kind[0], VTOK_STRING, "a string");
	is_str(r.text[0], "\"a\\\"b // not a comment\"",
	       "escaped quote and // stay inside");
	is_str(r.text[2], "\"open", "an open string ends at the newline");
	is_str(r.text[3], "y", "and the next line is code");
	is_int(r.line[3], 2, "on line 2");
	r = lex("\"cont\\\nued\" z");
	is_int(r.n, 2, "backslash-newline continues a string");
	is_int(r.line[1], 2, "and counts the line");
}

static void test_identifiers(void)
{
	struct toks r = lex("\\bus[0] .x a$b _c $display `define");

	is_int(r.n, 7, "identifiers: seven tokens");
	is_int(r.kind[0], VTOK_IDENT, "escaped identifier");
	is_str(r.text[0], "\\bus[0]", "runs to the white space");
	is_str(r.text[3], "a$b", "$ inside an identifier");
	is_int(r.kind[5], VTOK_SYSTASK, "$display");
	is_int(r.kind[6], VTOK_DIRECTIVE, "`define");
	r = lex("`define `timescale");
	is_int(r.kind[0], VTOK_DIRECTIVE, "directive");
	is_str(r.text[1], "`timescale", "directive text");
}

static void test_numbers(void)
{
	struct toks r = lex("8'hdead 'sb1 4'b x1?z 12 1.5e3 8 'hff 8'(y)");

	is_int(r.kind[0], VTOK_NUMBER, "sized hex");
	is_str(r.text[0], "8'hdead", "8'hdead is one number");
	is_str(r.text[1], "'sb1", "unsized signed binary");
	is_str(r.text[2], "4'b x1?z", "space before the digits, x ? z");
	is_str(r.text[3], "12", "decimal");
	is_str(r.text[4], "1.5e3", "real with exponent");
	is_str(r.text[5], "8 'hff", "size and base apart");
	is_str(r.text[6], "8", "a size cast is a number ...");
	is_int(r.kind[7], VTOK_PUNCT, "... then its quote");
}

static void test_attributes(void)
{
	struct toks r = lex("(* keep = \"tb.x\" *) wire w; always @(*) x");

	is_str(r.text[0], "wire", "attribute skipped");
	is_str(r.text[5], "(", "@(*) is not an attribute");
	is_str(r.text[6], "*", "@(*): the star");
	r = lex("(* open attribute");
	is_int(r.n, 0, "an unterminated attribute ends the input");
}

static void test_define_bodies(void)
{
	struct toks r = lex("`define F(x) $f``x \\\n  + 1\n`F(open)");

	is_int(r.kind[0], VTOK_DIRECTIVE, "`define");
	is_int(r.kind[5], VTOK_SYSTASK, "body: $f");
	is_str(r.text[6], "`", "`` is a lone ` twice");
	is_str(r.text[7], "`x", "then the pasted argument");
	is_str(r.text[8], "\\", "line continuation");
	is_int(r.line[9], 2, "the body's next line");
	is_str(r.text[11], "`F", "the use");
}

static void test_unterminated(void)
{
	struct toks r = lex("/* never closed");
	struct vlex l;
	struct vtok t;

	is_int(r.n, 0, "open comment: nothing");
	r = lex("\"");
	is_int(r.n, 1, "a lone quote is one string");
	r = lex("8'h");
	is_int(r.kind[0], VTOK_NUMBER, "8'h at the end is a number");
	vlex_init(&l, "x", 1);
	vlex_next(&l, &t);
	vlex_next(&l, &t);
	is_int(t.kind, VTOK_EOF, "EOF");
	vlex_next(&l, &t);
	is_int(t.kind, VTOK_EOF, "EOF again");
	is_int((int)vlex_len(&l), 1, "length of the input");
	ok(vtok_word(&(struct vtok){ .kind = VTOK_IDENT, .s = "in", .len = 2 },
		     "in"),
	   "vtok_word");
	ok(!vtok_word(&(struct vtok){ .kind = VTOK_STRING, .s = "in",
				      .len = 2 },
		      "in"),
	   "vtok_word: identifiers only");
}

static void test_rename(void)
{
	static const char *const from[] = { "top", "sub", NULL };
	static const char *const to[] = { "top_r", "sub_r", NULL };
	const char *src = "// top\nmodule top; sub u(); wire top_x; "
			  "initial $display(\"top\"); endmodule\n";
	struct buf b = BUF_INIT;

	ok(!vlex_rename(&b, src, strlen(src), from, to), "rename runs");
	is_str(b.data,
	       "// top\nmodule top_r; sub_r u(); wire top_x; "
	       "initial $display(\"top\"); endmodule\n",
	       "only identifier tokens are renamed");
	buf_release(&b);
}

static void test_ident_checks(void)
{
	ok(vlex_is_ident("top_1$x"), "plain identifier");
	ok(vlex_is_ident("_a"), "leading underscore");
	ok(!vlex_is_ident("1a"), "no leading digit");
	ok(!vlex_is_ident("$a"), "no leading $");
	ok(!vlex_is_ident("a b") && !vlex_is_ident("") && !vlex_is_ident(NULL),
	   "no blank, empty or NULL");
	ok(!vlex_is_ident("\\esc"), "no escaped identifier");
	ok(vlex_is_define("W") && vlex_is_define("W=8"), "defines");
	ok(!vlex_is_define("W=8'hff"), "no quote of any kind in a value");
	ok(!vlex_is_define("W=a b") && !vlex_is_define("W=\"x\"") &&
		   !vlex_is_define("W=1;") && !vlex_is_define("=1") &&
		   !vlex_is_define("9W"),
	   "bad defines");
}

static void test_window(void)
{
	struct vwin w;
	int n = 0;
	bool ok1 = true;

	for (vwin_init(&w, "a . b", 5); vwin_next(&w); n++) {
		if (n == 0)
			ok1 = w.prev.kind == VTOK_EOF && vtok_is(&w.cur, "a") &&
			      vtok_punct(&w.next, '.');
		if (n == 2)
			ok1 = ok1 && vtok_punct(&w.prev, '.') &&
			      vtok_word(&w.cur, "b") &&
			      w.next.kind == VTOK_EOF;
	}
	is_int(n, 3, "window: three steps");
	ok(ok1, "window: prev, cur and next");
	vwin_init(&w, "", 0);
	ok(!vwin_next(&w), "window: empty input");
}

int main(void)
{
	test_window();
	test_ident_checks();
	test_comments();
	test_strings();
	test_identifiers();
	test_numbers();
	test_attributes();
	test_define_bodies();
	test_unterminated();
	test_rename();
	return done();
}
