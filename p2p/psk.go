package p2p

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
)

// PSKSize is the length of a private-network pre-shared key.
const PSKSize = 32

// PSK is a private-network pre-shared key: only hosts holding the same key
// can complete a connection (libp2p pnet; it wraps every TCP connection in
// an XSalsa20 stream keyed by the PSK before the security handshake).
type PSK [PSKSize]byte

// The swarm.key format (IPFS's "/key/swarm/psk/1.0.0/" codec, base16).
const (
	pskHeader   = "/key/swarm/psk/1.0.0/"
	pskEncoding = "/base16/"
)

// NewPSK returns a fresh random key (`tvix cluster new-psk`).
func NewPSK() (PSK, error) {
	var k PSK
	if _, err := rand.Read(k[:]); err != nil {
		return k, fmt.Errorf("new psk: %w", err)
	}
	return k, nil
}

// Format renders k in the swarm.key format: the header line, the encoding
// line and 64 lower-case hex digits, each followed by a newline.
func (k PSK) Format() []byte {
	return []byte(pskHeader + "\n" + pskEncoding + "\n" + hex.EncodeToString(k[:]) + "\n")
}

// ParsePSK parses a key in the swarm.key format. It accepts LF or CRLF
// line ends and a missing final newline, and nothing else: exactly three
// lines, the v1 header, "/base16/" and 64 hex digits. Errors name the line.
func ParsePSK(b []byte) (PSK, error) {
	var k PSK
	text := bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	text = bytes.TrimSuffix(text, []byte("\n"))
	lines := bytes.Split(text, []byte("\n"))
	if len(lines) != 3 {
		return k, fmt.Errorf("psk: want 3 lines (%s, %s, 64 hex digits), got %d", pskHeader, pskEncoding, len(lines))
	}
	if string(lines[0]) != pskHeader {
		return k, fmt.Errorf("psk: line 1: want %q, got %q", pskHeader, lines[0])
	}
	if string(lines[1]) != pskEncoding {
		return k, fmt.Errorf("psk: line 2: want %q (the only encoding supported), got %q", pskEncoding, lines[1])
	}
	if len(lines[2]) != 2*PSKSize {
		return k, fmt.Errorf("psk: line 3: want %d hex digits, got %d characters", 2*PSKSize, len(lines[2]))
	}
	if _, err := hex.Decode(k[:], lines[2]); err != nil {
		return k, fmt.Errorf("psk: line 3: %v", err)
	}
	return k, nil
}

// ReadPSKFile reads and parses a swarm.key file.
func ReadPSKFile(path string) (PSK, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return PSK{}, fmt.Errorf("psk file: %w", err)
	}
	k, err := ParsePSK(b)
	if err != nil {
		return k, fmt.Errorf("psk file %s: %w", path, err)
	}
	return k, nil
}
