#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "verify/verify.h"

/*
 * RTLLM's testbenches print their verdict in words of their own; this is
 * what all 50 of v2.0 (and v1.1's) print, read from the testbenches.  A
 * failure line wins over a pass line (ring_counter prints its pass
 * banner even after failures).
 */

/* The line without the rules of '=' and spaces around it. */
static const char *core(const char *s)
{
	while (*s == '=' || *s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool starts(const char *s, const char *word)
{
	return !strncmp(s, word, strlen(word));
}

/* "Test completed with N ..." -> N, or -1 if the count is not there. */
static long completed_count(const char *s)
{
	char *end;
	long v;

	s += strlen("Test completed with");
	while (*s == ' ')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return end > s ? v : -1;
}

enum verify_rtllm_line verify_rtllm_line(const char *line)
{
	const char *s = core(line);

	if (starts(s, "Your Design Passed"))
		return RTLLM_LINE_PASS;
	if (starts(s, "Test completed with")) {
		long n = completed_count(s);

		if (n == 0)
			return RTLLM_LINE_PASS;
		return RTLLM_LINE_FAIL;
	}
	if (starts(s, "Error") || starts(s, "Failed") || starts(s, "Fail ") ||
	    starts(s, "Test failed"))
		return RTLLM_LINE_FAIL;
	return RTLLM_LINE_INFO;
}

void verify_rtllm_verdict(struct verify_rtllm_verdict *v, const cJSON *lines)
{
	memset(v, 0, sizeof(*v));
	for (const cJSON *l = lines ? lines->child : NULL; l; l = l->next) {
		if (!cJSON_IsString(l))
			continue;
		switch (verify_rtllm_line(l->valuestring)) {
		case RTLLM_LINE_PASS:
			v->passes++;
			break;
		case RTLLM_LINE_FAIL:
			if (!v->failures++)
				v->first_failure = l->valuestring;
			break;
		case RTLLM_LINE_INFO:
			break;
		}
	}
}

