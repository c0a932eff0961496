#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "base/base.h"
#include "tap.h"

static void test_vectors(void)
{
	char hex[65];
	struct sha256 s;

	sha256_hex("", 0, hex);
	is_str(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	       "sha256 of empty");
	sha256_hex("abc", 3, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	       "sha256 of abc");
	sha256_init(&s);
	for (int i = 0; i < 10000; i++)
		sha256_update(&s, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 100);
	sha256_final_hex(&s, hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "sha256 of a million 'a' in 100-byte pieces");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
		   hex);
	is_str(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	       "sha256 of the two-block vector");
}

/* Whole blocks straight from the input, and every split point around a
 * block boundary, give the digest of one update. */
static void test_splits(void)
{
	static char big[1000000];
	char hex[65], one[65];
	struct sha256 s;
	bool same = true;

	memset(big, 'a', sizeof(big));
	sha256_hex(big, sizeof(big), hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "sha256 of a million 'a' in one update");
	for (size_t i = 0; i < 1000; i++)
		big[i] = (char)(i * 7 + 3);
	sha256_hex(big, 1000, one);
	for (size_t cut = 0; cut <= 200; cut++) {
		sha256_init(&s);
		sha256_update(&s, big, cut);
		sha256_update(&s, big + cut, 1000 - cut);
		sha256_final_hex(&s, hex);
		same &= !strcmp(hex, one);
	}
	ok(same, "two updates cut anywhere in the first 200 bytes agree");
}

static void test_random(void)
{
	char a[33], b[33];

	ok(!random_hex(a, 32) && !random_hex(b, 32), "random_hex works");
	is_int(strlen(a), 32, "32 hex digits");
	ok(strcmp(a, b) != 0, "two nonces differ");
	ok(strspn(a, "0123456789abcdef") == 32, "only hex digits");
}

int main(void)
{
	test_vectors();
	test_splits();
	/* again on the portable code, which a CPU with SHA-NI never runs */
	sha256_portable(true);
	test_vectors();
	test_splits();
	sha256_portable(false);
	test_random();
	return done();
}
