// Package archtest holds no code: its test checks that the module's
// packages import each other only in the direction ARCHITECTURE.md
// draws, cmd -> simnet -> node -> {builder, p2p, eval} -> store -> proto.
package archtest
