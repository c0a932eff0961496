#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

/*
 * Stimulus for differential simulation, generated in C from o->seed so
 * that the same inputs drive the reference and the design and can be
 * shown in the mismatch table.  Corner cases first (all zeros, all ones,
 * signed min and max, walking ones), then random values; the reset is
 * held for the first cycles and pulsed once later.
 */

#define STIM_RESET_CYCLES 3
#define STIM_MAX_WALK	  32

static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static bool reset_asserted(size_t c, size_t n)
{
	return c < STIM_RESET_CYCLES || (n >= 40 && c == n * 3 / 5);
}

/* Bit i (0 = LSB) of the corner value `kind` for a w-bit port. */
static int corner_bit(size_t kind, int w, int i)
{
	switch (kind) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return i == w - 1;
	case 3:
		return i != w - 1;
	default:
		return (size_t)i == (kind - 4) % (size_t)w;
	}
}

static char hexdigit(unsigned v)
{
	return "0123456789abcdef"[v & 15];
}

/* One value as nd hex digits, most significant first. */
static char *make_value(const struct verify_port *p, size_t c, size_t ncorner,
			uint64_t *rng)
{
	int w = p->width > 0 ? p->width : 1, nd = (w + 3) / 4;
	char *s = malloc((size_t)nd + 1);
	uint64_t r = 0;
	int have = 0;

	if (!s)
		return NULL;
	for (int d = 0; d < nd; d++) {
		unsigned v = 0;

		for (int b = 3; b >= 0; b--) {
			int i = (nd - 1 - d) * 4 + b, bit;

			if (i >= w)
				continue;
			if (c < ncorner) {
				bit = corner_bit(c, w, i);
			} else {
				if (!have) {
					r = rng_next(rng);
					have = 64;
				}
				bit = (int)(r & 1);
				r >>= 1;
				have--;
			}
			v |= (unsigned)bit << b;
		}
		s[d] = hexdigit(v);
	}
	s[nd] = '\0';
	return s;
}

void verify_stim_release(struct verify_stim *s)
{
	if (s->val)
		for (size_t i = 0; i < s->ncycles * s->nin; i++)
			free(s->val[i]);
	free(s->val);
	free(s->in);
	memset(s, 0, sizeof(*s));
}

static size_t corner_count(const struct verify_iface *f)
{
	int maxw = 1;

	for (size_t i = 0; i < f->nports; i++)
		if (f->ports[i].dir == VERIFY_IN && f->ports[i].width > maxw)
			maxw = f->ports[i].width;
	return 4 + (size_t)(maxw < STIM_MAX_WALK ? maxw : STIM_MAX_WALK);
}

int verify_stim_make(struct verify_stim *s, const struct verify_iface *f,
		     size_t ncycles, unsigned long seed)
{
	uint64_t rng = (uint64_t)seed * 0x9E3779B97F4A7C15ULL + 1;
	size_t ncorner = corner_count(f);

	memset(s, 0, sizeof(*s));
	s->ncycles = ncycles;
	s->in = calloc(f->nports ? f->nports : 1, sizeof(*s->in));
	if (!s->in)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < f->nports; i++) {
		const struct verify_port *p = &f->ports[i];

		if (p->dir == VERIFY_IN && p->name != f->clock)
			s->in[s->nin++] = p;
	}
	if (s->nin && ncycles > SIZE_MAX / s->nin / sizeof(char *))
		return err_set(ERR_TOOBIG, "too many cycles");
	s->val = calloc(ncycles * s->nin + 1, sizeof(char *));
	if (!s->val)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t c = 0; c < ncycles; c++) {
		for (size_t k = 0; k < s->nin; k++) {
			const struct verify_port *p = s->in[k];
			char *v;

			if (p->name == f->reset) {
				bool on = reset_asserted(c, ncycles);

				v = strdup(on != f->reset_active_low ? "1"
								     : "0");
			} else {
				v = make_value(p, c, ncorner, &rng);
			}
			if (!v)
				return err_set(ERR_FAIL, "out of memory");
			s->val[c * s->nin + k] = v;
		}
	}
	return 0;
}

/* ---- the harness ------------------------------------------------------ */

static int harness_head(struct buf *b, const struct verify_iface *f,
			const char *module)
{
	int rc = buf_addstr(b, "module hwforge_harness;\n");
	bool first = true;

	for (size_t i = 0; i < f->nports && !rc; i++) {
		const struct verify_port *p = &f->ports[i];

		rc = buf_addf(b, "%s [%d:0] %s_%s;\n",
			      p->dir == VERIFY_IN ? "reg" : "wire",
			      p->width > 0 ? p->width - 1 : 0,
			      p->dir == VERIFY_IN ? "i" : "o", p->name);
	}
	if (!rc)
		rc = buf_addf(b, "%s u (", module);
	for (size_t i = 0; i < f->nports && !rc; i++) {
		const struct verify_port *p = &f->ports[i];

		rc = buf_addf(b, "%s.%s(%s_%s)", first ? "" : ", ", p->name,
			      p->dir == VERIFY_IN ? "i" : "o", p->name);
		first = false;
	}
	if (!rc)
		rc = buf_addstr(b, ");\ninitial begin\n");
	if (!rc && f->clock)
		rc = buf_addf(b, "i_%s = 1'b0;\n", f->clock);
	return rc;
}

static int harness_sample(struct buf *b, const struct verify_iface *f,
			  const char *nonce, size_t c)
{
	int rc = buf_addf(b, "$display(\"%s %zu", nonce, c);

	for (size_t i = 0; i < f->nports && !rc; i++)
		if (f->ports[i].dir != VERIFY_IN)
			rc = buf_addstr(b, " %b");
	if (!rc)
		rc = buf_addstr(b, "\"");
	for (size_t i = 0; i < f->nports && !rc; i++)
		if (f->ports[i].dir != VERIFY_IN)
			rc = buf_addf(b, ", o_%s", f->ports[i].name);
	if (!rc)
		rc = buf_addstr(b, ");\n");
	return rc;
}

int verify_harness(struct buf *b, const struct verify_iface *f,
		   const struct verify_stim *s, const char *module,
		   const char *nonce)
{
	int rc;

	buf_reset(b);
	rc = harness_head(b, f, module);
	for (size_t c = 0; c < s->ncycles && !rc; c++) {
		for (size_t k = 0; k < s->nin && !rc; k++)
			rc = buf_addf(b, "i_%s = %d'h%s; ", s->in[k]->name,
				      s->in[k]->width, s->val[c * s->nin + k]);
		if (!rc)
			rc = buf_addstr(b, f->clock ? "#4 " : "#5 ");
		if (!rc)
			rc = harness_sample(b, f, nonce, c);
		if (!rc && f->clock)
			rc = buf_addf(b, "#1 i_%s = 1'b1; #5 i_%s = 1'b0;\n",
				      f->clock, f->clock);
		else if (!rc)
			rc = buf_addstr(b, "#5;\n");
	}
	if (!rc)
		rc = buf_addf(b,
			      "$display(\"%s END\");\n$finish;\nend\n"
			      "endmodule\n",
			      nonce);
	return rc;
}
