#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/fuzz-int.h"

/* Programs on disk: "# prologue N" then one 8-digit hex word per line. */

int fuzz__write_atomic(const char *path, const void *data, size_t len,
		       bool sync)
{
	char *tmp = str_fmt("%s.tmp", path);
	int fd, rc = 0;

	if (!tmp)
		return err_set(ERR_FAIL, "out of memory");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		rc = err_set_errno(ERR_FAIL, "cannot create '%s'", tmp);
		goto done;
	}
	for (size_t off = 0; off < len && !rc;) {
		ssize_t w = write(fd, (const char *)data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = err_set_errno(ERR_FAIL, "cannot write '%s'", tmp);
		else
			off += (size_t)w;
	}
	if (!rc && sync && fsync(fd))
		rc = err_set_errno(ERR_FAIL, "cannot sync '%s'", tmp);
	if (close(fd) && !rc)
		rc = err_set_errno(ERR_FAIL, "cannot close '%s'", tmp);
	if (!rc && rename(tmp, path))
		rc = err_set_errno(ERR_FAIL, "cannot rename '%s'", tmp);
	if (rc)
		unlink(tmp);
done:
	free(tmp);
	return rc;
}

int fuzz__prog_write(const char *path, const struct rv_prog *p)
{
	struct buf b = BUF_INIT;
	int rc = buf_addf(&b, "# prologue %zu\n", p->prologue);

	for (size_t i = 0; i < p->n; i++)
		rc |= buf_addf(&b, "%08x\n", p->insn[i]);
	if (!rc)
		rc = fuzz__write_atomic(path, b.data, b.len, false);
	else
		rc = err_set(ERR_FAIL, "out of memory");
	buf_release(&b);
	return rc;
}

int fuzz__prog_read(const char *path, struct rv_prog *p)
{
	struct buf b = BUF_INIT;
	size_t n = 0, pro = 0;
	uint32_t *w = NULL;
	char *l;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = buf_read_file(&b, path, 16u << 20);
	if (rc)
		return rc;
	w = malloc((b.len / 9 + 1) * sizeof(*w));
	if (!w) {
		buf_release(&b);
		return err_set(ERR_FAIL, "out of memory");
	}
	for (l = b.data; *l && !rc;) {
		char *nl = strchr(l, '\n'), *end;

		if (nl)
			*nl = 0;
		if (!strncmp(l, "# prologue ", 11)) {
			pro = strtoul(l + 11, NULL, 10);
		} else if (*l && *l != '#') {
			unsigned long v = strtoul(l, &end, 16);

			if (end == l || *end || v > 0xffffffffUL)
				rc = err_set(ERR_USAGE, "%s: bad word '%.20s'",
					     path, l);
			else
				w[n++] = (uint32_t)v;
		}
		l = nl ? nl + 1 : l + strlen(l);
	}
	buf_release(&b);
	if (!rc && pro > n)
		rc = err_set(ERR_USAGE, "%s: prologue past the end", path);
	if (rc) {
		free(w);
		return rc;
	}
	p->insn = w;
	p->n = p->alloc = n;
	p->prologue = pro;
	return 0;
}

int fuzz__disasm_write(const char *path, const struct rv_prog *p,
		       uint32_t base)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < p->n && !rc; i++) {
		char d[96];
		uint32_t pc = base + 4 * (uint32_t)i;

		rv_disasm(d, sizeof(d), p->insn[i], pc);
		rc = buf_addf(&b, "%08x: %08x  %s%s\n", pc, p->insn[i], d,
			      i + 1 == p->prologue ? "   # end of prologue"
						   : "");
	}
	if (!rc)
		rc = fuzz__write_atomic(path, b.data, b.len, false);
	buf_release(&b);
	return rc;
}
