package storetest

import (
	"strings"
	"testing"
)

// BadURLs checks that parse refuses each URL of cases with a one-line
// error containing the text given for it.
func BadURLs(t *testing.T, parse func(string) error, cases map[string]string) {
	t.Helper()
	for raw, want := range cases {
		err := parse(raw)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("parse %q: %v, want a one-line error with %q", raw, err, want)
		}
	}
}
