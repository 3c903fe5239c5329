package p2p

import (
	"github.com/ipfs/go-cid"
	"github.com/multiformats/go-multihash"
	"github.com/p2pnix/tvix/store"
)

// Content codecs of the CIDs under which provider records are kept. The
// DHT keys records by the multihash alone; the codec only says what a CID
// names when it is printed or logged.
const (
	// CodecBlob: a blob's bytes (multicodec "raw").
	CodecBlob = cid.Raw
	// CodecDirectory: a castore Directory message (private-use multicodec
	// range, as no public code exists).
	CodecDirectory = 0x300001
	// CodecStorePath: a Nix store path's PathInfo, named by the 20-byte
	// hash part of the store path (private-use range).
	CodecStorePath = 0x300002
)

// multihashBlake3 is the multihash code of blake3 (0x1e).
const multihashBlake3 = multihash.BLAKE3

// BlobCID is the provider key of blob d: CIDv1, raw, blake3 multihash.
func BlobCID(d store.Digest) cid.Cid { return cid.NewCidV1(CodecBlob, blake3Multihash(d)) }

// DirectoryCID is the provider key of directory d: CIDv1, CodecDirectory,
// blake3 multihash. A blob whose content is exactly the encoding of a
// directory shares its multihash, hence its records; a fetch then asks a
// provider that may lack the other kind, gets NotFound and moves on.
func DirectoryCID(d store.Digest) cid.Cid {
	return cid.NewCidV1(CodecDirectory, blake3Multihash(d))
}

// StorePathCID is the provider key of the store path with hash part h:
// CIDv1, CodecStorePath, and an identity multihash (code 0x00) of the 20
// bytes. The hash part is Nix's compressed sha256 of the path's
// fingerprint, not a digest in any multihash table, so it is carried
// verbatim rather than mislabelled; the DHT hashes every key with sha256
// for its XOR metric, so the 20 bytes spread as well as any digest, and
// an identity multihash never collides with a 32-byte blake3 one.
func StorePathCID(h [store.StorePathHashSize]byte) cid.Cid {
	mh, err := multihash.Encode(h[:], multihash.IDENTITY)
	if err != nil {
		panic("p2p: identity multihash: " + err.Error()) // cannot fail for 20 bytes
	}
	return cid.NewCidV1(CodecStorePath, mh)
}

func blake3Multihash(d store.Digest) multihash.Multihash {
	mh, err := multihash.Encode(d[:], multihashBlake3)
	if err != nil {
		panic("p2p: blake3 multihash: " + err.Error()) // cannot fail for 32 bytes
	}
	return mh
}
