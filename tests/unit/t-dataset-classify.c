/* The miner's cheap classifiers: messages, roles, licences, units. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dataset/dataset.h"
#include "tap.h"

static double score(const char *msg, char *reasons)
{
	struct dataset_class c;

	dataset_classify_message(&c, msg);
	if (reasons)
		memcpy(reasons, c.reasons, sizeof(c.reasons));
	return c.score;
}

static void test_messages(void)
{
	char r[256];

	ok(score("Fix the FIFO full flag", r) >= 2, "keyword in the subject");
	has_str(r, "keyword", "  reason keyword");
	ok(score("fix(alu): carry out", r) >= 3, "conventional fix(scope):");
	has_str(r, "conventional_fix", "  reason conventional_fix");
	ok(score("Update arbiter\n\nCloses #123", r) >= 2, "closes #N");
	has_str(r, "issue_ref", "  reason issue_ref");
	ok(score("Revert \"Add a pipeline stage\"\n\nThis reverts commit abc.", r) >= 2,
	   "a revert");
	has_str(r, "revert", "  reason revert");
	is_int((int)score("Add a prefix to debug signals", NULL), 0,
	       "prefix and debug are not fixes");
	is_int((int)score("Apply 0001-x.patch to the fixture", NULL), 0,
	       ".patch and fixture are not fixes");
	is_int((int)score("Rename the testbench", NULL), 0, "no reason, no score");
	ok(score("Tidy up\n\nThere was a typo in the comment", NULL) > 0,
	   "a keyword in the body counts less");
}

static void test_roles(void)
{
	is_str(dataset_path_role("rtl/alu.sv"), "rtl", "rtl");
	is_str(dataset_path_role("vendor/lowrisc_ip/dv/x.sv"), "vendored",
	       "vendored wins over dv");
	is_str(dataset_path_role("hw/ip/uart/dv/env/uart_env.sv"), "dv", "dv dir");
	is_str(dataset_path_role("rtl/alu_tb.v"), "dv", "_tb file");
	is_str(dataset_path_role("hw/top/autogen/top.sv"), "generated", "autogen");
	is_str(dataset_path_role("fpga/top_artya7.sv"), "fpga", "fpga");
}

static void test_licences(void)
{
	static const char apache[] = "                                 Apache License\n"
		"                           Version 2.0, January 2004\n";
	static const char mit[] = "Permission is hereby granted, free of charge, to any person";
	static const char isc[] = "Permission to use, copy, modify, and/or distribute this software";
	static const char shl[] = "SOLDERPAD HARDWARE LICENSE version 0.51\n";

	is_str(dataset_licence_spdx(apache, strlen(apache)), "Apache-2.0", "Apache");
	is_str(dataset_licence_spdx(mit, strlen(mit)), "MIT", "MIT");
	is_str(dataset_licence_spdx(isc, strlen(isc)), "ISC", "ISC");
	is_str(dataset_licence_spdx(shl, strlen(shl)), "SHL-0.51", "Solderpad");
	ok(!dataset_licence_spdx("all rights reserved", 19), "unknown: NULL");
}

static void test_units(void)
{
	static const char t[] =
		"// module fake;\n"
		"module a(input x); /* endmodule */ wire s = \"endmodule\"; endmodule\n"
		"`define X 1\n"
		"module b;\n"
		"endmodule : b\n";
	struct dataset_unit *u = NULL;
	size_t n = 0;

	ok(!dataset_split_units(&u, &n, t, strlen(t)), "split");
	is_int((int)n, 2, "two units; comments and strings skipped");
	if (n == 2) {
		is_str(u[0].name, "a", "first is a");
		is_int(u[0].line, 2, "a starts on line 2");
		is_str(u[1].name, "b", "second is b");
		is_int(u[1].line, 4, "b starts on line 4");
		ok(t[u[1].end - 1] == '\n' && u[1].end == strlen(t), "b ends at EOF");
	}
	free(u);
	is_int(dataset_same_code("a  = b; // x", 12, "a = b; // y", 11), 2,
	       "comment-only change");
	is_int(dataset_same_code("a = b;", 6, "a  =  b;", 8), 1,
	       "white-space-only change");
	is_int(dataset_same_code("a = b;", 6, "a = c;", 6), 0, "code change");
}

/* The same units, field by field. */
static bool same_units(const struct dataset_unit *a, size_t na,
		       const struct dataset_unit *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i].name, b[i].name) || a[i].start != b[i].start ||
		    a[i].end != b[i].end || a[i].line != b[i].line ||
		    a[i].next != b[i].next || a[i].next_line != b[i].next_line)
			return false;
	return true;
}

/*
 * A text split as an edit of another gives what splitting it alone gives,
 * whatever the edit: one character changed, inserted or deleted at every
 * offset of a text with comments, strings, several units and no final
 * newline (the edits open comments, rename units, glue keywords).
 */
static void test_units_after(void)
{
	static const char prev[] =
		"// head\nmodule a(input x); /* c */ wire s = \"e\";\nendmodule\n"
		"package p; endpackage\nmodule b;\n  assign y = 1;\nendmodule";
	static const char put[] = { '/', '*', 'x', '\n', '"', ' ' };
	size_t plen = sizeof(prev) - 1, bad = 0, tried = 0;
	struct dataset_unit *pu = NULL, *u1 = NULL, *u2 = NULL;
	size_t pn = 0, n1, n2;
	char t[sizeof(prev) + 1];

	ok(!dataset_split_units(&pu, &pn, prev, plen) && pn == 3, "three units");
	for (size_t off = 0; off <= plen; off++)
		for (size_t k = 0; k < sizeof(put) * 3; k++) {
			size_t len = plen, op = k % 3;
			char c = put[k / 3];

			memcpy(t, prev, plen);
			if (op == 0 && off < plen) { /* replace */
				t[off] = c;
			} else if (op == 1) { /* insert */
				memmove(t + off + 1, t + off, plen - off);
				t[off] = c;
				len++;
			} else if (off < plen) { /* delete */
				memmove(t + off, t + off + 1, plen - off - 1);
				len--;
			}
			tried++;
			if (dataset_split_units(&u1, &n1, t, len) ||
			    dataset_split_units_after(&u2, &n2, t, len, prev, plen, pu, pn) ||
			    !same_units(u1, n1, u2, n2))
				bad++;
			free(u1);
			free(u2);
		}
	is_int((int)bad, 0, "split as an edit equals a plain split");
	ok(tried > 1000, "over every offset and edit");
	free(pu);
	/* the common prefix ends inside a token, a comment, a string */
	is_int(dataset_same_code("assign ab = 1;", 14, "assign abc = 1;", 15), 0,
	       "an identifier extended past the common prefix");
	is_int(dataset_same_code("a = b; //x\nc;", 13, "a = b; /*x*/\nc;", 15), 2,
	       "a line comment made a block comment");
	is_int(dataset_same_code("a = b /", 7, "a = b /* */", 11), 0,
	       "a division made a comment");
	is_int(dataset_same_code("s = \"a b\";", 10, "s = \"a  b\";", 11), 0,
	       "white space inside a string is code");
}

int main(void)
{
	test_messages();
	test_roles();
	test_licences();
	test_units();
	test_units_after();
	return done();
}
