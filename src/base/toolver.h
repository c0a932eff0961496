#ifndef BASE_TOOLVER_H
#define BASE_TOOLVER_H

#include "base/buf.h"

/*
 * The one tool-version probe: the first line `tool -V` (iverilog, vvp,
 * yosys) or `tool --version` (the rest) prints, stdout or else stderr,
 * trimmed.  Run unsandboxed with a 10 s limit (the tools are trusted,
 * their inputs are not involved).
 */

/* Probe now: 0, ERR_NOTFOUND (not installed) or another error. */
int tool_version_probe(struct buf *out, const char *tool);
/*
 * Probed once per process and remembered (thread-safe): the line, or
 * NULL when the tool is missing or failed.  Valid until exit.
 */
const char *tool_version(const char *tool);

#endif
