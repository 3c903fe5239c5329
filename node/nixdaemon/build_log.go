package nixdaemon

import "sync"

// BuildLog receives what a Builder reports of each build while a build
// operation runs: Nix shows each build as an activity with its log lines
// (its progress display, nix-build's log output, nix log). It is safe
// for concurrent use; reports after the operation has ended are dropped.
type BuildLog interface {
	// Started reports that drvPath began to build on machine ("" for
	// this one).
	Started(drvPath, machine string)
	// Line is one line of drvPath's build log, without the newline; a
	// line of a build not Started yet starts it.
	Line(drvPath, line string)
	// Stopped reports that drvPath's build has ended.
	Stopped(drvPath string)
}

// buildActivities is a connection's BuildLog: one ActBuild activity per
// build, log lines as its ResBuildLogLine results; clients before 1.20,
// which have no activities, get the lines as log text.
type buildActivities struct {
	log *Logger
	mu  sync.Mutex
	ids map[string]uint64
}

var _ BuildLog = (*buildActivities)(nil)

func newBuildActivities(l *Logger) *buildActivities {
	return &buildActivities{log: l, ids: map[string]uint64{}}
}

func (a *buildActivities) Started(drvPath, machine string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.start(drvPath, machine)
}

// start starts drvPath's activity unless it runs; a.mu is held.
func (a *buildActivities) start(drvPath, machine string) uint64 {
	if id, ok := a.ids[drvPath]; ok {
		return id
	}
	text := "building '" + drvPath + "'"
	if machine != "" {
		text += " on '" + machine + "'"
	}
	id := a.log.StartActivity(LvlInfo, ActBuild, text, []Field{{String: drvPath, IsString: true}, {String: machine, IsString: true}, {Int: 1}, {Int: 1}}, 0)
	a.ids[drvPath] = id
	return id
}

func (a *buildActivities) Line(drvPath, line string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	id := a.start(drvPath, "")
	if !a.log.c.version.AtLeast(20) {
		a.log.Log(line)
		return
	}
	a.log.Result(id, ResBuildLogLine, []Field{{String: line, IsString: true}})
}

func (a *buildActivities) Stopped(drvPath string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if id, ok := a.ids[drvPath]; ok {
		a.log.StopActivity(id)
		delete(a.ids, drvPath)
	}
}

// stopAll ends the activities still running when the operation ends.
func (a *buildActivities) stopAll() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for p, id := range a.ids {
		a.log.StopActivity(id)
		delete(a.ids, p)
	}
}
