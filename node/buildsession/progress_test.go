package buildsession

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/builder"
)

func TestProgressLine(t *testing.T) {
	// Not a terminal: logs pass through, no status line.
	var plain bytes.Buffer
	p := newProgressLine(&plain, true)
	p.plan(2)
	p.event(builder.Event{DrvPath: "a", Started: true})
	p.printf("log line\n")
	p.event(builder.Event{DrvPath: "a"})
	if plain.String() != "log line\n" {
		t.Errorf("non-terminal output %q", plain.String())
	}

	// A terminal: the status line is redrawn under each log line and
	// erased before the next.
	var tty bytes.Buffer
	p = &progressLine{w: &tty, tty: true}
	p.plan(2)
	p.event(builder.Event{DrvPath: "a", Started: true})
	p.printf("partial ")
	p.printf("line\n")
	p.event(builder.Event{DrvPath: "a", Err: errors.New("failed")})
	p.event(builder.Event{DrvPath: "b", Started: true})
	p.event(builder.Event{DrvPath: "b"})
	p.clear()
	got := strings.ReplaceAll(tty.String(), "\r\x1b[K", "|")
	want := "[0/2 built, 0 running, 0 failed]|[0/2 built, 1 running, 0 failed]|partial line\n" +
		"[0/2 built, 1 running, 0 failed]|[0/2 built, 0 running, 1 failed]|[0/2 built, 1 running, 1 failed]|[1/2 built, 0 running, 1 failed]|"
	if got != want {
		t.Errorf("terminal output\n%q\nwant\n%q", got, want)
	}
}
