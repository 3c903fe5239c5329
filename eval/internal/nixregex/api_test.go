package nixregex

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestMatchIndexShape(t *testing.T) {
	re, err := Compile("(a)|(b)")
	if err != nil {
		t.Fatal(err)
	}
	if n := re.NumSubexp(); n != 2 {
		t.Fatalf("NumSubexp = %d, want 2", n)
	}
	got, err := re.MatchIndex("b")
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 1, -1, -1, 0, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("MatchIndex = %v, want %v", got, want)
	}
	if got, _ := re.MatchIndex("c"); got != nil {
		t.Errorf("MatchIndex(no match) = %v, want nil", got)
	}
	if re.String() != "(a)|(b)" {
		t.Errorf("String = %q", re.String())
	}
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		expr string
		code ErrorCode
	}{
		{"\\d", ErrEscape}, {"(a", ErrParen}, {"a)", ErrParen}, {"*a", ErrBadRepeat},
		{"[a", ErrBrack}, {"[z-a]", ErrRange}, {"[[:nope:]]", ErrCtype}, {"[[.nope.]]", ErrCollate},
		{"a{2,1}", ErrBadBrace}, {"a{100001}", ErrSpace},
	} {
		_, err := Compile(tc.expr)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Compile(%q) = %v, want *Error", tc.expr, err)
			continue
		}
		if e.Code != tc.code || e.Expr != tc.expr {
			t.Errorf("Compile(%q): code %d expr %q, want code %d", tc.expr, e.Code, e.Expr, tc.code)
		}
		if !strings.Contains(e.Error(), tc.expr) {
			t.Errorf("message %q does not name the pattern", e.Error())
		}
	}
}

func TestBudget(t *testing.T) {
	re, err := Compile("(a|aa)*c")
	if err != nil {
		t.Fatal(err)
	}
	re.SetBudget(10000)
	s := strings.Repeat("a", 40)
	if _, err := re.MatchIndex(s); !errors.Is(err, ErrTooComplex) {
		t.Errorf("MatchIndex: err = %v, want ErrTooComplex", err)
	}
	if _, err := re.SplitIndex(s); !errors.Is(err, ErrTooComplex) {
		t.Errorf("SplitIndex: err = %v, want ErrTooComplex", err)
	}
	re.SetBudget(0)
	if got, err := re.MatchIndex("aac"); err != nil || got == nil {
		t.Errorf("after SetBudget(0): %v, %v", got, err)
	}
}

func TestLongSubject(t *testing.T) {
	re, err := Compile("([^,]*),")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Repeat("field,", 20000)
	m, err := re.SplitIndex(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 20000 {
		t.Fatalf("got %d matches, want 20000", len(m))
	}
}

// checkIndices verifies the invariants every result must satisfy.
func checkIndices(t *testing.T, re *Regexp, s string, loc []int) {
	t.Helper()
	if len(loc) != 2*(re.NumSubexp()+1) {
		t.Fatalf("%q on %q: %d offsets for %d groups", re, s, len(loc), re.NumSubexp())
	}
	for i := 0; i < len(loc); i += 2 {
		a, b := loc[i], loc[i+1]
		if (a < 0) != (b < 0) || a > b || b > len(s) {
			t.Fatalf("%q on %q: bad pair %d: %v", re, s, i/2, loc)
		}
	}
	if loc[0] < 0 {
		t.Fatalf("%q on %q: whole match missing: %v", re, s, loc)
	}
}

func FuzzRegexp(f *testing.F) {
	for _, seed := range [][2]string{
		{"(a|ab)(c|bcd)(d*)", "abcd"}, {"[[:alpha:]]+", "ab1"}, {"(a*)*", ""}, {"x*", "ab"},
		{"[]a-]+", "]-a"}, {"a{2,3}", "aaaa"}, {"^a|b$", "ab"}, {"[[.hyphen.]-z]", "-"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, expr, s string) {
		re, err := Compile(expr)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile(%q): %T %v", expr, err, err)
			}
			return
		}
		re.SetBudget(20000)
		loc, err := re.MatchIndex(s)
		if err == nil && loc != nil {
			checkIndices(t, re, s, loc)
			if loc[0] != 0 || loc[1] != len(s) {
				t.Fatalf("%q on %q: match does not cover the subject: %v", expr, s, loc)
			}
		}
		all, err := re.SplitIndex(s)
		if err != nil {
			return
		}
		prev := 0
		for _, m := range all {
			checkIndices(t, re, s, m)
			if m[0] < prev {
				t.Fatalf("%q on %q: overlapping matches %v", expr, s, all)
			}
			prev = m[1]
		}
	})
}
