// Package nar converts between Nix archives (NAR, the serialisation that
// `nix-store --dump` writes and NAR hashes are taken over) and the
// content-addressed store (blobs and directories).
//
// A NAR is a sequence of length-prefixed strings, each padded with zero
// bytes to a multiple of 8:
//
//	nar   = "nix-archive-1" node
//	node  = "(" "type" ( "regular" ["executable" ""] "contents" BYTES
//	                   | "symlink" "target" TARGET
//	                   | "directory" { "entry" "(" "name" NAME "node" node ")" } ) ")"
//
// Directory entries appear in strictly increasing byte order of their
// names, which maps one to one onto a castore Directory (whose three lists
// are each sorted and share no names): rendering merges the three lists,
// ingesting splits them.
//
// Only canonical NARs are accepted: the encoding above with nothing else,
// so that a NAR read in renders back to the same bytes and keeps its hash.
// The reader reports the byte offset of the first problem.
//
// Why not go-nix's nar package (which this module uses for nixbase32,
// hashes and keys): its Writer misreads entry names beginning with ".."
// as a step up the tree, and its Reader silently skips unknown tokens
// inside directories and accepts duplicate, "." and ".." names. The
// encoding itself is small; this package implements it with those checks.
//
// Adding a file system tree first lists it (so that unreadable files are
// reported before anything is stored), then stores the files with a few
// workers (blake3 and chunking in the blob service) while one more
// goroutine streams the NAR of the same tree into sha256, reading each
// file again from the page cache; the two hashes run on separate cores.
package nar
