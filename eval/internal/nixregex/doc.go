// Package nixregex implements the regular expressions of Nix's
// builtins.match and builtins.split exactly as Nix 2.8 evaluates them.
//
// Nix compiles patterns with C++ std::regex using the POSIX "extended"
// grammar, and the Nix 2.8 binaries we compare against are built with
// GCC 12's libstdc++. Its behaviour differs from both POSIX and Go's
// regexp package, so this package does not translate patterns to Go's
// syntax: it parses the pattern with libstdc++'s grammar rules into the
// same NFA shape libstdc++ builds and runs the same depth-first executor.
//
// # Syntax (libstdc++ extended, as compiled into Nix)
//
//   - A backslash may only escape one of . [ \ ( ) * + ? { | ^ $ ; any
//     other escape (\d, \1, \}, \n, ...) is an error. There are no
//     backreferences and no Perl classes.
//   - Inside brackets a backslash is an ordinary character. "]" first (or
//     right after "^") is literal. [:name:] classes (case-insensitive names,
//     also d, w, s), [=c=] equivalence classes (ASCII case-folded) and
//     [.name.] collating symbols with the POSIX portable character names
//     ("hyphen", "zero", "a", ...) are accepted. A dash is literal only at
//     the start or end of the brackets; "[a-c-e]" is an error. Ranges compare
//     bytes as signed chars, so a range from ASCII to a byte >= 0x80 is an
//     error.
//   - Quantifiers * + ? {n} {n,} {n,m} apply to the preceding atom and may
//     be stacked ("a**", "a+?" = "(a+)?": there are no lazy quantifiers). A
//     quantifier after nothing, after "(", "|" or an anchor is an error, and
//     so is "{" that does not start a valid interval.
//   - "^" and "$" are anchors anywhere in the pattern; "." matches any byte
//     except NUL, newline included.
//   - Everything works on bytes, not UTF-8 characters; classes use the C
//     locale, so bytes >= 0x80 are never alpha, space, etc.
//
// # Matching
//
// libstdc++'s executor is a backtracking search that explores every
// alternative of "|" and keeps the longest match found, but commits to the
// first solution found through a greedy repetition (more iterations first)
// without trying fewer iterations afterwards. An empty iteration of a loop
// is allowed twice at the same position. Capture groups keep the value of
// the last iteration in which they matched, even when a later iteration
// took another branch. This package reproduces all of that, including
// which group values are reported; the tests compare against Nix.
//
// builtins.match requires the whole string to match (regex_match).
// builtins.split enumerates matches like std::regex_iterator: after an
// empty match it first retries at the same position for a non-empty match,
// then searches from the next byte; "^" matches only at the very start of
// the string, and an empty match right after a non-empty one is allowed.
//
// # Limits
//
// The executor is exponential in the worst case, like Nix's. Compiled
// patterns are limited to 100000 NFA states (libstdc++'s limit;
// ErrSpace, which Nix reports as "memory limit exceeded"), and a single
// Match or Split call to a step budget (ErrTooComplex; Nix would run for a
// very long time or overflow its stack instead).
package nixregex
