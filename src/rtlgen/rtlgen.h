#ifndef RTLGEN_RTLGEN_H
#define RTLGEN_RTLGEN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

/*
 * librtlgen: the text side of LLM-assisted RTL generation.  The spec model
 * (spec text, required top, port list), prompt templates, code extraction
 * from model replies, and feedback rendering from a check verdict.
 *
 * Nothing here runs a tool or talks to the network; every function is
 * pure text processing and thread-safe.  Errors follow STYLE 2.4: 0 or a
 * negative enum err_code with err_last() set.
 */

/* ---- code extraction --------------------------------------------------- */

/* The sentinel lines the prompt asks the model to put around its code. */
#define RTLGEN_SENTINEL_BEGIN "// BEGIN VERILOG"
#define RTLGEN_SENTINEL_END   "// END VERILOG"

struct rtlgen_code {
	char *code; /* extracted Verilog, owned; NULL when path is "none" */
	const char *path; /* static: "sentinel", "fence", "scan" or "none" */
	bool complete; /* at least one module, every module has endmodule */
	bool defines_top; /* the code defines `module <top>` */
};
#define RTLGEN_CODE_INIT                     \
	{                                    \
		.code = NULL, .path = "none" \
	}
void rtlgen_code_release(struct rtlgen_code *c);

/*
 * Extract Verilog from a raw model reply.  Reasoning (`<think>...</think>`,
 * `<thinking>...</thinking>`, and an unterminated `<think>` up to the end)
 * is removed first and never searched.  Then, in order:
 *   1. "sentinel": the text between RTLGEN_SENTINEL_BEGIN and
 *      RTLGEN_SENTINEL_END lines (an inner fence is stripped);
 *   2. "fence": fenced blocks (``` or ~~~, any indentation, info tag
 *      optional); the block that defines `top` wins, else the first block
 *      that defines any module;
 *   3. "scan": a tokenizer-based `module <name> ... endmodule` scan that
 *      skips comments and strings (so prose such as "the module below" and
 *      an `endmodule` inside a comment do not confuse it); every module
 *      found is kept;
 *   4. "none": nothing found; out->code is NULL.
 * `top` may be NULL (then the first candidate block wins).  A module
 * without its endmodule (a truncated reply) is still returned with
 * complete = false.  Returns 0, or ERR_FAIL (out of memory).  *out is
 * always safe to release.
 */
int rtlgen_extract(struct rtlgen_code *out, const char *response, size_t len,
		   const char *top);

/*
 * Extract assertion statements (a property file without a module header,
 * see verify/sva.h) from a raw model reply.  Reasoning is removed first;
 * the block is the text between the sentinel lines ("sentinel"), else the
 * first fenced block holding a concurrent statement ("fence"), else the
 * whole reply ("scan").  A sentinel or fenced block that is a plain
 * statement list is kept as it is (immediate assertions in always blocks
 * included); from anything else (a block that defines a module, prose)
 * only the `[label:] assert|assume|cover property (...);` statements are
 * kept, one a line.  out->code is NULL (path "none") when there is none;
 * out->defines_top is unused.  Returns 0 or ERR_FAIL (out of memory).
 */
int rtlgen_extract_props(struct rtlgen_code *out, const char *response,
			 size_t len);

/* Append `text` without its reasoning blocks (as described above). */
int rtlgen_strip_reasoning(struct buf *out, const char *text, size_t len);

/* Whether `code` defines `module <name>` outside comments and strings. */
bool rtlgen_defines_module(const char *code, size_t len, const char *name);

/* ---- spec model and ports ---------------------------------------------- */

enum rtlgen_dir { RTLGEN_IN = 1, RTLGEN_OUT = 2, RTLGEN_INOUT = 3 };

struct rtlgen_port {
	char *name;
	enum rtlgen_dir dir;
	int width; /* bits; -1 when the range is not a plain number */
	bool is_signed;
};

struct rtlgen_ports {
	struct rtlgen_port *v;
	size_t n;
};
#define RTLGEN_PORTS_INIT         \
	{                         \
		.v = NULL, .n = 0 \
	}
void rtlgen_ports_release(struct rtlgen_ports *p);
const char *rtlgen_dir_name(enum rtlgen_dir d); /* "input", ... */

/*
 * Ports of `module` (or of the first module when NULL) in Verilog text:
 * ANSI headers (`input wire [7:0] a, b,`) and non-ANSI ones (names in
 * the header, directions in the body).  ERR_NOTFOUND if the module is not
 * defined; 0 otherwise.
 */
int rtlgen_ports_parse(struct rtlgen_ports *out, const char *code, size_t len,
		       const char *module);

struct rtlgen_spec {
	char *text; /* the spec as given (owned) */
	char *top; /* required top module (owned) */
	char *interface; /* the module header found in the spec, or NULL */
	struct rtlgen_ports ports; /* empty when the spec gives none */
};
#define RTLGEN_SPEC_INIT                   \
	{                                  \
		.ports = RTLGEN_PORTS_INIT \
	}
