// Package grpcstore carries the store over gRPC (tvix.castore.v1 and
// tvix.store.v1): server adapters that serve any store.Store, and client
// backends that implement the store interfaces over a grpc.ClientConn.
//
// Clients trust nothing they receive: a blob is fetched chunk by chunk,
// each chunk checked against its blake3 before it is handed out and the
// concatenation checked against the blob digest; directories are checked
// against their digests and validated, recursive listings must be closed
// under the references of what was sent; PathInfos are validated and must
// be the ones asked for. Errors keep their meaning across the wire:
// store.ErrNotFound <-> codes.NotFound, store.ErrInvalid <->
// codes.InvalidArgument, store.ErrCorrupt <-> codes.DataLoss.
//
// Messages are limited to MaxMessageSize both ways; blobs are streamed in
// pieces well below it.
package grpcstore
