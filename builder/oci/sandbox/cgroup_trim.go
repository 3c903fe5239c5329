package sandbox

import (
	"bufio"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// keptControllers are the cgroup v1 controllers a build container joins
// when the helper has trimmed its view: memory and pids enforce the
// request's limits, devices restricts device access.
var keptControllers = []string{"memory", "pids", "devices"}

// trimCgroupHierarchies unmounts, in this process's own mount namespace,
// the cgroup v1 hierarchies that no build limit uses (cpu, cpuset,
// blkio, freezer, name=systemd, ...). libcontainer puts each container
// into every hierarchy it finds mounted, and each move costs the kernel
// an RCU grace period: on a v1 host that was a dozen per build. It does
// nothing unless the helper runs in a mount namespace of its own (the
// client starts it with CLONE_NEWNS, where Go makes "/" private first,
// so nothing propagates to the host), and never touches a cgroup v2
// mount.
func trimCgroupHierarchies() {
	own, err1 := os.Readlink("/proc/self/ns/mnt")
	parent, err2 := os.Readlink("/proc/" + itoa(os.Getppid()) + "/ns/mnt")
	if err1 != nil || err2 != nil || own == parent {
		return
	}
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return
	}
	defer f.Close()
	var unmount []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// id parent major:minor root mountpoint options... - type source superoptions
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		fields, tail := strings.Fields(pre), strings.Fields(post)
		if !ok || len(fields) < 5 || len(tail) < 3 || tail[0] != "cgroup" {
			continue
		}
		needed := false
		for _, opt := range strings.Split(tail[2], ",") {
			for _, c := range keptControllers {
				needed = needed || opt == c
			}
		}
		if !needed {
			unmount = append(unmount, fields[4])
		}
	}
	for _, mp := range unmount {
		unix.Unmount(mp, unix.MNT_DETACH)
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
