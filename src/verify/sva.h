#ifndef VERIFY_SVA_H
#define VERIFY_SVA_H

#include <stddef.h>

#include "base/buf.h"

/*
 * Concurrent SVA -> the immediate assertions Yosys 0.23 reads
 * (`read_verilog -sv -formal`).
 *
 * The subset, per statement (at module-item level, optionally labelled):
 *   [label:] assert|assume|cover property (
 *       @(posedge|negedge CLK) [disable iff (D)] BODY );
 *   BODY := B | B |-> SEQ | B |=> SEQ          (cover also: B ##N B2 ...)
 *   SEQ  := [##N] C | ##[M:N] C                  (0 <= M <= N <= 16)
 * B, C and D are boolean Verilog expressions that may use $past(e[,n]),
 * $rose, $fell, $stable (Yosys evaluates them natively).  `|=> SEQ` is
 * `|-> ##1 SEQ`.  Outside the subset, with a one-line error naming the
 * construct and its line ("line 7: 's_eventually' is not supported"):
 * `sequence`/`property` blocks, unbounded ##[M:$], repetition [*N] [=N]
 * [->N], s_eventually, eventually, throughout, within, intersect, until,
 * first_match, sequence and/or/not, nexttime, always, a sequence (##) in an
 * antecedent, `assert property ... else`.  Such a statement becomes a
 * comment; every other statement of the text is still translated.
 *
 * Semantics of the translation (tick t = the t-th clock edge from the
 * start, sampling the values of smtbmc step t):
 *   An attempt starts at every tick s where B holds; `B |-> ##[M:N] C`
 *   fails at tick s+N if C held at none of ticks s+M..s+N (`##N C`: M=N,
 *   so it fails exactly at s+N when C is false there).  A plain B fails
 *   at every tick where it is false.
 *   No attempt starts, and no check happens, before the expressions'
 *   $past history exists: B needs pB ticks (the sum of the $past depths
 *   in it, 1 per $rose/$fell/$stable), so the first attempt is at tick pB,
 *   and C is checked from tick pC on.  A saturating per-assertion counter
 *   implements this ("valid").
 *   disable iff (D) is asynchronous in SVA: an attempt is aborted (neither
 *   passes nor fails) if D holds at any tick from its start to its end.
 *   The translation clears the chain of pending attempts at every tick
 *   where D holds and guards the check with !D, which is exactly that.
 *   Yosys checks an assertion in `always @(posedge clk)` on the values
 *   sampled at the edge, so yosys-smtbmc reports a failure of tick t at
 *   step t+1 (the trace has t+2 steps).
 *   cover: reached when an attempt completes with its consequent true
 *   (for a plain B: when B holds); assume: the assert condition assumed.
 * The generated code of a statement occupies its first line (lines are
 * kept), under `ifdef FORMAL, with names hwforge_sva<k>_*.
 */

enum sva_kind { SVA_ASSERT, SVA_ASSUME, SVA_COVER };

struct sva_item {
	int line;
	enum sva_kind kind;
	char *label; /* NULL if unlabelled */
	char *error; /* NULL: translated; else the one-line error */
	char *cover; /* an assert with |-> or |=>: its antecedent as a
			concurrent cover, one line ("cover property
			(@(posedge clk) disable iff (D) A);"), to check
			vacuity; else NULL */
};

struct sva_result {
	struct sva_item *items;
	size_t n, nerr;
};

/*
 * Append the translation of text to out and list every concurrent
 * statement in res (release it with sva_result_release()).  Returns 0
 * even if some statements are outside the subset (res->nerr counts them;
 * each item's error says why); ERR_FAIL only when out of memory.
 */
int verify_sva_translate(struct buf *out, const char *text, size_t len,
			 struct sva_result *res);
void sva_result_release(struct sva_result *res);

/*
 * Assertion statements written for a module of a design (a property file
 * without a module header): append to out the design with the translated
 * statements inserted just before that module's `endmodule`, on lines of
 * their own; *first_line is the line of out that holds the statements'
 * line 1 (so out line L is statement line L - *first_line + 1).
 * ERR_USAGE if the design has no module of that name.
 */
int verify_sva_insert(struct buf *out, const char *design, size_t dlen,
		      const char *module, const char *stmts, size_t slen,
		      struct sva_result *res, int *first_line);

#endif