void rtlgen_spec_release(struct rtlgen_spec *s);

/*
 * Build the spec model from plain text or Markdown (VerilogEval prompts
 * work as they are).  The interface is the first `module NAME ... ;`
 * header in the text (fenced or not) whose name is `top`, or any header
 * when `top` is NULL.  `top` defaults to that header's module name;
 * ERR_USAGE when it is NULL and the spec names no module.
 */
int rtlgen_spec_parse(struct rtlgen_spec *out, const char *text, size_t len,
		      const char *top);
int rtlgen_spec_load(struct rtlgen_spec *out, const char *path,
		     const char *top);

/*
 * Compare the candidate's ports of spec->top with the spec's port list.
 * Appends one line per problem to `problems` (missing or extra port,
 * wrong direction, wrong width) and returns the number of problems (0
 * when the spec has no port list), or a negative error.
 */
int rtlgen_ports_check(struct buf *problems, const struct rtlgen_spec *spec,
		       const char *code, size_t len);

/* ---- prompts ----------------------------------------------------------- */

/*
 * Templates are plain files in a directory: system.txt, initial.txt,
 * repair.txt and optionally examples.txt and rules.txt.  `{{name}}` is replaced
 * by a variable: spec, top, interface, rules, examples, code, feedback,
 * design (assertion prompts), sentinel_begin, sentinel_end.  Unknown names
 * are left as they are.
 */
struct rtlgen_templates {
	char *dir; /* where they were found (owned) */
	char *system, *initial, *repair;
	char *examples, *rules; /* optional files: NULL when absent */
	char *tb_initial, *tb_repair; /* tb-initial.txt, tb-repair.txt:
					 the testbench request of the
					 oracle-free loop; optional */
};
#define RTLGEN_TEMPLATES_INIT \
	{                     \
		.dir = NULL   \
	}
void rtlgen_templates_release(struct rtlgen_templates *t);

/*
 * Load from `dir` when given, else the first of `search` (NULL-ended)
 * that holds system.txt.  ERR_NOTFOUND names what was tried.
 */
int rtlgen_templates_load(struct rtlgen_templates *t, const char *dir,
			  const char *const *search);

/*
 * Chat messages as a JSON array [{"role","content"}, ...] (caller owns):
 * the first round (system, user) and a repair round (system, user,
 * assistant with the latest attempt, user with the feedback): the
 * conversation never grows beyond that.
 */
cJSON *rtlgen_prompt_initial(const struct rtlgen_templates *t,
			     const struct rtlgen_spec *spec);
cJSON *rtlgen_prompt_repair(const struct rtlgen_templates *t,
			    const struct rtlgen_spec *spec,
			    const char *last_code, const char *feedback);

/*
 * The testbench request of the oracle-free loop (tb-initial.txt, and
 * tb-repair.txt with the rejected testbench and the reason): the same
 * conversation shape.  NULL with ERR_USAGE set when the templates have
 * no testbench files, or on out of memory.
 */
cJSON *rtlgen_prompt_tb(const struct rtlgen_templates *t,
			const struct rtlgen_spec *spec, const char *last_tb,
			const char *feedback);

/*
 * The assertion request (templates from the "assert" directory beside
 * gen's, see share/templates/assert): the same conversation shape, with
 * `{{design}}` the design's source as the caller wants it shown (numbered
 * lines, say), `{{code}}` the last property set and `{{feedback}}` the
 * judges' report in the repair round (last_props NULL: the first round).
 * spec->text may be empty; spec->top names the module asserted on.
 */
cJSON *rtlgen_prompt_assert(const struct rtlgen_templates *t,
			    const struct rtlgen_spec *spec, const char *design,
			    const char *last_props, const char *feedback);

/*
 * The required interface as a module header: the spec's own, one made
 * from a bullet port list (VerilogEval prompts), or a comment saying
 * there is none.
 */
int rtlgen_interface_text(struct buf *b, const struct rtlgen_spec *spec);

/*
 * Render one template: `vars` is NULL-ended name, value pairs (at most
 * 16), replaced as described above; used by prompts other than gen's
 * (the repair loop's patch prompt).
 */
int rtlgen_render(struct buf *out, const char *tmpl, const char *const *vars);

/* ---- feedback ---------------------------------------------------------- */

/*
 * Render the failing stages of a verdict (views from
 * verify_verdict_views(), or one "precheck" stage for a candidate that
 * never reached the tools) as text a model can act on: compiler errors
 * with the offending line and two lines of context from `code`, a
 * mismatch table (cycle, inputs, expected, got) for the first mismatches,
 * an equivalence counterexample as a cycle table, synthesis findings
 * (latch on signal X at line N).  Stages whose status is "pass" or
 * "skipped" are left out.  File paths are reduced to their base names so
 * the text is the same from run to run.  At most `max_chars` bytes are
 * appended (0: 6000).
 */
struct vev_stage;
int rtlgen_feedback(struct buf *out, const struct vev_stage *stages, size_t n,
		    const char *code, size_t max_chars);

#endif
