package nixdaemon

import (
	"context"
	"strings"
	"sync"
)

// Field is one field of an activity or a result: an integer or a string.
type Field struct {
	Int    uint64
	String string
	// IsString selects String over Int.
	IsString bool
}

// Logger sends log messages to the client while an operation runs; Nix
// prints them on the user's terminal. It is safe for concurrent use. Its
// methods do nothing once the operation has ended, and return nothing: a
// failed write (the client has gone) cancels the operation, and surfaces
// when its reply is written.
type Logger struct {
	mu      sync.Mutex
	c       *conn
	open    bool
	nextAct uint64
	// cancel cancels the running operation.
	cancel context.CancelFunc
}

// flush sends what was written; l.mu is held.
func (l *Logger) flush() {
	if err := l.c.enc.flush(); err != nil && l.cancel != nil {
		l.cancel()
	}
}

// Log sends one line of text (STDERR_NEXT).
func (l *Logger) Log(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.open {
		return
	}
	e := l.c.enc
	e.u64(stderrNext)
	e.str(strings.TrimSuffix(line, "\n") + "\n")
	l.flush()
}

// StartActivity starts an activity of type typ (ActBuild, ...) at level
// lvl, below parent (0 for none), and returns its id for Result and
// StopActivity. Clients before 1.20 get text as a log line.
func (l *Logger) StartActivity(lvl, typ uint64, text string, fields []Field, parent uint64) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.open {
		return 0
	}
	l.nextAct++
	id := uint64(l.c.id)<<32 | l.nextAct
	e := l.c.enc
	if !l.c.version.AtLeast(20) {
		if text != "" {
			e.u64(stderrNext)
			e.str(text + "\n")
			l.flush()
		}
		return id
	}
	e.u64(stderrStartActivity)
	e.u64(id)
	e.u64(lvl)
	e.u64(typ)
	e.str(text)
	writeFields(e, fields)
	e.u64(parent)
	l.flush()
	return id
}

// StopActivity ends activity id.
func (l *Logger) StopActivity(id uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.open || !l.c.version.AtLeast(20) {
		return
	}
	e := l.c.enc
	e.u64(stderrStopActivity)
	e.u64(id)
	l.flush()
}

// Result reports a result of type typ (ResBuildLogLine, ...) of activity
// id.
func (l *Logger) Result(id, typ uint64, fields []Field) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.open || !l.c.version.AtLeast(20) {
		return
	}
	e := l.c.enc
	e.u64(stderrResult)
	e.u64(id)
	e.u64(typ)
	writeFields(e, fields)
	l.flush()
}

func writeFields(e *encoder, fields []Field) {
	e.u64(uint64(len(fields)))
	for _, f := range fields {
		if f.IsString {
			e.u64(1)
			e.str(f.String)
		} else {
			e.u64(0)
			e.u64(f.Int)
		}
	}
}

// start opens the logger for an operation, which cancel cancels (nil
// for none).
func (l *Logger) start(cancel context.CancelFunc) {
	l.mu.Lock()
	l.open, l.cancel = true, cancel
	l.mu.Unlock()
}

// stop closes the logger and writes STDERR_LAST, or STDERR_ERROR with
// opErr in the format of the connection's version.
func (l *Logger) stop(opErr error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open, l.cancel = false, nil
	e := l.c.enc
	if opErr == nil {
		e.u64(stderrLast)
		return e.err
	}
	e.u64(stderrError)
	msg := opErr.Error()
	if l.c.version.AtLeast(26) {
		e.str("Error") // the type, always "Error"
		e.u64(LvlError)
		e.str("Error") // the error's name, no longer used
		e.str(msg)
		e.u64(0) // no position
		e.u64(0) // no traces
	} else {
		e.str(msg)
		e.u64(1) // exit status
	}
	return e.flush()
}
