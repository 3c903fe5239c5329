package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// cpuProfile is the hidden --cpuprofile flag: a file to write a CPU
// profile of the whole command to, for `go tool pprof`.
var cpuProfile string

func init() {
	rootCmd.PersistentFlags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the command to FILE")
	rootCmd.PersistentFlags().MarkHidden("cpuprofile")
}

// startProfile starts the CPU profile --cpuprofile asks for, once, and
// sets stopProfile to what stops it and writes the file. It runs before
// every command and again after takeRootFlags, which is where commands
// that parse their own flags learn of --cpuprofile.
func startProfile() error {
	if cpuProfile == "" || profiling {
		return nil
	}
	stop, err := openProfile()
	if err != nil {
		return err
	}
	profiling, stopProfile = true, stop
	return nil
}

// profiling says whether startProfile has started the profile.
var profiling bool

func openProfile() (stop func(), err error) {
	f, err := os.Create(cpuProfile)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
