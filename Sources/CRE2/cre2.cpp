#include "cre2.h"

#include <re2/re2.h>
#include <cstdlib>
#include <cstring>
#include <string>

struct tandem_re2 {
    re2::RE2 regex;
    tandem_re2(const re2::StringPiece &pattern, const re2::RE2::Options &options) : regex(pattern, options) {}
};

tandem_re2 *tandem_re2_compile(const char *pattern, size_t length, char **error, long *error_offset) {
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingUTF8);
    options.set_log_errors(false);
    re2::StringPiece piece(pattern, length);
    tandem_re2 *compiled = new tandem_re2(piece, options);
    *error = nullptr;
    *error_offset = -1;
    if (compiled->regex.ok()) return compiled;
    std::string message = compiled->regex.error();
    const std::string &argument = compiled->regex.error_arg();
    if (!argument.empty()) {
        std::string text(pattern, length);
        size_t at = text.find(argument);
        if (at != std::string::npos) *error_offset = static_cast<long>(at);
    }
    *error = strdup(message.c_str());
    delete compiled;
    return nullptr;
}

int tandem_re2_search(const tandem_re2 *regex, const char *text, size_t length) {
    return re2::RE2::PartialMatch(re2::StringPiece(text, length), regex->regex) ? 1 : 0;
}

void tandem_re2_free(tandem_re2 *regex) { delete regex; }

void tandem_re2_free_string(char *string) { free(string); }
