// A C interface to RE2 (https://github.com/google/re2), the regular expression engine CEL
// specifies: linear-time matching, no backtracking. Swift calls these; the C++ stays here.
#ifndef TANDEM_CRE2_H
#define TANDEM_CRE2_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tandem_re2 tandem_re2;

/// Compiles a UTF-8 pattern. On success returns the regex and leaves *error NULL; on failure
/// returns NULL and sets *error (free it with tandem_re2_free_string) and *error_offset, the byte
/// offset in the pattern of the construct RE2 rejected (or -1 when it cannot tell).
tandem_re2 *tandem_re2_compile(const char *pattern, size_t length, char **error, long *error_offset);

/// 1 when the pattern matches somewhere in text (CEL's `matches` is a search), 0 otherwise.
int tandem_re2_search(const tandem_re2 *regex, const char *text, size_t length);

void tandem_re2_free(tandem_re2 *regex);
void tandem_re2_free_string(char *string);

#ifdef __cplusplus
}
#endif

#endif
