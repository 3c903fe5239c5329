//go:build !linux

package localstore

import "os"

// startWriteback does nothing here; the commit's fsync does all the work.
func startWriteback(*os.File, int64, int64) {}

// directFlag opens a pack for direct I/O (0 where there is none).
const directFlag = 0

// directUsable is never asked here (directFlag is 0).
func directUsable(*os.File) bool { return false }
