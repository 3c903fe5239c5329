package buildsession

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// logFiles keeps each build's log in dir/<drv base name>, for `tvix log`
// and for showing the end of a failed build's log.
type logFiles struct {
	dir   string
	mu    sync.Mutex
	files map[string]*os.File
}

func (l *logFiles) path(drvPath string) string { return filepath.Join(l.dir, filepath.Base(drvPath)) }

func (l *logFiles) open(drvPath string) io.Writer {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := os.MkdirAll(l.dir, 0o755); err != nil {
		return io.Discard
	}
	f, err := os.Create(l.path(drvPath))
	if err != nil {
		return io.Discard
	}
	l.files[drvPath] = f
	return f
}

func (l *logFiles) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for p, f := range l.files {
		f.Close()
		delete(l.files, p)
	}
}

// tail returns the last n lines of drvPath's log (none if it has no log).
func (l *logFiles) tail(drvPath string, n int) []string {
	data, err := os.ReadFile(l.path(drvPath))
	if err != nil || len(data) == 0 {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}
